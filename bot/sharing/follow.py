"""Following a theme, a nation or region, or an organisation, and telling followers about new cases.

A follow names what it follows by kind and value (`theme:waste`, `nation:Wales`, `region:North West`,
`organisation:rugby borough council`). `FollowNotifier` watches the knowledge base: a case id the database
has never recorded is new (an approval, a curator's reload, another instance's change), each follower whose
follow matches it is told once, several new cases in one message, and a database key makes "once" hold
across restarts and instances.
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from ..store import KnowledgeStore, ReloadReport
from .records import Follow
from .replies import FollowNoticeReply
from .targets import matches

if TYPE_CHECKING:
    from ..notices import NoticeRouter
    from .loop_storage import LoopStorage

log = logging.getLogger("practice_bot.follow")

class FollowNotifier:
    """Tells followers about new cases. Register it with the store; it schedules its work on the server's
    event loop (reloads report from a worker thread)."""

    def __init__(self, storage: LoopStorage, store: KnowledgeStore, router: NoticeRouter):
        self.storage = storage
        self.store = store
        self.router = router
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = asyncio.Lock()
        self._pending: set[asyncio.Future] = set()

    async def start(self) -> None:
        """The first start records the library as it is (nothing is news); later starts announce what was
        added while no server was watching."""
        self._loop = asyncio.get_running_loop()
        if not await self.storage.announced_ids():
            cases = self.store.snapshot.kb.cases
            await self.storage.announce([(case.id, case.title) for case in cases], quiet=True)
        else:
            await self.announce_new()
        self.store.observers.append(self)

    async def close(self) -> None:
        if self in self.store.observers:
            self.store.observers.remove(self)
        await self.flush()

    async def flush(self) -> None:
        """Wait for announcements already scheduled (at shutdown, and in tests)."""
        while self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)

    def question(self, platform: str, query: str, answered: bool, seconds: float, organisation: str = "") -> None:
        """Questions are not news."""

    def reloaded(self, trigger: str, report: ReloadReport) -> None:
        if report.ok and report.added and self._loop is not None:
            self._loop.call_soon_threadsafe(self._schedule)

    def _schedule(self) -> None:
        task = asyncio.ensure_future(self.announce_new())
        self._pending.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Future) -> None:
        self._pending.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("could not tell followers about new cases", exc_info=task.exception())

    async def announce_new(self) -> int:
        """Record the cases not seen before and tell their followers; returns how many were told."""
        async with self._lock:
            kb = self.store.snapshot.kb
            known = await self.storage.announced_ids()
            unseen = [case for case in kb.cases if case.id not in known]
            if not unseen:
                return 0
            first = set(await self.storage.announce([(case.id, case.title) for case in unseen]))
            new = [case for case in unseen if case.id in first]
            told = 0
            for (platform, user_id), follows in _by_follower(await self.storage.follows_of()).items():
                cases = [case for case in new if any(matches(f.kind, f.value, case) for f in follows)]
                cases = [case for case in cases if await self.storage.claim_follow_notice(platform, user_id, case.id)]
                if cases:
                    labels = tuple(f.label for f in follows if any(matches(f.kind, f.value, c) for c in cases))
                    problem = await self.router.tell(platform, user_id, FollowNoticeReply(tuple(cases), labels))
                    told += problem is None
                    if problem:
                        log.warning("could not tell a follower on %s: %s", platform, problem)
            return told


def _by_follower(follows: list[Follow]) -> dict[tuple[str, str], list[Follow]]:
    grouped: dict[tuple[str, str], list[Follow]] = {}
    for follow in follows:
        grouped.setdefault((follow.platform, follow.user_id), []).append(follow)
    return grouped
