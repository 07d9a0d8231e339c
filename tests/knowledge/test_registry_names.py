"""How the register decides who a name means, who replaced an abolished council, and a council's facts.

Small registers built by hand, so each rule is seen on its own: the best tier of name wins, a tie is refused
with every candidate named, successors are followed through later changes, and facts borrowed from the
councils in an abolished one's place say whose they are."""
from __future__ import annotations

from bot.knowledge.registry import Ambiguous, Registry, council_facts
from bot.knowledge.schema import Body, Council


def council(code: str, official: str, nice: str = "", *, alt: tuple[str, ...] = (), region: str | None = "North West",
            end: str | None = None, replaced_by: tuple[str, ...] = (), population: int | None = None) -> Council:
    return Council(code=code, official_name=official, nice_name=nice, nation="England", region=region,
                   type_name="District", alt_names=alt, end_date=end, replaced_by=replaced_by, population=population)


def who(registry: Registry, name: str) -> str | tuple[str, ...] | None:
    """The code or body a name resolves to, the candidates of an ambiguous one, or None."""
    found = registry.resolve(name)
    if isinstance(found, Ambiguous):
        return found.candidates
    if found is None:
        return None
    return found.council.code if found.council else found.body.name


def test_any_name_resolves_whatever_its_case_and_spacing():
    registry = Registry((council("NSM", "North Somerset  Council", "North Somerset", alt=("N Somerset",)),))
    for name in ("north somerset council", "  NORTH   Somerset  ", "n somerset", "North Somerset\tCouncil"):
        assert who(registry, name) == "NSM", name
    assert who(registry, "North Somerset District") is None


def test_an_official_name_beats_a_short_one_and_a_short_one_beats_an_alternative():
    registry = Registry((
        council("AAA", "Avon Council", "Avon", alt=("Bristol Council",)),
        council("BBB", "Bristol Council", "Bristol", alt=("Avon",)),
        council("CCC", "Clifton Council", "Clifton", alt=("Bristol",)),
    ))
    assert who(registry, "Bristol Council") == "BBB"   # official, not AAA's alternative
    assert who(registry, "Avon") == "AAA"              # short, not BBB's alternative
    assert who(registry, "Bristol") == "BBB"           # short, not CCC's alternative
    assert who(registry, "Clifton") == "CCC"


def test_a_name_two_records_share_at_the_same_tier_is_refused_naming_both_in_order():
    registry = Registry((council("SOM", "Somerset County Council", "Somerset", end="2023-03-31", replaced_by=("SMT",)),
                         council("SMT", "Somerset Council", "Somerset")),
                        (Body("Somerset Partnership", "partnership", alt_names=("Somerset Council",)),))
    found = registry.resolve("somerset")
    assert found == Ambiguous("somerset", ("Somerset Council (SMT)", "Somerset County Council (SOM)"))
    assert who(registry, "Somerset Council") == "SMT"  # the body's short name does not compete with an official one
    twins = Registry((council("BDF", "Bedford Borough Council", alt=("Bedford",)),
                      council("BED", "Bedford Borough Council", alt=("Bedford",))))
    for name in ("Bedford Borough Council", "Bedford"):
        assert who(twins, name) == ("Bedford Borough Council (BDF)", "Bedford Borough Council (BED)"), name


def test_our_own_names_for_a_council_count_as_short_names_and_a_name_for_no_council_is_ignored():
    registry = Registry((council("WSM", "Westminster City Council", "Westminster", alt=("City of Westminster",)),
                         council("LBH", "Hammersmith and Fulham", "H&F")),
                        other_names={"City of Westminster": "LBH", "Westminster Council": "WSM", "Nowhere": "ZZZ"})
    assert who(registry, "Westminster Council") == "WSM"
    assert who(registry, "city of westminster") == "LBH"  # ours (short) outranks the register's alternative
    assert who(registry, "Nowhere") is None
    repeated = Registry((council("WSM", "Westminster City Council", "Westminster"),), other_names={"westminster": "WSM"})
    assert who(repeated, "Westminster") == "WSM"  # our name repeating the register's is the same council, no tie


