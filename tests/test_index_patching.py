"""A reload patches the index's tables instead of rebuilding them: the patched tables must hold exactly what
tables built from nothing hold, term by term, whatever the edit."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

from bot.search.index import _changed_in_place, _renumbering
from bot.store import Snapshot

from .knowledge.helpers import case_file, copy_knowledge


@pytest.fixture
def directory(tmp_path):
    directory = copy_knowledge(tmp_path)
    for number, path in enumerate(sorted((directory / "case-studies").glob("*.yaml"))):
        if number % 6:
            path.unlink()  # fifty cases: every table is compared term by term
    return directory


def _cases(directory):
    return sorted(p.stem for p in (directory / "case-studies").glob("*.yaml"))


def assert_tables_equal(patched: Snapshot, cold: Snapshot) -> None:
    mine, theirs = patched.index, cold.index
    assert [c.id for c in patched.kb.cases] == [c.id for c in cold.kb.cases]
    used = {term for term in theirs.term_ids if theirs.postings.get(term) is not None}
    assert {term for term in mine.term_ids if mine.postings.get(term) is not None} == used
    for term in used:
        a, b = mine.postings.get(term), theirs.postings.get(term)
        assert a is not None and b is not None
        assert np.array_equal(a.cases, b.cases) and np.array_equal(a.weights, b.weights), term
        assert np.array_equal(a.fields, b.fields), term
        assert all(np.array_equal(m, t) for m, t in zip(mine.bm25.both_scores([term]), theirs.bm25.both_scores([term]))), term
        assert mine.idf[term] == theirs.idf[term]
    for kind in ("saving", "income", "efficiency", "satisfaction", "other"):
        assert np.array_equal(mine.outcome_amounts(kind), theirs.outcome_amounts(kind)), kind
        for direction, pounds in (("over", 100_000.0), ("under", 1_000_000.0)):
            assert np.array_equal(mine.amounts.beyond(kind, direction, pounds),
                                  theirs.amounts.beyond(kind, direction, pounds)), kind
    assert theirs.outcome_amounts("saving").any(), "the cases compared state savings"
    councils = {f.council.code: f.council for case in cold.kb.cases for f in cold.kb.council_facts(case)}
    assert councils, "the cases compared name councils"
    for council in councils.values():
        assert np.array_equal(mine.councils.like(council), theirs.councils.like(council)), council.code
        assert np.array_equal(mine.councils.of_types((council.type_name,)), theirs.councils.of_types((council.type_name,)))
    regions = {region for case in cold.kb.cases for region in case.regions}
    assert regions, "the cases compared name regions"
    for region in regions:
        assert np.array_equal(mine.in_regions((region,)), theirs.in_regions((region,))), region
    assert np.array_equal(mine.id_order, theirs.id_order) and np.array_equal(mine.id_rank, theirs.id_rank)
    assert mine.name_groups == theirs.name_groups and mine.body_groups == theirs.body_groups
    assert mine.analysed.keys() == theirs.analysed.keys(), "a reload keeps the analyses of the cases it serves, no more"
    for used in ("_case_words", "_names"):
        patched, built = getattr(mine, used), getattr(theirs, used)
        assert patched.words == built.words, used
        for word in built.words:  # every word is a candidate for itself and only its length's neighbours
            assert sorted(patched.known.near(word, 1)) == sorted(built.known.near(word, 1)), (used, word)


def renumbered(live: Snapshot, reloaded: Snapshot, fresh: set[int]):
    """How the reload's cases relate to the live ones with `fresh` analysed again."""
    keys = reloaded.index._keys
    return _renumbering(live.index, keys, fresh, _changed_in_place(live.index, keys))


def _edit(directory, case_id: str, extra: str) -> None:
    path = case_file(directory, case_id)
    path.write_text(path.read_text(encoding="utf-8").replace("summary: ", f"summary: {extra} ", 1), encoding="utf-8")


def _copy_as(directory, case_id: str, new_id: str) -> None:
    text = case_file(directory, case_id).read_text(encoding="utf-8")
    text = text.replace(f"id: {case_id}", f"id: {new_id}", 1).replace("title: ", "title: Second look, ", 1)
    case_file(directory, new_id).write_text(text, encoding="utf-8")


