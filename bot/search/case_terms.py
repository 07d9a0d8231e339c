"""Each case's analysis, and the part of it kept with the index so a reload re-analyses only the cases that
changed.

A case's terms (with their fields, spreads and BM25 counts) go into the postings and BM25 tables, which a
reload patches with the changed cases' terms alone: kept by case as well, they were a second copy of those
tables (4 MB at 10,000 cases) that only a reload moving a case past others read. What a reload does need of
the cases it keeps or drops is their words (spelling correction counts, per word, the cases using it), which
no table holds: `AnalysedWords` keeps them.

Held as small numpy arrays per case (and an object holding them), they were a third of a bot's memory at
10,000 cases, much of it the arrays' own headers. `AnalysedWords` keeps one concatenation per kind of array
for all the cases; a case's arrays are views of it, made only when a reload asks for them. Each
concatenation is of the smallest unsigned type its values fit: word ids are a few tens of thousands, and as
the analysis's 32-bit integers they took twice the bytes.
"""
from __future__ import annotations

from collections.abc import Iterable, KeysView, Mapping
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields

import numpy as np


@dataclass(frozen=True)
class CaseWords:
    """The words of a case's text and of its organisations' names (as ids, for spelling correction)."""

    words: np.ndarray
    name_words: np.ndarray


@dataclass(frozen=True)
class CaseTerms(CaseWords):
    """What one case offers the index: its words, and its terms (as ids), each with its best field's number
    and the number of fields it is in."""

    terms: np.ndarray
    spreads: np.ndarray
    fields: np.ndarray
    bag_counts: np.ndarray
    """Per term, how often BM25 counts it (title and organisations twice); 0 for a term only a theme, an
    outcome's kind or a body's name gives, which is in no bag. (Every term of the bag is one of the case's
    terms: counts beside them need no second array of term ids.)"""
    everyday_counts: np.ndarray
    """Per term, how often the case's everyday words say it: what the ranking's BM25 adds (see bm25.py)."""


_KINDS = tuple(f.name for f in dataclass_fields(CaseWords))


class AnalysedWords:
    """Case key -> CaseWords, packed: the keys, each case's array lengths, one concatenation per kind.

    Also what the snapshot cache pickles (one small array per case and kind, tens of thousands at 10,000
    cases, took a second to unpickle one by one); the look-up table is rebuilt on first use, which a start
    with nothing changed never makes.
    """

    def __init__(self, keys: list[bytes], lengths: np.ndarray, joined: list[np.ndarray]):
        self._keys, self._lengths, self._joined = keys, lengths, joined
        """`lengths`: per case, its arrays' lengths (32 bits: a case has far fewer words than 2**31)."""
        self._lookup: tuple[dict[bytes, int], np.ndarray] | None = None

    @classmethod
    def packed(cls, analysed: Mapping[bytes, CaseWords]) -> AnalysedWords:
        keys = list(analysed)
        lengths = np.array([[len(getattr(analysed[k], kind)) for kind in _KINDS] for k in keys],
                           dtype=np.int32).reshape(len(keys), len(_KINDS))
        joined = [_narrowed(np.concatenate([getattr(analysed[k], kind) for k in keys])) if keys
                  else np.empty(0, dtype=np.uint8) for kind in _KINDS]
        return cls(keys, lengths, joined)

    def _table(self) -> tuple[dict[bytes, int], np.ndarray]:
        """Each key's row, and where each row's arrays start in each concatenation: built on first use."""
        if self._lookup is None:
            starts = np.vstack([np.zeros((1, len(_KINDS)), dtype=np.int64), np.cumsum(self._lengths, axis=0)])
            self._lookup = {key: row for row, key in enumerate(self._keys)}, starts
        return self._lookup

    def get(self, key: bytes) -> CaseWords | None:
        rows, starts = self._table()
        row = rows.get(key)
        if row is None:
            return None
        start, end = starts[row].tolist(), starts[row + 1].tolist()
        return CaseWords(*(array[s:e] for array, s, e in zip(self._joined, start, end)))

    def __getitem__(self, key: bytes) -> CaseWords:
        words = self.get(key)
        if words is None:
            raise KeyError(key)
        return words

    def keys(self) -> KeysView[bytes]:
        return self._table()[0].keys()

    def __len__(self) -> int:
        return len(self._keys)

    def patched(self, dropped: Iterable[bytes], added: Mapping[bytes, CaseWords]) -> AnalysedWords:
        """These words without the cases `dropped` and with `added` (a key in both is replaced): what a
        reload after a few edits keeps, at the cost of one copy of each array, not one object per case."""
        rows, starts = self._table()
        gone = sorted(rows[k] for k in {*dropped, *added} if k in rows)
        kept = [(a, b) for a, b in zip([0, *(row + 1 for row in gone)], [*gone, len(self._keys)]) if a < b]
        """The runs of rows kept: copied as slices (a reload drops a few rows of thousands)."""
        kept_keys = [key for a, b in kept for key in self._keys[a:b]]
        new = [[getattr(words, kind) for words in added.values()] for kind in _KINDS]
        joined = [_narrowed(np.concatenate([array[:0], *(array[starts[a, n]:starts[b, n]] for a, b in kept), *new[n]]))
                  for n, array in enumerate(self._joined)]
        lengths = np.vstack([self._lengths[:0], *(self._lengths[a:b] for a, b in kept),
                             np.array([[len(a) for a in per_kind] for per_kind in zip(*new)], dtype=np.int32)
                             .reshape(len(added), len(_KINDS))])
        return AnalysedWords(kept_keys + list(added), lengths, joined)

    def __getstate__(self) -> tuple[list[bytes], np.ndarray, list[np.ndarray]]:
        return self._keys, self._lengths, self._joined

    def __setstate__(self, state: tuple[list[bytes], np.ndarray, list[np.ndarray]]) -> None:
        self._keys, self._lengths, self._joined = state
        self._lookup = None


def _narrowed(values: np.ndarray) -> np.ndarray:
    """`values` (none negative) as the smallest unsigned type that holds the largest of them plus one: the
    tables built from them index by an id and the next (`starts[id + 1]`), which must not wrap round."""
    return values.astype(np.min_scalar_type(int(values.max(initial=0)) + 1), copy=False)
