"""Superlatives of things counted ("which council gave away the most laptops"): among equally good matches,
the case whose outcome states the largest number of the thing asked for leads; other numbers (money,
percentages, years, counts of something else) never decide it."""
from __future__ import annotations

import pytest

from bot.answers import answer, read_question
from bot.search.counted import count_of, counted_words, largest_count
from bot.search.normalise import stem
from bot.store import Snapshot

from .knowledge.helpers import FICTIONAL_COUNCIL, OTHER_COUNCIL, copy_knowledge, register_organisation, write_case


@pytest.mark.parametrize(("amount", "count"), [
    ("3,600", 3600.0), ("just over 200", 200.0), ("over 700 staff", 700.0), ("1.2 million visits", 1.2e6),
    ("from 300 to 2,000 licences", 2000.0), ("from 33,725 in 2017 to 226,488 in 2021", 226488.0),
    ("116 fines for fly-tipping, totalling more than £46,000", 116.0), ("in 2019, 45 staff", 45.0),
    ("£6,000", None), ("£1.15 million", None), ("30-40%", None), ("30–40 per cent", None), ("12.5%", None),
    ("2019", None), ("several days", None),
])
def test_the_count_an_amount_states_leaves_out_money_percentages_and_years(amount, count):
    assert count_of(amount) == count


@pytest.mark.parametrize(("question", "counted"), [
    ("which council gave away the most old laptops?", {"old", "laptops"}),
    ("who had the highest number of users", {"users"}),
    ("who caught the most fly-tippers?", {"fly", "tippers"}),
    ("the biggest number of visits", {"visits"}),
    ("who gave the most of their laptops away", {"laptops"}),  # the stop words around it are no thing counted
    ("biggest mould sensor rollout scotland", {"mould", "sensor"}),  # the biggest rollout: the most put in
    ("which council had the largest deployment of damp sensors?", {"damp", "sensors"}),
    ("the widest roll out of smart meters", {"smart", "meters"}),
])
def test_what_a_superlative_asks_the_most_of(question, counted):
    assert counted_words(question) == {stem(w) for w in counted}


@pytest.mark.parametrize("question", [
    "who saved the most on refuse routing",  # money: compared on £ totals (amounts.py)
    "which council made the most money from parking",
    "finding the residents most at risk",  # "most" of an adjective, no count
    "most councils use chatbots",
])
def test_no_count_is_asked_for_by_money_superlatives_or_other_uses_of_most(snapshot, question):
    assert read_question(question, snapshot).intent.counted == frozenset()


def _case(directory, case_id: str, organisation: str, amount: str, text: str) -> None:
    write_case(directory, case_id, organisation,
               outcomes=({"kind": "other", "amount": amount, "text": text, "evidence": amount},))


@pytest.fixture
def hovercraft(tmp_path):
    """A copy of the knowledge base with two cases that match hovercraft questions equally well; the first
    by id states the smaller number of hovercraft, the second the larger one."""
    directory = copy_knowledge(tmp_path)
    register_organisation(directory, OTHER_COUNCIL)
    _case(directory, "aaa-hovercraft", FICTIONAL_COUNCIL, "12 hovercraft", "Lent to residents in the first year")
    _case(directory, "zzz-hovercraft", OTHER_COUNCIL, "140 hovercraft", "Lent to residents in the first year")
    return directory


def test_the_case_stating_the_most_of_what_is_asked_leads(hovercraft):
    snapshot = Snapshot.build(hovercraft)
    plain = answer("which council lends hovercraft to residents?", snapshot)
    assert [r.case.id for r in plain.results[:2]] == ["aaa-hovercraft", "zzz-hovercraft"], "equal: by id"
    for asked in ("which council lent out the most hovercraft?", "biggest hovercraft rollout to residents",
                  "who has the largest deployment of hovercraft for residents?"):
        assert [r.case.id for r in answer(asked, snapshot).results[:2]] == ["zzz-hovercraft", "aaa-hovercraft"], asked
    most = answer("which council lent out the most hovercraft?", snapshot)
    counts = {r.case.id: largest_count(r.case, most.intent.counted) for r in most.results[:2]}
    assert counts == {"zzz-hovercraft": 140.0, "aaa-hovercraft": 12.0}
    assert most.results[0].outcome is not None and most.results[0].outcome.amount == "140 hovercraft"


@pytest.mark.parametrize(("amount", "text"), [
    ("140 volunteers", "Volunteers trained in the first year"),  # a count of something else
    ("£140,000", "Hovercraft lent to residents: the income"),  # money
    ("140%", "Rise in hovercraft lent to residents"),  # a percentage
    ("2024", "Hovercraft lent to residents from"),  # a year
])
def test_a_larger_number_that_counts_no_hovercraft_does_not_lead(hovercraft, amount, text):
    _case(hovercraft, "zzz-hovercraft", OTHER_COUNCIL, amount, text)
    snapshot = Snapshot.build(hovercraft)
    most = answer("which council lent out the most hovercraft?", snapshot)
    assert most.results[0].case.id == "aaa-hovercraft"
    other = next(c for c in snapshot.kb.cases if c.id == "zzz-hovercraft")
    assert largest_count(other, most.intent.counted) == 0.0, "it states no number of hovercraft"


def test_the_most_of_a_thing_leads_wherever_a_case_names_the_thing(tmp_path):
    """"Biggest damp sensor rollout in Scotland": the case with ten thousand sensors says "sensors ... damp" in
    its title and "damp sensors" only in its keywords, so it matched a little less well than a 500-home pilot
    titled "damp sensors"; a count of the thing in its outcome already says it is about the thing, so it
    leads."""
    directory = copy_knowledge(tmp_path)
    register_organisation(directory, OTHER_COUNCIL)
    write_case(directory, "aaa-hovercraft-sensors", FICTIONAL_COUNCIL,
               title="Hovercraft sensors tried on a flood patrol craft",
               summary="The council tried hovercraft sensors on one flood patrol craft.",
               outcomes=({"kind": "other", "amount": "12 craft", "text": "Hovercraft with sensors fitted",
                          "evidence": "12 craft"},))
    write_case(directory, "zzz-hovercraft-sensors", OTHER_COUNCIL,
               title="Sensors fitted across every flood patrol craft in the county",
               summary="The council fitted sensors to its flood patrol craft.", tags=("hovercraft sensors",),
               outcomes=({"kind": "other", "amount": "more than 140", "text": "Hovercraft with sensors fitted",
                          "evidence": "more than 140"},))
    snapshot = Snapshot.build(directory)
    assert answer("hovercraft sensors", snapshot).results[0].case.id == "aaa-hovercraft-sensors"
    most = answer("biggest hovercraft sensor rollout", snapshot)
    assert [r.case.id for r in most.results[:2]] == ["zzz-hovercraft-sensors", "aaa-hovercraft-sensors"]
