"""Councils are found by any of their names, and by their successors' names once abolished."""
from __future__ import annotations

import pytest

from bot.answers import answer
from bot.search.normalise import is_stop_word, stem, words
from bot.search.rank import FIELDS


def found(question, snapshot) -> list[str]:
    return [result.case.id for result in answer(question, snapshot).results]


def council_names(snapshot):
    for case in snapshot.kb.cases:
        for organisation in case.resolved:
            if organisation.council is not None:
                yield case.id, organisation, organisation.council


GENERIC = frozenset({"city", "of", "the", "council", "borough", "county", "district", "metropolitan", "royal"})
"""Words of council names that name no council on their own (the register lists "City of" as a variant)."""


def test_any_official_short_or_alternative_name_of_a_council_finds_its_cases(snapshot):
    """Each name finds that council's cases: all of them when they fit in one answer, else only theirs."""
    cases_of = _cases_of_councils(snapshot)
    missed = []
    for case_id, organisation, council in council_names(snapshot):
        for name in {*council.names, organisation.name}:
            if set(name.lower().split()) <= GENERIC:
                continue
            missed += [(case_id, question) for question in (name, f"what has {name} done?")
                       if not _finds(case_id, cases_of[council.code], question, snapshot)]
    assert not missed


def _cases_of_councils(snapshot) -> dict[str, set[str]]:
    cases_of: dict[str, set[str]] = {}
    for case_id, _organisation, council in council_names(snapshot):
        cases_of.setdefault(council.code, set()).add(case_id)
    return cases_of


def _finds(case_id: str, theirs: set[str], question: str, snapshot) -> bool:
    """The answer has the case, or is full of the council's other cases."""
    results = found(question, snapshot)
    return case_id in results if len(theirs) <= len(results) else bool(results) and set(results) <= theirs


def test_each_name_our_additions_give_a_council_finds_its_cases(snapshot):
    """Our additions to the register (knowledge/authorities/additions.yaml) name councils too: "Outer
    Hebrides", the islands the Western Isles council serves, finds that council's cases as its register
    names do."""
    other_names = snapshot.kb.registry.other_names
    assert "Outer Hebrides" in other_names
    cases_of = _cases_of_councils(snapshot)
    missed = [(case_id, question) for case_id, _organisation, council in council_names(snapshot)
              for name, code in other_names.items() if code == council.code
              for question in (name, f"what has {name} done?")
              if not _finds(case_id, cases_of[council.code], question, snapshot)]
    assert not missed
    assert found("how did the council in the Outer Hebrides recover from the cyber attack?", snapshot)[0] == \
        "western-isles-cyber-attack-recovery"


def test_asking_about_a_successor_finds_what_its_former_councils_did(snapshot):
    missed = []
    for case_id, organisation, _council in council_names(snapshot):
        for successor in organisation.successors:
            for name in (successor.official_name, successor.nice_name):
                if case_id not in found(f"what has {name} done?", snapshot):
                    missed.append((case_id, name))
    assert not missed
    assert any(organisation.successors for _id, organisation, _council in council_names(snapshot))


@pytest.mark.parametrize("question", ["what has West Suffolk done?", "West Suffolk Council", "west suffolk bins"])
def test_west_suffolk_finds_the_forest_heath_and_st_edmundsbury_refuse_case_first(question, snapshot):
    assert found(question, snapshot)[0] == "forest-heath-st-edmundsbury-refuse-routing"


def test_a_case_of_a_council_indexes_its_other_names_in_the_organisations_field(snapshot):
    results = answer("what has City of Westminster done?", snapshot).results
    [result] = [r for r in results if "Westminster City Council" in r.case.organisations]
    assert {reason.field for reason in result.reasons} == {"organisations"}


def test_any_name_of_a_body_finds_its_cases(snapshot):
    """Not only councils: a police force, an NHS trust or a partnership is found by any of its names, though
    most of their words say what it does ("Improvement Service") or name a region ("North West Anglia NHS
    Foundation Trust" is not a question about the North West): all its cases when they fit in one answer,
    else one of them first (a case of another body may say what it funded)."""
    cases_of: dict[str, set[str]] = {}
    names_of: dict[str, set[str]] = {}
    for case in snapshot.kb.cases:
        for organisation in case.resolved:
            if organisation.body is not None:
                cases_of.setdefault(organisation.body.name, set()).add(case.id)
                names_of.setdefault(organisation.body.name, set()).update(
                    (organisation.name, organisation.body.name, *organisation.body.alt_names))
    missed = []
    for body, names in sorted(names_of.items()):
        for name in sorted(names):
            results = found(f"what has {name} done?", snapshot)
            theirs = cases_of[body]
            if not (theirs <= set(results) if len(theirs) <= len(results) else results and results[0] in theirs):
                missed.append((body, name, results[:3]))
    assert len(names_of) > 40
    assert not missed


def test_the_words_of_a_body_s_name_that_name_it_are_indexed_where_the_case_names_it(snapshot):
    """A body's name words that say who it is rather than what it does (a place, "Anglia", "NHS") are
    indexed in the organisations field of each case naming it, each word as itself (or in its title, the one
    field that weighs more)."""
    index = snapshot.index
    numbers = {case.id: n for n, case in enumerate(snapshot.kb.cases)}
    named = {FIELDS.index("title"), FIELDS.index("organisations")}
    checked = 0
    for case in snapshot.kb.cases:
        for organisation in case.resolved:
            own = [w for w in words(organisation.name) if not index._describes(w) and not is_stop_word(w)]
            if organisation.body is None or len(own) < 2:
                continue
            for word in own:
                postings = index.postings.get(stem(word))
                assert postings is not None, (case.id, word)
                at = list(postings.cases).index(numbers[case.id])
                assert postings.fields[at] in named, (case.id, word)
                checked += 1
    assert checked >= 10


def test_a_slip_written_as_a_name_is_never_read_as_a_small_word_of_a_name(snapshot):
    """"Wprk" written as a name may be a slip for some organisation's name word, but never for "work" of the
    Department for Work and Pensions or "upon" of Kingston upon Thames: such words name no one alone."""
    index = snapshot.index
    small = sorted({w for case in snapshot.kb.cases for name in case.organisations for w in words(name)
                    if is_stop_word(w) and len(w) >= 4})
    assert {"work", "upon"} <= set(small)
    read = {}
    for word in small:
        for at in range(len(word)):
            for letter in "abcdefghijklmnopqrstuvwxyz":
                slip = word[:at] + letter + word[at + 1:]
                if slip not in index.known_words:
                    read[slip] = index.correct_name(slip)
    assert not [(slip, found) for slip, found in read.items() if found is not None and is_stop_word(found[0])]
    assert any(found is not None for found in read.values()), "some slips are read as other name words"
