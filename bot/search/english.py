"""Which words are real English words, so spelling correction never turns one into another.

The list is `english-words`' GCIDE list (the Collaborative International Dictionary of English, about
114,000 head words, shipped inside the PyPI package), read once on first use. Head words carry no regular
plurals, so "parcels" counts as real because "parcel" is. A question word the knowledge base does not know
but English does ("dragon", "parcels", "laptop") is left as it is: it weighs against every case instead of
being read as some other word the base happens to contain.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    try:
        from english_words import get_english_words_set
    except ImportError:  # the package is a dependency; without it, only the base's own words count as real
        return frozenset()
    return frozenset(get_english_words_set(["gcide"], lower=True, alpha=True))


def is_english(word: str, extra: frozenset[str] | set[str] = frozenset()) -> bool:
    """`word`, or the singular of a regular plural of it, is in the English list or in `extra`."""
    known = english_words()
    candidates = [word]
    if len(word) > 3 and word.endswith("s"):
        candidates.append(word[:-1])
        if word.endswith("es"):
            candidates.append(word[:-2])
        if word.endswith("ies"):
            candidates.append(word[:-3] + "y")
    return any(c in known or c in extra for c in candidates)
