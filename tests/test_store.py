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


async def test_readiness_drops_an_old_error_once_a_reload_succeeds(tmp_path):
    import aiohttp

    from bot.server import create_app
    from bot.settings import Settings
    from tests.support.loopback import running

    directory = copy_knowledge(tmp_path)
    wigan = case_file(directory, "wigan-in-cab-waste")
    good = wigan.read_text()
    wigan.write_text(good + "\noutcomes: [unclosed\n")
    store = KnowledgeStore(directory)
    async with running(create_app(store, Settings(env={}))) as base, aiohttp.ClientSession() as session:
        async def ready() -> dict:
            async with session.get(base + "/readyz") as response:
                return await response.json()

        assert "wigan-in-cab-waste.yaml" in (await ready())["last_reload_error"]
        wigan.write_text(good)
        assert (await store.reload_async()).ok
        after = await ready()
        assert after["last_reload_error"] is None
        assert after["cases"] == len(store.snapshot.kb.cases) and after["version"] == store.snapshot.kb.version
        wigan.write_text(good + "\noutcomes: [unclosed\n")
        assert not (await store.reload_async()).ok
        assert "wigan-in-cab-waste.yaml" in (await ready())["last_reload_error"]
        wigan.write_text(good)
        assert (await store.reload_async()).ok
        assert (await ready())["last_reload_error"] is None


def test_reloads_at_the_same_time_never_leave_an_older_snapshot_live(tmp_path):
    """Each round: one reload starts, the file changes, a second reload starts. Whatever order they finish
    in, the live base must be the newest files' (a reload that read older files must not swap in last)."""
    directory = copy_knowledge(tmp_path)
    for n in range(150):  # a larger base makes a reload slow enough for two to overlap
        source = case_file(directory, "wigan-in-cab-waste").read_text()
        copy = source.replace("id: wigan-in-cab-waste", f"id: bulk-{n:03d}").replace("title: ", f"title: Bulk {n} ", 1)
        case_file(directory, f"bulk-{n:03d}").write_text(copy)
    store = KnowledgeStore(directory)
    target = case_file(directory, "norwich-virtual-parking-permits")
    original = target.read_text()
    for round_number in range(4):
        first = threading.Thread(target=store.reload)
        first.start()
        target.write_text(original.replace("summary: >-", f"summary: >-\n  Round {round_number}.", 1))
        second = threading.Thread(target=store.reload)
        second.start()
        first.join()
        second.join()
        live = store.snapshot.kb.case("norwich-virtual-parking-permits")
        assert live.summary.startswith(f"Round {round_number}."), live.summary[:40]
        assert store.snapshot.index.kb is store.snapshot.kb
