"""The words spelling correction may choose from, counted per case so a reload patches them.

A word is known when some case uses it (or it is in a fixed base: the vocabulary's and the themes' words).
Gathering every case's words again, and grouping 40,000 of them for correction, was a third of reloading
10,000 cases after one edit. Counting how many cases use each word lets a reload subtract the cases it
dropped and add the ones it analysed: only words whose count reaches or leaves zero change what is known,
and only the length groups holding them are built again.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .spelling import KnownWords


class UsedWords:
    """`words`: the base and every word some case uses; `known`: those of them `correctable` allows (all,
    by default), grouped for correction."""

    def __init__(self, base: frozenset[str], use: np.ndarray, words: frozenset[str], known: KnownWords,
                 correctable: Callable[[str], bool] | None = None):
        self.base = base
        self._use = use
        """Per word id, how many cases use the word (32 bits: no more than there are cases)."""
        self.words = words
        self.known = known
        self._correctable = correctable

    @classmethod
    def of(cls, vocabulary: list[str], cases: Sequence[np.ndarray], base: frozenset[str] = frozenset(),
           correctable: Callable[[str], bool] | None = None) -> UsedWords:
        """From each case's word ids (`vocabulary` names the ids); `correctable` must be a module-level
        function (the snapshot cache pickles it with the index)."""
        use = _counts(cases, len(vocabulary))
        words = base.union(vocabulary[n] for n in np.flatnonzero(use).tolist())
        return cls(base, use, words, KnownWords(filter(correctable, words)), correctable)

    def updated(self, vocabulary: list[str], dropped: Sequence[np.ndarray], added: Sequence[np.ndarray]) -> UsedWords:
        """These words after a reload that `dropped` some cases' word ids and `added` others' (a changed case
        is both); `vocabulary` may have grown since, never reordered."""
        use = np.zeros(len(vocabulary), dtype=np.int32)
        use[:len(self._use)] = self._use
        use += _counts(added, len(vocabulary)) - _counts(dropped, len(vocabulary))
        was = np.zeros(len(vocabulary), dtype=bool)
        was[:len(self._use)] = self._use > 0
        now = use > 0
        appeared = {vocabulary[n] for n in np.flatnonzero(now & ~was).tolist()}
        vanished = {vocabulary[n] for n in np.flatnonzero(was & ~now).tolist()} - self.base
        if not appeared and not vanished:
            return UsedWords(self.base, use, self.words, self.known, self._correctable)
        return UsedWords(self.base, use, self.words.difference(vanished).union(appeared),
                         self.known.updated(set(filter(self._correctable, appeared - self.words)),
                                            set(filter(self._correctable, vanished))),
                         self._correctable)


def _counts(cases: Sequence[np.ndarray], size: int) -> np.ndarray:
    """Per word id, in how many of `cases` it is (each case lists a word once)."""
    if not cases:
        return np.zeros(size, dtype=np.int32)
    return np.bincount(np.concatenate(cases), minlength=size).astype(np.int32)
