"""Slack events end to end: mentions answered in a thread, DMs in the DM, App Home, and every way Slack can
deliver the same message twice or deliver a message we must not answer."""
from __future__ import annotations

import asyncio
import json
import logging

import aiohttp
import pytest

from bot.server import create_app
from bot.settings import Settings

from ..fakes.slack_api import (
    BOT_ID,
    BOT_USER_ID,
    CHANNEL,
    DM_CHANNEL,
    FakeSlackApi,
    FakeSocketMode,
    posted_json,
    slack_env,
    slack_workspace,
)
from ..knowledge.helpers import theme_count
from ..support.loopback import running

QUESTION = "who saved money on refuse routing?"


@pytest.fixture
async def slack(store):
    async with slack_workspace(store) as workspace:
        yield workspace


async def settle(slack, posts_so_far: int) -> None:
    """Sends one more DM, waits for *its* answer (found by a word only it contains), then checks that exactly
    `posts_so_far` other posts came before it: anything a previous request caused has been posted by then,
    and an extra reply (to a message that should be ignored, or a second answer) fails here."""
    marker = f"zqxmarker{next(slack.api.ids)}"
    await slack.event(slack.direct_message(f"{marker} octopus telepathy"))
    deadline = asyncio.get_running_loop().time() + 5
    while True:
        posts = slack.api.calls("chat.postMessage")
        mine = [i for i, post in enumerate(posts) if marker in json.dumps(post)]
        if mine:
            break
        assert asyncio.get_running_loop().time() < deadline, f"no reply to the settling message; saw {len(posts)} posts"
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)  # anything still in flight lands now
    posts = slack.api.calls("chat.postMessage")
    others = [post for post in posts if marker not in json.dumps(post)]
    assert len(others) == posts_so_far, f"expected {posts_so_far} other post(s), got {len(others)}: {posted_json(others)[:500]}"


