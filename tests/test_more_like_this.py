""""More like this": the cases nearest to a case, asked as its title and tags, the case itself left out,
none that covers less than a fifth of that description, at most one answer's worth, best first."""
from __future__ import annotations

import pytest

from bot.answers import MAX_RESULTS, pick_outcome, similar
from bot.search.analyse import parse_question
from bot.search.rank import rank

FLOOR = 0.2
"""The product's rule, stated here rather than read from bot.answers: a case covering less than this share
of the description is not alike at all."""
CASES = ["wigan-in-cab-waste", "hammersmith-fulham-self-service", "lancashire-telecare-service",
         "aberdeen-chatbots-and-rpa", "newcastle-virtual-parking-permits", "lewisham-free-school-meals-opt-out"]


def nearest(case, snapshot):
    """What the ranking finds for the case's title and tags: the units asked and the hits, best first."""
    index = snapshot.index
    units = parse_question(" ".join([case.title, *case.tags]), index.vocabulary, index.correct).units
    return units, rank(units, index)


@pytest.mark.parametrize("case_id", CASES)
def test_more_like_this_lists_the_nearest_other_cases_best_first(snapshot, case_id):
    kb = snapshot.kb
    case = kb.case(case_id)
    result = similar(case, snapshot)
    units, ranked = nearest(case, snapshot)
    expected = [h for h in ranked if h.case.id != case_id and h.score >= FLOOR][:MAX_RESULTS]
    assert [(r.case.id, r.score, r.reasons) for r in result.results] == [(h.case.id, h.score, h.reasons) for h in expected]
    assert result.answered and result.query == f"like {case_id}"
    assert (result.nearest_themes, result.corrections) == ((), ())
    assert result.contact == kb.general_contact and result.kb_version == kb.version
    for r in result.results:
        assert r.contact == kb.contact(r.case.contact)
        assert r.outcome == pick_outcome(r.case, result.intent, units)


def test_the_floor_and_the_limit_both_leave_cases_out(snapshot):
    """Otherwise the test above could not notice either change."""
    under_floor = over_limit = 0
    for case_id in CASES:
        _units, ranked = nearest(snapshot.kb.case(case_id), snapshot)
        others = [h for h in ranked if h.case.id != case_id]
        under_floor += any(h.score < FLOOR for h in others)
        over_limit += sum(h.score >= FLOOR for h in others) > MAX_RESULTS
        assert ranked[0].case.id == case_id, "a case is nearest to itself"
    assert under_floor and over_limit