def test_edited_added_and_removed_cases_patch_to_the_tables_of_a_cold_load(directory):
    live = Snapshot.build(directory)
    ids = _cases(directory)
    _edit(directory, ids[3], "Zebraquokka wombatfennel tablets.")  # new words, and one shared with others
    _edit(directory, ids[-1], "Tablets.")
    case_file(directory, ids[10]).unlink()
    _copy_as(directory, ids[20], ids[20] + "-again")  # lands in the middle, next to its original
    _copy_as(directory, ids[0], "aaa-first")  # lands before every case
    reloaded = Snapshot.build(directory, live)
    assert renumbered(live, reloaded, set()).in_order, "the tables were patched in order"
    assert_tables_equal(reloaded, Snapshot.build(directory))
    assert reloaded.index.correct("zebraquoka") == ("zebraquokka", pytest.approx(0.9))
    assert live.index.correct("zebraquoka") is None


def test_words_gone_with_their_last_case_are_no_longer_corrected_to(directory):
    ids = _cases(directory)
    original = case_file(directory, ids[4]).read_text(encoding="utf-8")
    _edit(directory, ids[4], "Quillowbright.")
    live = Snapshot.build(directory)
    assert live.index.correct("quillowbrigt") is not None
    _edit(directory, ids[7], "Tablets.")  # edits that keep every id, council and count
    case_file(directory, ids[4]).write_text(original, encoding="utf-8")
    reloaded = Snapshot.build(directory, live)
    assert reloaded.index.correct("quillowbrigt") is None
    assert_tables_equal(reloaded, Snapshot.build(directory))


def test_a_case_that_moves_past_others_patches_the_tables_equal(directory):
    """A case approved from chat is served after the files; once a curator exports it to a file (the same
    text), it takes its place among them: its analysis is kept, and the term tables sort its entries anew."""
    ids = _cases(directory)
    exported = case_file(directory, ids[2])
    text = exported.read_text(encoding="utf-8")
    exported.unlink()
    live = Snapshot.build(directory, extra={ids[2]: text})
    assert live.kb.cases[-1].id == ids[2]
    exported.write_text(text, encoding="utf-8")
    reloaded = Snapshot.build(directory, live, extra={ids[2]: text})
    assert reloaded.kb.cases[2].id == ids[2]
    assert not renumbered(live, reloaded, set()).in_order
    assert_tables_equal(reloaded, Snapshot.build(directory))


def test_a_start_from_the_snapshot_cache_then_a_rebuilding_reload_equals_a_cold_load(directory):
    """The snapshot cache stores every case's words packed into one array per kind and the term tables;
    a reload that moves a case past others patches the unpickled tables into what a cold load builds, the
    first case's terms included."""
    ids = _cases(directory)
    exported = case_file(directory, ids[2])
    text = exported.read_text(encoding="utf-8")
    exported.unlink()
    cached = pickle.loads(pickle.dumps(Snapshot.build(directory, extra={ids[2]: text})))
    exported.write_text(text, encoding="utf-8")
    reloaded = Snapshot.build(directory, cached, extra={ids[2]: text})
    assert not renumbered(cached, reloaded, set()).in_order, "the tables were patched with a case moved"
    assert_tables_equal(reloaded, Snapshot.build(directory))


def test_a_reload_of_reloads_stays_equal(directory):
    live = Snapshot.build(directory)
    ids = _cases(directory)
    for round_number, case_id in enumerate(ids[5:9]):
        _edit(directory, case_id, f"Round {round_number} gubbinsmetrics.")
        if round_number % 2:
            case_file(directory, ids[20 + round_number]).unlink()
        live = Snapshot.build(directory, live)
    assert_tables_equal(live, Snapshot.build(directory))


