"""Among the nearest cases, a word only some of them match tells them apart: it counts again among them, so
of five cases on bin sensors the one that also says "university" leads a question that names it."""
from __future__ import annotations

import numpy as np
import pytest

import bot.search.rank as rank_module
from bot.answers import read_question
from bot.search.rank import AROUND, NEAREST, TELLING_APART, _nearest_told_apart

EVERYWHERE = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
ONLY_THE_FOURTH = np.array([0.0, 0.0, 0.0, 0.8, 0.0, 0.9])
EVEN = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.1])


def test_a_word_only_one_of_the_nearest_matches_lifts_that_one():
    told = _nearest_told_apart(np.arange(6), EVEN, [2.0, 3.0], [EVERYWHERE, ONLY_THE_FOURTH], set())
    assert int(np.argmax(told)) == 3
    assert told[3] == pytest.approx(1.0 + TELLING_APART * 3.0 * 0.8 * (1 - 1 / NEAREST) / 5.0)
    assert list(told[[0, 1, 2, 4]]) == [1.0] * 4, "a word all the nearest match adds nothing"
    assert told[5] == 0.1, "beyond the nearest, nothing changes"
    assert list(EVEN) == [1.0] * 5 + [0.1], "the ranking given is left as it was"


def test_a_word_none_of_the_nearest_matches_adds_nothing():
    rank_score = np.linspace(1.0, 0.6, 5)
    told = _nearest_told_apart(np.arange(5), rank_score, [2.0], [np.zeros(5)], set())
    assert list(told) == list(rank_score)


def test_the_askers_story_tells_apart_at_its_share_and_only_cases_that_match_what_is_asked():
    asked = np.array([1.0, 1.0, 0.0, 1.0, 1.0, 1.0])  # the third matches nothing asked
    story = np.array([0.0, 0.0, 0.9, 0.8, 0.0, 0.0])
    told = _nearest_told_apart(np.arange(6), EVEN, [2.0, 3.0], [asked, story], {1})
    assert told[2] == 1.0, "a case with only the story is no nearer"
    from_story = AROUND * 3.0 * 0.8 * (1 - 1 / NEAREST)  # the third's match is no match: the fourth's alone
    from_asked = 2.0 * 1.0 * (1 - 4 / NEAREST)
    assert told[3] == pytest.approx(1.0 + TELLING_APART * (from_story + from_asked) / 5.0)


@pytest.mark.parametrize("question", ["chatbots", "telecare", "damp sensors", "parking permits", "ransomware"])
def test_a_question_every_nearest_case_matches_alike_is_ranked_as_before(snapshot, question, monkeypatch):
    """A one-topic question's nearest cases all match its word: there is nothing to tell apart."""
    ranked = [h.case.id for h in read_question(question, snapshot).hits][:NEAREST]
    monkeypatch.setattr(rank_module, "TELLING_APART", 0.0)
    assert [h.case.id for h in read_question(question, snapshot).hits][:NEAREST] == ranked
