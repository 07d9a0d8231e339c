"""The one database Practice Bot writes: submissions, review decisions, answered event ids, gaps, feedback,
approved cases and conversation references here; the sharing loop's follows, announced cases and
introductions in `loop_storage.py`; the tables in `tables.py`.

SQLAlchemy 2's async Core gives one code path for both databases we run on: a SQLite file by default
(through aiosqlite) and PostgreSQL when DATABASE_URL is set (through asyncpg). It is widely used and well
kept, its table definitions create the schema on start, and Core is plain SQL expressions without an ORM's
sessions, identity map or lazy loading, which this handful of small tables does not need. All SQL lives in
these modules; everything else calls their methods.
"""
from __future__ import annotations

import datetime
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import (
    Connection,
    bindparam,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.sql.dml import ReturningInsert

from ..settings import DATABASE_FILE_SETTING, DATABASE_URL_SETTING, DEFAULT_DATABASE_FILE, DatabaseSettings
from .submission import PENDING, Submission
from .tables import (
    ADDED_COLUMNS,
    answered_events,
    approved_cases,
    conversation_references,
    decisions,
    feedback,
    gaps,
    knowledge_generation,
    metadata,
    submissions,
)
from .write_turns import WriteTurns

KNOWLEDGE_CHANNEL = "practice_bot_knowledge"
"""The PostgreSQL NOTIFY channel an approval or reload is announced on."""
Result = TypeVar("Result")
SCHEMA_LOCK_KEY = 0x7072_6163
"""The PostgreSQL advisory lock held while tables are created: any constant no other application uses."""

_SUBMISSION_FIELDS = (
    "organisation", "title", "summary", "outcomes", "themes", "region", "evidence_url", "contact_name",
    "contact_role", "contact_email", "consent", "submitter_platform", "submitter_id", "submitter_org",
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
class Feedback:
    question: str
    case_ids: tuple[str, ...]
    verdict: str
    platform: str
    given_at: datetime.datetime
    organisation: str | None = None


@dataclass(frozen=True)
class Gap:
    question: str
    platform: str
    asked_at: datetime.datetime
    organisation: str | None = None


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
        self._answers_pruned_at: datetime.datetime | None = None
        self._claim = _claim_statement(self.is_postgres)
        self._turns: WriteTurns | None = None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_for_several_processes)
            if self.engine.url.database not in (None, "", ":memory:"):
                self._turns = WriteTurns(str(self.engine.url.database), _sqlite_for_several_processes)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Storage:
        return cls(database_url(env))

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    async def start(self) -> None:
        """Create what is missing. Workers starting together would each see a table missing and race to
        create it, so the check and the creation run under a database-wide lock."""
        async with self.engine.begin() as connection:
            await self._lock_schema(connection)
            await connection.run_sync(metadata.create_all)
            await connection.run_sync(_add_missing_columns)
        try:
            async with self.engine.begin() as connection:
                await connection.execute(insert(knowledge_generation).values(id=1, value=0))
        except IntegrityError:
            pass  # another process (or an earlier start) made it

    async def _lock_schema(self, connection) -> None:
        """Hold the schema lock until this transaction ends: SQLite's write lock (others wait on busy_timeout),
        or a PostgreSQL advisory lock."""
        if self.engine.dialect.name == "sqlite":
            await connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif self.is_postgres:
            await connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK_KEY})")

    async def close(self) -> None:
        await self.engine.dispose()
        if self._turns is not None:
            self._turns.close()

    async def _frequent_write(self, work: Callable[[Connection], Result]) -> Result:
        """`work` in one transaction, for the writes made many times a second (answered-event claims, gaps):
        on a SQLite file, in this process's writing thread and its turn among the processes sharing the
        file (write_turns.py); elsewhere on the async engine. Returns what `work` returns."""
        if self._turns is not None:
            return await self._turns.write(work)
        async with self.engine.begin() as connection:
            return await connection.run_sync(work)

    async def __aenter__(self) -> Storage:
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
        stored = await self.submission(number)
        assert stored is not None  # just inserted
        return stored

    async def submission(self, number: int) -> Submission | None:
        async with self.engine.connect() as connection:
            row = (await connection.execute(select(submissions).where(submissions.c.id == number))).first()
        return _submission(row) if row else None

    async def submission_for_case(self, case_id: str) -> Submission | None:
        """The approved submission a live case came from, if it came from one."""
        query = select(submissions).where(submissions.c.case_id == case_id, submissions.c.status == "approved")
        async with self.engine.connect() as connection:
            row = (await connection.execute(query)).first()
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

    async def approve(self, number: int, who: str, case_id: str, text: str) -> Decision | None:
        """Approve a pending submission as case `case_id` with its YAML `text`, in one transaction: the
        status, the decision, the case itself and the knowledge generation (announced to every instance on
        commit) change together or not at all. None if it was no longer pending (nothing changed); raises
        CaseIdTaken if another approval took `case_id` meanwhile (nothing changed either)."""
        decision = Decision(number, "approved", who, now(), None)
        try:
            async with self.engine.begin() as connection:
                changed = await connection.execute(
                    update(submissions).where(submissions.c.id == number, submissions.c.status == PENDING)
                    .values(status="approved", case_id=case_id))
                if changed.rowcount != 1:
                    return None
                await connection.execute(insert(decisions).values(
                    submission_id=number, action="approved", who=who, decided_at=decision.decided_at))
                await connection.execute(insert(approved_cases).values(
                    case_id=case_id, submission_id=number, text=text, approved_at=decision.decided_at))
                await self._bump(connection)
        except IntegrityError as error:
            raise CaseIdTaken(case_id) from error
        return decision

    async def approved_cases(self) -> dict[str, str]:
        """Every approved case: id -> YAML text."""
        async with self.engine.connect() as connection:
            rows = (await connection.execute(select(approved_cases.c.case_id, approved_cases.c.text))).all()
        return {row.case_id: row.text for row in rows}

    async def approved_case_ids(self) -> set[str]:
        async with self.engine.connect() as connection:
            return set((await connection.execute(select(approved_cases.c.case_id))).scalars())

    # The knowledge generation: how instances know the knowledge changed elsewhere

    async def generation(self) -> int:
        """The current generation: one indexed row, cheap enough to poll every second."""
        async with self.engine.connect() as connection:
            value = (await connection.execute(
                select(knowledge_generation.c.value).where(knowledge_generation.c.id == 1))).scalar()
        return int(value or 0)

    async def bump_generation(self) -> int:
        """Count the generation up (a reload happened somewhere), announcing it on PostgreSQL."""
        async with self.engine.begin() as connection:
            return await self._bump(connection)

    async def _bump(self, connection) -> int:
        value = (await connection.execute(
            update(knowledge_generation).where(knowledge_generation.c.id == 1)
            .values(value=knowledge_generation.c.value + 1).returning(knowledge_generation.c.value))).scalar_one()
        if self.is_postgres:
            await connection.execute(select(func.pg_notify(KNOWLEDGE_CHANNEL, str(value))))
        return int(value)

    # Conversation references (where a person can be written to unasked)

    async def save_reference(self, platform: str, user_id: str, reference: dict, *, personal: bool,
                             admin: bool) -> None:
        """Keep `user_id`'s conversation reference, unless a personal one is kept and this one is not."""
        values = dict(reference=reference, personal=personal, admin=admin, updated_at=now())
        key = (conversation_references.c.platform == platform) & (conversation_references.c.user_id == user_id)
        async with self.engine.begin() as connection:
            known = (await connection.execute(select(conversation_references.c.personal).where(key))).first()
            if known is None:
                try:
                    async with connection.begin_nested():
                        await connection.execute(insert(conversation_references).values(
                            platform=platform, user_id=user_id, **values))
                    return
                except IntegrityError:
                    known = (await connection.execute(select(conversation_references.c.personal).where(key))).first()
            if known is not None and known.personal and not personal:
                await connection.execute(update(conversation_references).where(key).values(admin=admin))
                return
            await connection.execute(update(conversation_references).where(key).values(**values))

    async def reference(self, platform: str, user_id: str) -> dict | None:
        query = select(conversation_references.c.reference).where(
            conversation_references.c.platform == platform, conversation_references.c.user_id == user_id)
        async with self.engine.connect() as connection:
            return (await connection.execute(query)).scalar()

    async def latest_admin_reference(self, platform: str) -> dict | None:
        query = (select(conversation_references.c.reference)
                 .where(conversation_references.c.platform == platform, conversation_references.c.admin.is_(True))
                 .order_by(conversation_references.c.updated_at.desc()).limit(1))
        async with self.engine.connect() as connection:
            return (await connection.execute(query)).scalar()

    async def decisions(self, number: int) -> list[Decision]:
        query = select(decisions).where(decisions.c.submission_id == number).order_by(decisions.c.id)
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [Decision(row.submission_id, row.action, row.who, as_utc(row.decided_at), row.reason) for row in rows]

    # Answered events

    async def claim_answers(self, platform: str, event_ids: Sequence[str],
                            forget_before: datetime.datetime) -> set[str]:
        """The ids among `event_ids` (distinct) that this call claimed for `platform`: those never claimed,
        and those whose claim is older than `forget_before`. An id claimed by any process, before or at the
        same moment, is left out. One statement however many ids (an upsert returning the rows it wrote,
        atomic per row in SQLite and PostgreSQL), so the claims of many requests cost one commit. Claims
        older than `forget_before` are dropped first (at most once a minute per process), so the table
        stays small."""
        moment = now()
        prune = self._answers_pruned_at is None or moment - self._answers_pruned_at > PRUNE_ANSWERS_EVERY
        if prune:
            self._answers_pruned_at = moment
        rows = [{"platform": platform, "event_id": event_id, "first_seen": moment, "forget_before": forget_before}
                for event_id in event_ids]

        def claim(connection: Connection) -> set[str]:
            if prune:
                connection.execute(delete(answered_events).where(answered_events.c.first_seen < forget_before))
            return set(connection.execute(self._claim, rows).scalars())

        return await self._frequent_write(claim)

    # Gaps

    async def add_gaps(self, asked: Sequence[Gap]) -> None:
        """Keep unanswered questions, in one statement however many."""
        rows = [{"question": gap.question, "platform": gap.platform, "asked_at": gap.asked_at,
                 "organisation": gap.organisation or None} for gap in asked]
        await self._frequent_write(lambda connection: connection.execute(insert(gaps), rows))

    async def drop_gaps_before(self, cutoff: datetime.datetime) -> int:
        async with self.engine.begin() as connection:
            result = await connection.execute(delete(gaps).where(gaps.c.asked_at < cutoff))
        return result.rowcount

    async def gaps_since(self, since: datetime.datetime, organisation: str | None = None) -> list[Gap]:
        """The gaps asked since `since`; with `organisation` ("slack:T123"), only that organisation's."""
        query = select(gaps).where(gaps.c.asked_at >= since).order_by(gaps.c.id)
        if organisation:
            query = query.where(gaps.c.organisation == organisation)
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [Gap(row.question, row.platform, as_utc(row.asked_at), row.organisation) for row in rows]


    # Feedback on answers

    async def add_feedback(self, question: str, case_ids: list[str], verdict: str, platform: str,
                           organisation: str | None = None) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(insert(feedback).values(
                given_at=now(), question=question, case_ids=list(case_ids), verdict=verdict, platform=platform,
                organisation=organisation or None))

    async def feedback_since(self, since: datetime.datetime) -> list[Feedback]:
        query = select(feedback).where(feedback.c.given_at >= since).order_by(feedback.c.id)
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [Feedback(row.question, tuple(row.case_ids), row.verdict, row.platform, as_utc(row.given_at),
                         row.organisation) for row in rows]


