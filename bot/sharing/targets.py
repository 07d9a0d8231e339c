"""What a follow names: a theme, a nation or region, or an organisation, read from what someone typed.

Apart from `follow.py` (which tells followers about new cases, with asyncio) so that the command that reads
a target does not import an event loop into the terminal's `ask`.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..knowledge.base import KnowledgeBase
from ..knowledge.schema import REGIONS, CaseStudy

THEME, NATION, REGION, ORGANISATION = "theme", "nation", "region", "organisation"
NATIONS = {"england": "England", "scotland": "Scotland", "wales": "Wales", "northern ireland": "Northern Ireland"}
DEVOLVED = frozenset({"Scotland", "Wales", "Northern Ireland"})
ENGLISH_REGIONS = frozenset(REGIONS) - DEVOLVED - {"UK-wide"}
MIN_ORGANISATION_CHARS = 3


@dataclass(frozen=True)
class Target:
    kind: str
    value: str
    label: str


def read_target(text: str, kb: KnowledgeBase) -> Target | None:
    """What "follow TEXT" means: a theme (id or label), a nation, a region, or an organisation the library
    names; a close spelling of a theme last. None when it names nothing the library knows."""
    wanted = text.strip().strip("\"'“”").strip()
    lowered = wanted.lower()
    exact_theme = next((t for t in kb.themes if lowered in (t.id, t.label.lower())), None)
    if exact_theme:
        return Target(THEME, exact_theme.id, exact_theme.label)
    if lowered in NATIONS:
        return Target(NATION, NATIONS[lowered], NATIONS[lowered])
    region = next((r for r in REGIONS if r.lower() == lowered), None)
    if region:
        return Target(REGION, region, region)
    if len(lowered) >= MIN_ORGANISATION_CHARS:
        named = sorted({o for case in kb.cases for o in case.organisations if lowered in o.lower()}, key=len)
        if named:
            return Target(ORGANISATION, lowered, wanted if len(named) > 1 else named[0])
    theme = kb.theme_named(wanted)
    return Target(THEME, theme.id, theme.label) if theme else None


def matches(kind: str, value: str, case: CaseStudy) -> bool:
    if kind == THEME:
        return value in case.themes
    if kind == REGION:
        return value in case.regions
    if kind == NATION:
        return any(region in (ENGLISH_REGIONS if value == "England" else {value}) for region in case.regions)
    return any(value in organisation.lower() for organisation in case.organisations)
