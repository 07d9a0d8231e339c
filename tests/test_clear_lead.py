"""A best case far ahead of every other is answered from a lower confidence than one among equals
(answers.CLEAR_LEAD): the same match, once a twin of its case stands level with it, is declined."""
from __future__ import annotations

import pytest

from bot.answers import CLEAR_LEAD, CONFIDENCE_THRESHOLD, LEADING_THRESHOLD, answer, confidence, read_question
from bot.evaluate import read_expectations

from .conftest import DATA, ROOT


@pytest.fixture(scope="module")
def led(snapshot) -> tuple[tuple[str, str], ...]:
    """(question, best case's id) for the tuning questions the model alone doubts (confidence between the two
    thresholds) whose best case clearly leads and answers them."""
    found = []
    for path in sorted(DATA.glob("questions-*.yaml")):
        if "heldout" in path.name:
            continue
        for e in read_expectations(path):
            reading = read_question(e.question, snapshot)
            s = reading.signals
            if e.organisations and s is not None and not reading.comparison_only and reading.hits \
                    and LEADING_THRESHOLD <= confidence(s) < CONFIDENCE_THRESHOLD and s.lead >= CLEAR_LEAD \
                    and e.matches(reading.hits[0].case.organisations):
                found.append((e.question, reading.hits[0].case.id))
    return tuple(found)


def test_a_question_whose_best_case_clearly_leads_is_answered_from_a_lower_confidence(snapshot, led):
    assert len(led) >= 3, led
    for question, case_id in led:
        result = answer(question, snapshot)
        assert result.answered and result.results[0].case.id == case_id, question


def test_the_same_match_among_equals_is_declined(store, led):
    """A twin of the leading case (the same file under another id, its title told apart by a number, as
    titles must be) ranks level with it: nothing leads, the model's own threshold applies, and the doubted
    question is declined."""
    question, case_id = led[0]
    text = (ROOT / "knowledge" / "case-studies" / f"{case_id}.yaml").read_text(encoding="utf-8")
    twin_text = text.replace(f"id: {case_id}", "id: zz-twin", 1).replace("\ntitle: ", "\ntitle: 2 ", 1)
    twin = store.trial({"zz-twin": twin_text})
    assert "zz-twin" in {c.id for c in twin.kb.cases}
    reading = read_question(question, twin)
    assert reading.signals is not None and reading.signals.lead < CLEAR_LEAD
    assert not answer(question, twin).answered
