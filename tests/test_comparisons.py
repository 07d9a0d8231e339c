"""Comparisons of amounts ("which councils saved over £1 million", "who saved the most") are worked out on
arrays; what they answer must be what reading every case's outcomes one by one says."""
from __future__ import annotations

import pytest

from bot.answers import MAX_COMPARISON_RESULTS, answer, read_question
from bot.headline import RANKED, headline
from bot.render.words import why_text
from bot.search.amounts import NONE, OutcomeAmounts


def stated(case, kind: str) -> list[float]:
    return [o.money.pounds for o in case.outcomes_of(kind) if o.money and not o.money.per_unit]


@pytest.mark.parametrize("kind", ["saving", "income", "efficiency", "satisfaction"])
def test_amounts_hold_each_cases_stated_totals(snapshot, kind):
    cases = snapshot.kb.cases
    amounts = OutcomeAmounts(cases)
    assert amounts.largest(kind).tolist() == [max(stated(c, kind), default=0.0) for c in cases]
    some_total = max(v for c in cases for v in stated(c, kind)) if kind in ("saving", "income") else 1.0
    for direction, pounds in (("over", 1_000_000.0), ("under", 50_000.0), ("over", 0.0), ("over", some_total)):
        expected = [max((v for v in stated(c, kind) if (v > pounds if direction == "over" else v < pounds)), default=NONE)
                    for c in cases]
        assert amounts.beyond(kind, direction, pounds).tolist() == expected


@pytest.mark.parametrize(("question", "direction", "pounds"), [
    ("which councils saved over £1 million", "over", 1_000_000), ("savings under £50,000", "under", 50_000)])
def test_a_comparison_alone_lists_every_qualifying_case_biggest_first(snapshot, question, direction, pounds):
    def beyond(case):
        return [v for v in stated(case, "saving") if (v > pounds if direction == "over" else v < pounds)]

    qualifying = sorted((c for c in snapshot.kb.cases if beyond(c)), key=lambda c: (-max(beyond(c)), c.id))
    result = answer(question, snapshot)
    assert read_question(question, snapshot).comparison_only
    assert len(qualifying) > 3
    assert [r.case.id for r in result.results] == [c.id for c in qualifying[:MAX_COMPARISON_RESULTS]]
    amount = f"{direction} £{pounds:,}"
    assert {why_text(r) for r in result.results} == {f"Matched: {amount} (outcomes)"}, "why: the comparison itself"


def test_hits_are_the_same_however_they_are_read(snapshot):
    hits = read_question("who saved money on refuse routing?", snapshot).hits
    listed = list(hits)
    assert len(listed) == len(hits) > 3
    assert [hits[i] for i in range(len(hits))] == listed
    assert list(hits[1:3]) == listed[1:3]
    assert hits.rank_scores.tolist() == [h.rank_score for h in listed]
    assert hits.scores.tolist() == [h.score for h in listed]
    assert list(hits.reordered(hits.order[::-1])) == listed[::-1]


THRESHOLD_QUESTIONS = ["which councils saved under £10,000", "savings under £50,000", "which councils saved over £1 million",
                       "which cases were worth over £1 million", "income over £1 million", "savings over £250,000"]


@pytest.mark.parametrize("question", THRESHOLD_QUESTIONS)
def test_each_case_of_a_threshold_answer_shows_a_figure_on_the_asked_side(snapshot, question):
    """A case listed for "saved under £10,000" because one of its totals is under it shows that total, not
    its biggest saving."""
    result = answer(question, snapshot)
    assert result.answered and result.intent.threshold is not None
    direction, pounds = result.intent.threshold
    for shown in result.results:
        money = shown.outcome.money if shown.outcome else None
        assert money is not None and not money.per_unit, shown.case.id
        assert money.pounds > pounds if direction == "over" else money.pounds < pounds, (shown.case.id, shown.outcome)


