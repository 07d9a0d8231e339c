"""The record of platform events already answered, shared by every web process through the database.

`bot.dedupe.SeenIds` remembers in memory, which is right for one process; behind a load balancer, or with
`serve --workers`, a retried Slack event or Teams activity may reach a different process than the first
delivery did, so the adapters use this instead. Same interface: the first process whose claim of
(platform, id) is written answers; the primary key turns every other claim into a duplicate. Claims made
at the same time are written together (`grouped.GroupWriter`), so a claim costs a request a fraction of a
commit under load, not a commit of its own.
"""
from __future__ import annotations

import datetime

from ..dedupe import DEFAULT_TTL_SECONDS
from .grouped import GroupWriter
from .storage import Storage, now


class SharedSeenIds:
    def __init__(self, storage: Storage, platform: str, ttl: float = DEFAULT_TTL_SECONDS):
        self.storage = storage
        self.platform = platform
        self.ttl = ttl
        self._claims = GroupWriter(self._claim)

    async def first_time(self, key: str) -> bool:
        """True the first time `key` is offered by any process (within the TTL), False for every repeat."""
        return await self._claims.offer(key)

    async def _claim(self, keys: list[str]) -> list[bool]:
        """A key offered twice in one batch is claimed once: only its first offer is the first time."""
        forget_before = now() - datetime.timedelta(seconds=self.ttl)
        claimed = await self.storage.claim_answers(self.platform, list(dict.fromkeys(keys)), forget_before)
        answers = []
        for key in keys:
            answers.append(key in claimed)
            claimed.discard(key)
        return answers
