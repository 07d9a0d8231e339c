"""`/practice` end to end: every subcommand answered ephemerally (in the acknowledgement, or through the
response_url when slow), buttons on the answers (Details, More like this, Contact, Share, More results)
and admin-only reload and status."""
from __future__ import annotations

import json

import pytest

from bot.platforms import slack_listeners
from bot.render.slack_blocks import MAX_BLOCKS
from bot.store import KnowledgeStore

from ..fakes.slack_api import ADMIN, CHANNEL, slack_workspace
from ..knowledge.helpers import case_file, copy_knowledge, theme_count

FOREST_HEATH = "forest-heath-st-edmundsbury-refuse-routing"
WASTE = theme_count("waste")


@pytest.fixture
async def slack(store):
    async with slack_workspace(store) as workspace:
        yield workspace


async def ask(slack, text: str, **who) -> dict:
    """`/practice TEXT`; the one reply posted to its response_url."""
    path = await slack.command(text, **who)
    [reply] = await slack.api.wait_for(path)
    return reply


async def press_on_ephemeral(slack, button: dict) -> dict:
    """Presses a button on a message only the presser sees; the one reply posted to its response_url."""
    path = await slack.press(button["action_id"], button["value"],
                             container={"type": "message", "is_ephemeral": True, "channel_id": CHANNEL})
    [reply] = await slack.api.wait_for(path)
    return reply


def buttons(message: dict) -> dict[str, dict]:
    """The first button of each label: for an answer, those of the best case."""
    found: dict[str, dict] = {}
    for block in message["blocks"]:
        for element in block["elements"] if block["type"] == "actions" else ():
            found.setdefault(element["text"]["text"], element)
    return found


@pytest.mark.parametrize("text, expected", [
    ("who saved money on refuse routing?", "*£300,000 a year*"),
    ("", "theme NAME"),
    ("help", "`reload`"),
    ("themes", f"Waste and street scene* ({WASTE})"),
    ("theme waste", f"Waste and street scene*: {WASTE} case studies"),
    (f"show {FOREST_HEATH}", "Annual savings from optimised collection routes"),
    ("contact", "enquiries@socitm.net"),
    (f"contact {FOREST_HEATH}", "contact Forest Heath District Council"),
    ("show no-such-case", "No case study called"),
])
async def test_every_subcommand_answers_only_the_asker(slack, text, expected):
    reply = await ask(slack, text)
    assert reply["response_type"] == "ephemeral"
    assert expected in json.dumps(reply["blocks"], ensure_ascii=False)
    assert reply["text"]
    assert len(reply["blocks"]) <= MAX_BLOCKS
    assert "Share to channel" in buttons(reply)


async def test_share_posts_the_answer_into_the_channel_for_everyone(slack):
    reply = await ask(slack, "who saved money on refuse routing?")
    shared = await press_on_ephemeral(slack, buttons(reply)["Share to channel"])
    assert shared["response_type"] == "in_channel"
    assert shared["replace_original"] is False
    text = json.dumps(shared["blocks"], ensure_ascii=False)
    assert "*£300,000 a year*" in text
    assert "Shared by <@UPERSON01>" in text
    assert "Share to channel" not in buttons(shared)


async def test_buttons_on_a_thread_answer_reply_in_that_thread(slack):
    event = slack.mention("who saved money on refuse routing?")
    await slack.event(event)
    [answer] = await slack.api.wait_for("chat.postMessage")
    posted = {"type": "message", "ts": "1700000000.000001", "thread_ts": event["ts"], "blocks": answer["blocks"]}
    container = {"type": "message", "channel_id": CHANNEL, "message_ts": posted["ts"], "is_ephemeral": False}
    for label in ("Details", "More like this"):
        button = buttons(answer)[label]
        assert button["value"] == FOREST_HEATH
        await slack.press(button["action_id"], button["value"], container=container, message=posted)
    [_answer, shown_details, _similar] = await slack.api.wait_for("chat.postMessage", 3)
    button = buttons(shown_details)["Contact"]  # Contact moved to Details, to keep answers short
    await slack.press(button["action_id"], button["value"], container=container, message=posted)
    replies = (await slack.api.wait_for("chat.postMessage", 4))[1:]
    details, similar, contact = (json.dumps(p["blocks"], ensure_ascii=False) for p in replies)
    assert "Industry bodies unite to drive local digital leadership" in details
    assert "Case studies like *Geographical data to optimise refuse rounds" in similar
    assert "contact Forest Heath District Council" in contact
    assert all(p["thread_ts"] == event["ts"] for p in slack.api.calls("chat.postMessage"))


async def test_buttons_on_an_ephemeral_answer_reply_to_the_presser_only(slack):
    reply = await ask(slack, "who saved money on refuse routing?")
    shown = await press_on_ephemeral(slack, buttons(reply)["Details"])
    assert shown["response_type"] == "ephemeral"
    assert "Annual savings from optimised collection routes" in json.dumps(shown["blocks"])