@pytest.mark.parametrize("question", THRESHOLD_QUESTIONS)
def test_a_ranked_headline_names_the_largest_figures_largest_first(snapshot, question):
    result = answer(question, snapshot)
    line = headline(result)
    assert line is not None and len(result.results) > 1
    outcomes = sorted((r.outcome for r in result.results if r.outcome and r.outcome.money),
                      key=lambda o: -o.money.pounds)  # type: ignore[union-attr]
    named = outcomes[:RANKED]
    places = [line.index(o.amount) for o in named]  # type: ignore[arg-type]
    assert places == sorted(places), line


@pytest.mark.parametrize("verb", ["raised", "earned", "generated"])
@pytest.mark.parametrize("pounds", ["£500k", "£1 million"])
def test_a_comparison_with_a_verb_of_income_compares_income(snapshot, verb, pounds):
    """"Which councils raised over £1 million" is the income comparison, not a savings one (nor a topic
    search for "raised"): the same cases as asking for income in so many words."""
    result = answer(f"which councils {verb} over {pounds}", snapshot)
    plain = answer(f"which councils made over {pounds} in income", snapshot)
    assert result.intent.outcome_kind == "income" and result.answered
    assert [r.case.id for r in result.results] == [r.case.id for r in plain.results]
    assert all(r.outcome and r.outcome.kind == "income" for r in result.results)


@pytest.mark.parametrize("tax", ["business rates", "council tax", "non-domestic rates"])
@pytest.mark.parametrize("said", ["found the most extra", "collected the most", "brought in the most additional",
                                  "found the most unbilled", "found the biggest sum of unbilled",
                                  "raised the largest amount of", "clawed back the largest sum in",
                                  "brought in the most previously unbilled"])
def test_the_most_of_a_tax_the_council_collects_is_the_most_income(snapshot, tax, said):
    """"Who found the most extra business rates" compares the income cases state, largest first, not the
    count of what is named; "the most council tax support" still asks about the support."""
    intent = answer(f"which council {said} {tax}?", snapshot).intent
    assert (intent.outcome_kind, intent.largest_first, intent.counted) == ("income", True, frozenset())
    assert answer(f"which council {said} {tax} support claims?", snapshot).intent.outcome_kind != "income"


@pytest.mark.parametrize("change", ["the biggest rise in", "the largest number of", "the highest share of"])
def test_the_most_of_a_change_in_a_tax_is_no_income_superlative(snapshot, change):
    """"Which council had the biggest rise in council tax" asks about the rise, not for the income the
    councils collected."""
    assert answer(f"which council had {change} council tax accounts?", snapshot).intent.outcome_kind != "income"


@pytest.mark.parametrize("amount", ["£50,000", "£100,000", "£250k", "£1 million"])
@pytest.mark.parametrize("kind", ["savings", "income"])
def test_a_comparison_with_a_topic_lists_cases_of_the_topic_not_of_the_amount_s_digits(snapshot, amount, kind):
    """The amount is checked against stated totals, never searched for as words: a case whose only link to
    "<kind> over <amount> from <topic>" is a figure with the same digits is not an answer."""
    topics = [next(w for w in (t.label, *t.words) if w.isalpha()) for t in snapshot.kb.themes
              if any(w.isalpha() for w in (t.label, *t.words))]
    assert len(topics) > 10
    for topic in topics:
        question = f"{kind} over {amount} from {topic.lower()}"
        for result in answer(question, snapshot).results:
            words = {reason.words for reason in result.reasons}
            assert words and not any(w.replace(",", "").isdigit() or w.endswith(("k", "m")) and w[:-1].isdigit()
                                     for w in words), (question, result.case.id, words)


SUPERLATIVES_WITH_A_TOPIC = ["who saved the most on waste", "biggest savings from automation", "who saved the most with chatbots",
                             "largest saving from moving to the cloud", "highest income from digital services",
                             "who saved the most in social care", "who found the most extra business rates",
                             "which council collected the most council tax"]


