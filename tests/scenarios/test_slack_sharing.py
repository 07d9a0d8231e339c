"""Sharing practice in Slack end to end, on a real SQLite database: `/practice share` opens the form, errors
come back on its fields, a submission is confirmed to its submitter and sent to the review channel with
Approve / Reject; only admins decide; approving adds the case to the live knowledge base, rejecting asks why;
the submitter hears either way; a restart between submit and approve loses nothing; admins see the gaps."""
from __future__ import annotations

import json
import re

import pytest

from bot.app_keys import SHARING
from bot.cli import main
from bot.knowledge.loader import load_knowledge
from bot.render.slack_blocks import APPROVE, CONSENT, REASON_FORM, REJECT, SHARE_FORM, SHARE_PRACTICE
from bot.sharing.submission import FIELDS
from bot.store import KnowledgeStore

from ..fakes.slack_api import ADMIN, PERSON, TEAM_ID, FakeSlackApi, posted_json, serving_slack, slack_workspace
from ..sharing.conftest import drone_form
from ..support.loopback import running
from .conftest import REVIEW_CHANNEL

REVIEW_TS = "1700000000.000900"
REFERENCE = re.compile(r"PB-\d{4}-\d{4}")
DRONES = "Drones find blocked gullies after storms"


def answers(**changes) -> dict:
    """The drone case as a person types it into the modal, by block id (the consent box ticked)."""
    return drone_form(consent=[CONSENT], **changes)


async def open_form(slack, *, user: str = PERSON, press: dict | None = None) -> dict:
    """`/practice share` (or a press of `press`); the modal the bot opened in answer."""
    before = len(slack.api.calls("views.open"))
    if press is None:
        await slack.command("share", user=user)
    else:
        await slack.press(press["action_id"], press["value"], container={"type": "view", "view_id": "VHOME"}, user=user)
    opened = await slack.api.wait_for("views.open", before + 1)
    return opened[-1]["view"]


async def submit(slack, **changes) -> tuple[dict, dict]:
    """Shares the drone case; the confirmation DM'd to the submitter and the review message posted to admins."""
    before = len(slack.api.calls("chat.postMessage"))
    acknowledgement = await slack.submit_view(await open_form(slack), answers(**changes))
    assert acknowledgement == {}, "a valid form just closes"
    posts = (await slack.api.wait_for("chat.postMessage", before + 2))[before:]
    [confirmation] = [post for post in posts if post["channel"] == PERSON]
    [review] = [post for post in posts if post["channel"] == REVIEW_CHANNEL]
    return confirmation, review


def buttons(message: dict) -> dict[str, dict]:
    return {element["text"]["text"]: element for block in message["blocks"] if block["type"] == "actions"
            for element in block["elements"]}


async def press_on_review(slack, review: dict, label: str, *, user: str) -> str:
    """Presses Approve or Reject on the review message in the review channel; the press's response_url path."""
    button = buttons(review)[label]
    message = {"type": "message", "ts": REVIEW_TS, "blocks": review["blocks"], "text": review["text"]}
    container = {"type": "message", "channel_id": REVIEW_CHANNEL, "message_ts": REVIEW_TS, "is_ephemeral": False}
    return await slack.press(button["action_id"], button["value"], container=container, message=message, user=user)


async def ask(slack, text: str, *, user: str = PERSON) -> str:
    """`/practice TEXT`; the reply's blocks as one string."""
    [reply] = await slack.api.wait_for(await slack.command(text, user=user))
    return json.dumps(reply["blocks"], ensure_ascii=False)


def new_case_files(knowledge) -> list:
    return sorted(path for path in (knowledge / "case-studies").glob("*.yaml") if "drone" in path.stem)


