"""Reading £ figures from stated amounts, and comparisons from questions."""
from __future__ import annotations

import pytest

from bot.knowledge.money import parse_money, parse_threshold


def ascii_id(value: object) -> str | None:
    """Plain ASCII test ids ("GBP2bn"): tools such as mutmut select tests by id on the command line."""
    return str(value).replace("£", "GBP") if isinstance(value, str) else None


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
        ("£2bn", 2_000_000_000, False),
        ("£1.5 billion over ten years", 1_500_000_000, False),
        ("£3mn", 3_000_000, False),
        ("£40 thousand", 40_000, False),
        ("£12,345.50", 12_345.5, False),
        ("£350,000 to £500,000", 350_000, False),
        ("over £100k each year", 100_000, False),
        ("£20,000 each month", 20_000, False),
        ("£5 each", 5, True),
        ("£12 each time a form is completed online", 12, True),
        ("£30 per visit", 30, True),
    ],
    ids=ascii_id,
)
def test_amounts_are_read_in_pounds(amount, pounds, per_unit):
    money = parse_money(amount)
    assert money is not None
    assert (money.pounds, money.per_unit) == (pounds, per_unit)


@pytest.mark.parametrize("amount", [None, "", "70%", "26 per cent", "150 routes"], ids=ascii_id)
def test_amounts_without_pounds_are_not_money(amount):
    assert parse_money(amount) is None


@pytest.mark.parametrize(
    "question, expected",
    [
        ("which councils saved over £1 million", ("over", 1_000_000)),
        ("savings of more than £100k on waste", ("over", 100_000)),
        ("projects that cost less than £50,000", ("under", 50_000)),
        ("savings of up to £50k", ("up to", 50_000)),
        ("spent below £2bn", ("under", 2_000_000_000)),
        ("under £10m", ("under", 10_000_000)),
        ("income above £1.5 million", ("over", 1_500_000)),
        ("at least £3bn", ("at least", 3_000_000_000)),
        ("greater than £5k", ("over", 5_000)),
        ("exceeding £250,000 a year", ("over", 250_000)),
        ("over 50 per cent", None),
        ("who saved money on refuse routing", None),
    ],
    ids=ascii_id,
)
def test_thresholds_are_read_from_questions(question, expected):
    assert parse_threshold(question) == expected


@pytest.mark.parametrize("question, expected", [
    ("Which councils saved OVER £1M", ("over", 1_000_000)),
    ("Less Than £5K", ("under", 5_000)),
    ("UP TO £2BN", ("up to", 2_000_000_000)),
    ("At Least £3 Million", ("at least", 3_000_000)),
], ids=ascii_id)
def test_comparisons_are_read_in_any_case(question, expected):
    assert parse_threshold(question) == expected
