"""The index's per-case filters, built once, say what reading each case would say."""
from __future__ import annotations

import pytest

from bot.store import Snapshot

from .knowledge.helpers import case_file, copy_knowledge


@pytest.mark.parametrize("regions", [("Scotland",), ("Wales", "London"), ("East Midlands", "West Midlands"), ("Atlantis",)])
def test_in_regions_is_each_cases_regions(snapshot, regions):
    expected = [any(r in regions for r in case.regions) for case in snapshot.kb.cases]
    assert snapshot.index.in_regions(regions).tolist() == expected


TYPES = [("County",), ("London borough",), ("Non-metropolitan district", "Metropolitan district"), ("Atlantis",)]


@pytest.mark.parametrize("types", TYPES)
def test_of_types_is_each_cases_councils_types(snapshot, types):
    kb = snapshot.kb
    expected = [any(f.type_name in types for f in kb.council_facts(case)) for case in kb.cases]
    assert snapshot.index.councils.of_types(types).tolist() == expected
    assert any(expected) or types == ("Atlantis",)


def like_by_reading(kb, council) -> list[bool]:
    """"Councils like mine" as reading every case says it: another council of the same type, within a
    factor of two of its population (or of unknown size)."""
    def similar(facts) -> bool:
        if facts.type_name != council.type_name or facts.council.code == council.code:
            return False
        size = council.population
        return not size or not facts.population or 0.5 <= facts.population / size <= 2.0

    return [any(similar(f) for f in kb.council_facts(case)) for case in kb.cases]


def test_councils_like_each_named_council_are_what_reading_every_case_says(snapshot):
    kb = snapshot.kb
    councils = {f.council.code: f.council for case in kb.cases for f in kb.council_facts(case)}
    assert len(councils) > 50
    found = 0
    for council in councils.values():
        expected = like_by_reading(kb, council)
        assert snapshot.index.councils.like(council).tolist() == expected, council.code
        found += any(expected)
    assert found > 20, "most councils have peers among the cases"


def test_a_council_of_unknown_size_is_like_any_council_of_its_type(tmp_path):
    """A former council the register has no population for (nor its successors) cannot be compared by
    size, so it counts as like every council of its type, as reading the case says."""
    directory = copy_knowledge(tmp_path)
    with (directory / "authorities" / "additions.yaml").open("a", encoding="utf-8") as file:
        file.write("  - code: PB-TESTFORD\n    official-name: Testford Borough Council\n    nice-name: Testford\n"
                   "    nation: England\n    region: North East\n    type: Non-metropolitan district\n"
                   "    end-date: \"2009-03-31\"\n    why: a test council with no population\n")
    source = case_file(directory, "forest-heath-st-edmundsbury-refuse-routing")
    text = source.read_text(encoding="utf-8").replace("id: forest-heath-st-edmundsbury-refuse-routing",
                                                      "id: testford-refuse", 1)
    text = text.replace("St Edmundsbury Borough Council", "Testford Borough Council")
    case_file(directory, "testford-refuse").write_text(text.replace("title: ", "title: Testford, ", 1), encoding="utf-8")
    snapshot = Snapshot.build(directory)
    assert not snapshot.kb.problems
    kb = snapshot.kb
    district = next(f.council for case in kb.cases for f in kb.council_facts(case)
                    if f.type_name == "Non-metropolitan district" and f.population and f.population < 80_000)
    testford = kb.case("testford-refuse")
    assert testford is not None and district.population
    others = [f for f in kb.council_facts(testford) if f.council.code != "PB-TESTFORD"]
    assert all(f.population and f.population / district.population > 2 for f in others), \
        "only Testford, of unknown size, can make the case like this council"
    like = snapshot.index.councils.like(district)
    assert like.tolist() == like_by_reading(kb, district)
    assert like[kb.cases.index(testford)]
