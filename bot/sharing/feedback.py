"""Helpful / Not helpful on answers, so curators learn what fails.

A press is stored with the question, the case ids the answer showed, the verdict, the platform, the
organisation (workspace or tenant) and the time: never who pressed it. `feedback_report` gives curators the
questions marked not helpful (most often first) and the cases most often marked either way.
"""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from .storage import Feedback, Storage, now

HELPFUL, UNHELPFUL = "helpful", "unhelpful"
VERDICTS = (HELPFUL, UNHELPFUL)


@dataclass(frozen=True)
class CaseVerdicts:
    case_id: str
    helpful: int
    unhelpful: int

    @property
    def total(self) -> int:
        return self.helpful + self.unhelpful


@dataclass(frozen=True)
class FeedbackReport:
    days: int
    helpful: int
    unhelpful: int
    unhelpful_questions: tuple[tuple[str, int], ...]
    """Questions whose answers were marked not helpful, most often first."""
    cases: tuple[CaseVerdicts, ...]
    """Cases shown in answers that were marked, most often marked first."""

    def lines(self) -> list[str]:
        out = [f"Feedback in the last {self.days} days: {self.helpful} helpful, {self.unhelpful} not helpful."]
        if self.unhelpful_questions:
            out.append("Questions whose answers were marked not helpful:")
            out += [f"{count:5d}  {question}" for question, count in self.unhelpful_questions]
        if self.cases:
            out.append("Cases most often marked (helpful / not helpful):")
            out += [f"{c.helpful:5d} / {c.unhelpful:<5d} {c.case_id}" for c in self.cases]
        return out


async def feedback_report(storage: Storage, days: int, limit: int = 20) -> FeedbackReport:
    rows = await storage.feedback_since(now() - datetime.timedelta(days=days))
    return summarise(rows, days, limit)


def summarise(rows: list[Feedback], days: int, limit: int = 20) -> FeedbackReport:
    unhelpful = Counter(" ".join(r.question.lower().split()) for r in rows if r.verdict == UNHELPFUL)
    marks: dict[str, Counter] = {}
    for row in rows:
        for case_id in row.case_ids:
            marks.setdefault(case_id, Counter())[row.verdict] += 1
    cases = sorted((CaseVerdicts(case_id, c[HELPFUL], c[UNHELPFUL]) for case_id, c in marks.items()),
                   key=lambda c: (-c.total, -c.unhelpful, c.case_id))
    return FeedbackReport(
        days=days,
        helpful=sum(r.verdict == HELPFUL for r in rows),
        unhelpful=sum(r.verdict == UNHELPFUL for r in rows),
        unhelpful_questions=tuple(sorted(unhelpful.items(), key=lambda item: (-item[1], item[0]))[:limit]),
        cases=tuple(cases[:limit]),
    )
