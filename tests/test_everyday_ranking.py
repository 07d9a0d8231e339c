"""A case's everyday words (how people put its topic) count in the ranking's BM25, once each, and not in the
BM25 the confidence reads: of two cases that say the same, the one whose everyday words say the asker's word
more leads, and neither is thought a surer answer for them."""
from __future__ import annotations

from bot.answers import read_question
from bot.store import Snapshot

from .knowledge.helpers import FICTIONAL_COUNCIL, copy_knowledge, write_case


def test_everyday_words_rank_a_case_but_do_not_raise_the_confidence(tmp_path):
    directory = copy_knowledge(tmp_path)
    # Alike in the fields each word is in and in their lengths; the second's everyday words say "hovercraft"
    # twice, the first's once, in as many words. Among equals the first leads (its id sorts first).
    write_case(directory, "aaa-hovercraft", FICTIONAL_COUNCIL, title="Hovercraft lent to residents for zorblat patrols",
               everyday=("hovercraft lending", "boat borrowing"))
    write_case(directory, "zzz-hovercraft", FICTIONAL_COUNCIL, title="Hovercraft lent to residents for quimzel patrols",
               everyday=("hovercraft lending", "hovercraft borrowing"))
    hits = read_question("hovercraft", Snapshot.build(directory)).hits
    assert [h.case.id for h in hits[:2]] == ["zzz-hovercraft", "aaa-hovercraft"]
    assert hits[0].score == hits[1].score, "the coverage is alike"
    assert hits[0].bm25 == hits[1].bm25, "the confidence's BM25 reads no everyday word"


def test_whether_to_answer_is_judged_on_the_case_that_leads_without_the_everyday_words(tmp_path):
    """The everyday words choose which of two near cases leads, not whether the question is answered: that is
    judged on the case that leads on the cases' own words (the first here says "hovercraft" in its title and
    summary, the second in its title and its everyday words alone)."""
    directory = copy_knowledge(tmp_path)
    write_case(directory, "aaa-hovercraft", FICTIONAL_COUNCIL, title="Hovercraft lent to residents for zorblat patrols",
               summary="Residents borrow a hovercraft to patrol the flood plain, booked online.")
    write_case(directory, "zzz-hovercraft", FICTIONAL_COUNCIL, title="Hovercraft lent to residents for quimzel patrols",
               summary="Residents borrow a craft to patrol the flood plain, booked online.",
               everyday=("hovercraft lending", "hovercraft borrowing", "hovercraft hire"))
    reading = read_question("hovercraft", Snapshot.build(directory))
    first, second = reading.hits[0], reading.hits[1]
    assert (first.case.id, second.case.id) == ("zzz-hovercraft", "aaa-hovercraft")
    assert second.bm25 > first.bm25, "on the cases' own words the first would lead"
    assert reading.signals is not None and reading.signals.bm25 == second.bm25
