"""A build runs with the cyclic collector paused, and leaves it as it found it, however builds overlap."""
from __future__ import annotations

import gc
import threading

from bot.gc_pause import collection_paused
from bot.store import Snapshot

from .conftest import KNOWLEDGE


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
