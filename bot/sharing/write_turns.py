"""The frequent writes to one SQLite file, for the processes of `serve --workers` on one machine.

Every Slack and Teams request waits for its claim on the answered record (`answered.SharedSeenIds`) before
it is acknowledged, so these writes are on the request path, many times a second in each worker. Two costs
are taken out of that path here:

- Waiting for the other worker. SQLite lets one connection write at a time, and one that finds the file
  locked sleeps in its busy handler (1, 2, 5, 10 ... up to 100 ms between tries) and tries again; a worker
  kept waking to find the other writing again, and claims waited up to 1.4 s. A lock on a file beside the
  database (flock) is taken first instead: the waiter sleeps in the kernel until the writer lets go.
- The async driver's round trips. Through SQLAlchemy's async engine, aiosqlite hands each step of a
  transaction (cursor, execute, fetch, close, commit, reset) to its thread and back: six hops, about 0.5 ms
  of CPU for a claim that SQLite itself writes in 0.02 ms. Here the whole transaction, the flock wait
  included, runs in this process's one writing thread on SQLAlchemy's ordinary (sync) engine: one hop.

One thread also means this process's writers take turns among themselves. PostgreSQL locks rows, not the
whole database, and needs none of this.
"""
from __future__ import annotations

import asyncio
import fcntl
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import Connection, create_engine, event

Result = TypeVar("Result")


class WriteTurns:
    def __init__(self, database_file: str, on_connect: Callable[..., None]):
        """`on_connect` sets up each new DB-API connection, as the async engine's are (WAL, busy timeout)."""
        self.lock_path = database_file + ".lock"
        self.engine = create_engine(f"sqlite:///{database_file}")
        event.listen(self.engine, "connect", on_connect)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="practice-bot-sqlite-writes")
        self._fd: int | None = None
        self._connection: Connection | None = None
        """Kept open in the writing thread (its only user): a pool check-out and reset per write cost more
        than the write."""

    async def write(self, work: Callable[[Connection], Result]) -> Result:
        """Run `work` in one transaction, in this process's turn; returns what it returns. A caller cancelled
        while waiting leaves the write to finish (what it claimed stays claimed) and the turn to be let go."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._in_turn, work)

    def _in_turn(self, work: Callable[[Connection], Result]) -> Result:
        if self._fd is None:
            self._fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        if self._connection is None:
            self._connection = self.engine.connect()
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            with self._connection.begin():
                return work(self._connection)
        except Exception:
            self._let_go()  # whatever went wrong, the next write starts on a fresh connection
            raise
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def _let_go(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def close(self) -> None:
        """After the writes under way (the thread finishes them)."""
        self._thread.submit(self._let_go)  # in the thread that opened it (SQLite's connections are per thread)
        self._thread.shutdown(wait=True)
        self.engine.dispose()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
