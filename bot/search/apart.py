"""A word written joined up that the base writes apart, or with a hyphen it writes without.

People join words the cases keep apart ("notetaker" for note taker, "helpdesk", "webcasting") and hyphenate
words the cases write whole ("e-books" for the base's "ebooks"). Such a word is in no case and in no
dictionary, so it weighed as a topic the base lacks and the question was declined, though its parts are the
asker's own words, only spaced differently. Read as the base writes it, it counts as those words do, in the
ranking and in the decision to answer alike (unlike a WordNet relative, which only ranks: bridge.py).

Only a word that neither the base nor English knows is read so (the caller checks): "weekend" or "firework"
is a word of its own, not "week end" or "fire work", and a council's name is a name.
"""
from __future__ import annotations

from collections.abc import Container

from .english import inflects, is_english
from .normalise import is_stop_word

MIN_PART = 3
"""The shortest part a joined word is split into: shorter parts ("e", "on", "ad") split almost any word."""


def written_apart(word: str, known: Container[str], english: Container[str]) -> str | None:
    """`word` as the base writes it, words separated by a space, or None when there is no one such reading:
    a prefixed word without its hyphen ("e-books": "ebooks"), a joined one with it ("elearning":
    "e-learning"), or a joined word as the two words it is made of, both English words or the base's and
    at least one the base's ("notetaker": "note taker"; "helpdesk": "help desk"), a split into two of the
    base's words preferred; not two stop words, and not a word that splits more than one best way."""
    if "-" in word:
        joined = word.replace("-", "")
        return joined if joined in known else None
    if f"{word[:1]}-{word[1:]}" in known:
        return f"{word[:1]}-{word[1:]}"
    if inflects(word, english):
        return None  # "pretending" is a form of an English word, not "pretend ing"
    splits: dict[int, list[tuple[str, str]]] = {}
    for head, tail in ((word[:i], word[i:]) for i in range(MIN_PART, len(word) - MIN_PART + 1)):
        used = (head in known) + (tail in known)
        if used and all(p in known or is_english(p, known=english) for p in (head, tail)) \
                and not (is_stop_word(head) and is_stop_word(tail)):
            splits.setdefault(used, []).append((head, tail))
    best = splits.get(2) or splits.get(1) or []
    return " ".join(best[0]) if len(best) == 1 else None
