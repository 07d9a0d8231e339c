"""Superlatives of things counted: "which council gave away the most laptops", "caught the most fly-tippers".

Money superlatives ("who saved the most") compare the £ totals cases state (amounts.py). A question asking
for the most of something else wants, among the cases that match it about equally well, the one whose
outcome states the largest number of that thing first. A number only counts when its outcome is about the
thing asked for (its amount or text shares a word with it): "3,600 laptops" answers "the most laptops",
"20 minutes a day" does not, and neither do sums of money, percentages or years.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..knowledge.schema import CaseStudy
from .normalise import is_stop_word, stem, words

ASKED = re.compile(
    r"\bthe (?:most|(?:biggest|largest|widest|greatest|highest) (?:number|amount|rollouts?|roll outs?|deployments?) of)"
    r" ((?:[a-z][\w-]* ){0,2}[a-z][\w-]*)"
    r"|\b(?:biggest|largest|widest|greatest) ((?:[a-z][\w-]* ){0,2}[a-z][\w-]*) (?:rollouts?|roll outs?|deployments?)\b"
)
""""The most <up to three words>": what the question wants the most of ("the most old laptops to ..."); and
the biggest rollout of up to three words' thing: the most of them put in ("the largest deployment of damp
sensors", "biggest mould sensor rollout")."""
NUMBER = re.compile(
    r"(?<![£\d.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?![\d,.]*\s*(?:[–-]\s*[\d,.]+\s*)?(?:%|per ?cent))\s*(million|thousand|k\b)?",
    re.IGNORECASE,
)
"""A number an outcome states, not a sum of money (after £) nor a percentage (before % or "per cent", also
as the lower end of a range: "30-40%")."""
SCALE = {"million": 1e6, "thousand": 1e3, "k": 1e3}
YEARS = range(1990, 2041)
"""A bare four-digit number in this range is a year ("from 33,725 in 2017 to 226,488 in 2021"), no count."""


def counted_words(question: str) -> frozenset[str]:
    """The stems of what `question` asks for the most of (empty when it asks for no such superlative)."""
    match = ASKED.search(" ".join(words(question)))
    if match is None:
        return frozenset()
    return frozenset(stem(w) for w in (match[1] or match[2]).split() if not is_stop_word(w))


def count_of(amount: str) -> float | None:
    """The largest count `amount` states ("over 700 staff": 700, "3,600": 3600, "1.2 million visits"),
    or None when it states only money, percentages, years or no digits at all."""
    found = []
    for match in NUMBER.finditer(amount):
        digits = match[1].replace(",", "")
        value = float(digits) * SCALE.get((match[2] or "").lower(), 1.0)
        if not (match[2] is None and match[1].isdigit() and len(digits) == 4 and int(digits) in YEARS):
            found.append(value)
    return max(found, default=None)


def largest_count(case: CaseStudy, asked: frozenset[str]) -> float:
    """The largest count the case states of the thing asked for (0 when it states none)."""
    return max(_counts(case, asked), default=0.0)


def _counts(case: CaseStudy, asked: frozenset[str]) -> Iterable[float]:
    for outcome in case.outcomes:
        if outcome.amount and asked & {stem(w) for w in words(f"{outcome.amount} {outcome.text}")}:
            count = count_of(outcome.amount)
            if count is not None:
                yield count
