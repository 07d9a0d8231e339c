"""Group commit: small writes offered at the same time go to the database as one statement.

Every request used to write its own row in its own transaction (its claim on an answered event; an
unanswered question), and a commit through SQLAlchemy and aiosqlite costs milliseconds of CPU, more than
the rest of an answer. With `serve --workers` on one SQLite file, each of those transactions also took the
file's write lock, and under load the workers queued for it (busy_timeout) instead of answering.

A `GroupWriter` writes what is offered at once. Items offered while a write is under way wait for the next,
which takes all of them: alone, an item is written straight away as before; under load, one statement
carries many and nothing waits for more than the write before its own. Writes nobody waits for (a gap) may
also `linger`: each write first waits that long for company, so they cost one statement per interval
whatever the traffic; `flush()` writes at once.
"""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class GroupWriter(Generic[Item, Result]):
    def __init__(self, write: Callable[[list[Item]], Awaitable[list[Result]]], linger: float = 0.0):
        """`write` stores a batch of items and returns one result per item, in order."""
        self._write = write
        self._linger = linger
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._writing: asyncio.Task[None] | None = None
        self._hurry = asyncio.Event()

    def offer(self, item: Item) -> asyncio.Future[Result]:
        """Queue `item` for the next write; the future has its result (or the write's error)."""
        result: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, result))
        if self._writing is None:
            self._writing = asyncio.ensure_future(self._write_all())
        return result

    async def flush(self) -> None:
        """Wait until everything offered so far is written (at shutdown, and in tests)."""
        if self._writing is not None:
            self._hurry.set()
            await self._writing

    async def _write_all(self) -> None:
        try:
            while self._waiting:
                if self._linger and not self._hurry.is_set():
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(self._hurry.wait(), self._linger)
                batch, self._waiting = self._waiting, []
                try:
                    results = await self._write([item for item, _ in batch])
                except Exception as error:  # noqa: BLE001 - every waiting request gets the database's error
                    for _, result in batch:
                        if not result.done():
                            result.set_exception(error)
                    continue
                for (_, result), value in zip(batch, results):
                    if not result.done():
                        result.set_result(value)
        finally:
            self._writing = None
            self._hurry.clear()
