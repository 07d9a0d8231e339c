"""BM25 over each case's terms, scored the way `bm25s` scores them, built from parts a reload keeps.

`bm25s` (Lucene's BM25: k1 1.5, b 0.75, float32 scores) re-tokenised and re-indexed every case on every
reload, a third of reloading 10,000 cases after one edit, and it held every case's terms as strings. This
index reads the postings table's entries (each case's term ids, with their counts in its bag), and gives
bit-for-bit the scores `bm25s` gives: the same formulas in the same float32/float64 steps, summed over
the question's terms in the same order (tests/test_bm25.py checks it against `bm25s`).

Scores are worked out when a question asks for a term, not held: the entries are the postings table's (each
with its count in the case's bag, a byte), each term keeps its idf and each case its length's part of the
formula. A table of its own with a precomputed float32 score and a 32-bit count per entry was 7 MB of a
10,000-case index; a term's few thousand entries are scored in microseconds, with the very float steps the
precomputing took, so the scores are the same bits.

The ranking reads a second score (`both_scores`): BM25 over the case's text, plus, for each term its everyday
words say (how people put its topic: see index.RANKED_ONLY), the score those mentions would have as BM25
weighs them (the term's idf over the cases that say it either way, the case's text's length). Counted as
part of the bag instead, they changed every entry's length part and idf, and the whole score had to be
worked out twice; added apart, only the few entries of everyday words are (over the tuning files, the sum
ranked 5 more first than the bag did).
"""
from __future__ import annotations

import numpy as np

from .postings import PostingsTable

K1 = 1.5
B = 0.75


class Bm25:
    """Every case's BM25 score for every term it contains: `bm25s`'s precomputed scores, computed on asking."""

    def __init__(self, postings: PostingsTable, term_ids: dict[str, int], size: int):
        """Over the entries of `postings` (their BM25 counts, see PostingsTable.bags) of `size` cases;
        `term_ids` names the terms. A reload patches the postings and scores them anew: the average length
        and the idfs change with any case."""
        self.size = size
        self._term_ids = term_ids
        self._cases, self._counts, everyday, self._starts = postings.bags()
        runs = self._starts[1:], self._starts[:-1]
        counted = np.concatenate(([0], np.cumsum(self._counts > 0)))
        df = counted[runs[0]] - counted[runs[1]]
        """Per term id, how many cases' bags hold it (a term only a theme gives is in none)."""
        said = np.concatenate(([0], np.cumsum((self._counts > 0) | (everyday > 0))))
        # A case with no terms is one empty token long, as bm25s indexes it.
        lengths = np.maximum(np.bincount(self._cases, weights=self._counts, minlength=size), 1.0)
        average = lengths.astype(np.int64).mean() if size else 1.0  # as bm25s: the mean of integer lengths
        self._idf = _idf(df, size).astype(np.float32)
        """Per term id, its idf as `bm25s` holds it (float32); 0 for a term in no bag, and only for one."""
        self._everyday_idf = _idf(said[runs[0]] - said[runs[1]], size)
        """Per term id, its idf over the cases whose text or everyday words say it."""
        self._length_part = K1 * ((1 - B) + B * lengths / average)
        """Per case, K1 * ((1 - B) + B * length / average length): its length's part of every entry's score."""
        said_at = np.flatnonzero(everyday)
        said_starts = np.searchsorted(said_at, self._starts)
        has = np.flatnonzero(said_starts[1:] > said_starts[:-1])
        self._said_runs = dict(zip(has.tolist(), zip(said_starts[has].tolist(), said_starts[has + 1].tolist())))
        self._said_cases = self._cases[said_at]
        tf = everyday[said_at].astype(np.float64)
        terms = np.searchsorted(self._starts, said_at, side="right") - 1
        self._said_scores = self._everyday_idf[terms] * tf / (self._length_part[self._said_cases] + tf)
        """The entries an everyday word says (a few in a hundred): each one's case and what it adds to the
        ranking's score, and per term id that has some, where they are among them. Worked out once, as the
        idfs and lengths are fixed till the next reload: a term's are read without scanning its entries, and
        a term with none costs a look-up."""

    def knows(self, term: str) -> bool:
        """Some case's text contains `term` (a theme's label counts for the coverage but not here)."""
        return bool(self._idf_of(term) > 0)

    def get_scores(self, query: list[str]) -> np.ndarray:
        """Each case's BM25 score for the query's terms (unknown terms add nothing), as float32."""
        return self.with_everyday(query)[0]

    def both_scores(self, query: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each case's BM25 score for the query's terms, and the ranking's (see the module's docstring), as
        float64: the same array when no everyday word says a term."""
        scores, everyday = self.with_everyday(query)
        wide = scores.astype(np.float64)
        if not everyday:
            return wide, wide
        ranking = wide.copy()
        for cases, added in everyday:
            ranking[cases] += added
        return wide, ranking

    def with_everyday(self, query: list[str]) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
        """Each case's BM25 score for the query's terms (float32), and what the ranking adds for the cases
        whose everyday words say them: per such term, those cases (each once) and their addition. Sparse: a
        whole array for them cost more than all the entries' few sums."""
        scores = np.zeros(self.size, dtype=np.float32)
        everyday = []
        for term in query:
            number = self._term_ids.get(term)
            if number is None:
                continue
            idf = self._idf[number] if number < len(self._idf) else np.float32(0)  # else numbered since the index was built
            if idf > 0:
                start, end = self._starts[number], self._starts[number + 1]
                cases = self._cases[start:end]
                scores[cases] += self._scores(idf, cases, self._counts[start:end])
            run = self._said_runs.get(number)
            if run is not None:
                everyday.append((self._said_cases[run[0]:run[1]], self._said_scores[run[0]:run[1]]))
        return scores, everyday

    def _idf_of(self, term: str) -> np.float32:
        """The term's idf; 0 for a term in no case's bag (or numbered since the index was built)."""
        number = self._term_ids.get(term)
        return self._idf[number] if number is not None and number < len(self._idf) else np.float32(0)

    def _scores(self, idf: np.float32, cases: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """The float32 scores of a term's entries: idf * tf / (length part + tf), in `bm25s`'s float steps (an
        entry in no bag scores 0, adding nothing)."""
        tf = counts.astype(np.float64)
        tfc = self._length_part[cases]
        tfc += tf
        np.divide(tf, tfc, out=tfc)
        tfc *= np.float64(idf)
        return tfc.astype(np.float32)


def _idf(df: np.ndarray, size: int) -> np.ndarray:
    """BM25's idf of a term in `df` of `size` cases; 0 for a term in none."""
    return np.where(df > 0, np.log(1 + (size - df + 0.5) / (df + 0.5)), 0.0)
