"""Parts of the ranking and of its signals that a plain topic question never reaches: the words of the
asker's story count a little towards a case (BM25 at AROUND, not against it); a money question lifts only
the cases that state an amount of the asked kind (OUTCOME_PREFERENCE), not every case it matches; a question
that only names a council puts its biggest stated sum first, saved or raised; the confidence signals count
each unit asked once, and a region adds evidence only where the case says the topic itself."""
from __future__ import annotations

import pytest

from bot.answers import read_question
from bot.search.analyse import parse_question
from bot.search.rank import OUTCOME_PREFERENCE, rank, rank_with_signals
from bot.store import Snapshot

from .knowledge.helpers import FICTIONAL_COUNCIL, OTHER_COUNCIL, copy_knowledge, register_organisation, write_case


@pytest.fixture(scope="module")
def hovercraft(tmp_path_factory):
    """Two cases alike on hovercraft: the second also mentions a ferry and states no saving; the first
    states a saving of £20,000. And a case of the first one's council that raised £1 million otherwise."""
    directory = copy_knowledge(tmp_path_factory.mktemp("kb"))
    register_organisation(directory, OTHER_COUNCIL)
    write_case(directory, "aaa-hovercraft-saving", FICTIONAL_COUNCIL, title="Residents borrow hovercraft for flood patrols",
               summary="Hovercraft are lent out to residents online.",
               outcomes=({"kind": "saving", "amount": "£20,000", "text": "Saved on patrol boats", "evidence": "£20,000"},))
    write_case(directory, "zzz-hovercraft-ferry", OTHER_COUNCIL, title="Hovercraft lent to residents for flood patrols",
               summary="Hovercraft are lent out to residents online, as the ferry no longer runs.",
               outcomes=({"kind": "other", "text": "Residents patrol the flood plain"},))
    write_case(directory, "mmm-puddleby-adverts", FICTIONAL_COUNCIL, title="Advertising space sold on the council website",
               summary="The council sells advertising space on its website.", tags=("advertising",),
               outcomes=({"kind": "income", "amount": "£1 million", "text": "Raised from advertising in a year",
                          "evidence": "£1 million"},))
    return Snapshot.build(directory)


def test_the_words_of_the_askers_story_count_a_little_for_a_case(hovercraft):
    reading = read_question("Our old ferry broke down last winter. Who lends hovercraft for flood patrols?",
                            hovercraft)
    bm25 = {h.case.id: h.bm25 for h in reading.hits if "hovercraft" in h.case.id}
    assert bm25["zzz-hovercraft-ferry"] > bm25["aaa-hovercraft-saving"] > 0


def test_a_money_question_lifts_only_the_cases_stating_an_amount_of_its_kind(hovercraft):
    index = hovercraft.index
    units = parse_question("hovercraft flood patrols", index.vocabulary, index.correct).units

    def scores(kind):
        return {h.case.id: h.rank_score for h in rank(units, index, limit=None, outcome_kind=kind)
                if "hovercraft" in h.case.id}

    plain, money = scores(None), scores("saving")
    assert money["aaa-hovercraft-saving"] - plain["aaa-hovercraft-saving"] == pytest.approx(OUTCOME_PREFERENCE)
    assert money["zzz-hovercraft-ferry"] == pytest.approx(plain["zzz-hovercraft-ferry"])


def test_a_council_named_alone_lists_its_biggest_sum_first_saved_or_raised(hovercraft):
    reading = read_question(f"what has {FICTIONAL_COUNCIL} done?", hovercraft)
    ours = [h.case.id for h in reading.hits if h.case.organisations == (FICTIONAL_COUNCIL,)]
    assert ours[:2] == ["mmm-puddleby-adverts", "aaa-hovercraft-saving"], "£1 million raised, then £20,000 saved"


@pytest.mark.parametrize("question", ["chatbots", "who saved money on refuse routing?", "damp sensors in council homes"])
def test_the_bm25_margin_is_the_best_cases_lead_over_the_second(snapshot, question):
    index = snapshot.index
    units = parse_question(question, index.vocabulary, index.correct).units
    hits, signals = rank_with_signals(units, index, limit=None)
    first, second = sorted((h.bm25 for h in hits), reverse=True)[:2]
    assert signals is not None and len(hits) > 2
    assert signals.bm25_margin == pytest.approx((first - second) / first)


@pytest.mark.parametrize("question", ["chatbots for council tax", "refuse routing with gis", "hovercraft chatbots"])
def test_each_unit_asked_counts_once_and_unknown_ones_make_the_unknown_share(snapshot, question):
    index = snapshot.index
    units = parse_question(question, index.vocabulary, index.correct).units
    _hits, signals = rank_with_signals(units, index)
    unknown = [u for u in units if all(index.idf.of(t) is None for t, _q in u.alternatives)]
    assert signals is not None and signals.units == len(units)
    assert signals.unknown_share == pytest.approx(len(unknown) / len(units))


@pytest.mark.parametrize("question", ["customer in north west", "channel in cymru", "health in north east"])
def test_a_region_adds_no_evidence_to_a_topic_the_case_has_only_by_its_theme_label(snapshot, question):
    """The best case has the question's word only in its theme's label, not in its own text: the region
    makes it no question the case answers (see _region_evidence)."""
    reading = read_question(question, snapshot)
    assert {r.field for r in reading.hits[0].reasons} == {"themes", "regions"}
    assert reading.signals is not None and reading.signals.evidence == reading.hits[0].evidence
