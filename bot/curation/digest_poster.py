"""Posting the curators' digest once a period, from whichever instance claims the period first.

Apart from `digest.py` (what the digest says), which the renderers import: this part runs in the server's
event loop, and the terminal's `ask` should not import one.
"""
from __future__ import annotations

import asyncio
import datetime
import logging
from typing import TYPE_CHECKING

from .digest import build_digest

if TYPE_CHECKING:
    from ..notices import NoticeRouter
    from ..sharing.desk import SharingDesk

log = logging.getLogger("practice_bot.digest")

CHECK_EVERY_SECONDS = 3600.0


class DigestPoster:
    """Posts the digest to the curators once a period, from whichever instance claims the period first."""

    def __init__(self, desk: SharingDesk, router: NoticeRouter, days: int, stale_years: int):
        self.desk = desk
        self.router = router
        self.days = days
        self.stale_years = stale_years
        self._task: asyncio.Task | None = None

    def period(self, now: datetime.datetime | None = None) -> str:
        moment = now or datetime.datetime.now(datetime.timezone.utc)
        return f"every-{self.days}-days:{moment.toordinal() // self.days}"

    async def post_if_due(self) -> bool:
        if not self.router.platforms or not await self.desk.loop.claim_digest(self.period()):
            return False
        await self.router.to_curators(await build_digest(self.desk, self.days, self.stale_years))
        return True

    async def start(self) -> None:
        """The period the service starts in is claimed quietly (a first start is no news), so the first
        digest goes out when the next period begins."""
        await self.desk.loop.claim_digest(self.period())
        self._task = asyncio.ensure_future(self._run())

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            try:
                await self.post_if_due()
            except Exception:  # noqa: BLE001 - a digest that fails is logged and tried next period
                log.exception("could not post the curators' digest")
            await asyncio.sleep(CHECK_EVERY_SECONDS)
