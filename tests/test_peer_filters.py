"""What a peer question limits its answer to: the kinds of council it names in the plural, or, for "councils
like mine", councils of the asker's type and a similar size (within a factor of two, either way, the
asker's own council left out). The words that only say whose cases are wanted are not searched for."""
from __future__ import annotations

import dataclasses

import pytest

from bot.answers import answer
from bot.search.analyse import Unit, parse_question
from bot.search.intent import read_intent
from bot.search.normalise import is_stop_word
from bot.search.peers import (
    DISTRICTS,
    TYPE_WORDS,
    UNITARIES,
    asks_for_peers,
    type_units,
    types_in,
    without_peer_words,
)
from bot.search.rank import rank_with_signals
from bot.store import Snapshot

from .knowledge.helpers import case_file, copy_knowledge


@pytest.mark.parametrize(("question", "types"), [
    ("what have District Councils done on waste?", DISTRICTS),
    ("Districts using chatbots", DISTRICTS),
    ("district authorities with telecare", DISTRICTS),
    ("COUNTY COUNCILS and damp", ("County",)),
    ("counties doing digital inclusion", ("County",)),
    ("London Boroughs on damp and mould", ("London borough",)),
    ("metropolitan boroughs and AI", ("Metropolitan district",)),
    ("unitary authorities with apps", UNITARIES),
    ("unitaries with apps", UNITARIES),
    ("districts and counties and districts again", (*DISTRICTS, "County")),
    ("Durham County Council children's services", ()),
    ("what has Kent done on waste?", ()),
    ("when a county and its districts were replaced, how were address lists combined?", ()),
    ("counties whose districts share a website", ("County", *DISTRICTS)),
    ("counties and their district councils sharing a website", ("County",)),
    ("we're becoming one council with our districts; how were address lists combined?", ()),
    ("My district councils are merging. Who has combined their websites?", ()),
])
def test_the_kinds_of_council_a_question_names_in_the_plural(question, types):
    assert types_in(question) == types


@pytest.mark.parametrize(("question", "types"), [
    ("Which London borough was knocked offline by hackers?", ("London borough",)),
    ("which county council runs a chatbot?", ("County",)),
    ("Has any district council moved garden waste online?", DISTRICTS),
    ("Has a county council given every member of staff Copilot?", ("County",)),
    ("Is there a unitary authority that has merged its websites?", UNITARIES),
    ("Which metropolitan borough saved the most?", ("Metropolitan district",)),
    ("I work at a London borough. Who has a chatbot?", ()),
    ("our county council wants a chatbot", ()),
    ("I work at a county council that has a chatbot; who else does?", ()),
    ("Which district heating schemes use smart meters?", ()),
    ("Has any county lines work used data sharing?", ()),
])
def test_which_or_any_kind_of_council_asks_for_that_kind(question, types):
    """"Which London borough ...?" or "has a county council ...?" asks for that kind as the plural does; a
    kind said of the asker's own council ("I work at a London borough") asks for none."""
    assert types_in(question) == types


def test_only_the_words_naming_a_kind_of_council_are_left_out_of_the_topic(snapshot):
    index = snapshot.index
    question = "London boroughs and unitaries on waste and telecare"
    units = parse_question(question, index.vocabulary, index.correct).units
    kind = {units[i].text for i in type_units(units, types_in(question))}
    assert kind == {"london", "boroughs", "unitaries"}
    assert {u.text for u in units} - kind == {"waste", "telecare"}


@pytest.mark.parametrize(("asked", "other"), [(a, o) for a in TYPE_WORDS if " " in a for o in TYPE_WORDS
                                              if not types_in(o) and not is_stop_word(o)
                                              and set(TYPE_WORDS[o]).isdisjoint(TYPE_WORDS[a])])
def test_a_kind_of_council_not_asked_for_stays_a_topic_word(snapshot, asked, other):
    """"district councils that became one new unitary": only the kind asked for in the plural filters; a
    word naming another kind ("unitary") is what the question is about, searched as a topic word, and never
    shown as found in the organisations of a case by councils of the kind asked for. (The other kinds'
    singular words, "district" and "county", are stop words: they name no topic alone.)"""
    index = snapshot.index
    question = f"{asked} that became one {other} on waste"
    units = parse_question(question, index.vocabulary, index.correct).units
    kind = {units[i].text for i in type_units(units, types_in(question))}
    assert other not in kind, (question, kind)
    hits, _signals = rank_with_signals(units, index, None, council_types=types_in(question))
    for hit in hits:
        assert not [r for r in hit.reasons if r.words == other and r.field == "organisations"], hit.case.id


