"""Facts about cases as rows of numpy columns, in case order: what filters and comparisons read.

A case may state several facts of a kind (outcomes with amounts, councils it names) or none. Reading them
from the case objects on a question costs a Python pass over every case: half a second at 100,000 cases,
on every question that filters by council or compares amounts. Gathered once into columns when the index
is built, a question reads them in a few array operations, and a reload gathers only the cases it changed
and renumbers the rest (the cases keep their order: see postings.Renumbering).
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .postings import Renumbering


class CaseRows:
    """Rows (case number, value, value, ...): `case` holds each row's case, `columns` its values."""

    def __init__(self, size: int, dtypes: tuple[type, ...], rows: Iterable[tuple] = ()):
        """`rows`: (case number, *values) tuples in case order; `dtypes`: the values' numpy types."""
        self.size = size
        self._dtypes = dtypes
        self.case, self.columns = self._arrays(rows)

    def _arrays(self, rows: Iterable[tuple]) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        found = list(rows)
        return (np.array([row[0] for row in found], dtype=np.int64),
                tuple(np.array([row[n + 1] for row in found], dtype=dtype) for n, dtype in enumerate(self._dtypes)))

    def updated(self, size: int, renumbering: Renumbering, rows: Iterable[tuple]) -> CaseRows:
        """These rows after a reload: the kept cases' renumbered, `rows` (those of the added cases, in case
        order) merged in at their cases' places."""
        table = CaseRows(size, self._dtypes)
        renumbered = renumbering.moved[self.case]
        keep = renumbered >= 0
        case, columns = table._arrays(rows)
        at = np.searchsorted(renumbered[keep], case)
        table.case = np.insert(renumbered[keep], at, case)
        table.columns = tuple(np.insert(old[keep], at, new) for old, new in zip(self.columns, columns))
        return table

    def cases_where(self, chosen: np.ndarray) -> np.ndarray:
        """Per case, whether any of its rows is `chosen` (a boolean per row)."""
        found = np.zeros(self.size, dtype=bool)
        found[self.case[chosen]] = True
        return found
