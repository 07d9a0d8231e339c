"""The development questions (copied from the shared eval set) and our own: each must rank the right case
first, or be declined. These are the product's acceptance criteria for answering."""
from __future__ import annotations

import re

import pytest

from bot.answers import answer
from bot.evaluate import Expectation, read_expectations

from .conftest import DATA


def ascii_id(question: str) -> str:
    """Plain ASCII test ids ("saved over GBP5m"): tools such as mutmut select tests by id on the command line."""
    return re.sub(r"[^A-Za-z0-9 -]", "", question.replace("£", "GBP"))


DEV = read_expectations(DATA / "dev-questions.yaml")
OURS = read_expectations(DATA / "our-questions.yaml")


@pytest.mark.parametrize("expectation", DEV + OURS, ids=lambda e: ascii_id(e.question))
def test_question_is_answered_by_the_right_case_or_declined(expectation: Expectation, snapshot):
    result = answer(expectation.question, snapshot)
    if expectation.organisations:
        assert result.answered, f"declined: {expectation.question}"
        best = result.results[0].case
        assert expectation.matches(best.organisations), f"top result was {best.id}"
    else:
        assert not result.answered, f"should decline, answered {[r.case.id for r in result.results]}"
        assert result.results == ()
