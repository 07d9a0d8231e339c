"""A money question ("who saved money with chatbots") reorders the matches so cases stating a saving (or an
income) lead among the good ones; it never drops a match or adds one. A question that only names a council
orders that council's cases by what they achieved, again without losing any."""
from __future__ import annotations

import pytest

from bot.search.analyse import parse_question
from bot.search.rank import rank

MONEY = [("did anyone save money with chatbots", "saving"), ("who saved money on parking", "saving"),
         ("savings in social care", "saving"), ("who saved money on refuse routing?", "saving"),
         ("income from council tax automation", "income")]


def ranked(question: str, snapshot, kind: str | None) -> list[str]:
    index = snapshot.index
    units = parse_question(question, index.vocabulary, index.correct).units
    return [h.case.id for h in rank(units, index, limit=None, outcome_kind=kind)]


@pytest.mark.parametrize(("question", "kind"), MONEY)
def test_a_money_question_reorders_its_matches_and_loses_none(snapshot, question, kind):
    plain, money = ranked(question, snapshot, None), ranked(question, snapshot, kind)
    assert len(money) == len(set(money)) and set(money) == set(plain)
    assert len(plain) > 12


def test_the_reordering_changes_some_order(snapshot):
    """Else the test above would hold for a money question read as any other."""
    assert any(ranked(q, snapshot, None) != ranked(q, snapshot, kind) for q, kind in MONEY)


@pytest.mark.parametrize("question", ["Hammersmith and Fulham", "what has Derby done?", "Lancashire"])
def test_a_council_named_alone_lists_all_its_matches(snapshot, question):
    index = snapshot.index
    units = parse_question(question, index.vocabulary, index.correct).units
    everything = [h.case.id for h in rank(units, index, limit=None)]
    assert len(everything) == len(set(everything))
    assert [h.case.id for h in rank(units, index, limit=5)] == everything[:5]
