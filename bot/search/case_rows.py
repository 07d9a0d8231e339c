"""Facts about cases as rows of numpy columns, in case order: what filters and comparisons read.

A case may state several facts of a kind (outcomes with amounts, councils it names) or none. Reading them
from the case objects on a question costs a Python pass over every case: half a second at 100,000 cases,
on every question that filters by council or compares amounts. Gathered once into columns when the index
is built, a question reads them in a few array operations, and a reload gathers only the cases it changed
and renumbers the rest (the cases keep their order: see postings.Renumbering).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np

from ..knowledge.schema import CaseStudy
from .postings import Renumbering


class CaseRows:
    """Rows (case number, value, value, ...): `case` holds each row's case, `columns` its values."""

    def __init__(self, size: int, dtypes: tuple[type, ...], rows: Iterable[tuple] = ()):
        """`rows`: (case number, *values) tuples in case order; `dtypes`: the values' numpy types."""
        self.size = size
        self._dtypes = dtypes
        self.case, self.columns = self._arrays(rows)

    def _arrays(self, rows: Iterable[tuple]) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        """Case numbers as 32 bits, as a reload's renumbered rows already were: no base has 2**31 cases."""
        found = list(rows)
        return (np.array([row[0] for row in found], dtype=np.int32),
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


class CaseLabels:
    """Each case's labels of one kind (its regions, say) as rows: which cases carry any of some labels is
    then one array operation, and a reload reads only the cases it added."""

    def __init__(self, labels_of: Callable[[CaseStudy], Iterable[str]], cases: Sequence[CaseStudy] = ()):
        self._labels_of = labels_of
        self._numbers: dict[str, int] = {}
        self._rows = CaseRows(len(cases), (np.int32,), self._labelled(enumerate(cases)))

    def updated(self, cases: Sequence[CaseStudy], renumbering: Renumbering) -> CaseLabels:
        """These rows after a reload (`cases`: all of them now)."""
        table = CaseLabels(self._labels_of)
        table._numbers = dict(self._numbers)
        table._rows = self._rows.updated(len(cases), renumbering,
                                         table._labelled((n, cases[n]) for n in renumbering.added))
        return table

    def _labelled(self, numbered: Iterable[tuple[int, CaseStudy]]) -> Iterator[tuple[int, int]]:
        for number, case in numbered:
            for label in dict.fromkeys(self._labels_of(case)):
                yield number, self._numbers.setdefault(label, len(self._numbers))

    def cases_with(self, labels: Iterable[str]) -> np.ndarray:
        """Per case, whether it carries one of `labels`."""
        wanted = [self._numbers[label] for label in labels if label in self._numbers]
        return self._rows.cases_where(np.isin(self._rows.columns[0], wanted))
