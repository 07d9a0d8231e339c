"""The review queue end to end on a real database and a real knowledge base copy: submit, approve into the
live knowledge base, reject, refuse non-admins, and lose nothing across a restart."""
from __future__ import annotations

import asyncio
import datetime
import re

import pytest
import yaml

from bot.answers import answer
from bot.errors import NotAuthorised
from bot.knowledge.loader import load_knowledge
from bot.sharing.review import AlreadyDecided, ApprovalFailed, ReviewQueue, UnknownSubmission
from bot.sharing.storage import Storage
from bot.sharing.submission import InvalidSubmission
from bot.store import KnowledgeStore

from ..knowledge.helpers import case_file, copy_knowledge
from .conftest import ADMIN, MEMBER, drone_form

QUESTION = "who uses drones to find blocked gullies?"


async def test_submit_stores_a_pending_submission_with_a_reference(queue):
    submission = await queue.submit(drone_form(), platform="slack", user_id="U123")

    assert re.fullmatch(r"PB-\d{4}-\d{4}", submission.reference)
    assert submission.reference.startswith(f"PB-{datetime.date.today().year}-")
    assert submission.status == "pending"
    assert [s.reference for s in await queue.pending(ADMIN)] == [submission.reference]
    assert (await queue.pending(ADMIN))[0].contact_email == "ada.byron@puddleby.gov.uk"


@pytest.mark.parametrize("address", ["not a link", "https://[drones.example/report"])  # (urllib cannot split the second)
async def test_an_invalid_submission_is_refused_and_not_stored(queue, address):
    with pytest.raises(InvalidSubmission) as raised:
        await queue.submit(drone_form(evidence_url=address, contact_email="nope"), platform="slack", user_id="U1")
    assert set(raised.value.errors) == {"evidence_url", "contact_email"}
    assert await queue.pending(ADMIN) == []


async def test_approve_puts_a_valid_case_into_the_database_and_the_live_knowledge_base(queue, knowledge, storage):
    assert not answer(QUESTION, knowledge.snapshot).answered
    submission = await queue.submit(drone_form(), platform="slack", user_id="U123")

    approval = await queue.approve(submission.reference, ADMIN)

    assert approval.case_id == "puddleby-drones-find-blocked-gullies-after-storms"
    assert not case_file(knowledge.directory, approval.case_id).exists()  # nothing on local disk
    text = (await storage.approved_cases())[approval.case_id]
    assert load_knowledge(knowledge.directory, extra={approval.case_id: text}).case(approval.case_id) is not None
    data = yaml.safe_load(text)
    assert data["contact"] == "socitm" and data["region"] == "South West"
    assert data["sources"] == [{"url": "https://www.puddleby.gov.uk/news/drone-gullies",
                                "title": "Submitted by Puddleby Borough Council via Practice Bot"}]
    assert [(o["kind"], o["amount"]) for o in data["outcomes"]] == [("saving", "£120,000"), ("other", None)]
    live = answer(QUESTION, knowledge.snapshot)
    assert live.answered and live.results[0].case.id == approval.case_id
    assert approval.report.added == (approval.case_id,)
    assert approval.submission.status == "approved" and approval.submission.case_id == approval.case_id
    [decision] = await storage.decisions(submission.number)
    assert (decision.action, decision.who, decision.reason) == ("approved", "slack:U0ADMIN", None)
    assert abs(decision.decided_at - datetime.datetime.now(datetime.timezone.utc)) < datetime.timedelta(minutes=1)
    assert await queue.pending(ADMIN) == []


async def test_reject_needs_a_reason_and_records_it(queue, storage, knowledge):
    submission = await queue.submit(drone_form(), platform="teams", user_id="29:abc")
    with pytest.raises(InvalidSubmission) as raised:
        await queue.reject(submission.reference, ADMIN, "   ")
    assert list(raised.value.errors) == ["reason"]

    rejected = await queue.reject(submission.reference, ADMIN, "Please add a link to the council's own report.")

    assert rejected.status == "rejected"
    [decision] = await storage.decisions(submission.number)
    assert (decision.action, decision.who) == ("rejected", "slack:U0ADMIN")
    assert decision.reason == "Please add a link to the council's own report."
    assert not list(knowledge.directory.glob("case-studies/puddleby-*"))
    with pytest.raises(AlreadyDecided):
        await queue.approve(submission.reference, ADMIN)


