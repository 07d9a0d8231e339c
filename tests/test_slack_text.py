"""Slack's markup read as the words a person sees: what the bot answers is what they asked."""
from __future__ import annotations

import pytest

from bot.answers import answer
from bot.evaluate import read_expectations
from bot.platforms.slack_text import plain_text

from .conftest import DATA


@pytest.mark.parametrize("typed, read", [
    (":wave: who saved money on refuse routing? :pray:", "who saved money on refuse routing?"),
    ("thanks :+1::skin-tone-2: :-1: :slightly_smiling_face:", "thanks"),
    ("*Fief* digital champions", "Fief digital champions"),
    ("_italic words_ and ~struck~ and `code` (*really*)?", "italic words and struck and code (really)?"),
    ("translators in A&amp;E &lt;3 &gt;", "translators in A&E <3 >"),
    ("see <https://example.org/x|the Wigan deal> please", "see the Wigan deal please"),
    ("<https://example.org/x> chatbots <mailto:a@example.org>", "chatbots"),
    ("<!here> <!subteam^S1|@digital> <@U123|bob> <#C123|general> bins", "bins"),
    ("at 10:30:45 about snake_case and re:use", "at 10:30:45 about snake_case and re:use"),
])
def test_slack_markup_is_read_as_its_words(typed, read):
    assert " ".join(plain_text(typed).split()) == read


def test_emoji_and_formatting_round_a_question_leave_its_answer(snapshot):
    """A question wrapped in Slack's emoji and bold is answered as the bare question: read as typed, ":wave:"
    asked about waves and the answers to region questions were lost."""
    questions = [e.question for name in ("dev-questions.yaml", "our-questions.yaml")
                 for e in read_expectations(DATA / name)]
    assert len(questions) >= 40
    for question in questions:
        bare = answer(question, snapshot)
        dressed = answer(plain_text(f":wave: *{question}* :pray::skin-tone-3:"), snapshot)
        assert [r.case.id for r in dressed.results] == [r.case.id for r in bare.results], question
