"""An organisation the question names is a filter composed with the topic (bot/search/named.py): its cases
that match the topic lead, however much more of the question's other words another case says; where none
matches the topic, the name is one more word. Each test builds, in a copy of the base, a case by another
body that says more of the question than the named council's own case."""
from __future__ import annotations

import pytest

from bot.answers import read_question
from bot.store import Snapshot

from .knowledge.helpers import FICTIONAL_COUNCIL, OTHER_COUNCIL, copy_knowledge, register_organisation, write_case

QUESTION = "hovercraft patrols - how did the wardens train volunteers to steer them?"

FULLER = "Hovercraft patrols: wardens train volunteers to steer them"
"""The other body's case, with nearly every word of the question in its title."""


def _base(tmp_path, council: str, **case):
    """The copy's directory, with the fuller case by another body and the named council's case (`case`:
    write_case's fields, else a case on hovercraft)."""
    directory = copy_knowledge(tmp_path)
    register_organisation(directory, OTHER_COUNCIL)
    write_case(directory, "aaa-hovercraft-fuller", OTHER_COUNCIL, title=FULLER)
    write_case(directory, "zzz-hovercraft-named", council, **case)
    return directory


def _top(directory, question: str) -> str:
    return read_question(question, Snapshot.build(directory)).hits[0].case.id


@pytest.mark.parametrize(("council", "name"), [
    ("Wrexham County Borough Council", "Wrexham"),  # a place name that is no English word
    ("Comhairle nan Eilean Siar", "Outer Hebrides"),  # another name of the council (our additions)
    ("Test Valley Borough Council", "Test Valley"),  # a council's name of several words, one of them English
])
def test_the_named_councils_case_on_the_topic_leads(tmp_path, council, name):
    directory = _base(tmp_path, council)
    assert _top(directory, QUESTION) == "aaa-hovercraft-fuller", "unnamed, the fuller case leads"
    assert _top(directory, f"{name} {QUESTION}") == "zzz-hovercraft-named"
    assert _top(directory, f"{QUESTION} We're looking at what {name} did.") == "zzz-hovercraft-named"


def test_the_named_councils_case_counts_whatever_field_has_the_topic(tmp_path):
    """Its one word of the topic only in its summary, which counts for less than a title."""
    directory = _base(tmp_path, "Wrexham County Borough Council", title="Wrexham lends boats to residents",
                      summary="Residents borrow boats and a hovercraft from the library.", tags=("boats",),
                      outcomes=({"kind": "other", "text": "Boats lent"},))
    assert _top(directory, f"Wrexham {QUESTION}") == "zzz-hovercraft-named"


def test_a_place_word_that_is_an_english_word_is_no_filter(tmp_path):
    """"test" is a word of Test Valley's name, and a word people ask about."""
    directory = _base(tmp_path, "Test Valley Borough Council")
    assert _top(directory, f"test {QUESTION}") == "aaa-hovercraft-fuller"


def test_a_named_council_whose_cases_lack_the_topic_filters_nothing(tmp_path):
    directory = _base(tmp_path, "Wrexham County Borough Council", title="Wrexham lends e-bikes to residents",
                      summary="Residents borrow e-bikes from the library.", tags=("e-bikes",),
                      outcomes=({"kind": "other", "text": "E-bikes lent"},))
    assert _top(directory, f"Wrexham {QUESTION}") == "aaa-hovercraft-fuller", "not Wrexham's e-bikes"


def test_a_name_said_only_in_a_summary_is_not_the_organisations_case(tmp_path):
    directory = _base(tmp_path, OTHER_COUNCIL, title="Hovercraft for flood patrols",
                      summary="Funded by Comhairle nan Eilean Siar, the trust lends hovercraft to residents.")
    assert _top(directory, f"Outer Hebrides {QUESTION}") == "aaa-hovercraft-fuller"


def test_two_named_councils_each_keep_their_case(tmp_path):
    directory = copy_knowledge(tmp_path)
    register_organisation(directory, OTHER_COUNCIL)
    write_case(directory, "aaa-hovercraft-fuller", OTHER_COUNCIL, title=FULLER)
    write_case(directory, "mmm-hovercraft-wrexham", "Wrexham County Borough Council")
    write_case(directory, "zzz-hovercraft-hebrides", "Comhairle nan Eilean Siar")
    hits = read_question(f"Wrexham and Outer Hebrides {QUESTION}", Snapshot.build(directory)).hits
    assert sorted(h.case.id for h in list(hits)[:2]) == ["mmm-hovercraft-wrexham", "zzz-hovercraft-hebrides"]
    assert "aaa-hovercraft-fuller" not in [h.case.id for h in hits]


def test_a_question_that_only_names_a_body_is_answered_with_its_own_cases(tmp_path):
    """"What has <body> done?" lists the body's cases, biggest achievement first; a council's case that
    names the body among its tags (a funder, a publisher) is no case of the body's, however much it saved."""
    directory = copy_knowledge(tmp_path)
    register_organisation(directory, OTHER_COUNCIL)
    write_case(directory, "aaa-hovercraft-funded", FICTIONAL_COUNCIL, tags=("hovercraft", OTHER_COUNCIL),
               outcomes=({"kind": "saving", "amount": "£1m", "text": "Saved on flood patrols",
                          "evidence": "saved £1m"},))
    write_case(directory, "zzz-hovercraft-trust", OTHER_COUNCIL, title="Hovercraft lent for flood patrols")
    hits = read_question(f"what has {OTHER_COUNCIL} done?", Snapshot.build(directory)).hits
    assert [h.case.id for h in hits] == ["zzz-hovercraft-trust"]
