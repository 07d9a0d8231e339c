"""BM25 over each case's terms, scored the way `bm25s` scores them, built from parts a reload keeps.

`bm25s` (Lucene's BM25: k1 1.5, b 0.75, float32 scores) re-tokenised and re-indexed every case on every
reload, a third of reloading 10,000 cases after one edit, and it held every case's terms as strings. This
index is built from what each case's analysis already holds (its term ids and counts), with one sort, and
gives bit-for-bit the scores `bm25s` gives: the same formulas in the same float32/float64 steps, summed over
the question's terms in the same order (tests/test_bm25.py checks it against `bm25s`).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .postings import Renumbering, patched_entries, stable_order

K1 = 1.5
B = 0.75


class Bm25:
    """Every case's BM25 score for every term it contains, precomputed (as `bm25s` does)."""

    def __init__(self, terms: Sequence[np.ndarray], counts: Sequence[np.ndarray], term_ids: dict[str, int]):
        """`terms[n]`/`counts[n]`: the ids of the terms case n contains and how often, 0 for a term BM25 does
        not count (not in the case's bag, see CaseTerms.bag_counts); `term_ids` names them."""
        self.size = len(terms)
        self._term_ids = term_ids
        self._starts: np.ndarray = np.zeros(1, dtype=np.int64)
        self._cases: np.ndarray = np.zeros(0, dtype=np.int32)
        self._counts: np.ndarray = np.zeros(0, dtype=np.int32)
        """Each entry's term count: what a reload needs to score the entries again."""
        self._scores: np.ndarray = np.zeros(0, dtype=np.float32)
        if self.size:
            ids, tf = np.concatenate(terms), np.concatenate(counts)
            sizes = np.fromiter((len(t) for t in terms), dtype=np.int64, count=self.size)
            cases = np.repeat(np.arange(self.size, dtype=np.int32), sizes)
            counted = tf > 0
            ids, tf, cases = ids[counted], tf[counted], cases[counted]
            order = stable_order(ids)
            self._score(np.bincount(ids, minlength=len(term_ids)), cases[order], tf[order])

    def updated(self, term_ids: dict[str, int], renumbering: Renumbering, terms: Sequence[np.ndarray],
                counts: Sequence[np.ndarray]) -> Bm25:
        """This index after a reload (see PostingsTable.updated): every score is computed again, as the
        average length and the idfs change, but nothing is sorted again."""
        index = Bm25([], [], term_ids)
        index.size = renumbering.size
        if index.size:
            counted = [c > 0 for c in counts]
            df, cases, (tf,) = patched_entries(np.diff(self._starts), self._cases, (self._counts,), renumbering,
                                               [t[k] for t, k in zip(terms, counted)],
                                               ([c[k] for c, k in zip(counts, counted)],), len(term_ids))
            index._score(df, cases, tf)
        return index

    def _score(self, df: np.ndarray, cases: np.ndarray, counts: np.ndarray) -> None:
        """Score the entries (sorted by term, then case, `df[t]` of them for term id t): the formulas and
        float steps of `bm25s`."""
        tf = counts.astype(np.float64)
        # A case with no terms is one empty token long, as bm25s indexes it.
        lengths = np.maximum(np.bincount(cases, weights=tf, minlength=self.size), 1.0)
        average = lengths.astype(np.int64).mean()  # as bm25s: the mean of integer lengths
        idf = np.where(df > 0, np.log(1 + (self.size - df + 0.5) / (df + 0.5)), 0.0).astype(np.float32)
        # tf / (K1 * ((1 - B) + B * length / average) + tf): what depends on the length alone once per case,
        # the rest in one array of the entries (the same float steps, without a temporary array per step)
        tfc = (K1 * ((1 - B) + B * lengths / average))[cases]
        tfc += tf
        np.divide(tf, tfc, out=tfc)
        scores = np.repeat(idf.astype(np.float64), df)
        scores *= tfc
        self._scores = scores.astype(np.float32)
        self._cases, self._counts = cases, counts
        self._starts = np.concatenate(([0], np.cumsum(df)))

    def knows(self, term: str) -> bool:
        """Some case's text contains `term` (a theme's label counts for the coverage but not here)."""
        number = self._term_ids.get(term)
        return number is not None and number + 1 < len(self._starts) and self._starts[number + 1] > self._starts[number]

    def get_scores(self, query: list[str]) -> np.ndarray:
        """Each case's BM25 score for the query's terms (unknown terms add nothing), as float32."""
        scores = np.zeros(self.size, dtype=np.float32)
        for term in query:
            number = self._term_ids.get(term)
            if number is None or number + 1 >= len(self._starts):
                continue
            start, end = self._starts[number], self._starts[number + 1]
            scores[self._cases[start:end]] += self._scores[start:end]
        return scores
