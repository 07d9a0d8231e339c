"""The areas a council lies within: "a council in Kent" asks about Kent's districts too (Maidstone's cases),
and "near Manchester" about Greater Manchester's councils (Rochdale's), as the register records where each
council lies (Council.within). A case is found by its area's name, and says so: "kent (area)"."""
from __future__ import annotations

from bot.answers import answer, read_question


def _areas(case) -> set[str]:
    return {area for o in case.resolved if o.council for area in o.council.within}


def test_every_case_of_a_council_within_an_area_is_found_by_the_area_s_name(snapshot):
    """Asked "<its title>, by a council in <area>", each case of a council within the area is among the first
    five and matches the area: in its areas, or where its text says it already (a council's name, or its
    successor's: "West Suffolk" for Forest Heath; its region's: "Yorkshire" of "South Yorkshire"; a tag)."""
    tried = in_regions = 0
    for case in snapshot.kb.cases:
        for area in _areas(case):
            hits = read_question(f"{case.title}, by a council in {area}", snapshot, None).hits
            hit = next(h for h in hits[:5] if h.case.id == case.id)
            fields = {r.field for r in hit.reasons if area.split()[0].lower() in r.words}
            assert fields, (case.id, area)
            tried += 1
            in_regions += "areas" in fields
    assert tried >= 50 and in_regions >= 30


def test_a_county_s_own_case_still_leads_when_the_county_itself_is_asked_about(snapshot):
    """Named as an organisation ("what has Kent done on ..."), the county council's own case comes first;
    its districts' cases follow on the area alone."""
    county_cases = [c for c in snapshot.kb.cases if any(o.council and o.council.type_name == "County"
                                                        and o.council.nice_name in {a for d in snapshot.kb.cases
                                                                                   for a in _areas(d)}
                                                        for o in c.resolved)]
    assert county_cases
    for case in county_cases:
        county = next(o.council.nice_name for o in case.resolved if o.council and o.council.type_name == "County")
        result = answer(f"what has {county} done on {case.title}", snapshot)
        assert result.results and result.results[0].case.id == case.id, (case.id, county)


def test_an_area_is_no_commoner_a_word_for_the_councils_that_lie_in_it(snapshot):
    """A word's rarity (idf) counts the cases that say it, not those that only lie in the area it names: a
    dozen Kent districts do not make "Kent" a common word, whose absence from a case would weigh little (and
    "<county> bus timetable" would be answered from a bus case elsewhere)."""
    from bot.search.index import FIELD_NUMBERS
    from bot.search.normalise import stem
    from bot.search.postings import idf

    index = snapshot.index
    checked = 0
    for area in {a for case in snapshot.kb.cases for a in _areas(case)}:
        if len(area.split()) > 1:
            continue
        term = stem(area.lower())
        found = index.postings.get(term)
        if found is None:
            continue
        own = int((found.fields != FIELD_NUMBERS["areas"]).sum())
        if 0 < own < found.cases.size:
            assert index.idf.of(term) == idf(own, index.size), area
            checked += 1
    assert checked >= 5


def test_a_council_s_place_reads_as_its_nation_or_region_and_a_county_as_its_districts():
    """"I run a charity in Glasgow ...": the place of each council (by any of its names, with or without the
    words of its kind) is its nation, or its region in England; where the register gives a county a region
    none of its districts is in (it has Derbyshire in the West Midlands), the districts' region is taken."""
    from bot.knowledge.schema import Council
    from bot.search.regions import towns

    def council(code, name, nation, region, kind, within=()):
        return Council(code=code, official_name=f"{name} Council", nice_name=name, nation=nation, region=region,
                       type_name=kind, within=within)

    register = [council("GLG", "Glasgow City", "Scotland", "Scotland", "Scottish unitary authority"),
                council("DBY", "Derbyshire", "England", "West Midlands", "County"),
                council("AMB", "Amber Valley", "England", "East Midlands", "Non-metropolitan district", ("Derbyshire",)),
                council("CHS", "Chesterfield", "England", "East Midlands", "Non-metropolitan district", ("Derbyshire",)),
                council("NWP", "Newport", "Wales", "Wales", "Welsh unitary authority"),
                council("XNP", "Newport", "England", "South East", "Non-metropolitan district")]
    places = towns(register)
    assert places["glasgow"] == places["glasgow city"] == places["glasgow city council"] == "scotland"
    assert places["derbyshire"] == places["amber valley"] == "east midlands"
    assert "newport" not in places  # two councils' place, in two regions: which one is meant is not known