async def test_non_admins_cannot_review_and_nothing_changes(queue, storage, knowledge):
    submission = await queue.submit(drone_form(), platform="teams", user_id="29:abc")
    for attempt, message in ((queue.approve(submission.reference, MEMBER), "Only curators can approve submissions."),
                             (queue.reject(submission.reference, MEMBER, "no"), "Only curators can reject submissions."),
                             (queue.pending(MEMBER), "Only curators can review submissions.")):
        with pytest.raises(NotAuthorised) as refused:
            await attempt
        assert str(refused.value) == message
    assert (await storage.submission(submission.number)).status == "pending"
    assert await storage.decisions(submission.number) == []
    assert not list(knowledge.directory.glob("case-studies/puddleby-*"))


async def test_a_restart_between_submit_and_approve_loses_nothing(database, knowledge):
    async with Storage(database) as before_restart:
        submission = await ReviewQueue(before_restart, knowledge).submit(drone_form(), platform="slack", user_id="U1")

    async with Storage(database) as after_restart:
        queue = ReviewQueue(after_restart, KnowledgeStore(knowledge.directory))
        [pending] = await queue.pending(ADMIN)
        assert pending == submission
        approval = await queue.approve(submission.reference, ADMIN)
    assert answer(QUESTION, queue.store.snapshot).results[0].case.id == approval.case_id


async def test_a_knowledge_base_that_will_not_reload_leaves_no_file_and_the_submission_pending(queue, knowledge):
    submission = await queue.submit(drone_form(), platform="slack", user_id="U1")
    broken = case_file(knowledge.directory, "wigan-in-cab-waste")
    broken.write_text(broken.read_text() + "\nregion: Atlantis\n")

    with pytest.raises(ApprovalFailed, match="wigan-in-cab-waste"):
        await queue.approve(submission.reference, ADMIN)

    assert not list(knowledge.directory.glob("case-studies/puddleby-*"))
    assert [s.reference for s in await queue.pending(ADMIN)] == [submission.reference]


async def test_a_taken_case_id_gets_the_submission_number(queue, knowledge):
    first = await queue.submit(drone_form(), platform="slack", user_id="U1")
    second = await queue.submit(drone_form(title="Drones find blocked gullies, after storms!"), platform="slack",
                                user_id="U2")

    ids = [(await queue.approve(s.reference, ADMIN)).case_id for s in (first, second)]

    assert ids == ["puddleby-drones-find-blocked-gullies-after-storms",
                   f"puddleby-drones-find-blocked-gullies-after-storms-{second.number}"]
    assert all(knowledge.snapshot.kb.case(case_id) for case_id in ids)


async def test_unknown_references_are_reported(queue):
    for reference in ("PB-2026-9999", "hello"):
        with pytest.raises(UnknownSubmission):
            await queue.approve(reference, ADMIN)


async def test_approval_is_atomic_and_idempotent_across_instances(queue, knowledge, storage, database):
    """Two instances (each its own database connection and knowledge base) approve one submission at once:
    it is approved once, as one case, with one decision; approving again is refused and changes nothing."""
    submission = await queue.submit(drone_form(), platform="slack", user_id="U1")
    async with Storage(database) as other_connection:
        other = ReviewQueue(other_connection, KnowledgeStore(knowledge.directory))
        results = await asyncio.gather(queue.approve(submission.reference, ADMIN),
                                       other.approve(submission.reference, ADMIN), return_exceptions=True)
    approvals = [r for r in results if not isinstance(r, BaseException)]
    refusals = [r for r in results if isinstance(r, BaseException)]
    assert len(approvals) == 1 and [type(r) for r in refusals] == [AlreadyDecided]
    assert list(await storage.approved_cases()) == [approvals[0].case_id]
    assert len(await storage.decisions(submission.number)) == 1
    with pytest.raises(AlreadyDecided):
        await queue.approve(submission.reference, ADMIN)
    assert list(await storage.approved_cases()) == [approvals[0].case_id]
    await queue.refresh(trigger="sync")  # whichever instance won, every instance serves it once it refreshes
    assert knowledge.snapshot.kb.case(approvals[0].case_id) is not None


async def test_a_submission_remembers_the_workspace_it_came_from_not_the_organisation_named(queue):
    submission = await queue.submit(drone_form(), platform="slack", user_id="U1", organisation="slack:T0001")
    assert submission.submitter_org == "slack:T0001"
    assert submission.organisation == "Puddleby Borough Council"


