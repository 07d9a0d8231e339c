"""The inverted index's tables, as arrays grouped by term (one sort) rather than one object per term.

At 10,000 cases the index holds some 50,000 terms; a Python object (and an idf entry) per term cost more to
build on every reload than the sort that groups the cases by term. The tables keep three flat arrays and the
offset of each term's run, and hand out a term's postings (array views) or idf when a question asks.
"""
from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Postings:
    """The cases containing one term (ascending), each with its best field's weight and that field's number."""

    cases: np.ndarray
    weights: np.ndarray
    fields: np.ndarray


class PostingsTable:
    """term -> Postings, for every term some case contains."""

    def __init__(self, term_ids: dict[str, int], terms: Sequence[np.ndarray], weights: Sequence[np.ndarray],
                 fields: Sequence[np.ndarray]):
        """`terms[n]`, `weights[n]`, `fields[n]`: case n's term ids and each one's best field weight and number."""
        self._term_ids = term_ids
        ids = np.concatenate(terms) if terms else np.zeros(0, dtype=np.int32)
        sizes = np.fromiter((len(t) for t in terms), dtype=np.int64, count=len(terms))
        order = stable_order(ids)  # stable: each term's cases stay in ascending order
        self._cases = np.repeat(np.arange(len(terms), dtype=np.int32), sizes)[order]
        self._weights = np.concatenate(weights)[order] if terms else np.zeros(0)
        self._fields = np.concatenate(fields)[order] if terms else np.zeros(0, dtype=np.int8)
        self.df = np.bincount(ids, minlength=len(term_ids))
        """Per term id, how many cases contain the term."""
        self._starts = np.concatenate(([0], np.cumsum(self.df)))

    def get(self, term: str) -> Postings | None:
        number = self._term_ids.get(term)
        if number is None or number >= len(self.df) or not self.df[number]:
            return None
        start, end = self._starts[number], self._starts[number + 1]
        return Postings(self._cases[start:end], self._weights[start:end], self._fields[start:end])


class IdfTable(Mapping[str, float]):
    """term -> BM25's idf, for every term some case contains: rare terms tell cases apart."""

    def __init__(self, term_ids: dict[str, int], df: np.ndarray, total: int):
        self._term_ids = term_ids
        self._df = df
        self._total = total

    def __getitem__(self, term: str) -> float:
        number = self._term_ids.get(term)
        if number is None or number >= len(self._df) or not self._df[number]:
            raise KeyError(term)
        return idf(int(self._df[number]), self._total)

    def __contains__(self, term: object) -> bool:
        number = self._term_ids.get(term) if isinstance(term, str) else None
        return number is not None and number < len(self._df) and bool(self._df[number])

    def __iter__(self) -> Iterator[str]:
        return (term for term in self._term_ids if term in self)

    def __len__(self) -> int:
        return int(np.count_nonzero(self._df))


def stable_order(ids: np.ndarray) -> np.ndarray:
    """The stable argsort of non-negative int32 ids, as two passes of numpy's radix sort (used for 16-bit
    keys) over the low and the high halves: five times faster than its timsort of int32 keys, which was
    most of rebuilding the index's tables on a reload."""
    by_low = np.argsort((ids & 0xFFFF).astype(np.uint16), kind="stable")
    return by_low[np.argsort((ids[by_low] >> 16).astype(np.uint16), kind="stable")]


def idf(df: int, total: int) -> float:
    """BM25's idf: rare terms tell cases apart, terms in most cases hardly do."""
    return math.log(1.0 + (total - df + 0.5) / (df + 0.5))
