"""Who must hear about what, decided once for every platform.

A reply can mean news for people other than the one acting: a new submission for the curators, a decision
for the person who submitted. The core works out *who* (`sharing.replies.notices_for`); this router sends
each notice through the platform that can reach that person, whichever platform the action came from, so a
Slack admin's decision reaches a Teams submitter. Each platform registers a `Deliverer` that only knows
*how* to reach its own people (as opsdroid's connectors each implement sending).
"""
from __future__ import annotations

import logging
from typing import Protocol

from .reply import Reply
from .sharing.replies import ADMINS, Notice, notices_for

log = logging.getLogger("practice_bot.notices")


class Deliverer(Protocol):
    platform: str
    label: str
    """The platform's name as people know it ("Teams")."""

    async def to_curators(self, reply: Reply) -> bool:
        """Post `reply` where this platform's curators review submissions (the review channel, else each
        curator, in whichever workspace or tenant they are); False if there is nowhere."""
        ...

    async def to_person(self, user_id: str, reply: Reply, organisation: str = "") -> str | None:
        """Tell one person `reply` (in `organisation`, "slack:T123", when known); None once told, else why
        they could not be."""
        ...


class NoticeRouter:
    def __init__(self) -> None:
        self._deliverers: dict[str, Deliverer] = {}

    def register(self, deliverer: Deliverer) -> None:
        self._deliverers[deliverer.platform] = deliverer

    @property
    def platforms(self) -> tuple[str, ...]:
        return tuple(self._deliverers)

    async def deliver(self, reply: Reply) -> list[str]:
        """Send what `reply` means for others. Returns what the person acting should be told (a submitter
        who could not be reached, with the reference to pass on); a failed notice is never an error for them."""
        problems = []
        for notice in notices_for(reply):
            if notice.to == ADMINS:
                await self._to_curators(notice)
            else:
                problem = await self._to_person(notice)
                if problem:
                    deliverer = self._deliverers.get(notice.platform)
                    where = f" in {deliverer.label}" if deliverer else ""
                    log.warning("could not tell the %s of %s: %s", notice.who, notice.about, problem)
                    problems.append(f"The {notice.who} could not be told{where}; reference {notice.about}. "
                                    f"{problem} Please let them know another way.")
        return problems

    async def _to_curators(self, notice: Notice) -> None:
        if not await self.to_curators(notice.reply):
            log.warning("no curators' channel is configured on any platform; admins see submissions with 'review'")

    async def _to_person(self, notice: Notice) -> str | None:
        return await self.tell(notice.platform, notice.user_id, notice.reply, notice.organisation)

    async def tell(self, platform: str, user_id: str, reply: Reply, organisation: str = "") -> str | None:
        """Tell one person on their platform (in `organisation`, "slack:T123", when known); None once told,
        else why not."""
        deliverer = self._deliverers.get(platform)
        if deliverer is None:
            return f"They use {platform or 'another platform'}, which this server does not serve."
        return await deliverer.to_person(user_id, reply, organisation)

    async def to_curators(self, reply: Reply) -> bool:
        """Post `reply` to the curators on every platform that has a place for them."""
        return any([await deliverer.to_curators(reply) for deliverer in self._deliverers.values()])
