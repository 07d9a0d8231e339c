"""The curators' digest: what happened in the library lately, and what needs a curator's eye.

New cases, the most asked questions nobody could answer, answers marked not helpful, cases whose `as_of` is
older than the configured age, dead or moved sources and vanished quotes (when a sources check is run with
it), and introduction requests still waiting. `practice-bot digest` prints it; the server posts it to the curators every
PRACTICE_BOT_DIGEST_DAYS days (7 by default), one instance per period.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..knowledge.base import KnowledgeBase
from ..knowledge.schema import CaseStudy
from ..reply import Reply
from ..sharing.records import REQUESTED, Introduction

if TYPE_CHECKING:
    from ..sharing.desk import SharingDesk
    from .sources import SourcesReport

DIGEST_DAYS_SETTING = "PRACTICE_BOT_DIGEST_DAYS"
STALE_YEARS_SETTING = "PRACTICE_BOT_STALE_YEARS"
DEFAULT_DIGEST_DAYS = 7
DEFAULT_STALE_YEARS = 5
MAX_LISTED = 10


@dataclass(frozen=True)
class DigestReply(Reply):
    days: int
    new_cases: tuple[tuple[str, str], ...]
    """(id, title) of cases added in the period."""
    gaps: tuple[tuple[int, str], ...]
    """(times asked, wording) of the most asked unanswered questions."""
    not_helpful: tuple[tuple[str, int], ...]
    """(question, times) whose answers people marked not helpful."""
    stale: tuple[CaseStudy, ...]
    stale_years: int
    source_problems: tuple[str, ...]
    open_introductions: tuple[Introduction, ...]

    def lines(self) -> list[str]:
        out = [f"Practice Bot digest, last {self.days} days"]
        out.append(f"New case studies: {len(self.new_cases)}")
        out += [f"  - {title} [{case_id}]" for case_id, title in self.new_cases[:MAX_LISTED]]
        out.append(f"Most asked questions nobody could answer: {len(self.gaps)}")
        out += [f"  - {count} x {wording}" for count, wording in self.gaps[:MAX_LISTED]]
        out.append(f"Answers marked not helpful: {len(self.not_helpful)}")
        out += [f"  - {count} x {question}" for question, count in self.not_helpful[:MAX_LISTED]]
        out.append(f"Case studies older than {self.stale_years} years (check they are still current): {len(self.stale)}")
        out += [f"  - {case.title} (as of {case.as_of}) [{case.id}]" for case in self.stale[:MAX_LISTED]]
        if self.source_problems:
            out.append(f"Sources to look at: {len(self.source_problems)}")
            out += [f"  - {problem}" for problem in self.source_problems[:MAX_LISTED]]
        out.append(f"Introduction requests waiting: {len(self.open_introductions)}")
        out += [f"  - {i.reference} about {i.case_id} ({i.routed_to}, since {i.created_at:%d %b})"
                for i in self.open_introductions[:MAX_LISTED]]
        return out


def stale_cases(kb: KnowledgeBase, years: int, today: datetime.date | None = None) -> tuple[CaseStudy, ...]:
    """Cases whose as_of is more than `years` old, oldest first: shown marked in answers, listed here."""
    cutoff = (today or datetime.date.today()).year - years
    dated = [case for case in kb.cases if case.as_of and int(case.as_of[:4]) < cutoff]
    return tuple(sorted(dated, key=lambda case: (case.as_of or "", case.id)))


async def build_digest(desk: SharingDesk, days: int, stale_years: int = DEFAULT_STALE_YEARS,
                       sources: SourcesReport | None = None) -> DigestReply:
    kb = desk.store.snapshot.kb
    since = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days)
    new = await desk.loop.announced_since(since)
    from ..sharing.feedback import feedback_report  # the database layer: not for renderers importing DigestReply

    gaps = await desk.gap_report(days)
    feedback = await feedback_report(desk.storage, days)
    problems: tuple[str, ...] = ()
    if sources is not None:
        problems = tuple(f"{link.status}: {link.url} ({', '.join(link.cases)})" for link in sources.links
                         if link.status != "ok") + tuple(f"quote gone: {q.case}" for q in sources.missing_quotes)
    waiting = await desk.loop.introductions_of(status=REQUESTED)
    return DigestReply(days, tuple((case_id, title) for case_id, title, _when in new),
                       tuple((g.count, g.example) for g in gaps), feedback.unhelpful_questions,
                       stale_cases(kb, stale_years), stale_years,
                       problems, tuple(waiting))
