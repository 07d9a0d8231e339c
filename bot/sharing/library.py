"""Every instance in step: a knowledge change anywhere (an approval, a reload) reaches every instance.

The database keeps a generation number that each approval and each reload counts up in the same
transaction as the change. On PostgreSQL the change is announced with NOTIFY on commit and every instance
LISTENs (asyncpg's own listener), so they reload within a moment; a slow poll stays on as a safety net for
a dropped listening connection. On SQLite (one machine; several `serve --workers`) each instance polls the
generation, one indexed row, every second. An instance that sees a new generation reloads its files and the
approved cases from the database (trigger "sync", which is not announced again).
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from ..store import KnowledgeStore, ReloadReport
from .storage import KNOWLEDGE_CHANNEL, Storage

if TYPE_CHECKING:
    from .review import ReviewQueue

log = logging.getLogger("practice_bot.sync")

POLL_SECONDS = 1.0
"""How often an instance without LISTEN/NOTIFY (SQLite) looks at the generation."""
SAFETY_POLL_SECONDS = 4.0
"""How often an instance listening on PostgreSQL still looks, in case its listening connection dropped: within
the 5 s every instance must be in step by."""
QUIET_TRIGGERS = frozenset({"sync", "approval", "startup"})
"""Reloads that are not announced: following another instance, an approval (announced in its own
transaction), and the first load."""


class KnowledgeSync:
    def __init__(self, storage: Storage, store: KnowledgeStore, queue: ReviewQueue):
        self.storage = storage
        self.store = store
        self.queue = queue
        self.generation: int | None = None
        """The generation this instance serves."""
        self._lock = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task] = set()
        self._listener = None

    async def start(self) -> None:
        """Serve the approved cases from the start, then follow every change."""
        self._loop = asyncio.get_running_loop()
        self.generation = await self.storage.generation()
        await self.queue.refresh(trigger="startup")
        self.store.observers.append(self)
        listening = await self._listen() if self.storage.is_postgres else False
        self._spawn(self._poll(SAFETY_POLL_SECONDS if listening else POLL_SECONDS))

    async def close(self) -> None:
        if self in self.store.observers:
            self.store.observers.remove(self)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._listener is not None:
            try:
                await self._listener.close(timeout=2)
            except Exception:  # noqa: BLE001 - closing at shutdown; nothing to do about it
                self._listener.terminate()

    async def follow(self) -> ReloadReport | None:
        """Reload if the database's generation is not the one served; None when already in step."""
        async with self._lock:
            current = await self.storage.generation()
            if current == self.generation:
                return None
            self.generation = current
            report = await self.queue.refresh(trigger="sync")
            log.info("knowledge generation %d from another instance: %s", current, report.summary.splitlines()[0])
            return report

    # Store observer: a local reload (chat, signal, HTTP) is announced to the other instances.

    def question(self, platform: str, query: str, answered: bool, seconds: float, organisation: str = "") -> None:
        """Questions are not knowledge changes."""

    def reloaded(self, trigger: str, report: ReloadReport) -> None:
        if trigger in QUIET_TRIGGERS or not report.ok or self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._spawn, self._announce())  # reloads run in a worker thread

    async def _announce(self) -> None:
        async with self._lock:
            self.generation = await self.storage.bump_generation()

    # Following

    async def _listen(self) -> bool:
        import asyncpg

        dsn = self.storage.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        try:
            listener = await asyncpg.connect(dsn)
            self._listener = listener
            await listener.add_listener(KNOWLEDGE_CHANNEL, self._notified)
        except (OSError, asyncpg.PostgresError) as error:
            log.warning("cannot LISTEN for knowledge changes (%s); polling every %.0f s", error, POLL_SECONDS)
            return False
        log.info("listening for knowledge changes on PostgreSQL channel %s", KNOWLEDGE_CHANNEL)
        return True

    def _notified(self, connection, pid: int, channel: str, payload: str) -> None:
        if payload != str(self.generation):
            self._spawn(self._follow_quietly())

    async def _poll(self, seconds: float) -> None:
        while True:
            await asyncio.sleep(seconds)
            if self._listener is not None and self._listener.is_closed():
                log.warning("the LISTEN connection closed; reconnecting")
                self._listener = None
                if await self._listen():
                    seconds = SAFETY_POLL_SECONDS
                else:
                    seconds = POLL_SECONDS
            await self._follow_quietly()

    async def _follow_quietly(self) -> None:
        try:
            await self.follow()
        except Exception:  # noqa: BLE001 - a database blip must not stop following
            log.exception("could not follow a knowledge change; trying again shortly")

    def _spawn(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
