"""Ranked cases whose result objects are built only when read.

A comparison of amounts ("who saved the most") ranks every case that matches, 20,000 of them at 100,000
cases, but shows at most a few dozen. Building a Hit (with its reasons) for each was most of such a
question's time and filled the heap enough to set off full garbage collections. A HitList holds the order
as an array of case numbers, with the scores that decide what is shown, and builds a Hit on first read.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, overload

import numpy as np

if TYPE_CHECKING:
    from .rank import Hit


class HitList(Sequence["Hit"]):
    """Hits in rank order over arrays: `order` (case numbers, best first), `score` (the Hit.score of given
    cases: the share of the question covered, worked out only for the cases asked about) and, per case of
    the base, `rank_score` (as Hit.rank_score)."""

    def __init__(self, order: np.ndarray, make: Callable[[int], Hit], score: Callable[[np.ndarray], np.ndarray],
                 rank_score: np.ndarray, built: dict[int, Hit] | None = None):
        self.order = order
        self._make = make
        self._score = score
        self._rank_score = rank_score
        self._built: dict[int, Hit] = {} if built is None else built

    @classmethod
    def empty(cls) -> HitList:
        """No hits: nothing matched."""
        return cls(np.zeros(0, dtype=np.int64), _no_case, lambda cases: np.zeros(len(cases)), np.zeros(0))

    def reordered(self, order: np.ndarray) -> HitList:
        """These cases (or some of them) in another order; hits already built are shared."""
        return HitList(order, self._make, self._score, self._rank_score, self._built)

    @property
    def scores(self) -> np.ndarray:
        """Hit.score of each hit, in order."""
        return self._score(self.order)

    @property
    def rank_scores(self) -> np.ndarray:
        """Hit.rank_score of each hit, in order."""
        return self._rank_score[self.order]

    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, position: int) -> Hit: ...

    @overload
    def __getitem__(self, position: slice) -> HitList: ...

    def __getitem__(self, position: int | slice) -> Hit | HitList:
        if isinstance(position, slice):
            return self.reordered(self.order[position])
        n = int(self.order[position])
        hit = self._built.get(n)
        if hit is None:
            hit = self._built[n] = self._make(n)
        return hit

    def __iter__(self) -> Iterator[Hit]:
        return (self[i] for i in range(len(self.order)))


def _no_case(n: int) -> Hit:
    raise IndexError(n)
