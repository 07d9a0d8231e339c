"""Reading £ figures from stated amounts, and comparisons from questions."""
from __future__ import annotations

import pytest

from bot.knowledge.money import parse_money, parse_threshold


@pytest.mark.parametrize(
    "amount, pounds, per_unit",
    [
        ("£1.15 million in a year", 1_150_000, False),
        ("over £250,000", 250_000, False),
        ("£324k over a 5-year period", 324_000, False),
        ("more than £22.5million", 22_500_000, False),
        ("£5m", 5_000_000, False),
        ("about £25,000 per year", 25_000, False),
        ("£4,500 per person per annum", 4_500, True),
        ("£1 to 20p per transaction", 1, True),
    ],
)
def test_amounts_are_read_in_pounds(amount, pounds, per_unit):
    money = parse_money(amount)
    assert money is not None
    assert (money.pounds, money.per_unit) == (pounds, per_unit)


@pytest.mark.parametrize("amount", [None, "", "70%", "26 per cent", "150 routes"])
def test_amounts_without_pounds_are_not_money(amount):
    assert parse_money(amount) is None


@pytest.mark.parametrize(
    "question, expected",
    [
        ("which councils saved over £1 million", ("over", 1_000_000)),
        ("savings of more than £100k on waste", ("over", 100_000)),
        ("projects that cost less than £50,000", ("under", 50_000)),
        ("who saved money on refuse routing", None),
    ],
)
def test_thresholds_are_read_from_questions(question, expected):
    assert parse_threshold(question) == expected
