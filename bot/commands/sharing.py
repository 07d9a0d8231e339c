"""The sharing commands: share a practice, and the admins' review queue and gaps report.

They run on the server's sharing desk (bot/sharing), which exists only when a database is configured; the
registry answers for them when it does not. The desk is only named for type checking here, so the CLI
never loads the database layer.
"""
from __future__ import annotations

from ..reply import Reply
from ..sharing.replies import DecisionReply, GapGroupView, GapsReply, ReasonFormReply, ReviewListReply
from ..sharing.reviewer import CURATOR, OPERATOR, ORG_ADMIN
from .registry import MAYBE_DAYS, NOTHING, ONE_WORD, REFERENCE_AND_REASON, REGISTRY, CommandRequest, Shape
from .replies import FeedbackReply, NoticeReply

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


FEEDBACK_VERDICTS = ("helpful", "unhelpful")
MAX_FEEDBACK_IDS = 25
MAX_FEEDBACK_QUESTION = 300
THANKS = {"helpful": "Thank you: noted that this answer helped.",
          "unhelpful": "Thank you: noted that this answer did not help. Curators read these to improve the library."}


def read_feedback(argument: str) -> tuple[str, list[str], str] | None:
    """'helpful ID1,ID2 QUESTION' (what the Helpful / Not helpful buttons send) as (verdict, case ids,
    question); None when it is not of that shape."""
    verdict, _, rest = argument.partition(" ")
    ids, _, question = rest.partition(" ")
    if verdict.lower() not in FEEDBACK_VERDICTS or not ids:
        return None
    case_ids = [i for i in ids.split(",") if i and i != "-"][:MAX_FEEDBACK_IDS]
    return verdict.lower(), case_ids, " ".join(question.split())[:MAX_FEEDBACK_QUESTION]


FEEDBACK = Shape("helpful|unhelpful IDS QUESTION", lambda rest: read_feedback(rest) is not None)


@REGISTRY.command("feedback", FEEDBACK, "what the Helpful / Not helpful buttons on an answer send",
                  needs_sharing=True, listed=False)
async def feedback(request: CommandRequest) -> Reply:
    """Stored with the question, the cases shown, the verdict, platform, organisation and time; never who."""
    assert request.sharing is not None
    read = read_feedback(request.command.argument)
    assert read is not None  # the shape checked it
    verdict, case_ids, question = read
    actor = request.actor
    await request.sharing.storage.add_feedback(question, case_ids, verdict, actor.platform, actor.organisation or None)
    request.store.observe_feedback(actor.platform, verdict)
    return FeedbackReply(THANKS[verdict])