@pytest.mark.parametrize("question", [
    "what have councils like mine done on waste?", "Councils like ours with chatbots", "anything from councils our size",
    "similar sized councils doing telecare", "councils similar to us on damp", "same type councils and AI",
])
def test_councils_like_mine_is_a_peer_question_and_its_words_are_not_the_topic(question):
    assert asks_for_peers(question)
    rest = without_peer_words(question).lower().split()
    assert not {"councils", "council", "like", "mine", "ours", "size", "similar", "sized"} & set(rest), rest


def test_what_is_left_of_a_peer_question_is_its_topic_in_the_askers_words():
    assert without_peer_words("What have Councils like mine done on waste?") == "What have done on waste?"
    assert without_peer_words("Council like ours:  damp   and mould") == ": damp and mould"
    assert not asks_for_peers("what has Rugby done on waste?")
    assert not asks_for_peers("councils that like chatbots")


def peers_by_hand(kb, council) -> list[bool]:
    """The definition, case by case: a council of the same type, not the asker's, within a factor of two in
    population (any size when either population is unknown)."""
    def similar(facts) -> bool:
        if facts.type_name != council.type_name or facts.council.code == council.code:
            return False
        return not council.population or not facts.population or 0.5 <= facts.population / council.population <= 2
    return [any(similar(f) for f in kb.council_facts(case)) for case in kb.cases]


def test_councils_like_mine_are_of_the_same_type_and_a_similar_size(snapshot):
    kb = snapshot.kb
    rugby = kb.registry.lookup("Rugby")
    found = snapshot.index.councils.like(rugby)
    assert found.dtype == bool
    assert found.tolist() == peers_by_hand(kb, rugby)
    assert 0 < found.sum() < sum(any(f.type_name == rugby.type_name for f in kb.council_facts(c)) for c in kb.cases), \
        "some districts are too big or too small"


def test_a_council_is_not_its_own_peer(snapshot):
    kb = snapshot.kb
    for case in kb.cases:
        facts = kb.council_facts(case)
        if len(facts) == 1:
            council = facts[0].council
            assert not snapshot.index.councils.like(council)[kb.cases.index(case)], case.id
            return
    pytest.fail("no case names exactly one council")


