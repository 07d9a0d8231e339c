"""What the knowledge commands answer with (the sharing desk's replies are in bot/sharing/replies.py)."""
from __future__ import annotations

from dataclasses import dataclass

from ..answers import Answer
from ..knowledge.schema import CaseStudy, Contact, Theme
from ..reply import Reply
from ..store import ReloadReport


@dataclass(frozen=True)
class HelpReply(Reply):
    commands: tuple[tuple[str, str], ...]
    contact: Contact


@dataclass(frozen=True)
class ThemesReply(Reply):
    counts: tuple[tuple[Theme, int], ...]


@dataclass(frozen=True)
class ThemeReply(Reply):
    theme: Theme
    cases: tuple[CaseStudy, ...]


@dataclass(frozen=True)
class CaseReply(Reply):
    case: CaseStudy
    contact: Contact


@dataclass(frozen=True)
class SimilarReply(Reply):
    case: CaseStudy
    answer: Answer


@dataclass(frozen=True)
class ContactReply(Reply):
    contact: Contact
    case: CaseStudy | None = None


@dataclass(frozen=True)
class ReloadReply(Reply):
    report: ReloadReport


@dataclass(frozen=True)
class StatusReply(Reply):
    version: str
    cases: int
    themes: int
    loaded_at: float
    last_reload: float | None
    last_error: str | None
    reloads: int
    failures: int


@dataclass(frozen=True)
class RefusalReply(Reply):
    """An admin command from someone who is not an admin: polite, and nothing changes."""

    command: str
    contact: Contact


@dataclass(frozen=True)
class NoticeReply(Reply):
    """A short message: something could not be done, and why (no submission with that reference, ...)."""

    message: str


@dataclass(frozen=True)
class FeedbackReply(NoticeReply):
    """Thanks for Helpful / Not helpful: shown only to the person who pressed it."""


@dataclass(frozen=True)
class NotFoundReply(Reply):
    """A `show`/`theme` argument that matches nothing; suggestions are the nearest valid names."""

    what: str
    asked: str
    suggestions: tuple[str, ...]