async def test_a_reference_with_the_wrong_year_or_extra_text_names_no_submission(queue, knowledge, storage):
    """PB-1999-0001 is not PB-2026-0001: the whole reference must match, so an admin cannot approve or reject
    the wrong submission by a mistyped year."""
    submission = await queue.submit(drone_form(), platform="slack", user_id="U123")
    year = submission.created_at.year
    number = submission.reference.rsplit("-", 1)[1]
    for wrong in (f"PB-{year - 27}-{number}", f"PB-{year + 1}-{number}", f"PB-{year}-{number}x", f"XPB-{year}-{number}"):
        with pytest.raises(UnknownSubmission):
            await queue.approve(wrong, ADMIN)
        with pytest.raises(UnknownSubmission):
            await queue.reject(wrong, ADMIN, "not like this")
    assert [s.reference for s in await queue.pending(ADMIN)] == [submission.reference]
    approval = await queue.approve(f"  {submission.reference.lower()} ", ADMIN)
    assert approval.submission.status == "approved" and knowledge.snapshot.kb.case(approval.case_id)


async def test_a_decided_submission_cannot_be_decided_again(queue, storage):
    first = await queue.submit(drone_form(), platform="slack", user_id="U1")
    await queue.reject(first.reference, ADMIN, "  needs   figures ")
    assert (await storage.submission(first.number)).status == "rejected"
    for decide in (lambda: queue.approve(first.reference, ADMIN), lambda: queue.reject(first.reference, ADMIN, "again")):
        with pytest.raises(AlreadyDecided) as decided:
            await decide()
        assert str(decided.value) == f"{first.reference} is already rejected."


async def test_what_a_curator_is_told_when_a_reference_is_wrong_or_a_reason_missing(queue, storage):
    """The messages the chat adapters show as they are: the reference as typed, and why a reason is needed."""
    for reference in ("PB-2026-9999", "hello"):
        with pytest.raises(UnknownSubmission) as unknown:
            await queue.approve(reference, ADMIN)
        assert str(unknown.value) == f"No submission {reference!r}."
    submission = await queue.submit(drone_form(), platform="slack", user_id="U1")
    with pytest.raises(InvalidSubmission) as raised:
        await queue.reject(submission.reference, ADMIN, "")
    assert raised.value.errors == {"reason": "Please say why, so the submitter can improve it."}
    await queue.reject(submission.reference, ADMIN, "  needs \n  figures ")
    [decision] = await storage.decisions(submission.number)
    assert decision.reason == "needs figures", "the reason is stored as one line, the way it is shown"


async def test_an_approval_that_breaks_the_knowledge_base_says_which_file_and_line(queue, knowledge):
    """A problem the live knowledge base did not have blocks it, named with its file and line after the
    reference; nothing is recorded."""
    submission = await queue.submit(drone_form(), platform="slack", user_id="U1")
    for case_id in ("wigan-in-cab-waste", "hammersmith-fulham-self-service"):
        broken = case_file(knowledge.directory, case_id)
        broken.write_text(broken.read_text() + "\nregion: Atlantis\n")
    with pytest.raises(ApprovalFailed) as failed:
        await queue.approve(submission.reference, ADMIN)
    prefix = f"{submission.reference} was not added: "
    message = str(failed.value)
    assert message.startswith(prefix)
    problems = sorted(message.removeprefix(prefix).split("; "))
    assert [p.split(":")[0] for p in problems] == ["case-studies/hammersmith-fulham-self-service.yaml",
                                                  "case-studies/wigan-in-cab-waste.yaml"]
    assert all("unknown region 'Atlantis'" in p for p in problems), problems


async def test_an_approval_reloads_the_knowledge_base_as_an_approval(queue, knowledge):
    """Operators read the reload history and metrics by trigger: an approval is counted as "approval"."""
    seen: list[str] = []

    class Recorder:
        def question(self, *args, **kwargs) -> None:
            pass

        def reloaded(self, trigger, report) -> None:
            seen.append(trigger)

    knowledge.observers.append(Recorder())
    submission = await queue.submit(drone_form(), platform="slack", user_id="U1")
    approval = await queue.approve(submission.reference, ADMIN)
    assert seen == ["approval"] and approval.report.ok and approval.report.added == (approval.case_id,)


