"""Which words are real English words, so spelling correction never turns one into another.

Two lists, read once on first use: `english-words`' GCIDE list (the Collaborative International Dictionary
of English, about 114,000 head words) and, for the words GCIDE lacks, `pyspellchecker`'s English
word frequencies (words seen in modern text). GCIDE is old: it lacks "intranet", which was read as
"internet". Head words carry no regular plurals, so "parcels" counts as real because "parcel" is; the
modern list has the other inflections people write ("sending", "breaching", "rooting"), which are words in
their own right however near a word of the base ("spending", "reaching", "routing"). A question word the
knowledge base does not know but English does ("dragon", "parcels", "intranet") is left as it is: it weighs
against every case instead of being read as some other word the base happens to contain.

The list is held as a `marisa_trie.RecordTrie`: as a set of strings its 153,000 words held 16 MB of every
instance's memory and took a third of a second to unpickle from the snapshot cache; the trie holds them in
under a megabyte, unpickles in a millisecond, and answers "is this a word" in under a microsecond. Each word
keeps how often pyspellchecker's sources use it (0 for a GCIDE word they lack): of two words of the base
equally near a misspelling, the commoner is the likelier meant ("intrnet" is "internet", not "intranet").
"""
from __future__ import annotations

import gzip
import re
from collections.abc import Container
from functools import lru_cache
from string import ascii_lowercase
from typing import TYPE_CHECKING, TypeAlias

import marisa_trie

if TYPE_CHECKING:
    from spellchecker import SpellChecker

English: TypeAlias = marisa_trie.RecordTrie
"""English words, each with its use count as a one-item record (see `uses`)."""

_COUNT = "<I"
"""A use count's record format: one unsigned 32-bit integer."""


@lru_cache(maxsize=1)
def english_words() -> English:
    """The English list, built once per process (half a second) and kept with the search index."""
    modern = modern_words()
    try:
        from english_words import get_english_words_set
    except ImportError:  # the package is a dependency; without it, only the base's own words count as real
        head_words: frozenset[str] = frozenset()
    else:
        head_words = frozenset(get_english_words_set(["gcide"], lower=True, alpha=True))
    return marisa_trie.RecordTrie(_COUNT, [*((w, (0,)) for w in head_words - modern.keys()),
                                           *((w, (n,)) for w, n in modern.items())])


def modern_words() -> dict[str, int]:
    """The words of pyspellchecker's English frequency list (each seen at least 50 times in its sources), with
    how many times."""
    from importlib import resources  # only when the list is built: a start from the snapshot cache has it

    try:
        data = resources.files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
    except ModuleNotFoundError:  # a dependency too; without it, GCIDE alone
        return {}
    # The plain-letter entries of its JSON object, found by a pattern rather than by decoding the whole object
    # and testing each key: the same words in half the time (30 ms less of every cold start).
    counts: dict[str, int] = {}
    for word, count in _PLAIN_ENTRY.findall(gzip.decompress(data).decode("utf-8")):
        word = word.lower()
        counts[word] = counts.get(word, 0) + int(count)
    return counts


_PLAIN_ENTRY = re.compile(r'"([A-Za-z]+)": (\d+)')
"""An entry of the frequency list's JSON object ("word": count) whose word is made of ASCII letters only."""


def one_slip_from(word: str, english: English) -> list[str]:
    """The words of modern English (`uses` above 0) that `word` is one slip from: a letter of theirs left out
    or added (doubled, say), or two neighbours swapped. A letter changed is no such slip here: it turns a
    real word the lists lack into another far too often ("resize" into "reside"). The slips are written out
    by pyspellchecker's edit generator and each looked up (the trie has no search by distance); this is asked
    only of a misspelling the base's own words are not one slip from."""
    return sorted(w for w in _slip_writer().edit_distance_1(word)
                  if w != word and (len(w) != len(word) or sorted(w) == sorted(word)) and uses(w, english) > 0)


@lru_cache(maxsize=1)
def _slip_writer() -> SpellChecker:
    """pyspellchecker with no dictionary: only its edit generator is used (its English list is read once,
    into `english_words`). The generator writes slips with the letters of the words it holds, and looks at
    words up to three letters longer than its longest: it holds the alphabet as one word."""
    from spellchecker import SpellChecker

    writer = SpellChecker(language=None)
    writer.word_frequency.load_words([ascii_lowercase])
    return writer


def uses(word: str, english: English) -> int:
    """How often English text uses `word` (pyspellchecker's count), 0 when the list lacks it."""
    found = english.get(word)
    return found[0][0] if found else 0


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
