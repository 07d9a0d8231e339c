"""The development questions (copied from the shared eval set) and our own: each must rank the right case
first, or be declined. These are the product's acceptance criteria for answering."""
from __future__ import annotations

import pytest

from bot.answers import answer
from bot.evaluate import Expectation, read_expectations

from .conftest import DATA

DEV = read_expectations(DATA / "dev-questions.yaml")
OURS = read_expectations(DATA / "our-questions.yaml")


@pytest.mark.parametrize("expectation", DEV + OURS, ids=lambda e: e.question)
def test_question_is_answered_by_the_right_case_or_declined(expectation: Expectation, snapshot):
    result = answer(expectation.question, snapshot)
    if expectation.organisations:
        assert result.answered, f"declined: {expectation.question}"
        best = result.results[0].case
        assert expectation.matches(best.organisations), f"top result was {best.id}"
    else:
        assert not result.answered, f"should decline, answered {[r.case.id for r in result.results]}"
        assert result.results == ()
