"""Log set-up: readable lines by default, one JSON object per line with LOG_FORMAT=json (for log shippers).

Request, event and activity ids travel as `extra=` fields and appear in both formats. Tokens, secrets and
full user messages are never passed to the logger at info level, so neither format can leak them.
"""
from __future__ import annotations

import json
import logging
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
    """The usual line, with any extra ids appended as key=value."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD}
        return line + "".join(f" {k}={v}" for k, v in extras.items())


def configure(log_format: str | None, level: str | None = None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if (log_format or "").lower() == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel((level or "INFO").upper())
