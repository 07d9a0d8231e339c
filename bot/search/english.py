"""Which words are real English words, so spelling correction never turns one into another.

Two lists, read once on first use: `english-words`' GCIDE list (the Collaborative International Dictionary
of English, about 114,000 head words) and, for the words GCIDE lacks, `pyspellchecker`'s English
word frequencies (words seen in modern text). GCIDE is old: it lacks "intranet", which was read as
"internet". Head words carry no regular plurals, so "parcels" counts as real because "parcel" is; the
modern list has the other inflections people write ("sending", "breaching", "rooting"), which are words in
their own right however near a word of the base ("spending", "reaching", "routing"). A question word the
knowledge base does not know but English does ("dragon", "parcels", "intranet") is left as it is: it weighs
against every case instead of being read as some other word the base happens to contain.

The list is held as a `marisa_trie.Trie`: as a set of strings its 153,000 words held 16 MB of every
instance's memory and took a third of a second to unpickle from the snapshot cache; the trie holds them in
under half a megabyte, unpickles in a millisecond, and answers "is this a word" in under a microsecond.
"""
from __future__ import annotations

import gzip
import re
from collections.abc import Container
from functools import lru_cache

import marisa_trie


@lru_cache(maxsize=1)
def english_words() -> marisa_trie.Trie:
    """The English list, built once per process (half a second) and kept with the search index."""
    try:
        from english_words import get_english_words_set
    except ImportError:  # the package is a dependency; without it, only the base's own words count as real
        return marisa_trie.Trie()
    head_words = frozenset(get_english_words_set(["gcide"], lower=True, alpha=True))
    return marisa_trie.Trie(head_words | modern_words())


def modern_words() -> frozenset[str]:
    """The words of pyspellchecker's English frequency list (each seen at least 50 times in its sources)."""
    from importlib import resources  # only when the list is built: a start from the snapshot cache has it

    try:
        data = resources.files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
    except ModuleNotFoundError:  # a dependency too; without it, GCIDE alone
        return frozenset()
    # The keys of its JSON object that are plain letters, found by a pattern rather than by decoding the whole
    # object and testing each key: the same words in half the time (30 ms less of every cold start).
    return frozenset(_PLAIN_KEY.findall(gzip.decompress(data).decode("utf-8")))


_PLAIN_KEY = re.compile(r'"([A-Za-z]+)":')
"""A key of the frequency list's JSON object ("word": count) made of ASCII letters only."""


_ENDINGS = ("s", "es", "d", "ed", "ing", "er", "ers", "ly")


def inflects(word: str, head_words: Container[str]) -> bool:
    """`word` is a head word with a regular ending ("rooting", "scared"; a final "e" dropped or a last
    consonant doubled before it)."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            base = word[: -len(ending)]
            if base in head_words or base + "e" in head_words or (base[-1:] == base[-2:-1] and base[:-1] in head_words):
                return True
    return False


_BRITISH = re.compile(r"(?<=[a-z]{3})(?:is|ys)(?=(?:e|es|ed|ing|ation|ations|er|ers)$)")
"""The "-ise"/"-yse" of a British spelling ("modernise", "organisations", "analysed"), before its ending."""


def is_english(word: str, extra: Container[str] = frozenset(), known: Container[str] | None = None) -> bool:
    """`word`, or the singular of a regular plural of it, or its "-ize" spelling, is in the English list
    (`known`, else read here) or in `extra`."""
    known = english_words() if known is None else known
    candidates = [word]
    if _BRITISH.search(word):  # the lists spell "-ize": "modernise" and "analysed" are English too
        candidates.append(_BRITISH.sub(lambda m: m.group(0).replace("s", "z"), word))
    if len(word) > 3 and word.endswith("s"):
        candidates.append(word[:-1])
        if word.endswith("es"):
            candidates.append(word[:-2])
        if word.endswith("ies"):
            candidates.append(word[:-3] + "y")
    return any(c in known or c in extra for c in candidates)
