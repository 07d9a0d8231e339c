"""A build runs with the cyclic collector paused, and leaves it as it found it, however builds overlap; a
server's knowledge base is then kept out of the collector's passes (settle)."""
from __future__ import annotations

import gc
import threading
import weakref

import pytest

from bot import gc_pause
from bot.gc_pause import SETTLE_FULLY_AT, SettleAfterReloads, collection_paused, settle
from bot.server import _settled, create_app
from bot.settings import Settings
from bot.store import KnowledgeStore, Snapshot

from .conftest import KNOWLEDGE
from .knowledge.helpers import copy_knowledge
from .support.loopback import running


def test_no_collection_runs_while_a_knowledge_base_is_built_and_the_collector_is_on_after():
    passes: list[int] = []

    def count(phase, info):
        if phase == "start":
            passes.append(info["generation"])

    gc.collect()
    gc.callbacks.append(count)
    try:
        Snapshot.build(KNOWLEDGE)
    finally:
        gc.callbacks.remove(count)
    assert len(passes) <= 1 and gc.isenabled(), passes  # one, maybe, as the collector comes back on


def test_overlapping_pauses_switch_the_collector_on_only_when_the_last_ends():
    first, second = collection_paused(), collection_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second build is still under way
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pauses_from_many_threads_leave_the_collector_on():
    def build():
        for _ in range(200):
            with collection_paused():
                pass

    threads = [threading.Thread(target=build) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.isenabled()


class Node:
    """A garbage cycle when two refer to each other and nothing else to them."""

    def __init__(self):
        self.other: Node | None = None


def garbage_cycle() -> weakref.ref:
    one, two = Node(), Node()
    one.other, two.other = two, one
    return weakref.ref(one)


def in_the_collectors_passes(thing) -> bool:
    return any(tracked is thing for tracked in gc.get_objects())


@pytest.fixture
def unsettled(monkeypatch):
    """Each test starts as a server does, with nothing settled, and leaves the test process unfrozen."""
    gc.unfreeze()
    monkeypatch.setattr(gc_pause, "_frozen_when_full", 0)
    yield
    gc.unfreeze()


def test_a_settled_knowledge_base_is_out_of_the_collectors_passes_and_a_reload_settles_again(unsettled, tmp_path):
    store = KnowledgeStore(copy_knowledge(tmp_path), use_cache=False)
    settle()
    assert not in_the_collectors_passes(store.snapshot.kb.cases)
    store.observers.append(SettleAfterReloads())
    (store.directory / "case-studies" / "broken.yaml").write_text("id: [unclosed\n")
    assert not store.reload().ok
    assert not in_the_collectors_passes(store.snapshot.kb.cases)
    (store.directory / "case-studies" / "broken.yaml").unlink()
    case = sorted((store.directory / "case-studies").glob("*.yaml"))[0]
    case.write_text(case.read_text().replace("summary: >-", "summary: >-\n  Reworded.", 1))
    assert store.reload().ok
    assert not in_the_collectors_passes(store.snapshot.kb.cases)


def test_the_first_settle_collects_in_full_and_later_ones_only_when_the_frozen_grew_by_a_quarter(unsettled):
    before_first = garbage_cycle()
    settle()
    assert before_first() is None, "the first settle collects garbage cycles before freezing"
    frozen = gc.get_freeze_count()

    left_frozen = garbage_cycle()
    settle()
    assert left_frozen() is not None, "a settle with little new only freezes: no full pass"

    grown = [Node() for _ in range(int(frozen * (SETTLE_FULLY_AT - 1)) + 1000)]
    settle()
    assert left_frozen() is None, "once the frozen grew by a quarter, a settle collects in full again"
    assert not in_the_collectors_passes(grown)


async def test_a_server_settles_once_started_with_its_settler_the_last_observer(unsettled, tmp_path):
    """Settled at the end of start-up (after the sharing desk loaded the approved cases and registered its
    observers), so a reload's full pass never delays what the other observers record of it."""
    store = KnowledgeStore(copy_knowledge(tmp_path), use_cache=False)
    settings = Settings(env={"PRACTICE_BOT_DATABASE": str(tmp_path / "practice-bot.sqlite3")})
    async with running(_settled(create_app(store, settings))):
        assert not in_the_collectors_passes(store.snapshot.kb.cases)
        assert len(store.observers) > 1 and isinstance(store.observers[-1], SettleAfterReloads)