async def test_practice_share_opens_a_modal_with_every_field(slack):
    view = await open_form(slack)
    assert view["type"] == "modal" and view["callback_id"] == SHARE_FORM
    inputs = {block["block_id"]: block["element"] for block in view["blocks"] if block["type"] == "input"}
    assert set(inputs) == set(FIELDS)
    assert inputs["summary"]["multiline"] and inputs["outcomes"]["multiline"]
    assert inputs["themes"]["type"] == "multi_static_select"
    assert "highways-parking" in [option["value"] for option in inputs["themes"]["options"]]
    assert inputs["region"]["type"] == "static_select"
    assert "South West" in [option["value"] for option in inputs["region"]["options"]]
    assert inputs["evidence_url"]["type"] == "url_text_input"
    assert inputs["contact_email"]["type"] == "email_text_input"
    assert inputs["consent"]["type"] == "checkboxes"
    assert json.loads(view["private_metadata"]) == {"channel": PERSON}, "the confirmation goes to the submitter"


async def test_share_buttons_on_app_home_and_on_a_no_match_answer_open_the_form(slack):
    await slack.event({"type": "app_home_opened", "user": PERSON, "channel": "D0000009", "tab": "home",
                       "event_ts": slack.next_ts()})
    [home] = await slack.api.wait_for("views.publish")
    [on_home] = [block["accessory"] for block in home["view"]["blocks"]
                 if block.get("accessory", {}).get("action_id") == SHARE_PRACTICE]
    assert (await open_form(slack, press=on_home))["callback_id"] == SHARE_FORM

    no_match = await ask(slack, "how do I train a dragon to deliver parcels")
    assert "I don't have a case study" in no_match and f'"action_id": "{SHARE_PRACTICE}"' in no_match
    assert len(slack.api.calls("views.open")) == 1


async def test_an_invalid_form_gets_errors_on_its_fields_and_nothing_is_stored(slack):
    view = await open_form(slack)
    acknowledgement = await slack.submit_view(view, answers(summary="Drones.", evidence_url="drones.example",
                                                            contact_email="ada at puddleby"))
    assert acknowledgement["response_action"] == "errors"
    assert set(acknowledgement["errors"]) == {"summary", "evidence_url", "contact_email"}
    block_ids = {block.get("block_id") for block in view["blocks"]}
    assert set(acknowledgement["errors"]) <= block_ids, "Slack shows each error under the block it names"
    assert "at least 40 characters" in acknowledgement["errors"]["summary"]
    assert "No submissions are waiting for review" in await ask(slack, "review", user=ADMIN)
    assert slack.api.calls("chat.postMessage") == []


async def test_a_submission_is_confirmed_with_its_reference_and_sent_for_review(slack):
    confirmation, review = await submit(slack)
    [reference] = set(REFERENCE.findall(confirmation["text"]))
    assert reference in json.dumps(confirmation["blocks"])
    review_text = json.dumps(review["blocks"], ensure_ascii=False)
    assert DRONES in review_text and "Saved £120,000 a year on gully inspections" in review_text
    assert buttons(review)["Approve"]["action_id"] == APPROVE and buttons(review)["Approve"]["value"] == reference
    assert buttons(review)["Reject"]["action_id"] == REJECT and buttons(review)["Reject"]["value"] == reference
    assert reference in await ask(slack, "review", user=ADMIN)


async def test_a_non_admin_approve_is_refused_and_nothing_changes(slack, knowledge):
    _confirmation, review = await submit(slack)
    path = await press_on_review(slack, review, "Approve", user=PERSON)
    [refusal] = await slack.api.wait_for(path)
    assert refusal["response_type"] == "ephemeral" and refusal["replace_original"] is False
    assert "for Practice Bot admins only, and nothing has been changed" in json.dumps(refusal["blocks"])
    assert slack.api.calls("chat.update") == []
    assert new_case_files(knowledge) == []
    assert buttons(review)["Approve"]["value"] in await ask(slack, "review", user=ADMIN)


