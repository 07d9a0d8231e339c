"""The one database Practice Bot writes: submissions, review decisions, answered event ids and gaps.

SQLAlchemy 2's async Core gives one code path for both databases we run on: a SQLite file by default
(through aiosqlite) and PostgreSQL when DATABASE_URL is set (through asyncpg). It is widely used and well
kept, its table definitions create the schema on start, and Core is plain SQL expressions without an ORM's
sessions, identity map or lazy loading, which this handful of small tables does not need. All SQL lives in
this module; everything else calls its methods.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from sqlalchemy import (
    JSON, Boolean, Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text, delete, insert,
    select, update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from ..settings import DATABASE_FILE_SETTING, DATABASE_URL_SETTING, DEFAULT_DATABASE_FILE, DatabaseSettings
from .submission import PENDING, Submission


metadata = MetaData()

submissions = Table(
    "submissions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("status", String(16), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("organisation", String(200), nullable=False),
    Column("title", String(200), nullable=False),
    Column("summary", Text, nullable=False),
    Column("outcomes", JSON, nullable=False),
    Column("themes", JSON, nullable=False),
    Column("region", String(60), nullable=False),
    Column("evidence_url", String(600), nullable=False),
    Column("contact_name", String(200), nullable=False),
    Column("contact_role", String(200)),
    Column("contact_email", String(200)),
    Column("consent", Boolean, nullable=False),
    Column("submitter_platform", String(20), nullable=False),
    Column("submitter_id", String(200), nullable=False),
    Column("case_id", String(120)),
)

decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False, index=True),
    Column("action", String(16), nullable=False),
    Column("who", String(240), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("reason", Text),
)

answered_events = Table(
    "answered_events", metadata,
    Column("platform", String(20), primary_key=True),
    Column("event_id", String(200), primary_key=True),
    Column("first_seen", DateTime(timezone=True), nullable=False, index=True),
)

gaps = Table(
    "gaps", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question", Text, nullable=False),
    Column("platform", String(20), nullable=False),
    Column("asked_at", DateTime(timezone=True), nullable=False, index=True),
)

_SUBMISSION_FIELDS = (
    "organisation", "title", "summary", "outcomes", "themes", "region", "evidence_url", "contact_name",
    "contact_role", "contact_email", "consent", "submitter_platform", "submitter_id",
)


@dataclass(frozen=True)
class Decision:
    """One review decision: who (platform:user id), when, what (approved/rejected) and why."""

    submission_id: int
    action: str
    who: str
    decided_at: datetime.datetime
    reason: str | None


@dataclass(frozen=True)
class Gap:
    question: str
    platform: str
    asked_at: datetime.datetime


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def database_url(database: DatabaseSettings | Mapping[str, str]) -> str:
    """The SQLAlchemy URL: PostgreSQL (asyncpg) when DATABASE_URL is set, else the SQLite file
    (PRACTICE_BOT_DATABASE, or the default). Takes the typed settings, or an environment mapping (the CLI)."""
    if not isinstance(database, DatabaseSettings):
        database = DatabaseSettings(url=database.get(DATABASE_URL_SETTING) or None,
                                    file=database.get(DATABASE_FILE_SETTING) or DEFAULT_DATABASE_FILE)
    if database.url:
        for prefix in ("postgres://", "postgresql://"):
            if database.url.startswith(prefix):
                return "postgresql+asyncpg://" + database.url[len(prefix):]
        return database.url
    return f"sqlite+aiosqlite:///{Path(database.file or DEFAULT_DATABASE_FILE)}"


class Storage:
    """The database behind sharing practice. Call `start()` once (it creates missing tables) and `close()`
    at shutdown. Several Storage objects, in one process or many, may share a database safely."""

    def __init__(self, url: str):
        self.url = url
        self.engine: AsyncEngine = create_async_engine(url)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "Storage":
        return cls(database_url(env))

    async def start(self) -> None:
        async with self.engine.begin() as connection:
            await connection.run_sync(metadata.create_all)

    async def close(self) -> None:
        await self.engine.dispose()

    async def __aenter__(self) -> "Storage":
        await self.start()
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()

    # Submissions and decisions

    async def add_submission(self, submission: Submission) -> Submission:
        """Store a new pending submission; the result carries its number (hence its reference)."""
        values = {name: getattr(submission, name) for name in _SUBMISSION_FIELDS}
        values.update(outcomes=list(submission.outcomes), themes=list(submission.themes),
                      status=PENDING, created_at=now())
        async with self.engine.begin() as connection:
            result = await connection.execute(insert(submissions).values(**values).returning(submissions.c.id))
            number = result.scalar_one()
        return await self.submission(number)

    async def submission(self, number: int) -> Submission | None:
        async with self.engine.connect() as connection:
            row = (await connection.execute(select(submissions).where(submissions.c.id == number))).first()
        return _submission(row) if row else None

    async def submissions(self, status: str) -> list[Submission]:
        """Submissions with `status`, oldest first (the order a reviewer should work through them)."""
        query = select(submissions).where(submissions.c.status == status).order_by(submissions.c.id)
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [_submission(row) for row in rows]

    async def decide(self, number: int, action: str, who: str, reason: str | None = None,
                     case_id: str | None = None) -> Decision | None:
        """Move a pending submission to `action` (approved/rejected) and record the decision, in one
        transaction. None if it was no longer pending: someone else decided first, and nothing changed."""
        decision = Decision(number, action, who, now(), reason)
        async with self.engine.begin() as connection:
            changed = await connection.execute(
                update(submissions)
                .where(submissions.c.id == number, submissions.c.status == PENDING)
                .values(status=action, case_id=case_id)
            )
            if changed.rowcount != 1:
                return None
            await connection.execute(insert(decisions).values(
                submission_id=number, action=action, who=who, decided_at=decision.decided_at, reason=reason))
        return decision

    async def decisions(self, number: int) -> list[Decision]:
        query = select(decisions).where(decisions.c.submission_id == number).order_by(decisions.c.id)
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [Decision(row.submission_id, row.action, row.who, _utc(row.decided_at), row.reason) for row in rows]

    # Answered events

    async def first_answer(self, platform: str, event_id: str, forget_before: datetime.datetime) -> bool:
        """True for the first process to claim (platform, event_id); False for every later claim, from
        any process. The primary key makes the insert atomic. Claims older than `forget_before` are dropped
        first, so the table stays small."""
        async with self.engine.begin() as connection:
            await connection.execute(delete(answered_events).where(answered_events.c.first_seen < forget_before))
        try:
            async with self.engine.begin() as connection:
                await connection.execute(
                    insert(answered_events).values(platform=platform, event_id=event_id, first_seen=now()))
        except IntegrityError:
            return False
        return True

    # Gaps

    async def add_gap(self, question: str, platform: str, asked_at: datetime.datetime) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(insert(gaps).values(question=question, platform=platform, asked_at=asked_at))

    async def drop_gaps_before(self, cutoff: datetime.datetime) -> int:
        async with self.engine.begin() as connection:
            result = await connection.execute(delete(gaps).where(gaps.c.asked_at < cutoff))
        return result.rowcount

    async def gaps_since(self, since: datetime.datetime) -> list[Gap]:
        query = select(gaps).where(gaps.c.asked_at >= since).order_by(gaps.c.id)
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [Gap(row.question, row.platform, _utc(row.asked_at)) for row in rows]


def _submission(row) -> Submission:
    values = {name: getattr(row, name) for name in _SUBMISSION_FIELDS}
    values.update(outcomes=tuple(row.outcomes), themes=tuple(row.themes))
    return Submission(**values, number=row.id, created_at=_utc(row.created_at), status=row.status,
                      case_id=row.case_id)


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """SQLite hands back naive datetimes; everything stored is UTC, so say so."""
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)
