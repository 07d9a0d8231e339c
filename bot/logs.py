"""Log set-up: readable lines by default, one JSON object per line with LOG_FORMAT=json (for log shippers).

Request, event and activity ids travel as `extra=` fields and appear in both formats. Tokens, secrets and
full user messages are never passed to the logger at info level, so neither format can leak them.
"""
from __future__ import annotations

import json
import logging
import re
import sys

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class TextFormatter(logging.Formatter):
    """The usual line, with any extra ids appended as key=value. Line breaks and other control characters
    in the message and the extras are shown escaped (`\\n`), so text that came from a user can never start
    a forged log line; a traceback, which is ours, keeps its lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = one_line(record.message)
        return super().formatMessage(record)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD}
        return line + "".join(f" {k}={one_line(str(v))}" for k, v in extras.items())


CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with control characters written as escapes (`\\n`, `\\x1b`)."""
    return CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def configure(log_format: str | None, level: str | None = None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if (log_format or "").lower() == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel((level or "INFO").upper())
