"""The sharing loop's part of the database: follows, announced cases, people's councils, digests and
introductions, on the same engine as `storage.Storage`."""
from __future__ import annotations

import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from .records import REQUESTED, Follow, Introduction
from .storage import Storage, as_utc, now
from .tables import announced_cases, digests, follow_notices, follows, introductions, people


class LoopStorage:
    """Follows, announced cases and introductions: the sharing loop's tables, on the same engine."""

    def __init__(self, storage: Storage):
        self.engine = storage.engine

    # Follows

    async def follow(self, target: Follow) -> bool:
        """False when already following."""
        try:
            async with self.engine.begin() as connection:
                await connection.execute(insert(follows).values(
                    platform=target.platform, user_id=target.user_id, kind=target.kind, value=target.value,
                    label=target.label, created_at=now()))
        except IntegrityError:
            return False
        return True

    async def unfollow(self, platform: str, user_id: str, kind: str, value: str) -> bool:
        async with self.engine.begin() as connection:
            result = await connection.execute(delete(follows).where(
                follows.c.platform == platform, follows.c.user_id == user_id, follows.c.kind == kind,
                follows.c.value == value))
        return result.rowcount > 0

    async def follows_of(self, platform: str | None = None, user_id: str | None = None) -> list[Follow]:
        query = select(follows).order_by(follows.c.created_at)
        if platform is not None:
            query = query.where(follows.c.platform == platform, follows.c.user_id == user_id)
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [Follow(row.platform, row.user_id, row.kind, row.value, row.label) for row in rows]

    # Announced cases

    async def announced_ids(self) -> set[str]:
        async with self.engine.connect() as connection:
            return set((await connection.execute(select(announced_cases.c.case_id))).scalars())

    async def announce(self, cases: list[tuple[str, str]], *, quiet: bool = False) -> list[str]:
        """Record (case id, title) pairs as seen; returns the ids this call recorded first (another
        instance may have recorded some a moment earlier). All in one transaction when none is known yet
        (a first start records the whole library: one commit, not one per case); row by row otherwise."""
        ids = [case_id for case_id, _title in cases]
        rows: list[dict[str, object]] = [{"case_id": case_id, "title": title[:200], "first_seen": now(), "quiet": quiet}
                                         for case_id, title in cases]
        if not rows:
            return []
        try:
            async with self.engine.begin() as connection:
                await connection.execute(insert(announced_cases), rows)
            return ids
        except IntegrityError:
            pass  # some were recorded meanwhile: find which are new, one at a time
        first = []
        for case_id, row in zip(ids, rows):
            try:
                async with self.engine.begin() as connection:
                    await connection.execute(insert(announced_cases).values(**row))
                first.append(case_id)
            except IntegrityError:
                continue
        return first

    async def announced_since(self, since: datetime.datetime) -> list[tuple[str, str, datetime.datetime]]:
        query = select(announced_cases).where(announced_cases.c.first_seen >= since,
                                              announced_cases.c.quiet.is_(False)).order_by(
            announced_cases.c.first_seen)
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [(row.case_id, row.title, as_utc(row.first_seen)) for row in rows]

    async def claim_follow_notice(self, platform: str, user_id: str, case_id: str) -> bool:
        """True for the one caller that may tell this follower of this case, ever."""
        try:
            async with self.engine.begin() as connection:
                await connection.execute(insert(follow_notices).values(
                    platform=platform, user_id=user_id, case_id=case_id, sent_at=now()))
        except IntegrityError:
            return False
        return True

    # People

    async def set_council(self, platform: str, user_id: str, code: str) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(delete(people).where(people.c.platform == platform, people.c.user_id == user_id))
            await connection.execute(insert(people).values(platform=platform, user_id=user_id, council_code=code,
                                                           updated_at=now()))

    async def council_of(self, platform: str, user_id: str) -> str | None:
        query = select(people.c.council_code).where(people.c.platform == platform, people.c.user_id == user_id)
        async with self.engine.connect() as connection:
            return (await connection.execute(query)).scalar_one_or_none()

    # Digests

    async def claim_digest(self, period: str) -> bool:
        """True for the one instance that may post the digest of `period`."""
        try:
            async with self.engine.begin() as connection:
                await connection.execute(insert(digests).values(period=period, sent_at=now()))
        except IntegrityError:
            return False
        return True

    # Introductions

    async def add_introduction(self, asker_platform: str, asker_id: str, asker_organisation: str | None,
                               case_id: str, purpose: str, routed_to: str) -> Introduction:
        async with self.engine.begin() as connection:
            result = await connection.execute(insert(introductions).values(
                created_at=now(), asker_platform=asker_platform, asker_id=asker_id,
                asker_organisation=asker_organisation, case_id=case_id, purpose=purpose, routed_to=routed_to,
                status=REQUESTED).returning(introductions.c.id))
            number = result.scalar_one()
        found = await self.introduction(number)
        assert found is not None
        return found

    async def introduction(self, number: int) -> Introduction | None:
        async with self.engine.connect() as connection:
            row = (await connection.execute(select(introductions).where(introductions.c.id == number))).first()
        return _introduction(row) if row else None

    async def introductions_of(self, platform: str | None = None, user_id: str | None = None,
                               status: str | None = None) -> list[Introduction]:
        query = select(introductions).order_by(introductions.c.id)
        if platform is not None:
            query = query.where(introductions.c.asker_platform == platform, introductions.c.asker_id == user_id)
        if status is not None:
            query = query.where(introductions.c.status == status)
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [_introduction(row) for row in rows]

    async def settle_introduction(self, number: int, status: str) -> bool:
        """Move a requested introduction to `status`; False if it was settled already."""
        async with self.engine.begin() as connection:
            changed = await connection.execute(update(introductions).where(
                introductions.c.id == number, introductions.c.status == REQUESTED).values(
                status=status, decided_at=now()))
        return changed.rowcount == 1


def _introduction(row) -> Introduction:
    return Introduction(row.id, as_utc(row.created_at), row.asker_platform, row.asker_id, row.asker_organisation,
                        row.case_id, row.purpose, row.routed_to, row.status)
