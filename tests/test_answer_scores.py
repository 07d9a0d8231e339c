"""What an answer shows beside its cases. The first result's score is the answer's confidence; each further
result's is that confidence scaled by its ranking score against the first (never above it: a money question
may lift a case with a stated saving over a better match), never rising down the list. A comparison alone
("which councils saved over £5m") is answered from stated totals, so every case it lists is a full match.
A declined question points to the themes its best partial matches belong to, most weight first.

No confidence value or weight is stated here: they are tuned as the knowledge base grows."""
from __future__ import annotations

import pytest

from bot.answers import answer, confidence, read_question

ANSWERED = ["Wigan bins", "free school meals", "telecare", "virtual parking permits", "chatbots",
            "who saved money on refuse routing?", "how much did Lancashire save?", "smart places in Wales",
            "workforce skills in London", "who saved money on parking", "savings in social care",
            "social care and health in the south west", "rubbish collections in Scotland",
            ("Our county is about to swap a decades-old, heavily customised finance and payroll package for a new"
             " cloud one, and the budget assumes we'll just take it out of the box. I'd like a cautionary tale: did"
             " anyone see the cost multiply about ten times and end up parting ways with their implementer?")]
DECLINED = ["drone surveys of potholes and bridges over rivers", "underwater basket weaving for libraries",
            "hovercraft maintenance for bin lorries", "what is the capital of France?"]


@pytest.mark.parametrize("question", ANSWERED)
def test_each_result_shows_the_answers_confidence_scaled_by_its_ranking(snapshot, question):
    result = answer(question, snapshot)
    reading = read_question(question, snapshot)
    assert result.answered
    rank_score = {h.case.id: h.rank_score for h in reading.hits}
    top = confidence(reading.signals)
    first = rank_score[result.results[0].case.id]
    expected: list[float] = []
    for r in result.results:
        value = top * min(1.0, rank_score[r.case.id] / first)
        expected.append(min([value, *expected]))
    assert [r.score for r in result.results] == pytest.approx(expected, abs=1e-4)
    assert all(round(r.score, 4) == r.score for r in result.results), "shown to four decimal places"
    assert 0 < result.results[0].score <= 1


def test_the_scaling_is_seen_both_ways(snapshot):
    """Some further result ranks lower than the first (its score is scaled down) and some ranks higher (a
    money question's reordering), some ranks higher than the result before it (a case stating a saving put
    before a better match that states none), and some first result ranks below 1 (a weak match that still
    answers): otherwise the test above could not notice a change to any of them."""
    lower = higher = rising = weak = 0
    for question in ANSWERED:
        reading = read_question(question, snapshot)
        rank_score = {h.case.id: h.rank_score for h in reading.hits}
        shown = [rank_score[r.case.id] for r in answer(question, snapshot).results]
        lower += any(s < shown[0] for s in shown[1:])
        higher += any(s > shown[0] for s in shown[1:])
        rising += any(b > a for a, b in zip(shown[1:], shown[2:]))
        weak += shown[0] < 1 and len(shown) > 1
    assert lower and higher and rising and weak


def test_a_comparison_alone_lists_every_qualifying_case_as_a_full_match(snapshot):
    result = answer("which councils saved over £1m", snapshot)
    assert len(result.results) >= 3
    assert [r.score for r in result.results] == [1.0] * len(result.results)


@pytest.mark.parametrize("question", DECLINED)
def test_a_declined_question_points_to_the_themes_of_its_best_partial_matches(snapshot, question):
    """Each theme weighs the scores of the ten best partial matches in it; the three heaviest, heaviest first
    (ties in the order the matches came)."""
    result = answer(question, snapshot)
    assert not result.answered and result.results == ()
    weight: dict[str, float] = {}
    for hit in list(read_question(question, snapshot).hits)[:10]:
        for theme in hit.case.themes:
            weight[theme] = weight.get(theme, 0.0) + hit.score
    assert [t.id for t in result.nearest_themes] == sorted(weight, key=lambda t: -weight[t])[:3]


def test_the_nearest_themes_are_chosen_from_more_than_they_show(snapshot):
    """More than ten partial matches and more than three themes among them, or the limits go untested."""
    reading = read_question(DECLINED[0], snapshot)
    assert len(reading.hits) > 10
    assert len({t for h in list(reading.hits)[:10] for t in h.case.themes}) > 3
    assert any(h.case.themes for h in list(reading.hits)[10:])
