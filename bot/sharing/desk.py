"""The sharing desk: the database, the review queue and the gap recorder, started and stopped with the
server; the chat commands that use them (share, review, approve, reject, gaps) are in bot/commands/sharing.py.

The server creates one when a database is configured (PRACTICE_BOT_DATABASE, which `practice-bot serve`
defaults to ./practice-bot.sqlite3, or DATABASE_URL) and hands it to `commands.handle`.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..curation.digest import (
    DEFAULT_DIGEST_DAYS,
    DEFAULT_STALE_YEARS,
    DIGEST_DAYS_SETTING,
    STALE_YEARS_SETTING,
)
from ..curation.digest_poster import DigestPoster
from ..dedupe import SeenIds
from ..knowledge.schema import REGIONS
from ..notices import NoticeRouter
from ..settings import Settings
from ..store import KnowledgeStore
from .answered import SharedSeenIds
from .connect import Introductions
from .follow import FollowNotifier
from .gaps import GapRecorder, gap_report, retention_days
from .library import KnowledgeSync
from .loop_storage import LoopStorage
from .replies import ShareFormReply, SubmittedReply
from .review import ReviewQueue
from .storage import Storage, database_url
from .submission import InvalidSubmission


class SharingDesk:
    def __init__(self, storage: Storage, store: KnowledgeStore, *, retention: int, shared_answers: bool,
                 notices: NoticeRouter | None = None, digest_days: int = DEFAULT_DIGEST_DAYS,
                 stale_years: int = DEFAULT_STALE_YEARS):
        self.storage = storage
        self.store = store
        self.queue = ReviewQueue(storage, store)
        self.sync = KnowledgeSync(storage, store, self.queue)
        self.retention = retention
        self.gaps = GapRecorder(storage, retention)
        self.shared_answers = shared_answers
        self.loop = LoopStorage(storage)
        self.introductions = Introductions(storage, self.loop, store)
        self.followers = FollowNotifier(self.loop, store, notices or NoticeRouter())
        self.stale_years = stale_years
        self.digest = DigestPoster(self, notices or NoticeRouter(), digest_days, stale_years)

    @classmethod
    def from_settings(cls, settings: Settings, store: KnowledgeStore, notices: NoticeRouter | None = None) -> SharingDesk:
        """The desk for a configured database (`settings.has_database`); several processes share answered
        events through it only with DATABASE_URL, since a SQLite file is one machine's."""
        database = settings.database
        return cls(Storage(database_url(database)), store, retention=retention_days(settings.env),
                   shared_answers=database.shared or settings.workers > 1, notices=notices,
                   digest_days=int(settings.get(DIGEST_DAYS_SETTING) or DEFAULT_DIGEST_DAYS),
                   stale_years=int(settings.get(STALE_YEARS_SETTING) or DEFAULT_STALE_YEARS))

    async def start(self) -> None:
        """Open the database, serve the approved cases it holds, and follow changes made elsewhere."""
        await self.storage.start()
        await self.sync.start()
        self.store.observers.append(self.gaps)
        await self.followers.start()
        await self.digest.start()

    async def close(self) -> None:
        await self.digest.close()
        await self.followers.close()
        self.store.observers.remove(self.gaps)
        await self.sync.close()
        await self.gaps.flush()
        await self.storage.close()

    def answered_record(self, platform: str) -> SeenIds | SharedSeenIds:
        """Where a platform records the events it answered: the database when several processes may share
        the work (DATABASE_URL, or `serve --workers` on one machine's SQLite file), memory otherwise."""
        return SharedSeenIds(self.storage, platform) if self.shared_answers else SeenIds()

    def form(self, values: Mapping[str, Any] | None = None, errors: Mapping[str, str] | None = None) -> ShareFormReply:
        return ShareFormReply(self.store.snapshot.kb.themes, REGIONS, dict(values or {}), dict(errors or {}))

    async def submit(self, fields: Mapping[str, Any], *, platform: str, user_id: str,
                     organisation: str | None = None) -> ShareFormReply | SubmittedReply:
        """The form's fields in; thanks with a reference, or the form again with the errors beside the fields."""
        try:
            return SubmittedReply(await self.queue.submit(fields, platform=platform, user_id=user_id,
                                                          organisation=organisation))
        except InvalidSubmission as invalid:
            return self.form(fields, invalid.errors)

    async def gap_report(self, days: int, organisation: str | None = None):
        """The unanswered questions of the last `days` days, similar wordings grouped, most asked first;
        only `organisation`'s when given; this process's questions still waiting to be written included."""
        await self.gaps.flush()
        return await gap_report(self.storage, days, self.retention, organisation)
