"""The words spelling correction may choose from, counted per case so a reload patches them.

A word is known when some case uses it (or it is in a fixed base: the vocabulary's and the themes' words).
Gathering every case's words again, and grouping 40,000 of them for correction, was a third of reloading
10,000 cases after one edit. Counting how many cases use each word lets a reload subtract the cases it
dropped and add the ones it analysed: only words whose count reaches or leaves zero change what is known,
and only the length groups holding them are built again.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np

from .spelling import KnownWords


class UsedWords:
    """The base and every word some case uses, as a container (`word in used`); `known`: those of them
    `correctable` allows (all, by default), grouped for correction.

    A word is looked up by its id in the index's word ids, then in the counts: a set of the words themselves,
    beside the ids that already name every word, was 1 MB held at 10,000 cases."""

    def __init__(self, base: frozenset[str], use: np.ndarray, vocabulary: list[str], ids: Mapping[str, int],
                 known: KnownWords, correctable: Callable[[str], bool] | None = None):
        """`vocabulary` names the word ids and `ids` numbers the words (the index's own, not copied): the
        index adds no word after it made these."""
        self.base = base
        self._use = use
        """Per word id, how many cases use the word (32 bits: no more than there are cases)."""
        self._vocabulary = vocabulary
        self._ids = ids
        self.known = known
        self._correctable = correctable

    def __contains__(self, word: object) -> bool:
        if word in self.base:
            return True
        number = self._ids.get(word) if isinstance(word, str) else None
        return number is not None and bool(self._use[number])

    def __iter__(self) -> Iterator[str]:
        return iter(self.words)

    @property
    def words(self) -> frozenset[str]:
        """Every word, as a set: made when asked (to list the words), as looking one up needs none."""
        return self.base.union(self._vocabulary[n] for n in np.flatnonzero(self._use).tolist())

    @classmethod
    def of(cls, vocabulary: list[str], ids: Mapping[str, int], cases: Sequence[np.ndarray],
           base: frozenset[str] = frozenset(), correctable: Callable[[str], bool] | None = None) -> UsedWords:
        """From each case's word ids (`vocabulary` names them, `ids` numbers them); `correctable` must be a
        module-level function (the snapshot cache pickles it with the index)."""
        used = cls(base, _counts(cases, len(vocabulary)), vocabulary, ids, KnownWords(()), correctable)
        used.known = KnownWords(filter(correctable, used.words))
        return used

    def updated(self, vocabulary: list[str], ids: Mapping[str, int], dropped: Sequence[np.ndarray],
                added: Sequence[np.ndarray]) -> UsedWords:
        """These words after a reload that `dropped` some cases' word ids and `added` others' (a changed case
        is both), over the reloaded index's `vocabulary` and `ids`: they may have grown since, never been
        reordered."""
        use = np.zeros(len(vocabulary), dtype=np.int32)
        use[:len(self._use)] = self._use
        use += _counts(added, len(vocabulary)) - _counts(dropped, len(vocabulary))
        was = np.zeros(len(vocabulary), dtype=bool)
        was[:len(self._use)] = self._use > 0
        now = use > 0
        appeared = {vocabulary[n] for n in np.flatnonzero(now & ~was).tolist()}
        vanished = {vocabulary[n] for n in np.flatnonzero(was & ~now).tolist()} - self.base
        known = self.known if not appeared and not vanished else self.known.updated(
            set(filter(self._correctable, appeared - self.base)), set(filter(self._correctable, vanished)))
        return UsedWords(self.base, use, vocabulary, ids, known, self._correctable)


def _counts(cases: Sequence[np.ndarray], size: int) -> np.ndarray:
    """Per word id, in how many of `cases` it is (each case lists a word once)."""
    if not cases:
        return np.zeros(size, dtype=np.int32)
    return np.bincount(np.concatenate(cases), minlength=size).astype(np.int32)
