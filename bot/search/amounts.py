"""The £ totals cases state, per outcome kind, as numpy arrays: what comparisons of amounts read.

"Who saved the most" and "which councils saved over £5m" weigh every case of the base, not only the best
few matches; reading each case's outcomes in Python for every such question took seconds at 100,000 cases.
Each kind's stated totals (a per-unit figure such as "£3 per visit" is not a total) are gathered once, on
the first question that needs them, into flat arrays; a comparison is then a few array operations.
"""
from __future__ import annotations

import numpy as np

from ..knowledge.schema import CaseStudy

NONE = -np.inf
"""What `beyond` holds for a case that states no total beyond the amount."""


class OutcomeAmounts:
    """Every stated £ total of each outcome kind: which case states it, and how many pounds."""

    def __init__(self, cases: tuple[CaseStudy, ...]):
        self._cases = cases
        self._totals: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._largest: dict[str, np.ndarray] = {}

    def totals(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """(case numbers, pounds): one entry per stated total of `kind`, built once."""
        found = self._totals.get(kind)
        if found is None:
            pairs = [(n, o.money.pounds) for n, case in enumerate(self._cases)
                     for o in case.outcomes_of(kind) if o.money and not o.money.per_unit]
            found = (np.array([n for n, _p in pairs], dtype=np.int64), np.array([p for _n, p in pairs], dtype=float))
            self._totals[kind] = found
        return found

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
        out = np.full(len(self._cases), empty)
        np.maximum.at(out, cases, values)
        return out