def test_bodies_resolve_by_name_or_short_name_and_never_as_councils():
    police = Body("Gwent Police", "police", alt_names=("Heddlu Gwent",))
    registry = Registry(bodies=(police,))
    assert registry.resolve("heddlu gwent").body == police and registry.resolve("Gwent Police").council is None
    assert not registry.empty and Registry().empty and not Registry((council("X", "X Council"),)).empty


def test_a_short_name_two_bodies_share_is_refused_not_given_to_either():
    registry = Registry(bodies=(Body("Gwent Police", "police", alt_names=("GP",)),
                                Body("Gwent Pensions", "other", alt_names=("GP",))))
    assert who(registry, "gp") == ("Gwent Pensions", "Gwent Police")


def test_a_council_with_a_blank_name_is_not_found_by_a_blank_name():
    registry = Registry((council("AAA", "Avon Council", " "),))
    assert who(registry, " ") is None and who(registry, "") is None and who(registry, "Avon Council") == "AAA"


def test_successors_are_followed_through_later_changes_to_the_councils_there_now():
    registry = Registry((
        council("TAU", "Taunton Deane", end="2019-03-31", replaced_by=("SWT",)),
        council("SWT", "Somerset West and Taunton", end="2023-03-31", replaced_by=("SMT",)),
        council("SMT", "Somerset Council"),
        council("CMA", "Cumbria", end="2023-03-31", replaced_by=("CMB", "GONE", "WAF")),
        council("CMB", "Cumberland"),
        council("WAF", "Westmorland and Furness"),
        council("LOOP", "Loop One", end="2000-01-01", replaced_by=("POOL",)),
        council("POOL", "Loop Two", end="2000-01-01", replaced_by=("PLOO",)),
        council("PLOO", "Loop Three", end="2000-01-01", replaced_by=("POOL", "LOOP", "WAF", "SMT")),
        council("OLD", "Old Council", end="2000-01-01"),
    ))

    def now(code):
        found = registry.resolve(registry.council(code).official_name)
        assert found.successors == registry.successors(registry.council(code))
        return [c.code for c in found.successors]

    assert now("TAU") == ["SMT"]
    assert now("CMA") == ["CMB", "WAF"]  # in the order recorded; a code the register lacks is skipped
    assert now("LOOP") == ["WAF", "SMT"]  # past a cycle (a council seen again is skipped), each named once
    assert now("SMT") == [] and now("OLD") == []
    assert registry.missing_codes() == [("CMA", "GONE")]


def test_a_successor_abolished_with_no_successor_of_its_own_is_where_the_trail_ends():
    registry = Registry((council("A", "A Council", end="2000-01-01", replaced_by=("B",)),
                         council("B", "B Council", end="2010-01-01")))
    assert [c.code for c in registry.successors(registry.council("A"))] == ["B"]


def test_an_abolished_council_borrows_region_and_population_from_the_councils_in_its_place():
    old = council("FHE", "Forest Heath", region=None, end="2019-03-31")
    west = council("WSK", "West Suffolk", region="East of England", population=180_000)
    east = council("ESK", "East Suffolk", region="East of England", population=250_000)
    far = council("FAR", "Far Away", region="North West", population=100_000)
    unknown = council("UNK", "Unknown Size", region="East of England")

    facts = council_facts(old, (west,))
    assert (facts.council, facts.nation, facts.type_name) == (old, "England", "District")
    assert (facts.region, facts.population, facts.population_of) == ("East of England", 180_000, ("WSK",))
    both = council_facts(old, (west, east))
    assert (both.region, both.population, both.population_of) == ("East of England", 430_000, ("WSK", "ESK"))
    split = council_facts(old, (west, far))
    assert (split.region, split.population) == (None, 280_000)  # two regions: none is claimed
    partly = council_facts(old, (west, unknown))
    assert (partly.region, partly.population, partly.population_of) == ("East of England", None, ())
    assert council_facts(old, ()).population is None and council_facts(old, ()).region is None


def test_a_council_s_own_region_and_population_come_first():
    own = council("OWN", "Own Council", region="Wales", population=50_000)
    facts = council_facts(own, (council("WSK", "West Suffolk", region="East of England", population=1),))
    assert (facts.region, facts.population, facts.population_of) == ("Wales", 50_000, ("OWN",))
