"""The index's per-case filters, built once, say what reading each case would say."""
from __future__ import annotations

import numpy as np
import pytest

from bot.search.peers import of_types


@pytest.mark.parametrize("regions", [("Scotland",), ("Wales", "London"), ("East Midlands", "West Midlands"), ("Atlantis",)])
def test_in_regions_is_each_cases_regions(snapshot, regions):
    expected = [any(r in regions for r in case.regions) for case in snapshot.kb.cases]
    assert snapshot.index.in_regions(regions).tolist() == expected


def test_a_case_mask_is_built_once_and_cannot_be_changed(snapshot):
    types = ("County",)
    built = []

    def build():
        built.append(1)
        return of_types(snapshot.kb, types)

    first = snapshot.index.case_mask(("test-types", types), build)
    again = snapshot.index.case_mask(("test-types", types), build)
    assert again is first and len(built) == 1 and first.any()
    assert np.array_equal(first, of_types(snapshot.kb, types))
    with pytest.raises(ValueError):
        first[0] = not first[0]