async def test_an_admin_approves_into_the_live_knowledge_base_and_the_submitter_is_told(slack, knowledge):
    confirmation, review = await submit(slack)
    reference = buttons(review)["Approve"]["value"]
    await press_on_review(slack, review, "Approve", user=ADMIN)
    [update] = await slack.api.wait_for("chat.update")
    assert (update["channel"], update["ts"]) == (REVIEW_CHANNEL, REVIEW_TS)
    decided = json.dumps(update["blocks"], ensure_ascii=False)
    assert f"Approved {reference}" in decided and f"Decided by <@{ADMIN}>" in decided
    assert buttons(update) == {}, "the decided message has no buttons left to press"

    assert new_case_files(knowledge) == [], "the database holds approved cases, not the local disk"
    [(case_id, text)] = (await slack.app[SHARING].storage.approved_cases()).items()
    assert case_id in decided
    assert load_knowledge(knowledge, extra={case_id: text}).case(case_id).title == DRONES
    assert main(["check", str(knowledge)]) == 0
    assert DRONES in await ask(slack, "drones finding blocked gullies")

    notice = (await slack.api.wait_for("chat.postMessage", 3))[2]
    assert notice["channel"] == PERSON
    assert "has been approved" in notice["text"] and reference in notice["text"]


async def test_reject_asks_for_a_reason_in_a_modal_and_tells_the_submitter(slack, knowledge):
    _confirmation, review = await submit(slack)
    reference = buttons(review)["Reject"]["value"]
    await press_on_review(slack, review, "Reject", user=ADMIN)
    [_share_form, reason_form] = [call["view"] for call in await slack.api.wait_for("views.open", 2)]
    assert reason_form["callback_id"] == REASON_FORM
    assert DRONES in json.dumps(reason_form["blocks"], ensure_ascii=False)

    assert await slack.submit_view(reason_form, {"reason": "   "}, user=ADMIN) == {
        "response_action": "errors", "errors": {"reason": "Please say why: the submitter reads this."}}
    assert await slack.submit_view(reason_form, {"reason": "No figures we can check yet"}, user=ADMIN) == {}
    [update] = await slack.api.wait_for("chat.update")
    assert (update["channel"], update["ts"]) == (REVIEW_CHANNEL, REVIEW_TS)
    assert f"Rejected {reference}" in update["text"] and f"Decided by <@{ADMIN}>" in json.dumps(update["blocks"])
    notice = (await slack.api.wait_for("chat.postMessage", 3))[2]
    assert notice["channel"] == PERSON and "No figures we can check yet" in notice["text"]
    assert new_case_files(knowledge) == []

    again = await slack.submit_view(reason_form, {"reason": "Changed my mind"}, user=ADMIN)
    assert again["response_action"] == "update" and "already rejected" in json.dumps(again["view"]["blocks"])


async def test_slash_commands_decide_too_and_answer_the_admin_in_place(slack):
    _confirmation, review = await submit(slack)
    reference = buttons(review)["Approve"]["value"]
    assert "for Practice Bot admins only" in await ask(slack, f"approve {reference}")
    path = await slack.command(f"reject {reference} Please add a source we can check", user=ADMIN)
    [decided] = await slack.api.wait_for(path)
    assert decided["response_type"] == "ephemeral"
    assert f"Rejected {reference}" in decided["text"] and f"Decided by <@{ADMIN}>" in json.dumps(decided["blocks"])
    notice = (await slack.api.wait_for("chat.postMessage", 3))[2]
    assert notice["channel"] == PERSON and "Please add a source we can check" in notice["text"]


async def test_a_restart_between_submit_and_approve_loses_nothing(knowledge, env):
    api = FakeSlackApi()
    async with running(api.server.app()) as api_url:
        async with serving_slack(KnowledgeStore(knowledge), api, api_url, **env) as before:
            _confirmation, review = await submit(before)
        async with serving_slack(KnowledgeStore(knowledge), api, api_url, **env) as after:
            assert buttons(review)["Approve"]["value"] in await ask(after, "review", user=ADMIN)
            await press_on_review(after, review, "Approve", user=ADMIN)
            [update] = await api.wait_for("chat.update")
            assert "Approved" in update["text"]
            assert DRONES in await ask(after, "drones finding blocked gullies")
            assert len(await after.app[SHARING].storage.approved_cases()) == 1
    assert new_case_files(knowledge) == []


