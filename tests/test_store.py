"""Reloading without a restart: atomic, reported, and the old base keeps serving after a bad edit."""
from __future__ import annotations

import threading
import time

from bot.answers import answer
from bot.store import KnowledgeStore

from .knowledge.helpers import case_file, copy_knowledge


def test_reload_reports_added_changed_and_removed(tmp_path):
    directory = copy_knowledge(tmp_path)
    store = KnowledgeStore(directory)
    before = len(store.snapshot.kb.cases)
    wigan = case_file(directory, "wigan-in-cab-waste")
    copied = wigan.read_text().replace("id: wigan-in-cab-waste", "id: wigan-copy")
    wigan.write_text(copied.replace("title: ", "title: Copy of ", 1))
    wigan.rename(case_file(directory, "wigan-copy"))
    norwich = case_file(directory, "norwich-virtual-parking-permits")
    norwich.write_text(norwich.read_text().replace("summary: >-", "summary: >-\n  Edited.", 1))
    case_file(directory, "leeds-tablet-lending-library").unlink()

    report = store.reload()

    assert report.ok
    assert report.added == ("wigan-copy",)
    assert report.changed == ("norwich-virtual-parking-permits",)
    assert set(report.removed) == {"leeds-tablet-lending-library", "wigan-in-cab-waste"}
    assert report.cases == before - 1
    assert store.snapshot.kb.case("wigan-copy") is not None
    assert "1 added, 1 changed, 2 removed" in report.summary


def test_broken_file_keeps_the_old_base_serving_and_reports_file_and_line(tmp_path):
    directory = copy_knowledge(tmp_path)
    store = KnowledgeStore(directory)
    old_version = store.snapshot.kb.version
    path = case_file(directory, "wigan-in-cab-waste")
    path.write_text(path.read_text() + "\noutcomes: [unclosed\n")

    report = store.reload()

    assert not report.ok
    assert "case-studies/wigan-in-cab-waste.yaml:" in report.summary
    assert store.snapshot.kb.version == old_version
    assert store.status.failures == 1 and store.status.last_error
    assert answer("Wigan bins", store.snapshot).results[0].case.id == "wigan-in-cab-waste"


def test_questions_during_reloads_always_see_a_complete_base(tmp_path):
    directory = copy_knowledge(tmp_path)
    store = KnowledgeStore(directory)
    target = case_file(directory, "forest-heath-st-edmundsbury-refuse-routing")
    original = target.read_text()
    stop = threading.Event()
    errors: list[str] = []

    def ask_repeatedly():
        while not stop.is_set():
            snapshot = store.snapshot
            result = answer("who saved money on refuse routing?", snapshot)
            if snapshot.index.kb is not snapshot.kb or not result.answered:
                errors.append("inconsistent snapshot")
            time.sleep(0.001)  # let the reloading thread have the GIL too

    askers = [threading.Thread(target=ask_repeatedly) for _ in range(2)]
    for thread in askers:
        thread.start()
    for i in range(5):
        target.write_text(original.replace("summary: >-", f"summary: >-\n  Revision {i}.", 1))
        assert store.reload().ok
    stop.set()
    for thread in askers:
        thread.join()
    assert errors == []
    assert store.status.reloads == 5