def test_a_case_naming_fewer_organisations_moves_in_the_tie_order(directory):
    """Ties go to the case naming fewer organisations: an edit that drops one of a case's partners changes
    its place, though every case keeps its number."""
    live = Snapshot.build(directory)
    shared = next(c for c in live.kb.cases if len(c.organisations) > 1)
    path = case_file(directory, shared.id)
    text = path.read_text(encoding="utf-8")
    listed = "organisations: [" + ", ".join(shared.organisations) + "]"
    assert listed in text, "the case lists its organisations on one line"
    path.write_text(text.replace(listed, "organisations: [" + ", ".join(shared.organisations[:-1]) + "]"), encoding="utf-8")
    reloaded = Snapshot.build(directory, live)
    assert len(reloaded.kb.case(shared.id).organisations) == len(shared.organisations) - 1
    assert not np.array_equal(reloaded.index.id_rank, live.index.id_rank)
    assert_tables_equal(reloaded, Snapshot.build(directory))



def test_a_council_named_anew_re_reads_the_kept_cases_that_mention_it(directory):
    """When an edit makes a council's name a phrase of the vocabulary (a case now names the council), a kept
    case whose text mentions that name reads differently (the name is a concept now): it is analysed again
    and its entries replaced, though its file and its place are unchanged."""
    ids = _cases(directory)
    live = Snapshot.build(directory)
    assert not any("rutland" in c.summary.lower() or "Rutland" in " ".join(c.organisations) for c in live.kb.cases)
    _edit(directory, ids[5], "Rutland County Council asked about it too.")
    live = Snapshot.build(directory, live)
    named = case_file(directory, ids[30])
    text = named.read_text(encoding="utf-8")
    listed = "organisations: [" + ", ".join(live.kb.case(ids[30]).organisations) + "]"
    assert listed in text, "the case lists its organisations on one line"
    named.write_text(text.replace(listed, listed[:-1] + ", Rutland County Council]"), encoding="utf-8")
    reloaded = Snapshot.build(directory, live)
    assert set(reloaded.index.name_groups) != set(live.index.name_groups), "Rutland's names became a phrase"
    assert renumbered(live, reloaded, {5, 30}).in_order, "the tables were patched in order"
    assert_tables_equal(reloaded, Snapshot.build(directory))


def test_a_reload_after_the_vocabulary_changed_equals_a_cold_load(directory):
    """A new synonym reads every case afresh: the words spelling correction knows are numbered again with
    them (keeping the old numbers with a fresh word list pointed them at other words, or none)."""
    live = Snapshot.build(directory)
    vocabulary = directory / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "  - [waste, bins, bin,", "  - [waste, zebraquokka, bins, bin,", 1), encoding="utf-8")
    reloaded = Snapshot.build(directory, live)
    assert reloaded.kb.synonyms != live.kb.synonyms
    assert_tables_equal(reloaded, Snapshot.build(directory))  # the words correction knows among them


def test_a_reload_that_only_drops_the_last_case_equals_a_cold_load(directory):
    """Every other case keeps its number, but there is one case fewer: the tie orders cannot be kept."""
    live = Snapshot.build(directory)
    case_file(directory, _cases(directory)[-1]).unlink()
    assert_tables_equal(Snapshot.build(directory, live), Snapshot.build(directory))


def test_a_reload_after_the_register_gave_a_council_another_name_equals_a_cold_load(directory):
    """A name added to the register's additions, and used by a case, is a phrase of the vocabulary after a
    reload as after a cold load: the register changed, so the organisations are compared afresh."""
    live = Snapshot.build(directory)
    case, council = next((case, f.council) for case in live.kb.cases for f in live.kb.council_facts(case))
    additions = directory / "authorities" / "additions.yaml"
    additions.write_text(additions.read_text(encoding="utf-8").replace("names:\n", (
        f"names:\n  - name: Zebraquokka Vale Council\n    code: {council.code}\n    why: a test's own name\n"), 1),
        encoding="utf-8")
    path = case_file(directory, case.id)
    named = next(o.name for o in case.resolved if o.council is council)
    path.write_text(path.read_text(encoding="utf-8").replace(named, "Zebraquokka Vale Council", 1), encoding="utf-8")
    reloaded = Snapshot.build(directory, live)
    assert reloaded.kb.registry is not live.kb.registry and not reloaded.kb.problems
    assert any("zebraquokka vale council" in group for group in reloaded.index.name_groups)
    assert_tables_equal(reloaded, Snapshot.build(directory))