PRUNE_ANSWERS_EVERY = datetime.timedelta(minutes=1)


def _claim_statement(postgres: bool) -> ReturningInsert:
    """The upsert claiming answered events (`claim_answers`), built once with bound parameters: building a
    statement on every call cost more CPU than the database took to run it. Given several rows,
    SQLAlchemy sends them as one multi-row INSERT ("insertmanyvalues") and returns the rows written."""
    rows = (postgresql_insert if postgres else sqlite_insert)(answered_events).values(
        platform=bindparam("platform"), event_id=bindparam("event_id"), first_seen=bindparam("first_seen"))
    return rows.on_conflict_do_update(
        index_elements=[answered_events.c.platform, answered_events.c.event_id],
        set_={"first_seen": rows.excluded.first_seen},
        where=answered_events.c.first_seen < bindparam("forget_before", type_=answered_events.c.first_seen.type),
    ).returning(answered_events.c.event_id)


def _sqlite_for_several_processes(connection, record) -> None:
    """SQLite shared by `serve --workers`: write-ahead logging, so readers never wait for the writer, and a
    wait of up to 5 s for the write lock instead of failing at once."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")
    _write_ahead_logging(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


LOCK_WAIT = 5.0
"""Seconds a connection waits for another to let go of a new file's lock before switching it to WAL."""


