"""The index's per-case filters, built once, say what reading each case would say."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("regions", [("Scotland",), ("Wales", "London"), ("East Midlands", "West Midlands"), ("Atlantis",)])
def test_in_regions_is_each_cases_regions(snapshot, regions):
    expected = [any(r in regions for r in case.regions) for case in snapshot.kb.cases]
    assert snapshot.index.in_regions(regions).tolist() == expected


TYPES = [("County",), ("London borough",), ("Non-metropolitan district", "Metropolitan district"), ("Atlantis",)]


@pytest.mark.parametrize("types", TYPES)
def test_of_types_is_each_cases_councils_types(snapshot, types):
    """A case is of a type when a council it names is, or the members of a partnership it names are."""
    kb = snapshot.kb
    expected = [any(f.type_name in types for f in kb.council_facts(case))
                or any(t in types for o in case.resolved if o.body is not None for t in o.body.member_types)
                for case in kb.cases]
    assert snapshot.index.councils.of_types(types).tolist() == expected
    assert any(expected) or types == ("Atlantis",)