async def test_details_in_app_home_opens_a_modal(slack):
    await slack.press("details", FOREST_HEATH, container={"type": "view", "view_id": "V0000001"})
    [opened] = await slack.api.wait_for("views.open")
    assert opened["view"]["type"] == "modal"
    assert "Forest Heath District Council" in json.dumps(opened["view"]["blocks"])


async def test_more_results_shows_the_next_page(slack):
    more = {"action_id": "more_results", "value": json.dumps({"command": "theme waste", "page": 2})}
    page = await press_on_ephemeral(slack, more)
    assert "no more results" in json.dumps(page["blocks"])


async def test_status_is_for_admins(slack):
    reply = await ask(slack, "status", user=ADMIN)
    assert "Knowledge base version" in json.dumps(reply["blocks"])
    refused = await ask(slack, "status")
    assert "for Practice Bot admins only" in json.dumps(refused["blocks"])


async def test_a_non_admin_reload_is_refused_and_nothing_changes(tmp_path):
    knowledge = copy_knowledge(tmp_path)
    store = KnowledgeStore(knowledge)
    case_file(knowledge, FOREST_HEATH).unlink()
    async with slack_workspace(store) as slack:
        refused = await ask(slack, "reload")
        assert "for Practice Bot admins only, and nothing has been changed" in json.dumps(refused["blocks"])
        assert store.snapshot.kb.case(FOREST_HEATH) is not None
        assert store.status.reloads == 0


async def test_an_admin_reload_reports_added_changed_and_removed(tmp_path):
    knowledge = copy_knowledge(tmp_path)
    store = KnowledgeStore(knowledge)
    original = case_file(knowledge, FOREST_HEATH)
    text = original.read_text()
    case_file(knowledge, "new-refuse-case").write_text(
        text.replace(f"id: {FOREST_HEATH}", "id: new-refuse-case").replace("title: ", "title: Copy of ", 1))
    original.write_text(text.replace("£300,000 a year", "£310,000 a year"))
    case_file(knowledge, "derby-cloud-repatriation").unlink()
    async with slack_workspace(store) as slack:
        reply = await ask(slack, "reload", user=ADMIN)
        assert "(1 added, 1 changed, 1 removed)" in json.dumps(reply["blocks"])
        answer = await ask(slack, "who saved money on refuse routing?")
        assert "£310,000 a year" in json.dumps(answer["blocks"], ensure_ascii=False)


async def test_an_admin_reload_of_a_broken_file_names_file_and_line_and_keeps_serving(tmp_path):
    knowledge = copy_knowledge(tmp_path)
    store = KnowledgeStore(knowledge)
    broken = case_file(knowledge, FOREST_HEATH)
    broken.write_text(broken.read_text().replace("region: East of England", "region: [East of England"))
    async with slack_workspace(store) as slack:
        reply = json.dumps((await ask(slack, "reload", user=ADMIN))["blocks"])
        assert "Reload failed" in reply
        assert f"{FOREST_HEATH}.yaml:" in reply
        answer = await ask(slack, "who saved money on refuse routing?")
        assert "*£300,000 a year*" in json.dumps(answer["blocks"], ensure_ascii=False)


async def test_answers_to_presses_and_mentions_share_one_pooled_connection(slack):
    """Every outbound call (response_urls, chat.postMessage, auth.test) goes through the app's one HTTP
    session, so answers sent one after another reuse one kept-alive connection."""
    answer = await ask(slack, "telecare savings")
    await press_on_ephemeral(slack, buttons(answer)["Details"])
    await slack.event({"type": "app_mention", "user": "UPERSON01", "channel": CHANNEL, "ts": slack.next_ts(),
                       "text": "<@UBOT0001> Wigan bins"})
    await slack.api.wait_for("chat.postMessage")
    await press_on_ephemeral(slack, buttons(answer)["More like this"])
    assert len([r for r in slack.api.server.requests if r.peer is not None]) >= 4
    assert slack.api.server.connections() == 1


async def test_a_command_answered_in_time_is_answered_in_its_acknowledgement(slack):
    """Slack's immediate response: the answer is the acknowledgement's body and nothing goes to the
    response_url, so the asker sees it without a second request."""
    path = await slack.command("who saved money on refuse routing?")
    [reply] = slack.api.server.to(path)
    assert reply.method == "ACK" and reply.body["response_type"] == "ephemeral"
    assert "£300,000 a year" in json.dumps(reply.body, ensure_ascii=False)


async def test_a_command_slower_than_the_acknowledgement_allows_is_answered_through_its_response_url(slack, monkeypatch):
    """A reply not ready in time is acknowledged empty and follows through the response_url: Slack would
    drop a late acknowledgement and tell the asker the command failed."""
    monkeypatch.setattr(slack_listeners, "ANSWER_IN_ACK_WITHIN", 0)
    path = await slack.command("who saved money on refuse routing?")
    [reply] = await slack.api.server.wait_for(path)
    assert reply.method == "POST" and reply.body["response_type"] == "ephemeral"
    assert "£300,000 a year" in json.dumps(reply.body, ensure_ascii=False)
