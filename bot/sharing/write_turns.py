"""Turns at writing one SQLite file, for the processes of `serve --workers` on one machine.

SQLite lets one connection write at a time, and one that finds the file locked sleeps in its busy handler
(1, 2, 5, 10 ... up to 100 ms between tries) and tries again. With two workers each claiming answered events
many times a second, a waiting worker kept waking to find the other writing again: claims, which every Slack
and Teams request waits for before it is acknowledged, waited up to 1.4 s. Taking a lock on a file beside
the database first (flock) lets the waiter sleep in the kernel until the writer lets go, and be woken then.
PostgreSQL locks rows, not the whole database, and needs none of this.
"""
from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
from collections.abc import AsyncIterator


class WriteTurns:
    def __init__(self, database_file: str):
        self.path = database_file + ".lock"
        self._here = asyncio.Lock()
        """An flock belongs to an open file, so this process's writers take turns among themselves first."""
        self._fd: int | None = None

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold the database's write turn for the body (a write transaction)."""
        async with self._here:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            fd = self._fd
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: taken at once, no thread
            except BlockingIOError:
                await _wait_for_lock(fd)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


async def _wait_for_lock(fd: int) -> None:
    """Sleep in a thread until the other process lets go of the lock, then hold it."""
    taking = asyncio.ensure_future(asyncio.to_thread(fcntl.flock, fd, fcntl.LOCK_EX))
    try:
        await asyncio.shield(taking)
    except asyncio.CancelledError:  # the thread still gets the lock: let it go as soon as it does
        taking.add_done_callback(lambda _: fcntl.flock(fd, fcntl.LOCK_UN))
        raise
