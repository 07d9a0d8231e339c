"""Read sterling figures out of the amounts as sources state them ("over £250,000", "£1.15 million in a year").

The stated text stays what users see; the number only lets the bot compare amounts and sort by them.
"""
from __future__ import annotations

import operator
import re

from .schema import Money

_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9, "billion": 1e9}
_POUNDS = re.compile(
    r"£\s*(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>k|m|mn|bn|million|billion|thousand)?\b",
    re.IGNORECASE,
)
_PERIOD = r"(?:year|annum|month|week|day)s?\b"
_PER_UNIT = re.compile(rf"\bper\s+(?!{_PERIOD})\w+|\beach\b(?!\s+{_PERIOD})", re.IGNORECASE)
"""Per person, per transaction, each: a unit price. "Per year" and "each year" are periods, not units."""


def parse_money(amount: str | None) -> Money | None:
    """The first £ figure in `amount`, in pounds; None when the amount states no sterling figure.

    A range such as "£350,000 to £500,000" yields its lower end, so comparisons never overstate.
    """
    if not amount:
        return None
    match = _POUNDS.search(amount)
    if not match:
        return None
    pounds = float(match["number"].replace(",", ""))
    unit = (match["unit"] or "").lower()
    pounds *= _MULTIPLIERS.get(unit, 1.0)
    return Money(pounds=pounds, per_unit=bool(_PER_UNIT.search(amount)))


SIDES = {"over": operator.gt, "at least": operator.ge, "under": operator.lt, "up to": operator.le}
"""How an amount is on the asked side of a comparison's threshold (scalars or arrays alike)."""
ABOVE = ("over", "at least")
"""The directions that ask for amounts above the threshold (or at it)."""

_THRESHOLD = re.compile(
    r"\b(?P<op>over|more than|above|greater than|at least|exceeding|under|less than|below|up to)\s+"
    r"(?P<amount>£\s*\d[\d,]*(?:\.\d+)?\s*(?:k|m|mn|bn|million|billion|thousand)?)",
    re.IGNORECASE,
)
_A_LEVEL_REACHED = re.compile(r"\bto\s*$", re.IGNORECASE)
"""What comes before a bound that is a level a cost or figure went to ("cut the bill from £40k to less than
£100", "brought it down to under £5,000"): how a case turned out, not amounts to compare cases by."""


def parse_threshold(text: str) -> tuple[str, float] | None:
    """A comparison asked for in a question: ("over", 1e6) for "saved over £1 million", else None. The
    direction is one of SIDES: "at least" and "up to" take in the amount itself, "over" and "under" do not."""
    for match in _THRESHOLD.finditer(text):
        if _A_LEVEL_REACHED.search(text, 0, match.start()):
            continue
        money = parse_money(match["amount"])
        if money is None:
            return None
        op = match["op"].lower()
        direction = op if op in ("at least", "up to") else "under" if op in ("under", "less than", "below") else "over"
        return direction, money.pounds
    return None
