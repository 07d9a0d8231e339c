"""Peer questions: "district councils that automated council tax", "what have London boroughs done on
damp?". A plural kind of council in the question limits the answer to cases by councils of that type, as
mySociety's register records it; the words naming the kind are not searched for as topic words.

Only plural forms count ("district councils", "counties"), so a council's own name ("Durham County
Council") never turns into a filter.
"""
from __future__ import annotations

import re

import numpy as np

from ..knowledge.base import KnowledgeBase
from ..knowledge.schema import Council
from .analyse import Unit

DISTRICTS = ("Non-metropolitan district", "Metropolitan district", "NI district")
UNITARIES = ("Unitary authority", "Scottish unitary authority", "Welsh unitary authority")
TYPE_WORDS = {
    "district councils": DISTRICTS, "districts": DISTRICTS, "district": DISTRICTS,
    "county councils": ("County",), "counties": ("County",), "county": ("County",),
    "unitary councils": UNITARIES, "unitaries": UNITARIES, "unitary authorities": UNITARIES, "unitary": UNITARIES,
    "london boroughs": ("London borough",),
    "metropolitan councils": ("Metropolitan district",), "metropolitan boroughs": ("Metropolitan district",),
    "metropolitan districts": ("Metropolitan district",),
}
"""Words that name a kind of council, and the register's types they mean."""
LIKE_MINE = re.compile(r"\b(like (mine|ours|us)|our size|my size|similar size|(similar|same) (sized?|type) councils?"
                       r"|councils? similar to (mine|ours|us))\b", re.IGNORECASE)
"""Words that ask for councils like the asker's: the same type and a similar size."""
SIMILAR_SIZE = 2.0
"""'A similar size' is within this factor of the asker's council's population, either way."""
_KIND = re.compile(r"\b(district|county|unitary|metropolitan) (councils|authorities|boroughs|districts)\b"
                   r"|\b(districts|counties|unitaries|london boroughs)\b")


def types_in(question: str) -> tuple[str, ...]:
    """The council types a question asks for (read from its text: the search drops "councils" as filler)."""
    types: list[str] = []
    for match in _KIND.finditer(question.lower()):
        phrase = match.group(0)
        types.extend(TYPE_WORDS.get(phrase if phrase in TYPE_WORDS else phrase.split()[0], ()))
    return tuple(dict.fromkeys(types))


def type_units(units: list[Unit]) -> set[int]:
    """Positions of the units that only name a kind of council, so they are not searched as the topic."""
    words = {w for phrase in TYPE_WORDS for w in phrase.split()} | {"councils", "authorities", "boroughs"}
    return {i for i, u in enumerate(units) if u.text in words}


def of_types(kb: KnowledgeBase, types: tuple[str, ...]) -> np.ndarray:
    """For each case, whether a council it names is of one of `types`."""
    return np.array([any(f.type_name in types for f in kb.council_facts(case)) for case in kb.cases], dtype=bool)


def asks_for_peers(question: str) -> bool:
    return bool(LIKE_MINE.search(question))


def like(kb: KnowledgeBase, council: Council) -> np.ndarray:
    """For each case, whether a council it names is of `council`'s type and within a factor of its size."""
    size = council.population

    def similar(facts) -> bool:
        if facts.type_name != council.type_name or facts.council.code == council.code:
            return False
        return not size or not facts.population or 1 / SIMILAR_SIZE <= facts.population / size <= SIMILAR_SIZE

    return np.array([any(similar(f) for f in kb.council_facts(case)) for case in kb.cases], dtype=bool)


def without_peer_words(question: str) -> str:
    """The question with its "councils like mine" words taken out: they say whose cases, not what about."""
    return " ".join(re.sub(r"\bcouncils?\b", " ", LIKE_MINE.sub(" ", question), flags=re.IGNORECASE).split())