def _write_ahead_logging(cursor) -> None:
    """Switch the file to write-ahead logging. A new file's switch needs its exclusive lock, and SQLite answers
    "database is locked" at once, without the busy wait, while another connection holds the write lock (a
    worker starting together with one creating the schema): so try again for up to LOCK_WAIT seconds."""
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class CaseIdTaken(Exception):
    """Another approval took this case id a moment ago."""


def _add_missing_columns(connection) -> None:
    """Add the columns of ADDED_COLUMNS that an older database lacks (create_all only makes new tables)."""
    from sqlalchemy import inspect, text

    inspector = inspect(connection)
    for table, name in ADDED_COLUMNS:
        if name not in {column["name"] for column in inspector.get_columns(table.name)}:
            kind = table.c[name].type.compile(dialect=connection.dialect)
            connection.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}"))


def _submission(row) -> Submission:
    values = {name: getattr(row, name) for name in _SUBMISSION_FIELDS}
    values.update(outcomes=tuple(row.outcomes), themes=tuple(row.themes))
    return Submission(**values, number=row.id, created_at=as_utc(row.created_at), status=row.status,
                      case_id=row.case_id)


def as_utc(moment: datetime.datetime) -> datetime.datetime:
    """SQLite hands back naive datetimes; everything stored is UTC, so say so."""
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)