async def test_gaps_show_admins_what_nobody_could_answer(slack):
    await ask(slack, "how do I train a dragon to deliver parcels")
    await slack.app[SHARING].gaps.flush()
    gaps = await ask(slack, "gaps 7", user=ADMIN)
    assert "last 7 days" in gaps and "how do I train a dragon to deliver parcels" in gaps
    assert "for Practice Bot admins only" in await ask(slack, "gaps")


async def test_submitted_text_is_escaped_in_the_review_message(slack):
    hostile = "<!channel> drones <http://evil.example|trusted> find gullies"
    confirmation, review = await submit(slack, title=hostile, organisation="<@U123ABC> Borough Council")
    sent = posted_json([confirmation, review])
    for forbidden in ("<!channel>", "<http://evil.example|trusted>", "<@U123ABC>"):
        assert forbidden not in sent
    shown = json.dumps(review["blocks"], ensure_ascii=False)
    # shown as typed, with the bare address broken by zero-width spaces so Slack cannot auto-link it
    assert "&lt;!channel&gt; drones &lt;http:\u200b//evil\u200b.example|trusted&gt;" in shown
    assert "http://evil.example" not in shown


async def test_two_servers_on_one_database_answer_an_event_once(knowledge, tmp_path):
    """With DATABASE_URL, the record of answered events is shared: a retry that reaches another process
    behind the load balancer is not answered again."""
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'shared.sqlite3'}"}
    api = FakeSlackApi()
    async with running(api.server.app()) as api_url:
        async with serving_slack(KnowledgeStore(knowledge), api, api_url, **env) as first, \
                serving_slack(KnowledgeStore(knowledge), api, api_url, **env) as second:
            event = first.mention("who saved money on refuse routing?")
            await first.event(event, event_id="EvBALANCED")
            await api.wait_for("chat.postMessage")
            assert await second.event(event, event_id="EvBALANCED", headers={"X-Slack-Retry-Num": "1"}) == 200
            await second.event(second.direct_message("help"))
            posts = await api.wait_for("chat.postMessage", 2)
    assert [post["channel"] for post in posts] == [event["channel"], "D0000001"]


@pytest.mark.parametrize("page", [1, 2])
async def test_the_review_queue_is_never_shared_to_a_channel(slack, page):
    """Neither a page of the review list offers Share to channel, nor does a forged Share press post it."""
    for i in range(12):
        await submit(slack, title=f"Drones find blocked gullies, batch {i}")
    path = await slack.press("share", json.dumps({"command": "review", "page": page}),
                             container={"type": "message", "is_ephemeral": True}, user=ADMIN)
    [reply] = await slack.api.wait_for(path)
    assert reply.get("response_type") != "in_channel"
    assert "Share to channel" not in json.dumps(reply)
    assert "ada.byron@puddleby.gov.uk" not in posted_json(slack.api.calls("chat.postMessage")[12 * 2:])


async def test_curators_named_in_the_access_list_are_sent_review_requests_too(knowledge, tmp_path):
    """Curators (PRACTICE_BOT_CURATORS) decide on submissions from any workspace: with no review channel, a
    new submission's review request is sent to each of them by direct message, beside the Slack admins."""
    env = {"PRACTICE_BOT_DATABASE": str(tmp_path / "practice-bot.sqlite3"),
           "PRACTICE_BOT_CURATORS": f"slack:{TEAM_ID}:UCURATOR1"}
    async with slack_workspace(KnowledgeStore(knowledge), **env) as slack:
        before = len(slack.api.calls("chat.postMessage"))
        assert await slack.submit_view(await open_form(slack), answers()) == {}
        posts = (await slack.api.wait_for("chat.postMessage", before + 4))[before:]
        [to_curator] = [post for post in posts if post["channel"] == "UCURATOR1"]
        [reference] = set(REFERENCE.findall(json.dumps(to_curator["blocks"])))
        assert buttons(to_curator)["Approve"]["value"] == reference
        assert {post["channel"] for post in posts} == {PERSON, ADMIN, "UOTHERADMIN", "UCURATOR1"}
