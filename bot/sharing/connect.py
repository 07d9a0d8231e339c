"""'Connect me': introductions between the asker and the people who did the work, consent first.

A request goes to the person who shared the case when they agreed to be contacted (they may share their
contact details or decline), otherwise to the curators, who pass it on through the sector's own routes.
Nobody's contact details reach anyone without that person's yes, and every request is recorded (who, when,
what became of it) for curators, never shown publicly.
"""
from __future__ import annotations

import re

from ..errors import BotError, NotAuthorised
from ..knowledge.schema import CaseStudy
from ..store import KnowledgeStore
from .loop_storage import LoopStorage
from .records import ACCEPTED, CURATORS, DECLINED, FORWARDED, OWNER, REQUESTED, Introduction
from .replies import ConnectionsReply, IntroductionReply, IntroductionSettledReply
from .reviewer import CURATOR, Reviewer
from .storage import Storage

MAX_PURPOSE = 300
REFERENCE = re.compile(r"\s*IN-(\d{4})-(\d+)\s*", re.IGNORECASE)
VERDICTS = {"yes": ACCEPTED, "share": ACCEPTED, "no": DECLINED, "decline": DECLINED, "forwarded": FORWARDED}


class UnknownIntroduction(BotError):
    """A reference that names no introduction request."""


class Introductions:
    def __init__(self, storage: Storage, loop: LoopStorage, store: KnowledgeStore):
        self.storage = storage
        self.loop = loop
        self.store = store

    async def request(self, case: CaseStudy, asker: Reviewer, purpose: str) -> IntroductionReply:
        """Record the request and say where it goes: the consenting owner, else the curators."""
        purpose = " ".join(purpose.split())[:MAX_PURPOSE]
        submission = await self.storage.submission_for_case(case.id)
        owner = ((submission.submitter_platform, submission.submitter_id, submission.submitter_org or "")
                 if submission and submission.consent else None)
        introduction = await self.loop.add_introduction(asker.platform, asker.user_id, asker.organisation, case.id,
                                                        purpose, OWNER if owner else CURATORS)
        return IntroductionReply(introduction, case, owner)

    async def settle(self, reference: str, verdict: str, actor: Reviewer) -> IntroductionSettledReply:
        """The owner shares their contact or declines; a curator marks it passed on. The asker is told."""
        introduction = await self._find(reference)
        status = VERDICTS.get(verdict.lower())
        if status is None:
            raise BotError("Answer with yes (share your contact details), no, or forwarded (curators).")
        submission = await self.storage.submission_for_case(introduction.case_id)
        is_owner = bool(submission and (submission.submitter_platform, submission.submitter_id)
                        == (actor.platform, actor.user_id))
        if status == FORWARDED and not actor.may(CURATOR) or status != FORWARDED and not is_owner:
            raise NotAuthorised(f"Only {'curators' if status == FORWARDED else 'the person who shared the case'} "
                                "can answer this request.")
        if introduction.status != REQUESTED or not await self.loop.settle_introduction(introduction.number, status):
            raise BotError(f"{introduction.reference} was answered already.")
        settled = await self._find(reference)
        contact: tuple[str, ...] = ()
        if status == ACCEPTED and submission:
            contact = tuple(part for part in (submission.contact_name, submission.contact_role,
                                              submission.contact_email) if part)
        return IntroductionSettledReply(settled, self._case(settled), contact)

    async def of(self, asker: Reviewer) -> ConnectionsReply:
        mine = await self.loop.introductions_of(asker.platform, asker.user_id)
        return ConnectionsReply(tuple((i, self._case(i).title) for i in mine))

    async def _find(self, reference: str) -> Introduction:
        match = REFERENCE.fullmatch(reference)
        found = await self.loop.introduction(int(match[2])) if match else None
        if found is None or found.reference.upper() != reference.strip().upper():
            raise UnknownIntroduction(f"No introduction request {reference!r}.")
        return found

    def _case(self, introduction: Introduction) -> CaseStudy:
        case = self.store.snapshot.kb.case(introduction.case_id)
        if case is None:
            raise BotError(f"The case {introduction.case_id} is no longer in the library.")
        return case
