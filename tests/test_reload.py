"""A reload reads and analyses only what changed, and ends where a load from nothing would."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bot.answers import answer, read_question
from bot.store import Snapshot

from .knowledge.helpers import case_file, copy_knowledge

QUESTIONS = ("zebraquokka", "Wigan bins", "who saved money on refuse routing?", "which councils saved over £1 million",
             "tablet lending", "wombatfennel", "chatbot in Scotland", "biggest savings")


def age(directory: Path) -> None:
    """Make every file an hour old, as a running bot's files are: only then is a signature trusted."""
    hour_ago = time.time() - 3600
    for path in directory.rglob("*"):
        os.utime(path, (hour_ago, hour_ago))


def answers(snapshot: Snapshot) -> list[tuple]:
    return [(q, [(r.case.id, r.score, r.reasons) for r in answer(q, snapshot).results]) for q in QUESTIONS]


def assert_same_as_a_cold_load(reloaded: Snapshot, directory: Path) -> None:
    cold = Snapshot.build(directory)
    assert [c.id for c in reloaded.kb.cases] == [c.id for c in cold.kb.cases]
    assert reloaded.kb.version == cold.kb.version
    assert answers(reloaded) == answers(cold)


def test_reload_picks_up_an_edited_an_added_and_a_deleted_file(tmp_path):
    directory = copy_knowledge(tmp_path)
    age(directory)
    live = Snapshot.build(directory)
    assert not answer("zebraquokka", live).answered
    edited = case_file(directory, "norwich-virtual-parking-permits")
    edited.write_text(edited.read_text().replace("summary: >-", "summary: >-\n  Zebraquokka permits.", 1))
    wigan = case_file(directory, "wigan-in-cab-waste").read_text()
    added = wigan.replace("id: wigan-in-cab-waste", "id: wigan-copy").replace("title: ", "title: Wombatfennel ", 1)
    case_file(directory, "wigan-copy").write_text(added)
    case_file(directory, "leeds-tablet-lending-library").unlink()

    reloaded = Snapshot.build(directory, live)

    assert answer("zebraquokka", reloaded).best.case.id == "norwich-virtual-parking-permits"
    assert answer("wombatfennel", reloaded).best.case.id == "wigan-copy"
    assert reloaded.kb.case("leeds-tablet-lending-library") is None
    assert all(r.case.id != "leeds-tablet-lending-library" for r in answer("tablet lending", reloaded).results)
    assert_same_as_a_cold_load(reloaded, directory)


def test_an_edit_keeping_the_size_and_modification_time_is_still_read_again(tmp_path):
    directory = copy_knowledge(tmp_path)
    live = Snapshot.build(directory)
    path = case_file(directory, "norwich-virtual-parking-permits")
    text = path.read_text()
    stat = path.stat()
    path.write_text(text.replace("summary: >-\n  Norwich ", "summary: >-\n  Quokkaz ", 1))
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the change time still moves

    reloaded = Snapshot.build(directory, live)

    assert read_question("quokkaz", reloaded).hits[0].case.id == "norwich-virtual-parking-permits"


def test_a_deleted_theme_invalidates_the_cases_that_carry_it(tmp_path):
    directory = copy_knowledge(tmp_path)
    age(directory)
    live = Snapshot.build(directory)
    themes = directory / "themes.yaml"
    text = themes.read_text()
    start = text.index("- id: waste\n")
    themes.write_text(text[:start] + text[text.index("- id:", start + 1):])
    carried = [c.id for c in live.kb.cases if "waste" in c.themes]
    assert carried

    reloaded = Snapshot.build(directory, live)

    assert all(reloaded.kb.case(case_id) is None for case_id in carried)
    assert {p.file for p in reloaded.kb.problems} >= {f"case-studies/{case_id}.yaml" for case_id in carried}
    assert_same_as_a_cold_load(reloaded, directory)


def test_a_theme_given_a_new_word_is_searched_by_it_after_a_reload(tmp_path):
    directory = copy_knowledge(tmp_path)
    age(directory)
    live = Snapshot.build(directory)
    themes = directory / "themes.yaml"
    themes.write_text(themes.read_text().replace("words: [bins, refuse,", "words: [zebraquokka, bins, refuse,", 1))

    reloaded = Snapshot.build(directory, live)

    hits = read_question("zebraquokka", reloaded).hits
    assert hits and all("waste" in hit.case.themes for hit in hits)
    assert_same_as_a_cold_load(reloaded, directory)


SHARED_EDITS = {
    "themes.yaml": ("words: [bins, refuse,", "words: [zebraquokka, bins, refuse,"),
    "contacts.yaml": ("name: Socitm (Society of IT Management)", "name: Socitm (Zebraquokka Society)"),
    "vocabulary.yaml": ("  - [waste, bins, bin,", "  - [waste, zebraquokka, bins, bin,"),
}


@pytest.mark.parametrize("edited", sorted(SHARED_EDITS))
def test_a_reload_reads_again_only_the_shared_file_that_changed(tmp_path, edited):
    directory = copy_knowledge(tmp_path)
    age(directory)
    live = Snapshot.build(directory)
    path = directory / edited
    before, after = SHARED_EDITS[edited]
    assert before in path.read_text()
    path.write_text(path.read_text().replace(before, after, 1))

    reloaded = Snapshot.build(directory, live)

    read = {"themes.yaml": reloaded.kb.themes, "contacts.yaml": reloaded.kb.contacts,
            "vocabulary.yaml": reloaded.kb.synonyms}
    kept = {"themes.yaml": live.kb.themes, "contacts.yaml": live.kb.contacts, "vocabulary.yaml": live.kb.synonyms}
    assert "zebraquokka" in repr(read[edited]).lower()
    assert all(read[name] is kept[name] for name in read if name != edited)
    assert bool(read_question("zebraquokka", reloaded).hits) == (edited != "contacts.yaml")
    assert_same_as_a_cold_load(reloaded, directory)
    assert reloaded.kb.contacts == Snapshot.build(directory).kb.contacts


def test_a_reload_with_nothing_changed_keeps_the_index_and_serves_the_new_load(tmp_path):
    directory = copy_knowledge(tmp_path)
    age(directory)
    live = Snapshot.build(directory)

    reloaded = Snapshot.build(directory, live)

    assert reloaded.index.postings is live.index.postings
    assert reloaded.index.kb is reloaded.kb
    assert answers(reloaded) == answers(live)
    case_file(directory, "wigan-in-cab-waste").unlink()
    assert Snapshot.build(directory, reloaded).kb.case("wigan-in-cab-waste") is None
