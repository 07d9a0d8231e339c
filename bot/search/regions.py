"""The UK's nations and England's regions as questions name them, and the knowledge base's regions they mean."""
from __future__ import annotations

import re

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
