"""An organisation the question names is a filter composed with the topic, as a region is.

"Outer Hebrides council hacked: how long did recovery take?" asks what that council did. Ranked on the
topic alone, two other councils' recovery stories came first: they say more of the question's other words,
and BM25 cannot read "Outer Hebrides" as Comhairle nan Eilean Siar. So when the question names an
organisation (`SearchIndex.names_an_organisation`) and a case of it (the name in its title or organisations)
also matches something else the question asks, only such cases are ranked. Where none does ("Wrexham
weather"), the name is one more word of the question and the ranking is as before.
"""
from __future__ import annotations

import numpy as np

from .analyse import Unit
from .index import FIELD_NUMBERS, SearchIndex

NAMING_FIELDS = np.array([FIELD_NUMBERS["title"], FIELD_NUMBERS["organisations"]], dtype=np.int8)
"""Where a case says it is the named organisation's own: a mention in the summary ("funded by the Scottish
Government") is not."""
AREAS = FIELD_NUMBERS["areas"]
"""Where a case says the areas its councils lie within, which a county's or combined authority's name names too."""


def of_named(candidates: np.ndarray, units: list[Unit], fields: list[np.ndarray], qualities: list[np.ndarray],
             index: SearchIndex) -> np.ndarray:
    """The candidates that are a named organisation's cases and match more than its name, or all of them
    when there are none (the question names no organisation, or none of its cases has the topic)."""
    names = [index.names_an_organisation(unit) for unit in units]
    if not any(names):
        return candidates
    named = np.zeros(candidates.size, dtype=bool)
    more = np.zeros(candidates.size, dtype=bool)
    for unit, is_name, field, quality in zip(units, names, fields, qualities):
        if is_name:
            named |= np.isin(field[candidates], NAMING_FIELDS)
            if index.names_an_area(unit):  # "a council in Kent": Kent's districts' cases are Kent's too
                named |= field[candidates] == AREAS
        else:
            more |= quality[candidates] > 0
    inside = candidates[named & more]
    return inside if inside.size else candidates
