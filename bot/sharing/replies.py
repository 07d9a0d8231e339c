"""What the sharing commands answer, as platform-neutral Reply objects (rendered by bot/render/*).

Kept free of database imports so renderers and the CLI can use them without loading SQLAlchemy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..knowledge.schema import Theme
from ..reply import Reply
from .submission import Submission


@dataclass(frozen=True)
class ShareFormReply(Reply):
    """The 'share your practice' form: empty, or filled in again with an error beside each wrong field."""

    themes: tuple[Theme, ...]
    regions: tuple[str, ...]
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SubmittedReply(Reply):
    """Thanks, with the reference to quote."""

    submission: Submission


@dataclass(frozen=True)
class ReviewRequestReply(Reply):
    """One pending submission shown to admins, with Approve and Reject."""

    submission: Submission


@dataclass(frozen=True)
class ReviewListReply(Reply):
    submissions: tuple[Submission, ...]


@dataclass(frozen=True)
class ReasonFormReply(Reply):
    """Reject needs a reason the submitter will read; this asks for it."""

    submission: Submission


@dataclass(frozen=True)
class DecisionReply(Reply):
    """An admin's approve or reject, done: for the admin who acted."""

    submission: Submission
    case_id: str | None = None
    reload_summary: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class DecisionNoticeReply(Reply):
    """The same decision, worded for the person who submitted."""

    submission: Submission
    reason: str | None = None


@dataclass(frozen=True)
class GapGroupView:
    count: int
    example: str
    similar: int


@dataclass(frozen=True)
class GapsReply(Reply):
    days: int
    groups: tuple[GapGroupView, ...]


@dataclass(frozen=True)
class Notice:
    """A message to send besides the reply: to the admins' review channel, or to the submitter."""

    to: str
    """"admins" or "submitter"."""
    reply: Reply
    platform: str = ""
    user_id: str = ""
    organisation: str = ""
    """The submitter's workspace or tenant ("slack:T123"), so the platform reaches them there."""


ADMINS = "admins"
SUBMITTER = "submitter"


def notices_for(reply: Reply) -> list[Notice]:
    """Who else must hear of this reply: admins of a new submission, the submitter of a decision."""
    if isinstance(reply, SubmittedReply):
        return [Notice(ADMINS, ReviewRequestReply(reply.submission))]
    if isinstance(reply, DecisionReply):
        s = reply.submission
        return [Notice(SUBMITTER, DecisionNoticeReply(s, reply.reason), s.submitter_platform, s.submitter_id,
                       s.submitter_org or "")]
    return []


def confidential(reply: Reply) -> bool:
    """Replies that carry submitters' details or the review queue: shown to the admin who asked, never
    offered for sharing into a channel, whichever page or button leads to them."""
    return isinstance(reply, (ReviewRequestReply, ReviewListReply, DecisionReply, GapsReply, SubmittedReply))