def test_a_council_exactly_twice_or_half_the_size_is_a_similar_size(snapshot):
    """The factor of two includes its ends, both ways: a case naming only a district of exactly half (or
    twice) the asker's population is listed, one a little further off is not."""
    kb = snapshot.kb
    alone = [(n, facts[0]) for n, case in enumerate(kb.cases) if len(facts := kb.council_facts(case)) == 1
             and facts[0].type_name == "Non-metropolitan district" and facts[0].population % 2 == 0]
    n, other = alone[0]
    rugby = kb.registry.lookup("Rugby")
    for population, listed in ((other.population * 2, True), (other.population // 2, True),
                               (other.population * 2 + 2, False), (other.population // 2 - 1, False)):
        asker = dataclasses.replace(rugby, code="ZZZ", population=population)
        found = snapshot.index.councils.like(asker)
        assert found.tolist() == peers_by_hand(kb, asker)
        assert found[n] == listed, (other.council.code, other.population, population)


def test_without_the_askers_population_every_council_of_its_type_is_a_peer(snapshot):
    kb = snapshot.kb
    unknown = dataclasses.replace(kb.registry.lookup("Rugby"), population=None)
    found = snapshot.index.councils.like(unknown)
    assert found.tolist() == peers_by_hand(kb, unknown)
    assert found.sum() > snapshot.index.councils.like(kb.registry.lookup("Rugby")).sum()


def test_any_wording_of_a_kind_of_council_reads_as_known_types_or_none():
    """Every pairing the reader looks for ("county boroughs", "metropolitan authorities", ...) gives council
    types the register uses, or none at all; never an error."""
    known = {t for types in TYPE_WORDS.values() for t in types}
    for first in ("district", "county", "unitary", "metropolitan"):
        for second in ("councils", "authorities", "boroughs", "districts"):
            found = types_in(f"what have {first} {second} done on waste?")
            assert set(found) <= known, (first, second)
    assert types_in("county boroughs and unitary districts") == ("County", *UNITARIES)


def test_councils_like_each_named_council_are_what_reading_every_case_says(snapshot):
    kb = snapshot.kb
    councils = {f.council.code: f.council for case in kb.cases for f in kb.council_facts(case)}
    assert len(councils) > 50
    found = 0
    for council in councils.values():
        expected = peers_by_hand(kb, council)
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
    assert like.tolist() == peers_by_hand(kb, district)
    assert like[kb.cases.index(testford)]


def test_why_it_matched_names_a_kind_of_council_in_organisations_and_a_nation_in_regions(snapshot):
    """"unitaries ... in Scotland": the kind of council was found in the case's organisations (whose council
    is of that type), the nation in its regions; said the other way round it would not be true."""
    from bot.answers import read_question
    reading = read_question("unitaries using chatbots in Scotland", snapshot)
    reasons = {(r.words, r.field) for r in reading.hits[0].reasons}
    assert {("unitaries", "organisations"), ("scotland", "regions")} <= reasons


@pytest.mark.parametrize("kinds", ["district councils", "districts", "county and district councils", "boroughs"])
def test_in_a_question_about_reorganisation_the_kinds_of_council_are_no_filter(snapshot, kinds):
    """"Several district councils became one new unitary": the kinds are what merged into what, and the
    reorganisation cases are by the new councils, so no kind filters the answer."""
    result = answer(f"merging the IT systems when several {kinds} became one new unitary", snapshot)
    assert result.intent.council_types == ()
    assert result.answered and "reorganisation" in result.results[0].case.themes


@pytest.mark.parametrize("told", [
    "{kinds} merging into one unitary", "combining {kinds} into a single council",
    "{kinds} that amalgamated to form a new authority",
    "{kinds} joining together as one new council", "when our {kinds} were folded into a single unitary",
])
@pytest.mark.parametrize("kinds", ["several district councils", "five districts", "the county and district councils"])
def test_a_reorganisation_told_in_the_askers_own_words_filters_no_kind(snapshot, told, kinds):
    """The vocabulary's names for reorganisation are set phrases; askers tell it their own way, with the kinds
    of council between the words ("merging several district councils into one unitary"). Read either way, the
    kinds are what merged into what: the answer is the new councils' cases, not the districts'."""
    question = f"how were the websites and systems brought together, {told.format(kinds=kinds)}?"
    result = answer(question, snapshot)
    assert result.intent.council_types == ()
    assert result.answered and "reorganisation" in result.results[0].case.themes


@pytest.mark.parametrize("question", [
    "district councils that merged their IT teams into a shared service",
    "district councils joining a shared contract for one council tax system",
    "counties combining their data into one dashboard",
    "district councils that combined their revenues teams into a council tax service",
    "district councils merging their helpdesks into a council-wide team",
])
def test_councils_merging_something_else_than_themselves_are_still_the_kind_asked_for(question):
    """Merging or joining what is not a council (teams, contracts, data) is no reorganisation: the kind of council
    still filters."""
    assert read_intent(question, [Unit("x", (("x", 1.0),))]).council_types


def test_a_partnership_of_a_kind_of_council_is_of_that_kind_and_like_no_council(snapshot):
    """LOTI's members are London boroughs (organisations.yaml `members`): "London boroughs" asks about its
    work too, though its own cases name no borough; but it is no council "like" a borough asking."""
    kb = snapshot.kb
    by_members = [n for n, case in enumerate(kb.cases) if not kb.council_facts(case)
                  and any(o.body is not None and "London borough" in o.body.member_types for o in case.resolved)]
    assert by_members, "some of LOTI's cases name no council"
    assert snapshot.index.councils.of_types(("London borough",))[by_members].all()
    assert not snapshot.index.councils.of_types(("County",))[by_members].any()
    assert not snapshot.index.councils.like(kb.registry.lookup("Hackney"))[by_members].any()
    found = [r.case.id for r in answer("what have London boroughs done on digital apprenticeships?", snapshot).results]
    assert "loti-digital-apprenticeships" in found
