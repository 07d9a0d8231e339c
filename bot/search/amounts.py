"""The £ totals cases state, per outcome kind, as numpy arrays: what comparisons of amounts read.

"Who saved the most" and "which councils saved over £5m" weigh every case of the base, not only the best
few matches; reading each case's outcomes in Python for every such question took seconds at 100,000 cases.
Every stated total (a per-unit figure such as "£3 per visit" is not a total) is gathered when the index is
built, into flat arrays of (case, kind, pounds), and a reload patches them for the cases it changed; a
comparison is then a few array operations. (Gathering them on the first question that needed them made
that question after every reload take 1.4 s at 100,000 cases.)
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from ..knowledge.money import ABOVE, SIDES
from ..knowledge.schema import CaseStudy
from .case_rows import CaseRows
from .postings import Renumbering

NONE = -np.inf
"""What `beyond` holds for a case that states no total beyond the amount."""


class OutcomeAmounts:
    """Every stated £ total of each outcome kind: which case states it, and how many pounds."""

    def __init__(self, cases: tuple[CaseStudy, ...]):
        self._kinds: dict[str, int] = {}
        """Outcome kind -> the small number the rows hold for it."""
        self._rows = CaseRows(len(cases), (np.int16, np.float64), self._stated(enumerate(cases)))
        self._largest: dict[str, np.ndarray] = {}

    def updated(self, cases: tuple[CaseStudy, ...], renumbering: Renumbering) -> OutcomeAmounts:
        """These amounts after a reload (see CaseRows.updated): only the added cases' outcomes are read."""
        table = OutcomeAmounts(())
        table._kinds = dict(self._kinds)
        added = table._stated((n, cases[n]) for n in renumbering.added)
        table._rows = self._rows.updated(len(cases), renumbering, added)
        return table

    def _stated(self, numbered: Iterable[tuple[int, CaseStudy]]) -> Iterator[tuple[int, int, float]]:
        for number, case in numbered:
            for outcome in case.outcomes:
                if outcome.money and not outcome.money.per_unit:
                    yield number, self._kinds.setdefault(outcome.kind, len(self._kinds)), outcome.money.pounds

    def totals(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """(case numbers, pounds): one entry per stated total of `kind`."""
        kinds, pounds = self._rows.columns
        chosen = kinds == self._kinds.get(kind, -1)
        return self._rows.case[chosen], pounds[chosen]

    def largest(self, kind: str) -> np.ndarray:
        """Per case, its largest stated total of `kind` (0 when it states none), built once."""
        found = self._largest.get(kind)
        if found is None:
            found = self._maximum(*self.totals(kind), 0.0)
            self._largest[kind] = found
        return found

    def beyond(self, kind: str, direction: str, pounds: float) -> np.ndarray:
        """Per case, its largest stated total of `kind` on the `direction` side of `pounds` (over, at least,
        under, up to: see money.SIDES); NONE when it states none.
        Over an amount, that is its largest total where the largest is over it (built once per kind: every
        superlative asks for the totals over £0, and gathering them per question was a comparison's p99)."""
        on_side = SIDES[direction]
        if direction in ABOVE:
            largest = self.largest(kind)
            return np.where(on_side(largest, pounds), largest, NONE)
        cases, values = self.totals(kind)
        keep = on_side(values, pounds)
        return self._maximum(cases[keep], values[keep], NONE)

    def _maximum(self, cases: np.ndarray, values: np.ndarray, empty: float) -> np.ndarray:
        out = np.full(self._rows.size, empty)
        np.maximum.at(out, cases, values)
        return out
