"""A council's multi-word names are one phrase each, all meaning the same council: "West Suffolk" is one unit
of a question (not "west" and "suffolk"), matched by that council's names only, and "City of Westminster"
finds what "Westminster City Council" did. Single-word names stay ordinary words."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.schema import CaseStudy, Council, Resolved
from bot.search.analyse import parse_question
from bot.search.names import council_name_groups
from bot.search.normalise import words


def test_every_council_a_case_names_has_one_group_of_its_multi_word_names(snapshot):
    kb = snapshot.kb
    groups = council_name_groups(kb)
    assert groups
    assert all(len(name.split()) > 1 and name == " ".join(words(name)) for group in groups for name in group)
    councils = {c.code: (o, c) for case in kb.cases for o in case.resolved for c in (o.council, *o.successors) if c}
    assert len(groups) == len({tuple(dict.fromkeys(g)) for g in groups})
    for _organisation, council in councils.values():
        names = {" ".join(words(n)) for n in council.names if len(words(n)) > 1}
        if not names:
            continue
        assert any(names <= set(group) for group in groups), council.code


def test_the_name_a_case_gives_its_council_joins_that_councils_group(snapshot):
    groups = council_name_groups(snapshot.kb)
    [westminster] = [g for g in groups if "city of westminster" in g]
    assert "westminster city council" in westminster
    assert not any("westminster" in g for g in groups), "a one-word name is not a phrase"


def test_a_council_in_place_of_an_abolished_one_has_a_group(snapshot):
    """Forest Heath and St Edmundsbury are West Suffolk now: asking for West Suffolk finds their case."""
    groups = council_name_groups(snapshot.kb)
    assert any("west suffolk" in g for g in groups)


@pytest.mark.parametrize(("question", "unit"), [("what has West Suffolk done?", "west suffolk"),
                                                ("City of Westminster parking", "city of westminster")])
def test_a_council_name_in_a_question_is_one_unit(snapshot, question, unit):
    index = snapshot.index
    units = [u.text for u in parse_question(question, index.vocabulary, index.correct).units]
    assert unit in units and not set(unit.split()) & set(units)


def test_the_name_a_case_gives_an_abolished_council_is_not_a_name_of_its_successor(snapshot):
    """"Forest Heath District Council" means Forest Heath: it must not become a synonym of "West Suffolk",
    whose own cases it would then find."""
    groups = council_name_groups(snapshot.kb)
    checked = 0
    for case in snapshot.kb.cases:
        for organisation in case.resolved:
            name = " ".join(words(organisation.name))
            for successor in organisation.successors:
                own = {" ".join(words(n)) for n in successor.names if len(words(n)) > 1}
                if organisation.council is None or not own or name in own or len(name.split()) < 2:
                    continue
                checked += 1
                assert not any(own <= set(g) and name in g for g in groups), (organisation.name, successor.code)
    assert checked


def council(code: str, name: str, *alt_names: str) -> Council:
    return Council(code, f"{name} Council", name, "England", "East Midlands", "Unitary authority", alt_names)


def case_naming(case_id: str, *organisations: Resolved) -> CaseStudy:
    return CaseStudy(case_id, case_id, tuple(o.name for o in organisations), (), 2021, (), "", (), (), (), "",
                     resolved=organisations)


def test_every_council_in_place_of_an_abolished_one_has_a_group_whichever_case_named_another_first():
    """Northamptonshire was split in two. A case by the county says what West Northamptonshire's people now
    get, so "West Northamptonshire" must be a phrase even when an earlier case already named North
    Northamptonshire (a council met before is skipped, not the rest of the county's successors)."""
    north, west = council("NNC", "North Northamptonshire"), council("WNC", "West Northamptonshire")
    county = Council("NTH", "Northamptonshire County Council", "Northamptonshire", "England", "East Midlands",
                     "County", end_date="2021-03-31", replaced_by=("NNC", "WNC"))
    kb = KnowledgeBase(Path("."), (
        case_naming("north-first", Resolved("North Northamptonshire Council", council=north)),
        case_naming("county-later", Resolved("Northamptonshire County Council", council=county, successors=(north, west))),
    ), (), (), (), {}, "")
    groups = council_name_groups(kb)
    assert sorted(groups) == [("north northamptonshire council", "north northamptonshire"),
                              ("northamptonshire county council",),
                              ("west northamptonshire council", "west northamptonshire")]


def test_a_phrase_of_the_vocabulary_made_of_place_words_is_a_topic_not_a_place(tmp_path):
    """"North East" spells two words of council names (North East Lincolnshire, East Sussex), but where the
    vocabulary makes it a phrase of its own it is a topic the cases mention, not a council's place."""
    from bot.store import Snapshot
    from tests.knowledge.helpers import copy_knowledge

    directory = copy_knowledge(tmp_path)
    vocabulary = directory / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "synonyms:\n", "synonyms:\n  - [north east, northeast]\n", 1), encoding="utf-8")
    snapshot = Snapshot.build(directory)
    index = snapshot.index
    [unit] = parse_question("north east", index.vocabulary, index.correct, index.correct_name).units
    assert all(index.names_a_place(u) for u in parse_question("suffolk", index.vocabulary, index.correct).units)
    assert not index.names_a_place(unit)
