"""Teams conversations end to end on loopback: activities POSTed to the real app's /api/messages, replies
recorded by a fake Bot Connector. Nothing of ours is mocked."""
from __future__ import annotations

import asyncio
import copy
import json

import pytest
from aiohttp import web

from bot.commands import NoticeReply
from bot.platforms.teams_sharing import card_message
from bot.render.teams_cards import MAX_CARD_BYTES, card_size
from bot.server import create_app
from bot.settings import Settings
from tests.fakes.bot_connector import (
    BOT,
    USER,
    card_actions,
    card_of,
    card_text,
    connector_answer,
    raw_text,
    teams_connector,
)
from tests.fakes.entra import CREDENTIALS

FOREST_HEATH = "forest-heath-st-edmundsbury-refuse-routing"


@pytest.fixture
def app(store):
    return create_app(store, Settings(env=CREDENTIALS))


async def test_personal_question_gets_the_case_study_card_with_a_text_fallback(app):
    async with teams_connector(app) as teams:
        asked = await teams.say("who saved money on refuse routing?")
        reply = await teams.reply()
    card = card_of(reply)
    assert reply.path == f"/v3/conversations/a:personal-alex/activities/{asked}"
    assert card["version"] == "1.4" and card["$schema"].startswith("http://adaptivecards.io/")
    shown = card_text(card)
    assert "Forest Heath" in shown and "£300,000" in shown and "Socitm" in shown and "01604 709456" in shown
    assert "Forest Heath" in card["fallbackText"] and "£300,000" in card["fallbackText"]
    commands = {action["data"]["command"] for action in card_actions(card) if action["type"] == "Action.Submit"}
    assert {f"show {FOREST_HEATH}", f"like {FOREST_HEATH}", f"connect {FOREST_HEATH}"} <= commands
    assert any(action["type"] == "Action.OpenUrl" and action["url"].startswith("http") for action in card_actions(card))
    assert card_size(card) < MAX_CARD_BYTES


async def test_channel_mention_is_stripped_and_answered_in_the_thread(app):
    thread = "19:general@thread.tacv2;messageid=1700000000001"
    async with teams_connector(app) as teams:
        await teams.send({
            "type": "message", "id": "1700000000001", "from": USER,
            "text": "<at>Practice Bot</at> who saved money on refuse routing?",
            "entities": [{"type": "mention", "text": "<at>Practice Bot</at>", "mentioned": BOT}],
            "conversation": {"id": thread, "conversationType": "channel", "isGroup": True},
            "channelData": {"channel": {"id": "19:general@thread.tacv2"}, "team": {"id": "19:team"}},
        })
        reply = await teams.reply()
    assert reply.path.endswith("/activities/1700000000001")
    assert reply.body["conversation"]["id"] == thread
    assert reply.body["replyToId"] == "1700000000001"
    assert "Forest Heath" in card_text(card_of(reply))


@pytest.mark.parametrize("command, expected", [
    ("help", "theme NAME"),
    ("themes", "Waste"),
    ("theme waste", "Forest Heath"),
    (f"show {FOREST_HEATH}", "£300,000"),
    (f"contact {FOREST_HEATH}", "Forest Heath"),
    ("contact", "enquiries@socitm.net"),
    (f"like {FOREST_HEATH}", "Case studies like"),
    ("show no-such-case", "No case study called"),
])
async def test_each_command_gets_its_card(app, command, expected):
    async with teams_connector(app) as teams:
        await teams.say(command)
        card = card_of(await teams.reply())
    assert expected in card_text(card)
    assert card["version"] == "1.4" and card["fallbackText"]


async def test_card_button_runs_its_command(app):
    async with teams_connector(app) as teams:
        await teams.send({
            "type": "message", "id": "submit-1", "from": USER,
            "conversation": {"id": "a:personal-alex", "conversationType": "personal"},
            "value": {"command": f"show {FOREST_HEATH}"},
        })
        card = card_of(await teams.reply())
    assert "Outcomes" in card_text(card) and "£300,000" in card_text(card)


async def test_message_back_text_runs_its_command(app):
    async with teams_connector(app) as teams:
        await teams.say(f"like {FOREST_HEATH}", value={"msteams": {"type": "messageBack"}})
        card = card_of(await teams.reply())
    assert "Case studies like" in card_text(card)


async def test_empty_message_gets_help(app):
    async with teams_connector(app) as teams:
        await teams.say("<at>Someone</at>   ")
        card = card_of(await teams.reply())
    assert "theme NAME" in card_text(card)


async def test_welcome_card_when_the_bot_is_added_once_per_conversation(app):
    conversation = {"id": "19:team-general@thread.tacv2", "conversationType": "channel"}
    async with teams_connector(app) as teams:
        await teams.send({"type": "conversationUpdate", "id": "cu-1", "conversation": conversation,
                          "from": USER, "membersAdded": [BOT]})
        await teams.send({"type": "installationUpdate", "id": "iu-1", "action": "add", "conversation": conversation,
                          "from": USER})
        await teams.send({"type": "conversationUpdate", "id": "cu-2", "conversation": conversation,
                          "from": USER, "membersAdded": [{"id": "29:someone-else"}]})
        replies = await teams.wait_for_replies(1)
    assert len(replies) == 1
    assert "Hello! I'm Practice Bot." in card_text(card_of(replies[0]))


