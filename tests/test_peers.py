"""Peer questions: a plural kind of council in the question ("district councils", "London boroughs",
"counties") limits the answer to cases by councils of that type in mySociety's register; a council's own
name ("Durham County Council") is never read as such a filter."""
from __future__ import annotations

import pytest

from bot.answers import answer
from bot.search.peers import DISTRICTS, UNITARIES

KINDS = {
    "district councils": DISTRICTS, "districts": DISTRICTS, "counties": ("County",), "county councils": ("County",),
    "London boroughs": ("London borough",), "unitary councils": UNITARIES, "metropolitan boroughs": ("Metropolitan district",),
}
TOPICS = ("that automated council tax", "using AI in social care", "doing anything on damp and mould",
          "with chatbots", "digital inclusion")


@pytest.mark.parametrize("kind", KINDS)
def test_a_peer_question_returns_only_councils_of_the_asked_type(kind, snapshot):
    answered = 0
    for topic in TOPICS:
        result = answer(f"{kind} {topic}", snapshot)
        for found in result.results:
            types = {facts.type_name for facts in snapshot.kb.council_facts(found.case)}
            assert types & set(KINDS[kind]), (kind, topic, found.case.id, types)
        answered += result.answered
    assert answered, f"no {kind} question was answered at all"


def test_a_councils_own_name_is_not_a_kind_of_council(snapshot):
    result = answer("Durham County Council children's services", snapshot)
    assert result.results[0].case.organisations == ("Durham County Council",)
