"""Known words grouped by length with their letter counts, so a misspelt word is compared with few of them.

Spelling correction compared an unknown word with every known word of a similar length (50,000 at 100,000
cases). A word within k edits (insertions, deletions, substitutions, swaps of neighbours) of another has
letter counts that differ by at most 2k in all (a substitution moves two counts by one, an insertion or a
deletion one, a swap none), so comparing counts first, for all words of a length at once, rules out most
of them without changing which words are near.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np

_ALPHABET = 36
"""a-z, then 0-9: the characters words are made of (normalise.words)."""


def letter_counts(words: list[str]) -> np.ndarray:
    """One row per word: how many of each character it has."""
    codes = np.frombuffer("".join(words).encode("ascii"), dtype=np.uint8).astype(np.int64)
    columns = np.where(codes >= ord("a"), codes - ord("a"), codes - ord("0") + 26)
    rows = np.repeat(np.arange(len(words)), [len(w) for w in words])
    return np.bincount(rows * _ALPHABET + columns, minlength=len(words) * _ALPHABET).reshape(len(words), _ALPHABET)


class KnownWords:
    """The words spelling correction may choose from, by length, with their letter counts."""

    def __init__(self, words: Iterable[str]):
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in words:
            by_length[len(word)].append(word)
        self._by_length = {size: _group(found) for size, found in by_length.items()}

    def updated(self, added: set[str], removed: set[str]) -> KnownWords:
        """These words with `added` (not yet known) and without `removed`: only the groups of their lengths
        are built again (a reload's one edited case changes a few words of 40,000)."""
        known = KnownWords(())
        known._by_length = dict(self._by_length)
        for size in {len(w) for w in added | removed}:
            kept = self._by_length[size][0] if size in self._by_length else []
            found = [w for w in kept if w not in removed]
            found += sorted(w for w in added if len(w) == size)
            if found:
                known._by_length[size] = _group(found)
            else:
                known._by_length.pop(size, None)
        return known

    def near(self, word: str, edits: int) -> list[str]:
        """The words whose length and letters could be within `edits` edits of `word` (a superset of those
        that are: the edits are counted afterwards)."""
        counts = letter_counts([word])[0].astype(np.int16)
        out: list[str] = []
        for size in range(len(word) - edits, len(word) + edits + 1):
            group = self._by_length.get(size)
            if group is not None:
                found, table = group
                out.extend(found[n] for n in np.flatnonzero(np.abs(table - counts).sum(axis=1) <= 2 * edits).tolist())
        return out


def _group(words: list[str]) -> tuple[list[str], np.ndarray]:
    """Words of one length with their letter counts, in a byte each where the length allows (no count then
    exceeds 255): half the memory of 16 bits, and `near` compares them as fast (its word's counts are 16-bit,
    so the differences are)."""
    return words, letter_counts(words).astype(np.uint8 if len(words[0]) <= 255 else np.int16)
