"""Peer questions: "district councils that automated council tax", "what have London boroughs done on
damp?". A plural kind of council in the question limits the answer to cases by councils of that type, as
mySociety's register records it; the words naming the kind are not searched for as topic words.

Only plural forms count ("district councils", "counties"), so a council's own name ("Durham County
Council") never turns into a filter.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy as np

from ..knowledge.base import KnowledgeBase
from ..knowledge.schema import CaseStudy, Council
from .analyse import Unit
from .case_rows import CaseRows
from .postings import Renumbering

DISTRICTS = ("Non-metropolitan district", "Metropolitan district", "NI district")
UNITARIES = ("Unitary authority", "Scottish unitary authority", "Welsh unitary authority")
TYPE_WORDS = {
    "district councils": DISTRICTS, "districts": DISTRICTS, "district": DISTRICTS,
    "county councils": ("County",), "counties": ("County",), "county": ("County",),
    "unitary councils": UNITARIES, "unitaries": UNITARIES, "unitary authorities": UNITARIES, "unitary": UNITARIES,
    "london boroughs": ("London borough",), "london borough": ("London borough",),
    "metropolitan councils": ("Metropolitan district",), "metropolitan boroughs": ("Metropolitan district",),
    "metropolitan districts": ("Metropolitan district",), "metropolitan borough": ("Metropolitan district",),
}
"""Words that name a kind of council, and the register's types they mean."""
LIKE_MINE = re.compile(r"\b(like (mine|ours|us)|our size|my size|similar size|(similar|same) (sized?|type) councils?"
                       r"|councils? similar to (mine|ours|us))\b", re.IGNORECASE)
"""Words that ask for councils like the asker's: the same type and a similar size."""
SIMILAR_SIZE = 2.0
"""'A similar size' is within this factor of the asker's council's population, either way."""
_KIND = re.compile(r"(?<!\bits )(?<!\btheir )(?<!\bour )(?<!\bmy )"
                   r"(?:\b(district|county|unitary|metropolitan) (councils|authorities|boroughs|districts)\b"
                   r"|\b(districts|counties|unitaries|london boroughs)\b"
                   r"|(?:(?<=\bwhich )|(?<=\bany )|(?<=\bhas a )|(?<=\bdid a )|(?<=\bis there a ))"
                   r"(?:london borough|metropolitan borough"
                   r"|(?:district|county|unitary) (?:council|authority))\b)")
"""A plural kind of council, or a singular one asked for ("which London borough ...?", "has any district
council ...?", "has a county council ...?"; "a London borough" is more often the asker's own, and "which
district heating scheme" asks for none), unless it is something's own ("a county and its districts", "the
boroughs and their districts") or the asker's ("we're merging with our districts"): those are parts of
what the asker describes, not the councils asked about."""


def types_in(question: str) -> tuple[str, ...]:
    """The council types a question asks for (read from its text: the search drops "councils" as filler)."""
    types: list[str] = []
    for match in _KIND.finditer(question.lower()):
        phrase = match.group(0)
        types.extend(TYPE_WORDS.get(phrase if phrase in TYPE_WORDS else phrase.split()[0], ()))
    return tuple(dict.fromkeys(types))


def type_units(units: list[Unit], types: tuple[str, ...]) -> set[int]:
    """Positions of the units that only name one of the kinds of council asked for (`types`), so they are
    not searched as the topic. A word naming another kind stays a topic word: in "district councils sharing
    a service with a unitary" only the districts are asked for, and "unitary" is whom they share with (shown
    as found in a district's organisations, it would not be true). A question about reorganisation filters
    on no kind at all (intent.REORGANISATION)."""
    return {i for i, u in enumerate(units) if not _TYPES_OF_WORD.get(u.text, frozenset()).isdisjoint(types)}


def _types_of_words() -> dict[str, frozenset[str]]:
    """Each word of TYPE_WORDS' phrases, with the types the phrases it is in name; "councils",
    "authorities" and "boroughs" name every type."""
    found: dict[str, set[str]] = {}
    for phrase, types in TYPE_WORDS.items():
        for word in phrase.split():
            found.setdefault(word, set()).update(types)
    every = {t for types in TYPE_WORDS.values() for t in types}
    for word in ("councils", "authorities", "boroughs"):
        found.setdefault(word, set()).update(every)
    return {word: frozenset(types) for word, types in found.items()}


_TYPES_OF_WORD = _types_of_words()


def asks_for_peers(question: str) -> bool:
    return bool(LIKE_MINE.search(question))


class CouncilRows:
    """Each council a case names, with its type and population, and the member type of each partnership of
    councils it names, as rows: what peer filters read, in array operations rather than a pass over every
    case per question (see case_rows)."""

    def __init__(self, kb: KnowledgeBase | None = None):
        self._types: dict[str, int] = {}
        self._codes: dict[str, int] = {}
        cases = kb.cases if kb is not None else ()
        self._rows = CaseRows(len(cases), (np.int16, np.float64, np.int32),
                              self._named(kb, enumerate(cases)) if kb is not None else ())

    def updated(self, kb: KnowledgeBase, renumbering: Renumbering) -> CouncilRows:
        """These rows after a reload: only the added cases are read (the register is unchanged, or the index
        is built afresh)."""
        table = CouncilRows()
        table._types, table._codes = dict(self._types), dict(self._codes)
        added = table._named(kb, ((n, kb.cases[n]) for n in renumbering.added))
        table._rows = self._rows.updated(len(kb.cases), renumbering, added)
        return table

    def _named(self, kb: KnowledgeBase, numbered: Iterable[tuple[int, CaseStudy]]) -> Iterator[tuple]:
        """Rows of the councils a case names, and of the member types of the partnerships it names (with no
        population, and a code of -1: a partnership is no council "like" the asker's)."""
        for number, case in numbered:
            for organisation in case.resolved:
                for type_name in organisation.body.member_types if organisation.body is not None else ():
                    yield number, self._types.setdefault(type_name, len(self._types)), float("nan"), -1
            for facts in kb.council_facts(case):
                yield (number, self._types.setdefault(facts.type_name, len(self._types)),
                       float(facts.population or "nan"), self._codes.setdefault(facts.council.code, len(self._codes)))

    def of_types(self, types: tuple[str, ...]) -> np.ndarray:
        """For each case, whether a council it names, or a partnership's members, are of one of `types`."""
        kinds = self._rows.columns[0]
        return self._rows.cases_where(np.isin(kinds, [self._types[t] for t in types if t in self._types]))

    def like(self, council: Council) -> np.ndarray:
        """For each case, whether a council it names (not `council` itself) is of `council`'s type and
        within a factor of its size (any size, where either population is unknown)."""
        kinds, population, codes = self._rows.columns
        chosen = (kinds == self._types.get(council.type_name, -1)) & (codes != self._codes.get(council.code, -1)) \
            & (codes >= 0)
        size = council.population
        if size:
            ratio = population / size
            chosen &= np.isnan(population) | ((1 / SIMILAR_SIZE <= ratio) & (ratio <= SIMILAR_SIZE))
        return self._rows.cases_where(chosen)


def without_peer_words(question: str) -> str:
    """The question with its "councils like mine" words taken out: they say whose cases, not what about."""
    return " ".join(re.sub(r"\bcouncils?\b", " ", LIKE_MINE.sub(" ", question), flags=re.IGNORECASE).split())
