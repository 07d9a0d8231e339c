"""Ranking case studies for a question: how much of the question each case covers, weighted by rarity.

Each unit of the question weighs its idf (rare words matter more; words the knowledge base has never seen
weigh the most, so an off-topic question cannot be answered by one lucky word). A case scores the weighted
share of units it matches, each scaled by the match's quality (exact, synonym, corrected spelling) and the
field it was found in. Scores therefore lie between 0 and 1 and mean the same thing for every question,
which is what lets the bot decide honestly whether it has an answer.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..knowledge.schema import CaseStudy
from .analyse import Unit
from .index import FIELDS, SearchIndex


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
    known_share: float = 0.0
    """Share covered of the units the knowledge base has words for (unknown words left out)."""
    solid_units: int = 0
    """Units matched without a spelling correction in a title, organisation, keyword or outcome field."""
    evidence: float = 0.0
    """Total idf of the units matched: how much distinctive information the match rests on. "what time is
    it" matches many cases on "time" alone, which says almost nothing."""


SOLID_FIELDS = frozenset({"title", "organisations", "tags", "outcome kinds", "technologies", "outcomes", "summary"})
SOLID_FIELD = np.array([name in SOLID_FIELDS for name in FIELDS] + [False])
"""SOLID_FIELDS by field number; the extra last entry is what index -1 (no match) reads: False."""
DEFAULT_LIMIT = 12
"""Hits built per question: enough for every use (at most 10 results, nearest themes from the best 10);
the rest only need a score."""


def rank(units: list[Unit], index: SearchIndex, limit: int | None = DEFAULT_LIMIT) -> list[Hit]:
    """The cases that match any unit, best first (ties broken by id, so answers are stable).

    Scores for all cases are added up in numpy arrays, one pass per unit; Hit objects are built only for
    the best `limit` (None: all), which keeps a question at 10,000 case studies in milliseconds.
    """
    if not units or index.size == 0:
        return []
    weighed = [_unit_weight(unit, index) for unit in units]
    weights = [weight for weight, _known in weighed]
    total = sum(weights)
    known_total = sum(weight for weight, known in weighed if known) or total
    scores = np.zeros(index.size)
    evidence = np.zeros(index.size)
    solid = np.zeros(index.size, dtype=np.int32)
    best_fields = []
    for unit, weight in zip(units, weights):
        best = np.zeros(index.size)
        field = np.full(index.size, -1, dtype=np.int8)
        for term, quality in unit.alternatives:
            postings = index.postings.get(term)
            if postings is None:
                continue
            values = quality * postings.weights
            better = values > best[postings.cases]
            cases = postings.cases[better]
            best[cases] = values[better]
            field[cases] = postings.fields[better]
        scores += weight * best
        matched = best > 0
        evidence += weight * matched
        if not unit.corrected:
            solid += SOLID_FIELD[field]
        best_fields.append(field)
    candidates = np.flatnonzero(scores)
    order = candidates[np.lexsort((index.id_rank[candidates], -scores[candidates]))]
    if limit is not None:
        order = order[:limit]
    cases = index.kb.cases
    return [
        Hit(
            cases[n], round(min(1.0, scores[n] / total), 4),
            tuple(Reason(u.text, FIELDS[f[n]]) for u, f in zip(units, best_fields) if f[n] >= 0),
            round(min(1.0, scores[n] / known_total), 4), int(solid[n]), float(evidence[n]),
        )
        for n in order.tolist()
    ]


def _unit_weight(unit: Unit, index: SearchIndex) -> tuple[float, bool]:
    """A unit's idf (its rarest known alternative's), and whether the knowledge base knows it at all; a unit
    it has never seen weighs the most, so it counts fully against any case."""
    known = [index.idf[term] for term, _q in unit.alternatives if term in index.idf]
    return (max(known), True) if known else (index.unknown_idf, False)
