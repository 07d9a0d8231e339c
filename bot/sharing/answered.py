"""The record of platform events already answered, shared by every web process through the database.

`bot.dedupe.SeenIds` remembers in memory, which is right for one process; behind a load balancer a retried
Slack event or Teams activity may reach a different process than the first delivery did, so with
DATABASE_URL set the adapters use this instead. Same interface, but async: the first process whose insert
of (platform, id) succeeds answers; the primary key turns every other attempt into a duplicate.
"""
from __future__ import annotations

import datetime

from ..dedupe import DEFAULT_TTL_SECONDS
from .storage import Storage, now


class SharedSeenIds:
    def __init__(self, storage: Storage, platform: str, ttl: float = DEFAULT_TTL_SECONDS):
        self.storage = storage
        self.platform = platform
        self.ttl = ttl

    async def first_time(self, key: str) -> bool:
        """True the first time `key` is offered by any process (within the TTL), False for every repeat."""
        forget_before = now() - datetime.timedelta(seconds=self.ttl)
        return await self.storage.first_answer(self.platform, key, forget_before)
