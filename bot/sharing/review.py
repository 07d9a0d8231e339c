"""The review queue: submissions go in, curators approve them into the shared library or reject them.

The database is the source of truth for approved practice: approving checks the new case loads with the live
knowledge base, then stores its text with the decision in one transaction, and every instance serves it
(the knowledge base is the curated files plus the approved cases from the database). Nothing is written to
local disk, so a restart or a fresh instance loses nothing. Every decision records who made it, when, what
it was and (for rejections) why.
"""
from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import BotError, NotAuthorised
from ..knowledge.base import KnowledgeBase
from ..knowledge.loader import CASES_DIR
from ..store import KnowledgeStore, ReloadReport
from . import casefile
from .reviewer import CURATOR, Reviewer
from .storage import CaseIdTaken, Storage
from .submission import PENDING, REJECTED, InvalidSubmission, Submission, submission_number, validate


@dataclass(frozen=True)
class Approval:
    submission: Submission
    case_id: str
    report: ReloadReport


MAX_ID_ATTEMPTS = 3


class UnknownSubmission(BotError):
    """A reference that names no stored submission."""


class AlreadyDecided(BotError):
    """The submission was approved or rejected already (perhaps by another admin a moment ago)."""


class ApprovalFailed(BotError):
    """The knowledge base would not load with the new case; nothing was recorded."""


class ReviewQueue:
    def __init__(self, storage: Storage, store: KnowledgeStore):
        self.storage = storage
        self.store = store

    async def submit(self, fields: Mapping[str, Any], *, platform: str, user_id: str,
                     organisation: str | None = None) -> Submission:
        """Check the form against the live knowledge base and store it as pending; raises InvalidSubmission
        with an error per field. The result's `reference` is what to tell the submitter."""
        submission = validate(fields, self.store.snapshot.kb, platform=platform, user_id=user_id,
                              submitter_org=organisation)
        return await self.storage.add_submission(submission)

    async def pending(self, reviewer: Reviewer) -> list[Submission]:
        _require_curator(reviewer, "review submissions")
        return await self.storage.submissions(PENDING)

    async def approve(self, reference: str, reviewer: Reviewer) -> Approval:
        """Add a pending submission to the shared library: the case is checked against the live knowledge base
        first, then its text, the decision and the new knowledge generation are recorded in one transaction
        (so a crash leaves it pending, and approving twice, here or on another instance, approves once),
        then this instance reloads; the others follow within seconds (`sharing.library`)."""
        _require_curator(reviewer, "approve submissions")
        submission = await self.find_pending(reference)
        for _attempt in range(MAX_ID_ATTEMPTS):
            taken = _ids_on_file(self.store.snapshot.kb) | await self.storage.approved_case_ids()
            case_id = casefile.case_id(submission, taken)
            text = casefile.case_yaml(submission, case_id)
            trial = await asyncio.to_thread(self.store.trial, {**self.store.extra_cases, case_id: text})
            broken_before = self.store.snapshot.kb.broken_files
            refused = [str(p) for p in trial.kb.problems if p.file not in broken_before]
            if refused or trial.kb.case(case_id) is None:
                raise ApprovalFailed(f"{submission.reference} was not added: " + ("; ".join(refused) or
                                     "the knowledge base would not load with it."))
            try:
                decided = await self.storage.approve(submission.stored_number, reviewer.who, case_id, text)
            except CaseIdTaken:
                continue  # another instance approved a case with this id meanwhile: choose again
            if decided is None:
                raise AlreadyDecided(f"{submission.reference} was decided by someone else meanwhile.")
            report = await self.refresh(trigger="approval")
            return Approval(await self._stored(submission.stored_number), case_id, report)
        raise ApprovalFailed(f"{submission.reference} was not added: no free case id; please try again.")

    async def refresh(self, trigger: str) -> ReloadReport:
        """Reload the knowledge base with the approved cases as the database holds them now."""
        self.store.extra_cases = await self.storage.approved_cases()
        return await self.store.reload_async(trigger=trigger)

    async def reject(self, reference: str, reviewer: Reviewer, reason: str) -> Submission:
        """Reject with a reason the submitter will be told; InvalidSubmission on the "reason" field if blank."""
        _require_curator(reviewer, "reject submissions")
        reason = " ".join((reason or "").split())
        if not reason:
            raise InvalidSubmission({"reason": "Please say why, so the submitter can improve it."})
        submission = await self.find_pending(reference)
        if await self.storage.decide(submission.stored_number, REJECTED, reviewer.who, reason=reason) is None:
            raise AlreadyDecided(f"{submission.reference} was decided by someone else meanwhile.")
        return await self._stored(submission.stored_number)

    async def _stored(self, number: int) -> Submission:
        found = await self.storage.submission(number)
        if found is None:
            raise UnknownSubmission(f"Submission {number} is no longer stored.")
        return found

    async def find_pending(self, reference: str) -> Submission:
        """The pending submission a reference names; UnknownSubmission or AlreadyDecided otherwise."""
        number = submission_number(reference)
        submission = await self.storage.submission(number) if number is not None else None
        if submission is None or submission.reference.upper() != reference.strip().upper():
            raise UnknownSubmission(f"No submission {reference!r}.")
        if submission.status != PENDING:
            raise AlreadyDecided(f"{submission.reference} is already {submission.status}.")
        return submission


def _require_curator(reviewer: Reviewer, action: str) -> None:
    if not reviewer.may(CURATOR):
        raise NotAuthorised(f"Only curators can {action}.")


def _ids_on_file(kb: KnowledgeBase) -> set[str]:
    """The ids of the cases served and of case files left out as broken: a file's id is its own even while
    it is broken (a database case with that id would be hidden behind the file once it is fixed)."""
    broken = {label.removeprefix(f"{CASES_DIR}/").removesuffix(".yaml") for label in kb.broken_files
              if label.startswith(f"{CASES_DIR}/")}
    return {case.id for case in kb.cases} | broken
