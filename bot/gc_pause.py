"""Python's cyclic garbage collector and the knowledge base: paused while one is built, kept off it after.

A build makes millions of objects that live on (the cases, their strings and tuples, the index's tables).
The collector runs a full pass each time the long-lived objects grow by a quarter, and each pass visits
every one of them: at 100,000 cases fifteen passes were a sixth of a cold load. A build makes almost no
cyclic garbage (what it drops is freed by reference counting), so nothing waits on the collector meanwhile.

The collector's switch is the whole process's: builds may overlap (a reload and an approval's trial
build, in two threads), so it is switched back on when the last of them ends, and only if it was on
before the first began.

Once built, the knowledge base lives until the next reload, and a server makes young garbage with every
request: the collector's full passes, which come as often as the survivors of its young passes add up to a
quarter of the long-lived objects, visited the whole knowledge base each time. Under load that was a 90 ms
pause of every request in flight about once a second (benchmarks/load.py). `settle()` puts what is alive
out of the collector's sight (gc.freeze), so its passes visit only what the requests made.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0
"""How many builds are under way."""
_was_enabled = True
"""Whether the collector was on when the first of them began."""


@contextmanager
def collection_paused() -> Iterator[None]:
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()


SETTLE_FULLY_AT = 1.25
"""A settle collects in full when the frozen objects have grown by a quarter since the last full one."""
_frozen_when_full = 0
"""How many objects were frozen after the last full settle (0: none yet)."""


def settle() -> None:
    """After a server's knowledge base is built or swapped: freeze what is alive (gc.freeze). Frozen objects
    are still freed when nothing refers to them (the old snapshot's are, as the swap drops it), but
    garbage cycles among them are never collected: the old snapshot's few, and whatever cyclic garbage of
    requests was waiting for the collector's next pass. So the first settle, and any after the frozen
    objects have grown by a quarter since (as the collector's own full passes come), first collects in full:
    one pause of a full pass (0.1 s in a server) now and then, not after every reload."""
    global _frozen_when_full
    gc.freeze()
    if not _frozen_when_full or gc.get_freeze_count() > SETTLE_FULLY_AT * _frozen_when_full:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _frozen_when_full = gc.get_freeze_count()


class SettleAfterReloads:
    """A store observer (`store.Observer`) for long-running processes: settles after each reload that
    swapped in a new snapshot. The CLI and tests, which build and leave, have no use for it."""

    def question(self, platform: str, query: str, answered: bool, seconds: float, organisation: str = "") -> None:
        """Questions make nothing to settle."""

    def reloaded(self, trigger: str, report) -> None:
        if report.ok:
            settle()
