"""Ranking case studies for a question: how much of the question each case covers, weighted by rarity.

Each unit of the question weighs its idf (rare words matter more; words the knowledge base has never seen
weigh the most, so an off-topic question cannot be answered by one lucky word). A case scores the weighted
share of units it matches, each scaled by the match's quality (exact, synonym, corrected spelling) and the
field it was found in. Scores therefore lie between 0 and 1 and mean the same thing for every question,
which is what lets the bot decide honestly whether it has an answer.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..knowledge.schema import CaseStudy
from .analyse import Unit
from .index import SearchIndex


@dataclass(frozen=True)
class Reason:
    """Why a case matched: which words of the question, found in which field of the case."""

    words: str
    field: str


@dataclass(frozen=True)
class Hit:
    case: CaseStudy
    score: float
    """Share of the question covered, 0 to 1: what confidence decisions use."""
    reasons: tuple[Reason, ...]
    strength: float = 0.0
    """The score before capping at 1: orders cases that both cover the whole question."""
    known_share: float = 0.0
    """Share covered of the units the knowledge base has words for (unknown words left out)."""
    solid_units: int = 0
    """Units matched without a spelling correction in a title, organisation, keyword or outcome field."""
    evidence: float = 0.0
    """Total idf of the units matched: how much distinctive information the match rests on. "what time is
    it" matches many cases on "time" alone, which says almost nothing."""


def rank(units: list[Unit], index: SearchIndex) -> list[Hit]:
    """All cases that match any unit, best first (ties broken by id, so answers are stable)."""
    if not units:
        return []
    weights = [_unit_weight(unit, index) for unit in units]
    total = sum(weights)
    known_total = sum(w for unit, w in zip(units, weights) if _is_known(unit, index)) or total
    scores: dict[int, float] = {}
    solid: dict[int, int] = {}
    evidence: dict[int, float] = {}
    reasons: dict[int, list[Reason]] = {}
    for unit, weight in zip(units, weights):
        best: dict[int, tuple[float, str]] = {}
        for term, quality in unit.alternatives:
            for posting in index.postings.get(term, ()):
                value = quality * posting.weight
                if value > best.get(posting.case, (0.0, ""))[0]:
                    best[posting.case] = (value, posting.field)
        for case, (value, field) in best.items():
            scores[case] = scores.get(case, 0.0) + weight * value
            evidence[case] = evidence.get(case, 0.0) + weight
            if not unit.corrected and field in SOLID_FIELDS:
                solid[case] = solid.get(case, 0) + 1
            reasons.setdefault(case, []).append(Reason(unit.text, field))
    cases = index.kb.cases
    hits = [
        Hit(cases[n], round(min(1.0, s / total), 4), tuple(reasons[n]), s / total,
            round(min(1.0, s / known_total), 4), solid.get(n, 0), evidence[n])
        for n, s in scores.items()
    ]
    hits.sort(key=lambda h: (-h.strength, h.case.id))
    return hits


SOLID_FIELDS = frozenset({"title", "organisations", "tags", "outcome kinds", "technologies", "outcomes", "summary"})


def _is_known(unit: Unit, index: SearchIndex) -> bool:
    return any(term in index.idf for term, _q in unit.alternatives)


def _unit_weight(unit: Unit, index: SearchIndex) -> float:
    known = [index.idf[term] for term, _q in unit.alternatives if term in index.idf]
    return max(known) if known else index.unknown_idf
