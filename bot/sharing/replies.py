"""What the sharing commands answer, as platform-neutral Reply objects (rendered by bot/render/*).

Kept free of database imports so renderers and the CLI can use them without loading SQLAlchemy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..knowledge.schema import CaseStudy, Theme
from ..reply import Reply
from .records import OWNER, Follow, Introduction
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
class FollowNoticeReply(Reply):
    """New cases for someone who follows what they are about."""

    cases: tuple[CaseStudy, ...]
    because: tuple[str, ...]
    """The labels of the follows they match."""


@dataclass(frozen=True)
class FollowingReply(Reply):
    """What someone follows, after `following`, `follow` or `unfollow`."""

    follows: tuple[Follow, ...]
    message: str = ""


@dataclass(frozen=True)
class ConnectFormReply(Reply):
    """'Connect me' asks for one line on what the asker wants to learn."""

    case: CaseStudy


@dataclass(frozen=True)
class IntroductionReply(Reply):
    """The asker's request is recorded and on its way; says to whom and what happens next."""

    introduction: Introduction
    case: CaseStudy
    owner: tuple[str, str, str] | None = None
    """(platform, user id, organisation) of the person who shared the case, when the request goes to them."""


@dataclass(frozen=True)
class IntroductionRequestReply(Reply):
    """The request as the case's owner (or the curators) receive it, with what they can do."""

    introduction: Introduction
    case: CaseStudy


@dataclass(frozen=True)
class IntroductionSettledReply(Reply):
    """For the owner or curator who answered a request: done, and the asker is being told."""

    introduction: Introduction
    case: CaseStudy
    contact: tuple[str, ...] = ()
    """The owner's contact details (name, role, email) when they agreed to share them."""


@dataclass(frozen=True)
class IntroductionOutcomeReply(Reply):
    """For the asker: the owner shared their contact, declined, or the curators passed the request on."""

    introduction: Introduction
    case: CaseStudy
    contact: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConnectionsReply(Reply):
    introductions: tuple[tuple[Introduction, str], ...]
    """Each request with its case's title."""


@dataclass(frozen=True)
class Notice:
    """A message to send besides the reply: to the curators, or to one person on their platform."""

    to: str
    """ADMINS (the curators) or PERSON."""
    reply: Reply
    platform: str = ""
    user_id: str = ""
    organisation: str = ""
    """The submitter's workspace or tenant ("slack:T123"), so the platform reaches them there."""
    who: str = "submitter"
    """How the person acting calls the one told, if they cannot be reached ("submitter", "asker")."""
    about: str = ""
    """The reference to pass on another way if they cannot be reached."""


ADMINS = "admins"
PERSON = "person"
SUBMITTER = PERSON


def notices_for(reply: Reply) -> list[Notice]:
    """Who else must hear of this reply: the curators of a new submission and of a request to be introduced
    that has no owner to go to; the submitter of a decision; the case's owner of a request to them; the
    asker when their request is answered."""
    if isinstance(reply, SubmittedReply):
        return [Notice(ADMINS, ReviewRequestReply(reply.submission))]
    if isinstance(reply, DecisionReply):
        s = reply.submission
        return [Notice(PERSON, DecisionNoticeReply(s, reply.reason), s.submitter_platform, s.submitter_id,
                       organisation=s.submitter_org or "", who="submitter", about=s.reference)]
    if isinstance(reply, IntroductionReply):
        request = IntroductionRequestReply(reply.introduction, reply.case)
        if reply.introduction.routed_to == OWNER and reply.owner:
            platform, user_id, organisation = reply.owner
            return [Notice(PERSON, request, platform, user_id, organisation=organisation,
                           who="person who shared the case", about=reply.introduction.reference)]
        return [Notice(ADMINS, request)]
    if isinstance(reply, IntroductionSettledReply):
        i = reply.introduction
        return [Notice(PERSON, IntroductionOutcomeReply(i, reply.case, reply.contact), i.asker_platform, i.asker_id,
                       organisation=i.asker_organisation or "", who="asker", about=i.reference)]
    return []


def confidential(reply: Reply) -> bool:
    """Replies that carry submitters' details, the review queue or one person's requests and follows, or
    whose command changes something (sharing re-runs the command): shown to the person who asked, never
    offered for sharing into a channel, whichever page or button leads to them."""
    return isinstance(reply, (ReviewRequestReply, ReviewListReply, DecisionReply, GapsReply, SubmittedReply,
                              IntroductionReply, IntroductionRequestReply, IntroductionSettledReply,
                              IntroductionOutcomeReply, ConnectionsReply, FollowingReply, ConnectFormReply))
