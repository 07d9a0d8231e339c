"""The UK's nations and England's regions as questions name them, and the knowledge base's regions they mean."""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..knowledge.schema import Council
from .normalise import words

ENGLAND = ("North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands", "East of England",
           "London", "South East", "South West")
"""England's regions, as the knowledge base names them."""
NATIONS = ("Scotland", "Wales", "Northern Ireland")
"""The nations whose cases the knowledge base tags with the nation itself (England's by its regions)."""
REGION_WORDS = {
    "england": ENGLAND,
    "scotland": ("Scotland",), "scottish": ("Scotland",), "scots": ("Scotland",),
    "wales": ("Wales",), "welsh": ("Wales",), "cymru": ("Wales",),
    "ni": ("Northern Ireland",),
    "northern ireland": ("Northern Ireland",), "northern irish": ("Northern Ireland",),
    "london": ("London",),
    "north east": ("North East",), "north west": ("North West",),
    "south east": ("South East",), "south west": ("South West",),
    "east of england": ("East of England",), "east england": ("East of England",), "east anglia": ("East of England",),
    "east midlands": ("East Midlands",), "west midlands": ("West Midlands",),
    "midlands": ("East Midlands", "West Midlands"),
    "yorkshire": ("Yorkshire and the Humber",), "humber": ("Yorkshire and the Humber",),
}
"""Words that name a UK nation or English region, and the knowledge base's regions they mean."""
REGION = re.compile(r"\b(" + "|".join(sorted(map(re.escape, REGION_WORDS), key=len, reverse=True)) + r")\b")
"""A nation's or region's name in a (lower-case) question."""

KIND_WORDS = frozenset("council borough district county city metropolitan royal of and the".split())
"""Words of a council's name that say what kind of council it is, not where: "Glasgow City Council" is
Glasgow's."""


def towns(councils: Iterable[Council]) -> dict[str, str]:
    """Each council's place, as its names read (lower case, with and without the words of its kind), to the
    REGION_WORDS name of its nation or English region: what an asker's "I run a charity in Glasgow" says
    about where they are. A place two councils of different regions share, or that is itself a region's
    name, is left out."""
    councils = list(councils)
    inside: dict[str, set[str | None]] = {}
    for council in councils:
        for area in council.within:
            inside.setdefault(area, set()).add(_place_of(council))
    found: dict[str, set[str]] = {}
    for council in councils:
        place = _place_of(council)
        theirs = inside.get(council.nice_name, set()) - {None}
        if len(theirs) == 1 and place not in theirs:  # the register's region for a county that none of its
            place = next(iter(theirs))  # districts share (Derbyshire's "West Midlands"): theirs is right
        if place is None:
            continue
        for name in council.names:
            named = words(name)
            for key in {" ".join(named), " ".join(w for w in named if w not in KIND_WORDS)}:
                if key and key not in REGION_WORDS:
                    found.setdefault(key, set()).add(place)
    return {key: next(iter(places)) for key, places in found.items() if len(places) == 1}


def _place_of(council: Council) -> str | None:
    """The REGION_WORDS name of the council's nation, or of its region in England (None: not recorded)."""
    return _REGION_NAMES.get((council.nation if council.nation != "England" else council.region or "").lower())


_REGION_NAMES = {**{region.lower(): word for word, (region, *more) in REGION_WORDS.items() if not more
                    and word == region.lower()}, "yorkshire and the humber": "yorkshire"}
"""The register's nations and regions (lower case) to their REGION_WORDS names."""
