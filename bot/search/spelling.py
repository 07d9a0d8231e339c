"""Known words grouped by length with the set of letters each has, so a misspelt word is compared with few.

Spelling correction compared an unknown word with every known word of a similar length (50,000 at 100,000
cases). A word within k edits (insertions, deletions, substitutions, swaps of neighbours) of another has at
most 2k letters that one of the two has and the other lacks (a substitution can drop one letter and bring
one, an insertion or a deletion one, a swap none), so comparing letter sets first, as 36-bit masks for all
words of a length at once, rules out most of them without changing which words are near. (Letter counts,
compared the same way, ruled out a few more words but took six times as long: 0.5 ms of a typo question at
10,000 cases, and 36 bytes a word against the mask's 8.)
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np

_ALPHABET = 36
"""a-z, then 0-9: the characters words are made of (normalise.words)."""


def letter_masks(words: list[str]) -> np.ndarray:
    """One 36-bit mask per word (a non-empty one): which characters it has."""
    codes = np.frombuffer("".join(words).encode("ascii"), dtype=np.uint8).astype(np.int64)
    columns = np.where(codes >= ord("a"), codes - ord("a"), codes - ord("0") + 26).astype(np.uint64)
    starts = np.cumsum([0] + [len(w) for w in words[:-1]])
    return np.bitwise_or.reduceat(np.left_shift(np.uint64(1), columns), starts)


class KnownWords:
    """The words spelling correction may choose from, by length, with their letter masks."""

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
        mask = letter_masks([word])[0]
        out: list[str] = []
        for size in range(len(word) - edits, len(word) + edits + 1):
            group = self._by_length.get(size)
            if group is not None:
                found, masks = group
                out.extend(found[n] for n in np.flatnonzero(np.bitwise_count(masks ^ mask) <= 2 * edits).tolist())
        return out


def _group(words: list[str]) -> tuple[list[str], np.ndarray]:
    """Words of one length with their letter masks."""
    return words, letter_masks(words)
