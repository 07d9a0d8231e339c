"""The answer model: typed outcomes answer money questions, honesty when nothing matches, transparency."""
from __future__ import annotations

from bot.answers import MAX_QUESTION_CHARS, MAX_RESULTS, RELATIVE_CUT, answer, similar
from bot.search.analyse import parse_question
from bot.search.rank import rank


def ids(result) -> list[str]:
    return [r.case.id for r in result.results]


def test_money_question_leads_with_the_saving(snapshot):
    result = answer("how much did Hammersmith and Fulham save?", snapshot)
    best = result.best
    assert best.case.id == "hammersmith-fulham-self-service"
    assert best.outcome.kind == "saving" and best.outcome.amount == "£1.15 million in a year"
    assert best.contact.email == "enquiries@socitm.net"
    assert best.case.source.url.startswith("https://")


def test_threshold_question_lists_only_cases_with_a_big_enough_total_saving(snapshot):
    result = answer("which councils saved over £1 million", snapshot)
    assert result.answered and len(result.results) >= 3
    for r in result.results:
        totals = [o.money.pounds for o in r.case.outcomes_of("saving") if o.money and not o.money.per_unit]
        assert max(totals) > 1_000_000, r.case.id
    assert "hammersmith-fulham-self-service" in ids(result)
    assert "scarborough-in-cab-waste-digitisation" not in ids(result)
    assert "forest-heath-st-edmundsbury-refuse-routing" not in ids(result)


def test_under_threshold_excludes_large_savings(snapshot):
    result = answer("savings under £50,000", snapshot)
    for r in result.results:
        assert any(o.money and o.money.pounds < 50_000 for o in r.case.outcomes_of("saving")), r.case.id


def test_saving_question_prefers_cases_with_a_stated_saving(snapshot):
    result = answer("who saved money on refuse routing?", snapshot)
    assert result.best.case.id == "forest-heath-st-edmundsbury-refuse-routing"
    assert result.best.outcome.amount == "£300,000 a year"
    assert any(r.words == "saved money" for r in result.best.reasons)


def test_no_match_is_honest_with_themes_and_contact(snapshot):
    result = answer("what is the capital of France?", snapshot)
    assert not result.answered and result.results == ()
    assert result.contact.phone == "01604 709456"


def test_in_domain_gap_suggests_nearest_themes(snapshot):
    result = answer("drone surveys of potholes and bridges over rivers", snapshot)
    assert not result.answered and result.results == ()
    assert [t.id for t in result.nearest_themes][0] == "highways-parking"
    assert len(result.nearest_themes) == 3


def test_spelling_corrections_are_reported(snapshot):
    result = answer("hammersmith and fullham", snapshot)
    assert ("fullham", "fulham") in result.corrections
    assert result.best.case.id == "hammersmith-fulham-self-service"


def test_results_are_not_padded_with_weak_matches(snapshot):
    """A question with several good matches and weaker partial ones just behind them: the weaker ones are
    left out (the list ends at the relative cut, not at the result limit), and every result shown scores at
    least that share of the best. With one result, or no weak candidates, this could not fail."""
    result = answer("free school meals", snapshot)
    index = snapshot.index
    candidates = rank(parse_question(result.query, index.vocabulary, index.correct).units, index, limit=None)
    weak = {h.case.id for h in candidates if h.rank_score < RELATIVE_CUT * candidates[0].rank_score}
    assert 2 <= len(result.results) < MAX_RESULTS and weak
    assert not weak & set(ids(result))
    assert all(r.score >= RELATIVE_CUT * result.best.score for r in result.results)


def test_long_questions_are_cut(snapshot):
    result = answer("refuse " * 500, snapshot)
    assert len(result.query) <= MAX_QUESTION_CHARS


def test_empty_question_has_no_answer(snapshot):
    assert not answer("   ", snapshot).answered


def test_similar_cases_leave_out_the_case_itself(snapshot):
    case = snapshot.kb.case("wigan-in-cab-waste")
    result = similar(case, snapshot)
    assert result.answered
    assert "wigan-in-cab-waste" not in ids(result)
    assert any("waste" in r.case.themes for r in result.results)


def test_superlative_money_questions_list_the_biggest_stated_amount_first(snapshot):
    result = answer("biggest savings", snapshot)
    totals = [max(o.money.pounds for o in r.case.outcomes_of("saving") if o.money and not o.money.per_unit)
              for r in result.results]
    assert len(totals) >= 3 and totals == sorted(totals, reverse=True)
    assert result.best.outcome.kind == "saving"
