"""The sharing commands as every chat platform runs them (commands.handle with the server's desk): share,
submit, review, reject with and without a reason, approve into the live knowledge base, gaps, refusals."""
from __future__ import annotations

from bot.answers import Answer
from bot.commands import NoticeReply, RefusalReply, handle
from bot.render.text import render_text
from bot.sharing.desk import SharingDesk
from bot.sharing.replies import (
    ADMINS,
    SUBMITTER,
    DecisionReply,
    GapsReply,
    ReasonFormReply,
    ReviewListReply,
    ReviewRequestReply,
    ShareFormReply,
    SubmittedReply,
    notices_for,
)
from bot.sharing.storage import Storage

from .conftest import drone_form


async def started_desk(storage: Storage, knowledge) -> SharingDesk:
    desk = SharingDesk(storage, knowledge, retention=90, shared_answers=False)
    knowledge.observers.append(desk.gaps)
    return desk


async def as_admin(text, knowledge, desk):
    return await handle(text, knowledge, is_admin=True, platform="slack", user_id="UADMIN", sharing=desk)


async def test_share_submit_review_and_approve_into_the_live_base(storage, knowledge):
    desk = await started_desk(storage, knowledge)
    form = await handle("share", knowledge, is_admin=False, platform="teams", user_id="29:ada", sharing=desk)
    assert isinstance(form, ShareFormReply) and "highways-parking" in [t.id for t in form.themes]

    again = await desk.submit(drone_form(evidence_url="nope"), platform="teams", user_id="29:ada")
    assert isinstance(again, ShareFormReply) and set(again.errors) == {"evidence_url"}
    assert again.values["title"] == drone_form()["title"]

    submitted = await desk.submit(drone_form(), platform="teams", user_id="29:ada")
    assert isinstance(submitted, SubmittedReply)
    reference = submitted.submission.reference
    assert reference in render_text(submitted)
    [to_admins] = notices_for(submitted)
    assert to_admins.to == ADMINS and isinstance(to_admins.reply, ReviewRequestReply)

    pending = await as_admin("review", knowledge, desk)
    assert isinstance(pending, ReviewListReply) and [s.reference for s in pending.submissions] == [reference]

    approved = await as_admin(f"approve {reference}", knowledge, desk)
    assert isinstance(approved, DecisionReply) and approved.submission.status == "approved"
    [to_submitter] = notices_for(approved)
    assert (to_submitter.to, to_submitter.platform, to_submitter.user_id) == (SUBMITTER, "teams", "29:ada")
    assert "approved" in render_text(to_submitter.reply)

    found = await handle("drones finding blocked gullies", knowledge, is_admin=False, sharing=desk)
    assert isinstance(found, Answer) and found.results[0].case.id == approved.case_id


async def test_reject_asks_for_a_reason_then_tells_the_submitter_why(storage, knowledge):
    desk = await started_desk(storage, knowledge)
    reference = (await desk.submit(drone_form(), platform="slack", user_id="U1")).submission.reference

    ask = await as_admin(f"reject {reference}", knowledge, desk)
    assert isinstance(ask, ReasonFormReply) and ask.submission.reference == reference

    rejected = await as_admin(f"reject {reference} No figures we can check yet", knowledge, desk)
    assert isinstance(rejected, DecisionReply) and rejected.submission.status == "rejected"
    [notice] = notices_for(rejected)
    assert "No figures we can check yet" in render_text(notice.reply)

    twice = await as_admin(f"approve {reference}", knowledge, desk)
    assert isinstance(twice, NoticeReply) and "already rejected" in twice.message


async def test_admin_commands_are_refused_for_others_and_sharing_off_is_explained(storage, knowledge):
    desk = await started_desk(storage, knowledge)
    for text in ("review", "approve PB-2026-0001", "reject PB-2026-0001 no", "gaps"):
        reply = await handle(text, knowledge, is_admin=False, platform="slack", user_id="U2", sharing=desk)
        assert isinstance(reply, RefusalReply), text
    off = await handle("share", knowledge, is_admin=False)
    assert isinstance(off, NoticeReply) and "not set up" in off.message