def good_then_biggest(question: str, snapshot) -> tuple[list[tuple[bool, float]], bool]:
    """The matches of a superlative with a topic as (good enough to show, stated amount), in the order
    read; and whether a match below the cut states more than one above it (what the order must overrule)."""
    from bot.answers import RELATIVE_CUT
    reading = read_question(question, snapshot)
    assert reading.intent.largest_first and not reading.comparison_only, question
    hits = list(reading.hits)
    best = max(h.rank_score for h in hits)
    kinds = ("saving", "income") if reading.intent.outcome_kind is None else (reading.intent.outcome_kind,)
    rows = [(h.rank_score >= best * RELATIVE_CUT, max((v for k in kinds for v in stated(h.case, k)), default=0.0))
            for h in hits]
    good = [amount for is_good, amount in rows if is_good]
    return rows, any(not is_good and amount > min(good) for is_good, amount in rows)


@pytest.mark.parametrize("question", SUPERLATIVES_WITH_A_TOPIC)
def test_a_superlative_with_a_topic_lists_the_good_matches_first_biggest_first(snapshot, question):
    """"Who saved the most on waste" is asked of the waste cases: the matches good enough to show come
    first, biggest saving first, and a case that barely matches comes after them whatever it saved."""
    rows, _ = good_then_biggest(question, snapshot)
    flags = [is_good for is_good, _amount in rows]
    assert flags == sorted(flags, reverse=True), "a weak match before a good one"
    good = [amount for is_good, amount in rows if is_good]
    assert good == sorted(good, reverse=True)


@pytest.mark.parametrize("story", ["the paper forms cost a fortune to process", "we need to split the cost with a neighbour",
                                   "it costs us a lot of money every year"])
@pytest.mark.parametrize("superlative", ["the things residents most often come to do", "getting most people to reply online",
                                         "the top tasks on the website", "the biggest problem we have"])
def test_a_superlative_far_from_any_money_word_is_no_comparison(snapshot, story, superlative):
    """A question about money may say "most" of something else: only a superlative near a word of money
    ("saved the most", "the biggest yearly saving") asks for cases largest amount first, narrowed to those
    stating one."""
    question = f"{story}. has anyone redesigned {superlative}?"
    intent = read_question(question, snapshot).intent
    assert intent.wants_money and not intent.largest_first and intent.threshold is None, question
    assert read_question(f"{story}. which council saved the most redesigning {superlative}?", snapshot).intent.largest_first


@pytest.mark.parametrize("grade", ["earned the top rating for its address data", "earned top marks for its website",
                                   "earned top quality status for its records"])
def test_top_before_a_word_of_no_money_is_a_grade_not_a_comparison(snapshot, grade):
    """"Has a council earned the national top rating for its address data?" was read as "earned the most" and
    listed business rates cases by their income. "top" before a word of no money is a grade; before a word of
    money or a preposition ("the top savings", "came top for income") it compares."""
    assert not read_question(f"Has a council {grade}?", snapshot).intent.largest_first
    for compared in ("which council earned the top income from parking", "which council had the top savings on energy",
                     "which council came top for income from parking"):
        assert read_question(compared, snapshot).intent.largest_first, compared


def test_some_weak_match_states_more_than_a_good_one(snapshot):
    """So the order above is not merely by amount."""
    assert any(good_then_biggest(q, snapshot)[1] for q in SUPERLATIVES_WITH_A_TOPIC)


@pytest.mark.parametrize("level", ["from £40,000 to less than £100", "down to under £5,000", "to below £1 million"])
def test_a_bound_a_figure_went_to_is_how_a_case_turned_out_not_a_comparison(snapshot, level):
    """"Cut the bill from £40,000 to less than £100" tells what happened, not which cases to compare by: the
    question is answered by its topic as without the figure, never narrowed to cases stating amounts below it."""
    topic = "machine translation to cut the translation bill"
    plain, with_level = answer(topic, snapshot), answer(f"{topic} {level}", snapshot)
    assert with_level.intent.threshold is None and plain.answered
    assert [r.case.id for r in with_level.results][:1] == [r.case.id for r in plain.results][:1]
    assert read_question("which councils saved under £5,000 with machine translation", snapshot).intent.threshold \
        == ("under", 5_000.0), "a bound not after 'to' is still a comparison"


