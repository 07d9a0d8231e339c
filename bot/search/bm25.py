"""BM25 over each case's terms, scored the way `bm25s` scores them, built from parts a reload keeps.

`bm25s` (Lucene's BM25: k1 1.5, b 0.75, float32 scores) re-tokenised and re-indexed every case on every
reload, a third of reloading 10,000 cases after one edit, and it held every case's terms as strings. This
index is built from what each case's analysis already holds (its term ids and counts), with one sort, and
gives bit-for-bit the scores `bm25s` gives: the same formulas in the same float32/float64 steps, summed over
the question's terms in the same order (tests/test_bm25.py checks it against `bm25s`).

Scores are worked out when a question asks for a term, not held: each entry keeps only its term count (a
byte, mostly), each term its idf and each case its length's part of the formula. The precomputed float32
score and 32-bit count of every entry were 5 MB of a 10,000-case index; a term's few thousand entries are
scored in microseconds, with the very float steps the precomputing took, so the scores are the same bits.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .postings import Renumbering, patched_entries, stable_order

K1 = 1.5
B = 0.75


class Bm25:
    """Every case's BM25 score for every term it contains: `bm25s`'s precomputed scores, computed on asking."""

    def __init__(self, terms: Sequence[np.ndarray], counts: Sequence[np.ndarray], term_ids: dict[str, int]):
        """`terms[n]`/`counts[n]`: the ids of the terms case n contains and how often, 0 for a term BM25 does
        not count (not in the case's bag, see CaseTerms.bag_counts); `term_ids` names them."""
        self.size = len(terms)
        self._term_ids = term_ids
        self._starts: np.ndarray = np.zeros(1, dtype=np.int64)
        self._cases: np.ndarray = np.zeros(0, dtype=np.int32)
        self._counts: np.ndarray = np.zeros(0, dtype=np.uint8)
        """Each entry's term count, in as few bytes as the largest needs."""
        self._idf: np.ndarray = np.zeros(0, dtype=np.float32)
        """Per term id, its idf as `bm25s` holds it (float32)."""
        self._length_part: np.ndarray = np.zeros(0)
        """Per case, K1 * ((1 - B) + B * length / average length): its length's part of every entry's score."""
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
            added = [c[k] for c, k in zip(counts, counted)]
            kept = self._counts.astype(_count_type(max((int(c.max()) for c in added if len(c)), default=0),
                                                   self._counts), copy=False)
            """Widened first when an added count does not fit the kept entries' type."""
            df, cases, (tf,) = patched_entries(np.diff(self._starts), self._cases, (kept,), renumbering,
                                               [t[k] for t, k in zip(terms, counted)], (added,), len(term_ids))
            index._score(df, cases, tf)
        return index

    def _score(self, df: np.ndarray, cases: np.ndarray, counts: np.ndarray) -> None:
        """Take the entries (sorted by term, then case, `df[t]` of them for term id t) and work out what their
        scores share: the formulas and float steps of `bm25s`."""
        # A case with no terms is one empty token long, as bm25s indexes it.
        lengths = np.maximum(np.bincount(cases, weights=counts, minlength=self.size), 1.0)
        average = lengths.astype(np.int64).mean()  # as bm25s: the mean of integer lengths
        self._idf = np.where(df > 0, np.log(1 + (self.size - df + 0.5) / (df + 0.5)), 0.0).astype(np.float32)
        self._length_part = K1 * ((1 - B) + B * lengths / average)
        self._cases, self._counts = cases, counts.astype(_count_type(int(counts.max(initial=0))), copy=False)
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
            cases = self._cases[start:end]
            scores[cases] += self._scores(number, cases, self._counts[start:end])
        return scores

    def _scores(self, number: int, cases: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """The float32 scores of term `number`'s entries: idf * tf / (length part + tf), in `bm25s`'s steps."""
        tf = counts.astype(np.float64)
        tfc = self._length_part[cases]
        tfc += tf
        np.divide(tf, tfc, out=tfc)
        tfc *= np.float64(self._idf[number])
        return tfc.astype(np.float32)


def _count_type(largest: int, counts: np.ndarray | None = None) -> np.dtype:
    """The smallest unsigned type holding counts up to `largest` (and every one of `counts`)."""
    found = np.min_scalar_type(largest)
    return found if counts is None else np.promote_types(found, counts.dtype)
