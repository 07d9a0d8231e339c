"""A vocabulary phrase of several words ("virtual parking permits") is read as one unit of the question, so
that its synonyms count; a case that says its words apart ("parking permits go virtual") must still match it,
in part, or adding a phrase to the vocabulary would hide the cases that say it in other words. A name's
words apart are not the name."""
from __future__ import annotations

import pytest

from bot.answers import answer, read_question
from bot.search.normalise import stem
from bot.store import Snapshot

from .knowledge.helpers import FICTIONAL_COUNCIL, OTHER_COUNCIL, copy_knowledge, register_organisation, write_case

PHRASE_GROUP = "  - [virtual hovercraft permits, paperless hovercraft passes]\n"


def _case(directory, case_id: str, organisation: str, title: str,
          summary: str = "Residents who patrol the flood plain apply online; wardens check a list instead of a paper slip.",
          ) -> None:
    write_case(directory, case_id, organisation, title=title, summary=summary, tags=("flood patrols",),
               outcomes=({"kind": "other", "text": "Applications handled online"},))


@pytest.fixture
def hovercraft(tmp_path):
    """A copy of the base whose vocabulary has the phrase "virtual hovercraft permits", with one case that
    says the phrase's words apart and none that says the phrase."""
    directory = copy_knowledge(tmp_path)
    vocabulary = directory / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(text.replace("synonyms:\n", "synonyms:\n" + PHRASE_GROUP, 1), encoding="utf-8")
    register_organisation(directory, OTHER_COUNCIL)
    _case(directory, "aaa-hovercraft-apart", FICTIONAL_COUNCIL, "Hovercraft permits go virtual")
    return directory


def test_a_case_that_says_the_phrase_words_apart_answers_it(hovercraft):
    snapshot = Snapshot.build(hovercraft)
    result = answer("virtual hovercraft permits", snapshot)
    assert [r.case.id for r in result.results[:1]] == ["aaa-hovercraft-apart"]
    assert result.results[0].reasons[0].words == "virtual hovercraft permits, words apart", "why says how"
    assert read_question("virtual hovercraft permits", snapshot).hits[0].bm25 > 0, "BM25 reads the words"


def test_the_last_case_of_the_base_that_says_the_words_apart_is_found(hovercraft):
    """The case last in the base's order is the last entry of each of its words' postings: looking it up
    there must reach the end of the list ("virtual" and "permits" are in many cases, "hovercraft" in one)."""
    (hovercraft / "case-studies" / "aaa-hovercraft-apart.yaml").unlink()
    _case(hovercraft, "zzz-hovercraft-apart", FICTIONAL_COUNCIL, "Hovercraft permits go virtual")
    snapshot = Snapshot.build(hovercraft)
    assert snapshot.kb.cases[-1].id == "zzz-hovercraft-apart"
    hit = read_question("virtual hovercraft permits", snapshot).hits[0]
    assert (hit.case.id, hit.reasons[0].words) == ("zzz-hovercraft-apart", "virtual hovercraft permits, words apart")


def test_a_case_that_says_the_phrase_leads_one_that_says_its_words_apart(hovercraft):
    _case(hovercraft, "zzz-hovercraft-phrase", OTHER_COUNCIL, "Virtual hovercraft permits for flood patrols")
    snapshot = Snapshot.build(hovercraft)
    hits = read_question("virtual hovercraft permits", snapshot).hits
    assert [hits[0].case.id, hits[1].case.id] == ["zzz-hovercraft-phrase", "aaa-hovercraft-apart"]
    assert hits[1].score < hits[0].score
    assert hits[0].reasons[0].words == "virtual hovercraft permits"


def test_words_apart_count_as_the_least_telling_field_that_has_one_of_them(hovercraft):
    """"virtual" only in the summary: the words apart are as good as a mention in the summary, however
    telling the title's other words are (title words count 1, summary ones 0.7)."""
    _case(hovercraft, "aaa-hovercraft-apart", FICTIONAL_COUNCIL, "Hovercraft permits go online",
          summary="The permits are virtual: wardens check a list instead of a paper slip.")
    snapshot = Snapshot.build(hovercraft)
    hit = read_question("virtual hovercraft permits", snapshot).hits[0]
    assert hit.case.id == "aaa-hovercraft-apart"
    assert [(r.words, r.field) for r in hit.reasons] == [("virtual hovercraft permits, words apart", "summary")]


def test_a_case_with_only_some_of_the_phrase_words_does_not_match_it(hovercraft):
    _case(hovercraft, "aaa-hovercraft-apart", FICTIONAL_COUNCIL, "Hovercraft go virtual")
    snapshot = Snapshot.build(hovercraft)
    hits = read_question("virtual hovercraft permits", snapshot).hits
    assert all(h.case.id != "aaa-hovercraft-apart" or h.score == 0 for h in hits)


@pytest.mark.parametrize(("question", "phrase", "apart"), [
    ("robotic process automation in housing benefits", "robotic process automation", ("robotic", "process", "automation")),
    ("council tax support automation", "council tax support", ("tax", "support")),  # "council": a stop word
])
def test_a_topic_phrase_can_be_said_apart(snapshot, question, phrase, apart):
    units = {u.text: u for u in read_question(question, snapshot).parsed.units}
    assert snapshot.index.apart(units[phrase]) == tuple(map(stem, apart))


@pytest.mark.parametrize(("question", "phrase"), [
    ("West Sussex bins", "west sussex"),
    ("libraries in greater manchester", "greater manchester"),
    ("did anyone save money with chatbots", "save money"),  # an outcome's kind: stated as a kind, not words
    ("who generated income from advertising", "generated income"),
])
def test_names_and_outcome_kinds_are_never_said_apart(snapshot, question, phrase):
    """"West Sussex" apart is "west" somewhere and East Sussex's "Sussex" elsewhere: no reading of the name;
    a case that says "money" here and "save" there has not stated a saving."""
    units = {u.text: u for u in read_question(question, snapshot).parsed.units}
    assert units[phrase].apart, "the phrase has words of its own"
    assert snapshot.index.apart(units[phrase]) == ()


def test_a_saving_question_is_not_answered_by_talk_of_money(snapshot):
    result = answer("did anyone save money with chatbots", snapshot)
    assert "chatbots" in [r.words for r in result.results[0].reasons]