async def test_installation_alone_welcomes(app):
    async with teams_connector(app) as teams:
        await teams.send({"type": "installationUpdate", "id": "iu-1", "action": "add", "from": USER,
                          "conversation": {"id": "a:personal-sam", "conversationType": "personal"}})
        card = card_of(await teams.reply())
    assert "Hello! I'm Practice Bot." in card_text(card)


async def test_re_sent_activity_is_answered_once(app):
    async with teams_connector(app) as teams:
        await teams.say("who saved money on refuse routing?", id="same-id")
        await teams.say("who saved money on refuse routing?", id="same-id")
        await teams.say("themes", id="another-id")
        replies = await teams.wait_for_replies(2)
    assert [r.path.rsplit("/", 1)[-1] for r in replies] == ["same-id", "another-id"]


async def test_the_same_activity_id_in_another_conversation_is_answered(app):
    """Activity ids are unique per conversation only: one chat's retry must not silence another chat."""
    async with teams_connector(app) as teams:
        await teams.say("who saved money on refuse routing?", id="shared-id", conversation="a:personal-alex")
        await teams.say("who saved money on refuse routing?", id="shared-id", conversation="a:personal-sam")
        await teams.say("who saved money on refuse routing?", id="shared-id", conversation="a:personal-sam")
        await teams.say("themes", id="last-id")
        replies = await teams.wait_for_replies(3)
        await asyncio.sleep(0.1)
        replies = teams.sent()
    conversations = [r.path.split("/v3/conversations/", 1)[1].split("/", 1)[0] for r in replies]
    assert sorted(conversations) == sorted(["a:personal-alex", "a:personal-sam", "a:personal-alex"])
    assert len(replies) == 3


async def test_injected_links_and_mentions_come_back_as_plain_text(app):
    async with teams_connector(app) as teams:
        await teams.say("[trusted](http://evil) <at>Everyone</at> **council** recycling for octopuses")
        card = card_of(await teams.reply())
    raw = raw_text(card)
    assert "[trusted](" not in raw and "http://evil" not in raw
    assert "<at>" not in raw and "**council**" not in raw
    assert "[trusted](http://evil)" in card_text(card)  # shown exactly as typed


async def test_no_match_is_honest_with_nearest_themes_and_socitm(app):
    async with teams_connector(app) as teams:
        await teams.say("which council runs the best lunar colony programme?")
        card = card_of(await teams.reply())
    assert "I don't have a case study" in card_text(card) and "Socitm" in card_text(card)


async def test_a_question_on_a_topic_the_library_lacks_is_told_so_by_name(app):
    async with teams_connector(app) as teams:
        await teams.say("Has any council moved HMO licensing online?")
        card = card_of(await teams.reply())
    assert 'no case study about "hmo licensing" yet' in card_text(card) and "Socitm" in card_text(card)


async def test_long_question_is_cut_and_the_card_fits_teams_limit(app):
    async with teams_connector(app) as teams:
        await teams.say("refuse routing " * 400)
        reply = await teams.reply()
    assert card_size(card_of(reply)) < MAX_CARD_BYTES
    assert len(json.dumps(reply.body)) < MAX_CARD_BYTES


async def test_a_failing_turn_sends_an_apology_and_the_server_keeps_serving(app):
    failed = []

    def connector(request):
        """Refuses the first card the bot sends, as a connector outage would."""
        if isinstance(request.body, dict) and request.body.get("attachments") and not failed:
            failed.append(request)
            return web.json_response({"error": {"code": "ServiceError"}}, status=500)
        return connector_answer(request)

    async with teams_connector(app, respond=connector) as teams:
        await teams.say("who saved money on refuse routing?")
        apology = await teams.reply()
        await teams.say("themes")
        replies = await teams.wait_for_replies(3)
    assert failed and "Sorry, something went wrong" in apology.body["text"]
    assert "Traceback" not in apology.body["text"]
    assert "Waste" in card_text(card_of(replies[-1]))


async def test_replies_to_successive_turns_reuse_one_connection_to_the_connector(app):
    """The adapter's clients are kept for the server's life: one kept-alive connection, not one per turn."""
    async with teams_connector(app) as teams:
        for question in ("telecare savings", "Wigan bins", "ransomware recovery"):
            await teams.say(question)
            await teams.reply()
    assert len(teams.sent()) == 3
    assert teams.server.connections() == 1


def test_a_card_is_not_copied_when_its_message_is():
    """The SDK deep-copies every activity it sends; the card in it, never changed once built, stays itself."""
    message = card_message(NoticeReply("Sent."))
    sent = copy.deepcopy(message)
    assert sent is not message
    assert sent.attachments[0].content is message.attachments[0].content
    assert sent.model_dump(mode="json") == message.model_dump(mode="json")
