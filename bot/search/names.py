"""Organisation names as search phrases: every multi-word name of a council or other body a case names.

Without them "what has West Suffolk done?" is two loose words, and "Suffolk" in a county-wide case's title
outweighs the case its former councils did together. As a phrase, "West Suffolk" is one unit that only the
council's own names match (a case indexes the names of its councils and of their successors), and all of a
council's names mean the same thing ("City of Westminster", "Westminster City Council").

A body's name ("Improvement Service", "Zero Waste Scotland") is mostly words that say what it does, which a
case indexes as such rather than as who did the work (a question about waste is not about that body). As a
phrase, its full name still names it: "what has the Improvement Service done?" finds its cases.
"""
from __future__ import annotations

from ..knowledge.base import KnowledgeBase
from .normalise import words


def council_name_groups(kb: KnowledgeBase) -> tuple[tuple[str, ...], ...]:
    """One synonym group per council named by a case (or in place of one), of its multi-word names: the
    register's and our additions' ("Outer Hebrides", the islands the Western Isles council serves)."""
    groups: dict[str, tuple[str, ...]] = {}
    for case in kb.cases:
        for organisation in case.resolved:
            for council in (organisation.council, *organisation.successors):
                if council is None or council.code in groups:
                    continue
                own = (organisation.name,) if council is organisation.council else ()  # "Westminster City Council"
                ours = tuple(name for name, code in kb.registry.other_names.items() if code == council.code)
                names = tuple(dict.fromkeys(" ".join(words(n)) for n in (*council.names, *ours, *own)
                                            if len(words(n)) > 1))
                if len(names) >= 1:
                    groups[council.code] = names
    return tuple(groups.values())


def body_name_groups(kb: KnowledgeBase) -> tuple[tuple[str, ...], ...]:
    """One synonym group per body (an organisation that is not a council) named by a case, of its multi-word
    names: its own, its other names and any a case calls it by."""
    names: dict[str, list[str]] = {}
    for case in kb.cases:
        for organisation in case.resolved:
            if organisation.body is not None:
                names.setdefault(organisation.body.name, [organisation.body.name, *organisation.body.alt_names]) \
                    .append(organisation.name)
    groups = (tuple(dict.fromkeys(" ".join(words(n)) for n in group if len(words(n)) > 1)) for group in names.values())
    return tuple(group for group in groups if group)