def test_at_least_and_up_to_take_in_the_amount_itself_over_and_under_do_not(snapshot):
    """"Saved at least £350,000" is answered by a case that states £350,000; "over £350,000" is not."""
    amounts = OutcomeAmounts(snapshot.kb.cases)
    largest = amounts.largest("saving")
    exactly = sorted({v for v in largest.tolist() if v > 0 and list(largest).count(v) == 1})[len(largest) // 40]
    pounds = f"£{exactly:,.0f}"
    assert amounts.beyond("saving", "at least", exactly)[largest.tolist().index(exactly)] == exactly
    assert amounts.beyond("saving", "over", exactly)[largest.tolist().index(exactly)] == NONE
    assert read_question(f"which councils saved at least {pounds}", snapshot).intent.threshold == ("at least", exactly)
    assert f"savings of at least {pounds}" in headline(answer(f"which councils saved at least {pounds}", snapshot))
    assert read_question(f"savings up to {pounds}", snapshot).intent.threshold == ("up to", exactly)
    every = [stated(c, "saving") for c in snapshot.kb.cases]
    assert (amounts.beyond("saving", "up to", exactly) != NONE).sum() == sum(any(v <= exactly for v in s) for s in every)
    assert (amounts.beyond("saving", "under", exactly) != NONE).sum() == sum(any(v < exactly for v in s) for s in every)


@pytest.mark.parametrize("question", [
    "which council saved the most with hovercraft lending?", "biggest income from lending hovercraft online",
    "which councils saved over £100,000 lending hovercraft to residents through an online service?",
    "who made more than £50k from a hovercraft lending service for residents"])
def test_a_comparison_of_a_topic_whose_cases_state_no_amount_lists_no_case_of_another_topic(hovercraft_base, question):
    """The topic's cases (hovercraft lent to residents) state no saving or income: the cases left when they
    are dropped match only the question's common words ("service", "online", "residents"), and are no
    answer, however much they saved, and however sure the topic's match was."""
    listed = [r.case.id for r in answer(question, hovercraft_base).results]
    assert all(case_id.startswith("hovercraft-") for case_id in listed), (question, listed)


@pytest.fixture(scope="module")
def hovercraft_base(tmp_path_factory):
    from bot.store import Snapshot

    from .knowledge.helpers import FICTIONAL_COUNCIL, copy_knowledge, write_case
    directory = copy_knowledge(tmp_path_factory.mktemp("hovercraft"))
    write_case(directory, "hovercraft-lending", FICTIONAL_COUNCIL)
    return Snapshot.build(directory)


@pytest.mark.parametrize("verb", ["bring in", "bringing in", "brings in", "brought in"])
@pytest.mark.parametrize("thing", ["a chatbot", "remotely controlled street lighting", "online booking"])
def test_bringing_in_a_system_asks_for_no_income(snapshot, verb, thing):
    """To bring in a system is to introduce it: "councils bringing in street lighting controls" asks for no
    income, and "of the councils bringing in X, which expects the biggest yearly saving" compares savings."""
    assert read_question(f"has any council had to {verb} {thing}?", snapshot).intent.outcome_kind is None
    superlative = read_question(f"of the councils that {verb} {thing}, which expects the biggest yearly saving?", snapshot)
    assert superlative.intent.outcome_kind == "saving"


@pytest.mark.parametrize(("question", "kind"), [
    ("of the councils charging for garden waste, which saved the most?", "saving"),
    ("which council selling its data earned the most?", "income"),
    ("of the councils saving time with chatbots, which made the most money?", "income"),
    ("which councils charging for bulky waste saved over £100,000?", "saving"),
])
def test_a_comparison_compares_the_kind_named_nearest_its_superlative_or_amount(snapshot, question, kind):
    """A question may name two kinds of outcome, one of them only to say which councils it means ("of the
    councils charging for X"): the kind compared is the one named at the comparison."""
    assert read_question(question, snapshot).intent.outcome_kind == kind
