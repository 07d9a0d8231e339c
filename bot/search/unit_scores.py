"""How well each case matches each unit of a question: the per-unit scores the ranking adds up.

A unit's match in a case is the best of its alternatives there (its stem, its vocabulary concept, the
relatives a word the base lacks is read as), weighted by the field it is found in, or, for a topic phrase,
its words said apart. The ranking (rank.py) adds the units' matches into each case's coverage; for the few
cases it builds hits for, it asks here which field and which reading each unit matched in, and what
evidence and telling fields the match rests on.
"""
from __future__ import annotations

import numpy as np

from .analyse import Unit
from .index import FIELDS, SearchIndex

APART_QUALITY = 0.6
"""How much a case that says a phrase's words apart counts, against one that says the phrase (tuned on
tests/data/questions-tune.yaml)."""
SOLID_FIELDS = frozenset({"title", "organisations", "name words", "tags", "outcome kinds", "technologies", "outcomes",
                          "summary"})
SOLID_FIELD = np.array([name in SOLID_FIELDS for name in FIELDS] + [False])
"""SOLID_FIELDS by field number; the extra last entry is what index -1 (no match) reads: False."""


def score(units: list[Unit], weights: list[float], index: SearchIndex):
    """Per case, the weighted coverage of the units; per unit, each case's quality of match, the field it
    was found in and (for a unit read as relatives or said apart) which reading found it."""
    coverage = np.zeros(index.size)
    best_fields = []
    qualities = []
    vias: list[np.ndarray | None] = []
    for unit, weight in zip(units, weights):
        best = np.zeros(index.size)
        field = np.full(index.size, -1, dtype=np.int8)
        apart = index.apart(unit)
        via = np.zeros(index.size, dtype=np.int8) if unit.read_as or apart else None
        found = False
        for number, (term, quality) in enumerate(unit.alternatives):
            postings = index.postings.get(term)
            if postings is None:
                continue
            values = quality * postings.weights
            if not found and quality > 0:  # nothing to beat yet, and every weight is positive: no look-up, no mask
                cases = postings.cases
                best[cases] = values
                field[cases] = postings.fields
            else:
                better = values > (best[postings.cases] if found else 0.0)
                cases = postings.cases[better]
                best[cases] = values[better]
                field[cases] = postings.fields[better]
            found = True
            if via is not None:
                via[cases] = number
        if apart:
            cases, values, fields = _all_words(apart, index)
            values *= APART_QUALITY * min(q for _t, q in unit.alternatives)
            better = values > best[cases]
            best[cases[better]] = values[better]
            field[cases[better]] = fields[better]
            via[cases[better]] = APART  # type: ignore[index]
        coverage += weight * best
        best_fields.append(field)
        qualities.append(best)
        vias.append(via)
    return coverage, best_fields, qualities, vias


def evidence_of(weights: list[float], qualities: list[np.ndarray], case: int) -> float:
    """The total weight of the units the case matches: how much distinctive information its match rests on
    (worked out only for the cases a hit is built for; per case for every case, it was a fifth of a long
    question's time at 10,000 cases)."""
    total = 0.0
    for weight, quality in zip(weights, qualities):
        total += weight * bool(quality[case] > 0)
    return total


def solid_units_of(units: list[Unit], fields: list[np.ndarray], case: int) -> int:
    """The units the case matches without a spelling correction in a telling field (SOLID_FIELDS)."""
    return sum(int(SOLID_FIELD[field[case]]) for unit, field in zip(units, fields) if not unit.corrected)


def _all_words(stems: tuple[str, ...], index: SearchIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The cases that have every one of `stems` (how well a case says a phrase's words apart), each with the
    weight of the least telling field it has one of them in, and that field's number. Sparse: a phrase's
    common words ("service", "online") are in half of 100,000 cases, all of them in few. Each case of the
    fewest is looked up in the others' sorted lists (far cheaper than intersect1d, which sorts both: "missed
    bin reports", "reports" in thousands of 10,000 cases), and where it sits in each list is kept, so only
    the shared cases' weights and fields are read."""
    table = index.postings
    found = [entry for term in stems if (entry := table.cases_of(term)) is not None]
    if len(found) < len(stems):
        return np.zeros(0, dtype=np.int32), np.zeros(0), np.zeros(0, dtype=np.int8)
    fewest, *others = sorted(range(len(found)), key=lambda i: found[i][0].size)
    cases = found[fewest][0]
    positions = {fewest: np.arange(cases.size)}
    for i in others:
        listed = found[i][0]
        at = np.minimum(np.searchsorted(listed, cases), listed.size - 1)
        shared = listed[at] == cases
        cases = cases[shared]
        positions = {j: where[shared] for j, where in positions.items()}
        positions[i] = at[shared]
    weights, fields = table.at(found[0][1], positions[0])
    for i in range(1, len(found)):
        more, their = table.at(found[i][1], positions[i])
        lower = more < weights  # strictly: of equal weights, the first word's field is named
        weights, fields = np.where(lower, more, weights), np.where(lower, their, fields)
    return cases, weights.astype(np.float64), fields  # as wide as the scores


APART = -1
"""What `via` records for a case that matched a phrase by its words apart (else: which alternative)."""


def read_as_other(unit: Unit, via: np.ndarray | None, case: int) -> bool:
    """The case matched the unit only through a relative the asker's word was read as."""
    return via is not None and via[case] != APART and unit.alternatives[int(via[case])][0] in dict(unit.read_as)


def matched_words(unit: Unit, via: np.ndarray | None, case: int) -> str:
    """The asker's words a case matched, and the word they were read as where the case has a relative of
    theirs rather than the words themselves ("scam, read as fraud"), or has a phrase's words only apart
    ("virtual parking permits, words apart")."""
    if via is None:
        return unit.text
    if via[case] == APART:
        return f"{unit.text}, words apart"
    read_as = dict(unit.read_as).get(unit.alternatives[int(via[case])][0])
    return unit.text if read_as is None else f"{unit.text}, read as {read_as}"
