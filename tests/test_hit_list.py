"""Ranked hits over arrays (HitList): the order is an array of case numbers, a hit is built the first time it
is read and then shared by every reordering or slice of the list, scores are worked out only for the cases
asked about. And a comparison nothing matches ends in an honest decline, not an error."""
from __future__ import annotations

import numpy as np
import pytest

from bot.answers import answer
from bot.search.hits import HitList


def hit_list(order: list[int], built: list[int]) -> HitList:
    """Hits for cases 0-5: case n's hit is ("hit", n); `built` records each build."""
    def make(n: int):
        built.append(n)
        return ("hit", n)
    return HitList(np.array(order, dtype=np.int64), make, lambda cases: cases / 10, np.arange(6) * 2.0)


def test_hits_come_in_rank_order_and_each_is_built_once_on_first_read():
    built: list[int] = []
    hits = hit_list([4, 1, 5], built)
    assert len(hits) == 3 and built == []
    assert list(hits) == [("hit", 4), ("hit", 1), ("hit", 5)]
    assert hits[-1] == ("hit", 5) and hits[0] == ("hit", 4)
    assert built == [4, 1, 5], "read again: not rebuilt"


def test_a_reordering_or_slice_shares_the_hits_already_built():
    built: list[int] = []
    hits = hit_list([4, 1, 5, 0], built)
    assert hits[1] == ("hit", 1)
    first_two = hits[:2]
    assert isinstance(first_two, HitList) and first_two.order.tolist() == [4, 1]
    assert list(first_two) == [("hit", 4), ("hit", 1)]
    other = hits.reordered(np.array([0, 1]))
    assert list(other) == [("hit", 0), ("hit", 1)]
    assert built == [1, 4, 0]


def test_scores_are_read_in_rank_order():
    hits = hit_list([4, 1, 5], [])
    assert hits.scores.tolist() == [0.4, 0.1, 0.5]
    assert hits.rank_scores.tolist() == [8.0, 2.0, 10.0]
    assert hits[1:].scores.tolist() == [0.1, 0.5] and hits[1:].rank_scores.tolist() == [2.0, 10.0]


def test_no_hits_is_an_empty_list():
    empty = HitList.empty()
    assert len(empty) == 0 and not empty and list(empty) == [] and list(empty[:10]) == []
    assert empty.scores.tolist() == [] and empty.rank_scores.tolist() == []
    with pytest.raises(IndexError):
        empty[0]


@pytest.mark.parametrize("question", ["dragons under £1", "zzzqx over £5m", "which councils saved over £5m on xylophones"])
def test_a_comparison_about_something_the_base_lacks_is_declined(snapshot, question):
    result = answer(question, snapshot)
    assert result.intent.threshold is not None
    assert not result.answered and result.results == ()
