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
