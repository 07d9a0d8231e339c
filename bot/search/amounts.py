"""The £ totals cases state, per outcome kind, as numpy arrays: what comparisons of amounts read.

"Who saved the most" and "which councils saved over £5m" weigh every case of the base, not only the best
few matches; reading each case's outcomes in Python for every such question took seconds at 100,000 cases.
Every stated total (a per-unit figure such as "£3 per visit" is not a total) is gathered when the index is
built, into flat arrays of (case, kind, pounds), and a reload patches them for the cases it changed; a
comparison is then a few array operations. (Gathering them on the first question that needed them made
that question after every reload take 1.4 s at 100,000 cases.)
"""
from __future__ import annotations

import numpy as np

from ..knowledge.schema import CaseStudy
from .postings import Renumbering

NONE = -np.inf
"""What `beyond` holds for a case that states no total beyond the amount."""


class OutcomeAmounts:
    """Every stated £ total of each outcome kind: which case states it, and how many pounds."""

    def __init__(self, cases: tuple[CaseStudy, ...]):
        self.size = len(cases)
        self._kinds: dict[str, int] = {}
        self._case, self._kind, self._pounds = self._gather(enumerate(cases))
        self._largest: dict[str, np.ndarray] = {}

    def updated(self, cases: tuple[CaseStudy, ...], renumbering: Renumbering) -> OutcomeAmounts:
        """These amounts after a reload: the kept cases' renumbered, the added cases' (`renumbering.added`,
        numbers into `cases`) gathered and merged in by case number."""
        table = OutcomeAmounts(())
        table.size, table._kinds = len(cases), dict(self._kinds)
        renumbered = renumbering.moved[self._case]
        keep = renumbered >= 0
        new_case, new_kind, new_pounds = table._gather((n, cases[n]) for n in renumbering.added)
        at = np.searchsorted(renumbered[keep], new_case)
        table._case = np.insert(renumbered[keep], at, new_case)
        table._kind = np.insert(self._kind[keep], at, new_kind)
        table._pounds = np.insert(self._pounds[keep], at, new_pounds)
        return table

    def _gather(self, numbered) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(case, kind code, pounds) of every stated total of the (number, case) pairs, in case order."""
        found = [(n, self._kinds.setdefault(o.kind, len(self._kinds)), o.money.pounds)
                 for n, case in numbered for o in case.outcomes if o.money and not o.money.per_unit]
        return (np.array([f[0] for f in found], dtype=np.int64), np.array([f[1] for f in found], dtype=np.int16),
                np.array([f[2] for f in found], dtype=float))

    def totals(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """(case numbers, pounds): one entry per stated total of `kind`."""
        chosen = self._kind == self._kinds.get(kind, -1)
        return self._case[chosen], self._pounds[chosen]

    def largest(self, kind: str) -> np.ndarray:
        """Per case, its largest stated total of `kind` (0 when it states none), built once."""
        found = self._largest.get(kind)
        if found is None:
            found = self._maximum(*self.totals(kind), 0.0)
            self._largest[kind] = found
        return found

    def beyond(self, kind: str, direction: str, pounds: float) -> np.ndarray:
        """Per case, its largest stated total of `kind` over (or under) `pounds`; NONE when it states none."""
        cases, values = self.totals(kind)
        keep = values > pounds if direction == "over" else values < pounds
        return self._maximum(cases[keep], values[keep], NONE)

    def _maximum(self, cases: np.ndarray, values: np.ndarray, empty: float) -> np.ndarray:
        out = np.full(self.size, empty)
        np.maximum.at(out, cases, values)
        return out
