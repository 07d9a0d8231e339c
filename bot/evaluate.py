"""Measuring answer quality on a question file: top-1, top-3 and abstention accuracy.

The file format is the one of the project's dev questions: a YAML list of {question, expect}, where expect
lists organisation names (case-insensitive substrings) one of which the right case must include, or is
`none` when the bot must say it has no good match.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .answers import Answer, answer
from .errors import BotError
from .store import Snapshot


@dataclass(frozen=True)
class Expectation:
    question: str
    organisations: tuple[str, ...]
    """Empty when the bot must decline."""

    def matches(self, organisations: tuple[str, ...]) -> bool:
        """Whitespace is compared collapsed, as the base reads a name: a file's "North Somerset  Council"
        is the loaded case's "North Somerset Council"."""
        names = _folded(" | ".join(organisations))
        return any(_folded(expected) in names for expected in self.organisations)


def _folded(name: str) -> str:
    return " ".join(name.lower().split())


@dataclass
class Report:
    answerable: int = 0
    top1: int = 0
    top3: int = 0
    unanswerable: int = 0
    abstained: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def all_passed(self) -> bool:
        return self.top1 == self.answerable and self.abstained == self.unanswerable

    def lines(self) -> list[str]:
        def pct(n: int, d: int) -> str:
            return f"{n}/{d} ({100.0 * n / d:.1f}%)" if d else "n/a"

        return [
            f"top-1 accuracy:      {pct(self.top1, self.answerable)}",
            f"top-3 accuracy:      {pct(self.top3, self.answerable)}",
            f"abstention accuracy: {pct(self.abstained, self.unanswerable)}",
            *(f"FAIL {f}" for f in self.failures),
        ]


def read_expectations(path: Path) -> list[Expectation]:
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BotError(f"{path}: cannot read question file: {exc}") from exc
    if not isinstance(items, list):
        raise BotError(f"{path}: expected a list of {{question, expect}}")
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "question" not in item or "expect" not in item:
            raise BotError(f"{path}: item {i + 1} needs 'question' and 'expect'")
        expect = item["expect"]
        organisations = () if expect in (None, "none") else tuple(expect if isinstance(expect, list) else [expect])
        out.append(Expectation(str(item["question"]), organisations))
    return out


def evaluate(expectations: list[Expectation], snapshot: Snapshot) -> Report:
    report = Report()
    for expectation in expectations:
        result = answer(expectation.question, snapshot)
        if expectation.organisations:
            _score_answerable(report, expectation, result)
        else:
            report.unanswerable += 1
            if result.answered:
                report.failures.append(f"{expectation.question!r}: should decline, answered {result.results[0].case.id}")
            else:
                report.abstained += 1
    return report


def _score_answerable(report: Report, expectation: Expectation, result: Answer) -> None:
    report.answerable += 1
    ranked = [r.case.organisations for r in result.results]
    if ranked and expectation.matches(ranked[0]):
        report.top1 += 1
    else:
        got = result.results[0].case.id if result.results else "no answer"
        report.failures.append(f"{expectation.question!r}: expected {list(expectation.organisations)}, got {got}")
    if any(expectation.matches(orgs) for orgs in ranked[:3]):
        report.top3 += 1
