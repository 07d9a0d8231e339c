"""One tree of the errors Practice Bot raises on purpose.

Callers (the CLI, the chat adapters, the reload endpoint) catch `BotError` and show its message; anything
else is a bug and is logged with a traceback instead of being shown to a user.
"""
from __future__ import annotations

from dataclasses import dataclass


class BotError(Exception):
    """Base class: the message is safe and useful to show to the person who caused it."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a knowledge base file, located so a curator can go straight to it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        message = self.message if len(self.message) <= MAX_MESSAGE_CHARS else self.message[:MAX_MESSAGE_CHARS] + "…"
        return f"{where}: {message}"


MAX_MESSAGE_CHARS = 300
"""A problem's message is cut here, so a hostile file cannot make an error (or /readyz) megabytes long."""
MAX_PROBLEMS_SHOWN = 20


class KnowledgeError(BotError):
    """The knowledge base could not be loaded; `problems` says where and why (file and line)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(str(p) for p in self.problems[:MAX_PROBLEMS_SHOWN])
        extra = len(self.problems) - MAX_PROBLEMS_SHOWN
        more = f"\n... and {extra} more" if extra > 0 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the knowledge base:\n{shown}{more}")


class NotAuthorised(BotError):
    """The user asked for something only admins may do."""