async def test_gaps_lists_unanswered_questions(storage, knowledge):
    desk = await started_desk(storage, knowledge)
    for _ in range(2):
        await handle("drone surveys of bridges", knowledge, is_admin=False, platform="teams", sharing=desk)
    await desk.gaps.flush()
    report = await as_admin("gaps 7", knowledge, desk)
    assert isinstance(report, GapsReply) and report.days == 7
    assert report.groups[0].count == 2 and "drone" in report.groups[0].example
    assert "drone surveys of bridges" in render_text(report)


async def test_gaps_includes_questions_asked_a_moment_ago_and_not_yet_written(storage, knowledge):
    """Unanswered questions are written together once a second; the report still shows this process's."""
    desk = await started_desk(storage, knowledge)
    await handle("drone surveys of bridges", knowledge, is_admin=False, platform="teams", sharing=desk)
    report = await as_admin("gaps 7", knowledge, desk)
    assert isinstance(report, GapsReply) and report.groups[0].count == 1


async def test_councils_like_mine_needs_the_askers_council_and_then_answers_from_its_peers(storage, knowledge):
    """Without knowing the asker's council the bot says how to tell it, rather than guessing; once told
    ("i am from Rugby"), the same question lists only councils of Rugby's type and a similar size, and is
    counted like any other question. Another person's council is not theirs."""
    desk = await started_desk(storage, knowledge)
    seen: list[tuple[str, str, bool]] = []

    class Recorder:
        def question(self, platform, query, answered, seconds, organisation="") -> None:
            seen.append((platform, query, answered))

        def reloaded(self, trigger, report) -> None:
            pass

    knowledge.observers.append(Recorder())
    question = "what have councils like mine done on waste and recycling?"

    async def ask(text: str, user: str):
        return await handle(text, knowledge, is_admin=False, platform="slack", user_id=user, sharing=desk)

    first = await ask(question, "UASKER")
    assert isinstance(first, NoticeReply) and first.message == (
        "To find councils like yours, first say which council you work for, e.g. 'i am from Rugby'. Then ask again.")
    assert seen == [], "not an answer, so not counted as one"
    await ask("i am from Rugby", "UASKER")
    answered = await ask(question, "UASKER")
    assert isinstance(answered, Answer) and answered.answered
    kb = knowledge.snapshot.kb
    rugby = kb.registry.lookup("Rugby")
    for result in answered.results:
        assert any(f.type_name == rugby.type_name and 0.5 <= (f.population or rugby.population) / rugby.population <= 2
                   for f in kb.council_facts(result.case)), result.case.id
    assert seen == [("slack", question, True)]
    assert isinstance(await ask(question, "USOMEONEELSE"), NoticeReply)


async def test_answering_someone_elses_introduction_request_is_refused_politely_and_changes_nothing(storage, knowledge):
    """The registry lets anyone run "introduce"; only the handler knows who may answer this request. Its
    refusal comes back as the same polite reply as any other, naming the command, and the request stays open
    for a curator."""
    desk = await started_desk(storage, knowledge)
    asked = await handle("connect wigan-in-cab-waste what did the in-cab rollout cost?", knowledge, is_admin=False,
                         platform="slack", user_id="UASKER", sharing=desk)
    reference = asked.introduction.reference
    refused = await handle(f"introduce {reference} forwarded", knowledge, is_admin=False, platform="slack",
                           user_id="UPASSERBY", sharing=desk)
    assert isinstance(refused, RefusalReply) and refused.command == "introduce"
    assert refused.contact == knowledge.snapshot.kb.general_contact
    passed_on = await as_admin(f"introduce {reference} forwarded", knowledge, desk)
    assert render_text(passed_on) == f"Thank you: {reference} is forwarded, and the asker is being told.", \
        "still open: the curator's answer goes through"
