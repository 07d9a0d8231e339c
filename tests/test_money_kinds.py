"""A money question that names no kind ("who got the most money from hovercraft", "hovercraft schemes over
£1m") is answered by savings and income alike: money itself may have been saved or raised. A question that
names a kind ("who saved the most", "raised over £1m") is answered by that kind only."""
from __future__ import annotations

import pytest

from bot.answers import answer, read_question
from bot.store import Snapshot

from .knowledge.helpers import FICTIONAL_COUNCIL, OTHER_COUNCIL, copy_knowledge, register_organisation, write_case


def _case(directory, case_id: str, organisation: str, kind: str, amount: str) -> None:
    write_case(directory, case_id, organisation, outcomes=(
        {"kind": kind, "amount": amount, "text": "From the hovercraft scheme in its first year", "evidence": amount},))


@pytest.fixture(scope="module")
def hovercraft(tmp_path_factory):
    """Two cases that match hovercraft questions equally well: one saved £2 million, one raised £5 million."""
    directory = copy_knowledge(tmp_path_factory.mktemp("kb"))
    register_organisation(directory, OTHER_COUNCIL)
    _case(directory, "aaa-hovercraft-saving", FICTIONAL_COUNCIL, "saving", "£2 million")
    _case(directory, "zzz-hovercraft-income", OTHER_COUNCIL, "income", "£5 million")
    return Snapshot.build(directory)


def _hovercraft_ids(question: str, snapshot) -> list[str]:
    return [r.case.id for r in answer(question, snapshot).results if "hovercraft" in r.case.id]


@pytest.mark.parametrize("question", ["which council got the most money from hovercraft?",
                                      "which hovercraft scheme cost the most?"])
def test_money_that_names_no_kind_is_either_kind_the_largest_first(hovercraft, question):
    assert _hovercraft_ids(question, hovercraft) == ["zzz-hovercraft-income", "aaa-hovercraft-saving"]


def test_a_threshold_that_names_no_kind_lists_either_kind(hovercraft):
    assert sorted(_hovercraft_ids("hovercraft over £1m", hovercraft)) == ["aaa-hovercraft-saving",
                                                                         "zzz-hovercraft-income"]
    assert _hovercraft_ids("hovercraft over £3m", hovercraft) == ["zzz-hovercraft-income"]


@pytest.mark.parametrize(("question", "found"), [
    ("who saved the most money with hovercraft?", ["aaa-hovercraft-saving"]),
    ("hovercraft savings over £1m", ["aaa-hovercraft-saving"]),
    ("which council raised the most money from hovercraft?", ["zzz-hovercraft-income"]),
    ("hovercraft income over £1m", ["zzz-hovercraft-income"]),
    ("which hovercraft scheme made the biggest cut in costs?", ["aaa-hovercraft-saving"]),
    ("which hovercraft scheme made the largest reduction in its costs?", ["aaa-hovercraft-saving"]),
    ("which hovercraft scheme made the biggest yearly cut in what it spends?", ["aaa-hovercraft-saving"]),
    ("whose hovercraft service has avoided the most flood patrol costs?", ["aaa-hovercraft-saving"]),
])
def test_a_named_kind_is_that_kind_only(hovercraft, question, found):
    assert _hovercraft_ids(question, hovercraft) == found


def test_the_headline_names_both_kinds_when_either_answers(hovercraft):
    from bot.headline import headline
    text = headline(answer("hovercraft over £1m", hovercraft))
    assert text is not None and text.startswith("2 case studies state savings or income over £1 million")


@pytest.mark.parametrize("question", ["which council made the biggest cut in hovercraft waiting times?",
                                      "the biggest drop in missed hovercraft bookings"])
def test_the_biggest_cut_in_something_unpaid_asks_for_no_money(hovercraft, question):
    """A cut in bills or costs is a saving; a cut in waiting times or missed bookings is no amount of money."""
    reading = read_question(question, hovercraft)
    assert not reading.intent.wants_money and reading.intent.threshold is None


@pytest.mark.parametrize("service", ["revenues and benefits", "the revenues system", "our revenues team"])
def test_the_revenues_service_asks_for_no_income(snapshot, service):
    """"Revenues" is also the service that collects council tax: "council tax forms wired into the revenues
    system" asks about the system, and made an income comparison (a case stating income led); revenue from
    something is still income."""
    assert read_question(f"{service} in Scotland", snapshot).intent.outcome_kind is None
    assert read_question("revenue from benefits automation in Scotland", snapshot).intent.outcome_kind == "income"