async def test_two_curators_rejecting_at_once_record_one_decision_and_the_other_is_told(queue, storage, knowledge, database):
    """Whichever gets there second is told the submission was decided (meanwhile, or already), in words
    naming it; exactly one reason is recorded."""
    submission = await queue.submit(drone_form(), platform="slack", user_id="U1")
    async with Storage(database) as other_connection:
        other = ReviewQueue(other_connection, KnowledgeStore(knowledge.directory))
        results = await asyncio.gather(queue.reject(submission.reference, ADMIN, "needs figures"),
                                       other.reject(submission.reference, ADMIN, "needs a source"),
                                       return_exceptions=True)
    refusals = [r for r in results if isinstance(r, BaseException)]
    assert len(refusals) == 1 and isinstance(refusals[0], AlreadyDecided)
    assert str(refusals[0]) in (f"{submission.reference} was decided by someone else meanwhile.",
                                f"{submission.reference} is already rejected.")
    [decision] = await storage.decisions(submission.number)
    assert decision.reason in ("needs figures", "needs a source")


async def test_a_submission_named_like_a_curated_case_gets_its_own_id(queue, knowledge):
    """Wigan sharing "In-cab waste" would read as wigan-in-cab-waste, a curated case's id: the new case gets
    the submission number instead of clashing with (or replacing) the curated one."""
    submission = await queue.submit(drone_form(organisation="Wigan Council", title="In-cab waste"),
                                    platform="slack", user_id="U1")
    approval = await queue.approve(submission.reference, ADMIN)
    assert approval.case_id == f"wigan-in-cab-waste-{submission.number}"
    assert knowledge.snapshot.kb.case("wigan-in-cab-waste").title != "In-cab waste"
    assert knowledge.snapshot.kb.case(approval.case_id).title == "In-cab waste"


async def test_a_curated_file_broken_before_does_not_block_an_approval(tmp_path, storage):
    """A case file already broken when the server loaded (left out, and reported on /readyz) is not the new
    case's fault: the approval goes through and the broken file stays out."""
    directory = copy_knowledge(tmp_path)
    broken = case_file(directory, "wigan-in-cab-waste")
    broken.write_text(broken.read_text() + "\nregion: Atlantis\n")
    knowledge = KnowledgeStore(directory)
    assert "case-studies/wigan-in-cab-waste.yaml" in knowledge.snapshot.kb.broken_files
    queue = ReviewQueue(storage, knowledge)
    submission = await queue.submit(drone_form(), platform="slack", user_id="U1")

    approval = await queue.approve(submission.reference, ADMIN)

    assert knowledge.snapshot.kb.case(approval.case_id).title == "Drones find blocked gullies after storms"
    assert knowledge.snapshot.kb.case("wigan-in-cab-waste") is None


async def test_a_submission_named_like_a_broken_curated_file_gets_its_own_id(tmp_path, storage):
    """A curated file left out as broken still owns its id: once fixed, the file would hide a database case
    of the same id. So Wigan sharing "In-cab waste" while wigan-in-cab-waste.yaml is broken is approved
    under the submission's own id, not refused as a case that will not load."""
    directory = copy_knowledge(tmp_path)
    broken = case_file(directory, "wigan-in-cab-waste")
    broken.write_text(broken.read_text() + "\nregion: Atlantis\n")
    knowledge = KnowledgeStore(directory)
    queue = ReviewQueue(storage, knowledge)
    submission = await queue.submit(drone_form(organisation="Wigan Council", title="In-cab waste"),
                                    platform="slack", user_id="U1")

    approval = await queue.approve(submission.reference, ADMIN)

    assert approval.case_id == f"wigan-in-cab-waste-{submission.number}"
    assert knowledge.snapshot.kb.case(approval.case_id).title == "In-cab waste"


async def test_two_instances_approving_same_named_submissions_at_once_give_each_its_own_case(
        queue, knowledge, storage, database):
    """Two curators on two instances approve two submissions that read as the same case id at the same
    moment: both choose the id before either is stored, the database takes one, and the other instance
    chooses again, so both are approved, as two cases."""
    first = await queue.submit(drone_form(), platform="slack", user_id="U1")
    second = await queue.submit(drone_form(title="Drones find blocked gullies, after storms!"), platform="teams",
                                user_id="29:abc")
    async with Storage(database) as other_connection:
        other = ReviewQueue(other_connection, KnowledgeStore(knowledge.directory))
        approvals = await asyncio.gather(queue.approve(first.reference, ADMIN), other.approve(second.reference, ADMIN))

    base = "puddleby-drones-find-blocked-gullies-after-storms"
    numbers = {approval.submission.number: approval.case_id for approval in approvals}
    assert sorted(numbers.values()) in ([base, f"{base}-{first.number}"], [base, f"{base}-{second.number}"])
    assert sorted(await storage.approved_cases()) == sorted(numbers.values())
    await queue.refresh(trigger="sync")
    assert all(knowledge.snapshot.kb.case(case_id) for case_id in numbers.values())
