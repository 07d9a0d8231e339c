"""The sharing commands: share a practice, and the admins' review queue and gaps report.

They run on the server's sharing desk (bot/sharing), which exists only when a database is configured; the
registry answers for them when it does not. The desk is only named for type checking here, so the CLI
never loads the database layer.
"""
from __future__ import annotations

from ..reply import Reply
from ..sharing.reviewer import CURATOR, OPERATOR, ORG_ADMIN
from .replies import NoticeReply
from ..sharing.replies import DecisionReply, GapGroupView, GapsReply, ReasonFormReply, ReviewListReply
from .registry import MAYBE_DAYS, NOTHING, ONE_WORD, REFERENCE_AND_REASON, REGISTRY, CommandRequest

DEFAULT_GAP_DAYS = 30


@REGISTRY.command("share", NOTHING, "share your organisation's practice: a short form, reviewed before it is added",
                  needs_sharing=True, menu=True)
def share(request: CommandRequest) -> Reply:
    assert request.sharing is not None
    return request.sharing.form()


@REGISTRY.command("review", NOTHING, "curators: submissions waiting for review", roles=(CURATOR,),
                  needs_sharing=True)
async def review(request: CommandRequest) -> Reply:
    assert request.sharing is not None
    return ReviewListReply(tuple(await request.sharing.queue.pending(request.actor)))


@REGISTRY.command("approve", ONE_WORD, "curators: add a submission to the knowledge base", usage="approve REF",
                  roles=(CURATOR,), needs_sharing=True)
async def approve(request: CommandRequest) -> Reply:
    assert request.sharing is not None
    approval = await request.sharing.queue.approve(request.command.argument, request.actor)
    return DecisionReply(approval.submission, approval.case_id, approval.report.summary)


@REGISTRY.command("reject", REFERENCE_AND_REASON, "curators: turn a submission down, saying why",
                  roles=(CURATOR,), needs_sharing=True)
async def reject(request: CommandRequest) -> Reply:
    """Without a reason, the form that asks for one (the submitter reads it)."""
    assert request.sharing is not None
    queue = request.sharing.queue
    reference, _, reason = request.command.argument.partition(" ")
    if not reason.strip():
        return ReasonFormReply(await queue.find_pending(reference))
    return DecisionReply(await queue.reject(reference, request.actor, reason), reason=reason.strip())


@REGISTRY.command("gaps", MAYBE_DAYS, "admins: the questions nobody could answer lately",
                  roles=(CURATOR, OPERATOR, ORG_ADMIN), needs_sharing=True)
async def gaps(request: CommandRequest) -> Reply:
    """Curators and operators see every organisation's gaps; a council's admin sees their own."""
    assert request.sharing is not None
    days = int(request.command.argument) if request.command.argument else DEFAULT_GAP_DAYS
    actor = request.actor
    organisation = None if actor.sees_every_organisation else actor.organisation
    if organisation == "":
        return NoticeReply("Your organisation is not known here, so there are no gaps to show.")
    groups = await request.sharing.gap_report(days, organisation=organisation)
    return GapsReply(days, tuple(GapGroupView(g.count, g.example, len(g.wordings) - 1) for g in groups))
