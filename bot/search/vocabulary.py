"""The curated vocabulary, compiled for matching: synonym phrases become concepts, aliases become full names.

A concept is a term such as "~waste" that every phrase of a synonym group also produces. Phrases are stored
as tuples of stems and matched longest first, so "saved money" is one concept rather than two loose words.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from .normalise import STOP_WORDS, question_words, stem, words

CONCEPT_PREFIX = "~"


def group_concept(group: tuple[str, ...]) -> str:
    """The concept every phrase of a group reads as, named after its first phrase ("~fly-tipping")."""
    return CONCEPT_PREFIX + "-".join(words(group[0]))


@dataclass(frozen=True)
class Vocabulary:
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    """Stemmed phrase -> concept term."""
    aliases: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    """Folded short form (words) -> the words it stands for."""
    longest_alias: int = 1
    surface_words: frozenset[str] = frozenset()
    """Every word the vocabulary knows, so fuzzy matching can correct a question towards it."""
    phrase_openings: frozenset[str | tuple[str, str]] = frozenset()
    """The stem of each one-word phrase and the first two stems of each longer one: a word can start a
    phrase only if it is one of the first or begins one of the second with the next word. Most words do
    neither, and are skipped at once (indexing 10,000 case studies looks at millions of words; their first
    stems alone, "the", "in", "council", began a phrase at half the words)."""
    alias_starts: frozenset[str] = frozenset()
    """First words of aliases: most words start none."""
    phrase_prefixes: frozenset[tuple[str, ...]] = frozenset()
    """Every phrase's shorter beginnings: a phrase is looked for only as long as the words so far begin one
    (bodies' names run to six words; trying every length at every start was a fifth of indexing)."""
    worded: dict[tuple[str, ...], frozenset[tuple[str, ...]]] = field(default_factory=dict)
    """Stemmed phrase -> the words it must be written in, for a phrase that counts only word for word: a
    body's name ("Improvement Service") is that body, "improved services" is not."""
    capitalised: frozenset[tuple[str, ...]] = frozenset()
    """The word-for-word phrases a question must also write with capitals, being ordinary words only:
    "London Councils" is a body, "London councils and AI" asks about councils in London."""
    written: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    """Concept -> its group's phrases as written (words), each word without a plural ending: whether a
    question names a topic or only a word that stems like one of its words (see `names_as_written`)."""
    joined: dict[str, str] = field(default_factory=dict)
    """A two-word phrase of a synonym group written as one word ("writeups", "signlanguage") -> the phrase
    ("write ups"): people close up compounds the groups write apart, and a closed form is often an English
    word of its own ("writeup"), which is never corrected, so it would count as a topic the base lacks."""

    def names_as_written(self, concept: str, text: str) -> bool:
        """`text` says one of the concept's phrases word for word, give or take plural endings. Stemming
        joins words of different senses: "idle software" stems like "idling" (engines), "coronation" like
        "coroners"; read by stem alone, such a question would name a topic it does not ask about."""
        said = tuple(map(_singular, question_words(text)))
        return any(said[i:i + len(phrase)] == phrase
                   for phrase in self.written.get(concept, ()) for i in range(len(said) - len(phrase) + 1))


def compile_vocabulary(synonyms: tuple[tuple[str, ...], ...], aliases: dict[str, str],
                       names: tuple[tuple[str, ...], ...] = (),
                       ordinary: Callable[[str], bool] = lambda word: False) -> Vocabulary:
    """`names` are groups like `synonyms` whose phrases count only as written (see `Vocabulary.worded`); a
    phrase a synonym group already has keeps its concept and counts however written. A name whose every
    word is `ordinary` counts in a question only written with capitals."""
    phrases: dict[tuple[str, ...], str] = {}
    surface: set[str] = set()
    as_written: dict[str, set[tuple[str, ...]]] = {}
    worded: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for group in names:
        concept = group_concept(group)
        for phrase in group:
            written = tuple(words(phrase))
            key = tuple(map(stem, written))
            if key and phrases.setdefault(key, concept) == concept:
                worded.setdefault(key, set()).add(written)
                surface.update(written)
    stop_stems = _stop_stems()
    like_a_stop_word: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    joined: dict[str, str] = {}
    for group in synonyms:
        concept = group_concept(group)
        for phrase in (wording for written in group for wording in _said_of_software(written)):
            spelt = words(phrase)
            if len(spelt) == 2 and all(w.isalpha() for w in spelt):  # not "24/7": 247 is a number
                joined.setdefault("".join(spelt), " ".join(spelt))
            for tokens in (spelt, question_words(phrase)):  # "e-forms" as a case and a question say it
                surface.update(tokens)
                as_written.setdefault(concept, set()).add(tuple(map(_singular, tokens)))
                key = tuple(stem(t) for t in tokens)
                if key:
                    if worded.pop(key, None) is not None:
                        phrases[key] = concept  # a synonym group's phrase, however it is written
                    phrases.setdefault(key, concept)
                    if len(key) == 1 and key[0] in stop_stems:
                        like_a_stop_word.setdefault(key, set()).add(tuple(tokens))
    worded.update(like_a_stop_word)
    alias_map = {}
    for short, full in aliases.items():
        key = tuple(words(short))
        if key:
            alias_map[key] = tuple(words(full))
            surface.update(key)
            surface.update(alias_map[key])
    return Vocabulary(
        phrases=phrases,
        aliases=alias_map,
        longest_alias=max((len(k) for k in alias_map), default=1),
        surface_words=frozenset(surface),
        phrase_openings=frozenset(k[0] if len(k) == 1 else (k[0], k[1]) for k in phrases),
        alias_starts=frozenset(k[0] for k in alias_map),
        phrase_prefixes=frozenset(k[:n] for k in phrases for n in range(1, len(k))),
        worded={key: frozenset(wordings) for key, wordings in worded.items()},
        capitalised=frozenset(key for key, wordings in worded.items() if key not in like_a_stop_word
                              and all(ordinary(w) for wording in wordings for w in wording)),
        written={concept: frozenset(phrases) for concept, phrases in as_written.items()},
        joined={closed: phrase for closed, phrase in joined.items() if closed not in surface},
    )


def _said_of_software(phrase: str) -> tuple[str, ...]:
    """A phrase for a kind of system, and the same said of its software: people say "finance and HR software"
    or "case management software" as often as "... system", and a group that lists one rarely lists both."""
    head, _space, last = phrase.rpartition(" ")
    return (phrase, f"{head} software") if head and last in ("system", "systems") else (phrase,)


def _singular(word: str) -> str:
    """A word without a plural ending ("landslips", "bailiffs", "marriages"): enough to compare as written."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@cache
def _stop_stems() -> frozenset[str]:
    """The stems of the stop words (a constant list: stemmed once per process, not at every reload). A
    one-word phrase of a synonym group that stems like one counts only as the group writes it: "we'd"
    (stemmed "wed") is no "wedding", and "awful" (stemmed "aw") no "AWS"."""
    return frozenset(map(stem, STOP_WORDS))


def expand_aliases(tokens: list[tuple[str, float]], vocabulary: Vocabulary) -> list[tuple[str, float]]:
    """Replace short forms ("lbhf") with the words they stand for, longest first; qualities ride along."""
    if not vocabulary.aliases:
        return tokens
    out: list[tuple[str, float]] = []
    i = 0
    while i < len(tokens):
        if tokens[i][0] not in vocabulary.alias_starts:
            out.append(tokens[i])
            i += 1
            continue
        for size in range(min(vocabulary.longest_alias, len(tokens) - i), 0, -1):
            full = vocabulary.aliases.get(tuple(t for t, _q in tokens[i : i + size]))
            if full:
                quality = min(q for _t, q in tokens[i : i + size])
                out.extend((word, quality) for word in full)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out
