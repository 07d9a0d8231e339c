"""The review queue: submissions go in, admins approve them into the live knowledge base or reject them.

Approving writes the case file (whole or not at all: a temporary file renamed into place), reloads the
knowledge base and only then records the decision; if the reload refuses the file, the file is removed again
so the knowledge base stays valid and the submission stays pending. A crash between writing and recording is
recovered by approving again: the file already written for that submission is found by its header and reused. Every decision records who made it, when, what it was and (for rejections) why.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..errors import BotError, NotAuthorised
from ..knowledge.loader import CASES_DIR
from ..store import KnowledgeStore, ReloadReport
from . import casefile
from .storage import Storage
from .reviewer import Reviewer
from .submission import APPROVED, PENDING, REJECTED, InvalidSubmission, Submission, submission_number, validate


@dataclass(frozen=True)
class Approval:
    submission: Submission
    case_id: str
    report: ReloadReport


class UnknownSubmission(BotError):
    """A reference that names no stored submission."""


class AlreadyDecided(BotError):
    """The submission was approved or rejected already (perhaps by another admin a moment ago)."""


class ApprovalFailed(BotError):
    """The knowledge base would not load with the new case file; the file was removed again."""


class ReviewQueue:
    def __init__(self, storage: Storage, store: KnowledgeStore):
        self.storage = storage
        self.store = store

    async def submit(self, fields: Mapping[str, Any], *, platform: str, user_id: str) -> Submission:
        """Check the form against the live knowledge base and store it as pending; raises InvalidSubmission
        with an error per field. The result's `reference` is what to tell the submitter."""
        submission = validate(fields, self.store.snapshot.kb, platform=platform, user_id=user_id)
        return await self.storage.add_submission(submission)

    async def pending(self, reviewer: Reviewer) -> list[Submission]:
        _require_admin(reviewer, "review submissions")
        return await self.storage.submissions(PENDING)

    async def approve(self, reference: str, reviewer: Reviewer) -> Approval:
        _require_admin(reviewer, "approve submissions")
        submission = await self.find_pending(reference)
        cases = self.store.directory / CASES_DIR
        path = casefile.written_for(submission, cases)
        if path is None:  # not written yet (otherwise an earlier approval stopped before it was recorded)
            taken = {case.id for case in self.store.snapshot.kb.cases} | {p.stem for p in cases.glob("*.yaml")}
            path = casefile.write_atomically(cases, casefile.case_id(submission, taken), submission)
        case_id = path.stem
        report = await self.store.reload_async(trigger="approval")
        if not report.ok:
            path.unlink()
            raise ApprovalFailed(f"{submission.reference} was not added: {report.summary}")
        if await self.storage.decide(submission.number, APPROVED, reviewer.who, case_id=case_id) is None:
            path.unlink()
            await self.store.reload_async(trigger="approval")
            raise AlreadyDecided(f"{submission.reference} was decided by someone else meanwhile.")
        return Approval(await self.storage.submission(submission.number), case_id, report)

    async def reject(self, reference: str, reviewer: Reviewer, reason: str) -> Submission:
        """Reject with a reason the submitter will be told; InvalidSubmission on the "reason" field if blank."""
        _require_admin(reviewer, "reject submissions")
        reason = " ".join((reason or "").split())
        if not reason:
            raise InvalidSubmission({"reason": "Please say why, so the submitter can improve it."})
        submission = await self.find_pending(reference)
        if await self.storage.decide(submission.number, REJECTED, reviewer.who, reason=reason) is None:
            raise AlreadyDecided(f"{submission.reference} was decided by someone else meanwhile.")
        return await self.storage.submission(submission.number)

    async def find_pending(self, reference: str) -> Submission:
        """The pending submission a reference names; UnknownSubmission or AlreadyDecided otherwise."""
        number = submission_number(reference)
        submission = await self.storage.submission(number) if number is not None else None
        if submission is None or submission.reference.upper() != reference.strip().upper():
            raise UnknownSubmission(f"No submission {reference!r}.")
        if submission.status != PENDING:
            raise AlreadyDecided(f"{submission.reference} is already {submission.status}.")
        return submission


def _require_admin(reviewer: Reviewer, action: str) -> None:
    if not reviewer.is_admin:
        raise NotAuthorised(f"Only admins can {action}.")
