"""One object for each value that many cases repeat, within a load.

Of a 10,000-case base's loaded cases, the tuples of regions, themes, technologies and organisations, the
organisation names, the years and the stated and parsed amounts are mostly repeats of a few thousand
values, yet each case held its own copy: some 4 MB of memory held for as long as the base is served. The
values are immutable, so the cases can share them. The table lives for one load only: a process-wide one
would keep every value any earlier load read, and a reload re-reads only the files that changed.
"""
from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


class Interner:
    """Hands back the first of equal values it was given, so equal values share one object."""

    def __init__(self) -> None:
        self._kept: dict[tuple[type, Any], Any] = {}
        """(type, value) -> the value first given: keyed by type too, because 1, 1.0 and True are equal
        (a year of 1 must not come back as True)."""
        self.values: list[Any] = []
        """The values kept, in the order first given: what another process's table can take in place of
        them (see parallel_reading)."""

    def __call__(self, value: T) -> T:
        kept = self._kept.setdefault((type(value), value), value)
        if kept is value:
            self.values.append(value)
        return kept
