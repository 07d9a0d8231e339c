"""The sharing desk: the database, the review queue and the gap recorder, started and stopped with the
server, and the chat commands that use them (share, review, approve, reject, gaps).

The server creates one when a database is configured (PRACTICE_BOT_DATABASE, which `practice-bot serve`
defaults to ./practice-bot.sqlite3, or DATABASE_URL) and hands it to `commands.handle`.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..dedupe import SeenIds
from ..errors import NotAuthorised
from ..knowledge.schema import REGIONS
from ..store import KnowledgeStore
from .answered import SharedSeenIds
from .gaps import GapRecorder, gap_report, retention_days
from .replies import (
    DecisionReply, GapGroupView, GapsReply, ReasonFormReply, ReviewListReply, ShareFormReply, SubmittedReply,
)
from .review import ReviewQueue
from .reviewer import Reviewer
from ..settings import DATABASE_URL_SETTING, Settings
from .storage import Storage
from .submission import InvalidSubmission

DEFAULT_GAP_DAYS = 30


class SharingDesk:
    def __init__(self, storage: Storage, store: KnowledgeStore, *, retention: int, shared_answers: bool):
        self.storage = storage
        self.store = store
        self.queue = ReviewQueue(storage, store)
        self.retention = retention
        self.gaps = GapRecorder(storage, retention)
        self.shared_answers = shared_answers

    @classmethod
    def from_settings(cls, settings: Settings, store: KnowledgeStore) -> "SharingDesk":
        """The desk for a configured database (`settings.has_database`); several processes share answered
        events through it only with DATABASE_URL, since a SQLite file is one machine's."""
        return cls(Storage.from_env(settings.env), store, retention=retention_days(settings.env),
                   shared_answers=bool(settings.get(DATABASE_URL_SETTING)))

    async def start(self) -> None:
        await self.storage.start()
        self.store.observers.append(self.gaps)

    async def close(self) -> None:
        self.store.observers.remove(self.gaps)
        await self.gaps.flush()
        await self.storage.close()

    def answered_record(self, platform: str) -> SeenIds | SharedSeenIds:
        """Where a platform records the events it answered: the database when several processes may share
        the work (DATABASE_URL), memory otherwise."""
        return SharedSeenIds(self.storage, platform) if self.shared_answers else SeenIds()

    def form(self, values: Mapping[str, Any] | None = None, errors: Mapping[str, str] | None = None) -> ShareFormReply:
        return ShareFormReply(self.store.snapshot.kb.themes, REGIONS, dict(values or {}), dict(errors or {}))

    async def submit(self, fields: Mapping[str, Any], *, platform: str, user_id: str) -> ShareFormReply | SubmittedReply:
        """The form's fields in; thanks with a reference, or the form again with the errors beside the fields."""
        try:
            return SubmittedReply(await self.queue.submit(fields, platform=platform, user_id=user_id))
        except InvalidSubmission as invalid:
            return self.form(fields, invalid.errors)

    async def run(self, name: str, argument: str, reviewer: Reviewer):
        """One sharing command; admin-only ones raise NotAuthorised for others, other failures BotError."""
        if name == "share":
            return self.form()
        if not reviewer.is_admin:
            raise NotAuthorised(f"Only admins can use '{name}'.")
        if name == "review":
            return ReviewListReply(tuple(await self.queue.pending(reviewer)))
        if name == "gaps":
            days = int(argument) if argument.isdigit() else DEFAULT_GAP_DAYS
            groups = await gap_report(self.storage, days, self.retention)
            return GapsReply(days, tuple(GapGroupView(g.count, g.example, len(g.wordings) - 1) for g in groups))
        reference, _, reason = argument.partition(" ")
        if name == "approve":
            approval = await self.queue.approve(reference, reviewer)
            return DecisionReply(approval.submission, approval.case_id, approval.report.summary)
        if not reason.strip():
            return ReasonFormReply(await self.queue.find_pending(reference))
        return DecisionReply(await self.queue.reject(reference, reviewer, reason), reason=reason.strip())