async def test_url_verification_echoes_the_challenge(slack):
    body = json.dumps({"token": "unused", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"})
    status, text = await slack.send(body, "application/json")
    assert status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in text


async def test_a_mention_is_answered_in_a_thread_with_the_case_figure_and_contact(slack):
    event = slack.mention(QUESTION)
    assert await slack.event(event) == 200
    [post] = await slack.api.wait_for("chat.postMessage")
    assert post["channel"] == CHANNEL
    assert post["thread_ts"] == event["ts"]
    blocks = json.dumps(post["blocks"], ensure_ascii=False)
    assert "Forest Heath" in blocks
    assert "*£300,000 a year*" in blocks
    assert "enquiries@socitm.net" in blocks
    assert {"Details", "More like this", "Connect me", "Helpful", "Not helpful"} <= {
        e["text"]["text"] for b in post["blocks"] if b["type"] == "actions" for e in b["elements"]}
    assert "Forest Heath" in post["text"], "a plain fallback goes with the blocks"


async def test_a_mention_in_emoji_and_bold_is_answered_as_the_bare_question(slack):
    """Slack sends what a person typed in its markup: ":wave:" and "*...*" round a question are not words of
    it (read as typed, ":wave:" asked about waves and the region's cases were lost)."""
    await slack.event(slack.mention(":wave: *data projects in Scotland* :pray::skin-tone-2: &amp; thanks"))
    await slack.event(slack.mention("data projects in Scotland and thanks"))
    dressed, bare = await slack.api.wait_for("chat.postMessage", 2)
    assert "I don't have a case study" not in json.dumps(dressed["blocks"])
    assert [b for b in dressed["blocks"] if b["type"] == "section"][1:] == \
        [b for b in bare["blocks"] if b["type"] == "section"][1:]


async def test_a_direct_message_is_answered_in_the_dm(slack):
    await slack.event(slack.direct_message(QUESTION))
    [post] = await slack.api.wait_for("chat.postMessage")
    assert post["channel"] == DM_CHANNEL
    assert "thread_ts" not in post
    assert "Forest Heath" in json.dumps(post["blocks"])


async def test_a_question_nothing_answers_gets_an_honest_reply_with_socitm(slack):
    await slack.event(slack.mention("how do I train a dragon to deliver parcels"))
    [post] = await slack.api.wait_for("chat.postMessage")
    text = json.dumps(post["blocks"])
    assert "I don't have a case study" in text
    assert "01604 709456" in text


async def test_a_question_on_a_topic_the_library_lacks_is_told_so_by_name(slack):
    """"Pest control" is a topic the vocabulary names and no case has: the reply says the library has nothing
    on it, rather than answering from "book" and "online"."""
    await slack.event(slack.mention("Can residents book pest control visits online with any council?"))
    [post] = await slack.api.wait_for("chat.postMessage")
    text = json.dumps(post["blocks"], ensure_ascii=False)
    assert 'no case study about \\"pest control\\" yet' in text and "01604 709456" in text


async def test_an_empty_mention_gets_help(slack):
    await slack.event(slack.mention(""))
    [post] = await slack.api.wait_for("chat.postMessage")
    assert "theme NAME" in json.dumps(post["blocks"])


async def test_app_home_is_published_with_themes_recent_cases_and_contact(slack):
    await slack.event({"type": "app_home_opened", "user": "UPERSON01", "channel": "D0000009", "tab": "home",
                       "event_ts": slack.next_ts()})
    [publish] = await slack.api.wait_for("views.publish")
    assert publish["user_id"] == "UPERSON01"
    view = json.dumps(publish["view"], ensure_ascii=False)
    assert publish["view"]["type"] == "home"
    assert f"Waste and street scene* ({theme_count('waste')})" in view
    assert "Recent case studies" in view
    assert "enquiries@socitm.net" in view


async def test_a_retried_event_posts_nothing_more(slack):
    event = slack.mention(QUESTION)
    await slack.event(event, event_id="EvRETRIED")
    await slack.api.wait_for("chat.postMessage")
    status = await slack.event(event, event_id="EvRETRIED",
                               headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert status == 200
    await settle(slack, 1)
    assert len(slack.api.calls("chat.postMessage")) == 2


async def test_the_same_event_id_twice_is_answered_once(slack):
    await slack.event(slack.direct_message(QUESTION), event_id="EvTWICE")
    await slack.event(slack.direct_message(QUESTION), event_id="EvTWICE")
    await settle(slack, 1)
    assert len(slack.api.calls("chat.postMessage")) == 2


async def test_one_message_delivered_by_app_mention_and_message_channels_is_answered_once(slack):
    mention = slack.mention(QUESTION)
    as_channel_message = {**mention, "type": "message", "channel_type": "channel"}
    await slack.event(as_channel_message)
    await slack.event(mention)
    await settle(slack, 1)
    posts = slack.api.calls("chat.postMessage")
    assert len(posts) == 2
    assert posts[0]["thread_ts"] == mention["ts"]


async def test_messages_in_two_channels_at_the_same_moment_are_both_answered(slack):
    """A message's ts is unique within its channel only: the same ts in another channel is another message."""
    ts = slack.next_ts()
    await slack.event(slack.mention(QUESTION, ts=ts))
    await slack.event(slack.mention(QUESTION, channel="COTHER001", ts=ts))
    await settle(slack, 2)
    assert sorted(post["channel"] for post in slack.api.calls("chat.postMessage")[:2]) == sorted([CHANNEL, "COTHER001"])


async def test_channel_messages_that_do_not_mention_the_bot_are_ignored(slack):
    ts = slack.next_ts()
    await slack.event({"type": "message", "channel_type": "channel", "user": "UPERSON01", "text": QUESTION,
                       "channel": CHANNEL, "ts": ts, "event_ts": ts})
    await settle(slack, 0)
    assert len(slack.api.calls("chat.postMessage")) == 1


@pytest.mark.parametrize("extra", [
    {"user": BOT_USER_ID, "bot_id": BOT_ID},
    {"user": "UOTHERBOT", "bot_id": "BOTHER01", "subtype": "bot_message"},
    {"user": "UOTHERBOT", "bot_id": "BOTHER01"},  # an app posting as a user still carries its bot_id
    {"subtype": "bot_message", "bot_id": "BOTHER01", "user": None},
    {"subtype": "message_changed"},
    {"subtype": "message_deleted"},
    {"subtype": "channel_join"},
    {"user": None},
], ids=["own", "other-bot", "app-as-user", "bot-without-user", "edited", "deleted", "join", "no-user"])
async def test_the_bots_own_messages_other_bots_and_edits_are_ignored(slack, extra):
    await slack.event(slack.direct_message(QUESTION, **extra))
    await settle(slack, 0)


@pytest.mark.parametrize("subtype", ["file_share", "thread_broadcast"])
async def test_messages_a_person_typed_with_a_file_or_to_the_channel_are_answered(slack, subtype):
    await slack.event(slack.direct_message(QUESTION, subtype=subtype))
    await settle(slack, 1)
    assert "Forest Heath" in posted_json(slack.api.calls("chat.postMessage")[:1])


@pytest.mark.parametrize("hostile, forbidden", [
    ("<!channel> who saved money on refuse routing?", "<!channel>"),
    ("<!here> refuse routing", "<!here>"),
    ("@here who saved money on refuse routing", "@here"),
    ("@channel bins", "@channel"),
    ("<@U123ABC> refuse routing savings", "<@U123ABC>"),
    ("see <http://evil.example|trusted> refuse", "<http://evil.example|trusted>"),
])
async def test_nothing_a_user_typed_is_echoed_unescaped(slack, hostile, forbidden):
    await slack.event(slack.direct_message(f"{hostile} and unicorn telepathy budgets"))
    [post] = await slack.api.wait_for("chat.postMessage")
    assert forbidden not in posted_json([post])
    assert "unicorn" in posted_json([post]), "the question is echoed, escaped, in the honest no-match reply"


async def test_a_web_api_rate_limit_is_retried_and_the_answer_arrives_once(slack):
    slack.api.fail_next("chat.postMessage", 429, {"Retry-After": "1"})
    await slack.event(slack.mention(QUESTION))
    posts = await slack.api.wait_for("chat.postMessage", 2)
    assert len(posts) == 2, "one refused with 429, one accepted"
    await settle(slack, 2)
    assert "Forest Heath" in json.dumps(posts[1]["blocks"])
    assert len(slack.api.calls("chat.postMessage")) == 3


async def test_a_web_api_that_keeps_failing_is_logged_and_the_server_keeps_serving(slack, caplog):
    for _ in range(3):
        slack.api.fail_next("chat.postMessage", 500)
    await slack.event(slack.mention(QUESTION), event_id="EvFAILING")
    await slack.api.wait_for("chat.postMessage", 3)
    await settle(slack, 3)
    assert any("EvFAILING" in record.getMessage() for record in caplog.records)


async def test_socket_mode_answers_events_that_arrive_over_the_websocket(store, caplog):
    caplog.set_level(logging.INFO, logger="practice_bot.slack")  # the operator's sign that it connected
    api, socket = FakeSlackApi(), FakeSocketMode()
    async with running(api.server.app()) as api_url, running(socket.app()) as socket_url:
        api.socket_url = socket_url.replace("http://", "ws://") + "/link"
        env = {**slack_env(api_url, SLACK_APP_TOKEN="xapp-test", SLACK_SOCKET_MODE="1"), "SLACK_SIGNING_SECRET": ""}
        async with running(create_app(store, Settings(env=env))) as url, aiohttp.ClientSession() as http:
            await socket.send_event("env1", {"type": "app_mention", "user": "UPERSON01", "channel": CHANNEL,
                                             "text": f"<@{BOT_USER_ID}> {QUESTION}", "ts": "1.0001"})
            [post] = await api.wait_for("chat.postMessage")
            assert "Forest Heath" in json.dumps(post["blocks"])
            assert {"envelope_id": "env1"} in socket.received
            async with http.post(f"{url}/slack/events", json={}) as response:
                assert (response.status, (await response.json())["message"]) == (
                    503, "Slack runs in Socket Mode on this server, not over HTTP.")
    assert "Slack is connected over Socket Mode" in [record.getMessage() for record in caplog.records]


async def test_greetings_get_help_and_thanks_a_short_reply(slack):
    await slack.event(slack.direct_message("hello"))
    await slack.event(slack.direct_message("thanks!"))
    hello, thanks = await slack.api.wait_for("chat.postMessage", 2)
    assert "theme NAME" in json.dumps(hello) and "You're welcome" in json.dumps(thanks)


async def test_questions_and_answers_stay_out_of_the_log_even_at_debug(slack, caplog):
    """slack_sdk's clients log each request's and response's body at DEBUG (and build those messages on every
    call unless their logger has a level of its own): the question asked and the answer sent must not reach
    the log, whatever LOG_LEVEL is."""
    caplog.set_level(logging.DEBUG)
    await slack.event(slack.mention("zqxmention refuse routing"))
    await slack.api.wait_for("chat.postMessage")
    await slack.api.wait_for(await slack.command("zqxcommand refuse routing"))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "zqxmention" not in logged and "zqxcommand" not in logged
    assert "Forest Heath" not in logged, "nor the answer"
