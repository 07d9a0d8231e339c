"""Remembering which platform events were already answered, so a retried delivery is never answered twice.

Slack re-sends an event it thinks failed (same event_id); Teams can re-send an activity (same id); and one
Slack message may arrive through two subscriptions. In memory, bounded by age and count, which is right for
one process; with DATABASE_URL set, several processes share `bot.sharing.answered.SharedSeenIds`, which has
the same (async) interface.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from typing import Protocol

DEFAULT_TTL_SECONDS = 3600.0
DEFAULT_MAX_KEYS = 100_000


class AnsweredRecord(Protocol):
    """What the platforms need of a record of answered events: in memory (SeenIds) or shared (SharedSeenIds)."""

    async def first_time(self, key: str) -> bool: ...


class SeenIds:
    def __init__(self, ttl: float = DEFAULT_TTL_SECONDS, max_keys: int = DEFAULT_MAX_KEYS):
        self.ttl = ttl
        self.max_keys = max_keys
        self._seen: OrderedDict[str, float] = OrderedDict()

    async def first_time(self, key: str) -> bool:
        """True the first time `key` is offered (within the TTL), False for every repeat."""
        now = time.monotonic()
        while self._seen and (next(iter(self._seen.values())) < now - self.ttl or len(self._seen) > self.max_keys):
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True
