"""Pausing Python's cyclic garbage collector while a knowledge base is built.

A build makes millions of objects that live on (the cases, their strings and tuples, the index's tables).
The collector runs a full pass each time the long-lived objects grow by a quarter, and each pass visits
every one of them: at 100,000 cases fifteen passes were a sixth of a cold load. A build makes almost no
cyclic garbage (what it drops is freed by reference counting), so nothing waits on the collector meanwhile.

The collector's switch is the whole process's: builds may overlap (a reload and an approval's trial
build, in two threads), so it is switched back on when the last of them ends, and only if it was on
before the first began.
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
