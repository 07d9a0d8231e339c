"""What reaches the bot's handlers: only requests Slack really signed, recently; and a server without Slack
settings that says so instead of failing."""
from __future__ import annotations

import json
import time

import aiohttp
import pytest

from bot.server import create_app
from bot.settings import Settings

from ..fakes.slack_api import slack_workspace
from ..support.loopback import running


@pytest.fixture
async def slack(store):
    async with slack_workspace(store) as workspace:
        yield workspace


@pytest.mark.parametrize("how", [
    {"secret": "not-the-signing-secret"},
    {"timestamp": int(time.time()) - 10 * 60},
])
async def test_badly_signed_or_stale_requests_are_rejected_before_any_handler(slack, how):
    event = slack.mention("who saved money on refuse routing?")
    body = json.dumps({"type": "event_callback", "event_id": "EvFORGED", "team_id": "T0000001", "event": event})
    status, _text = await slack.send(body, "application/json", **how)
    assert status == 401
    await slack.event(slack.direct_message("help"))
    [only] = await slack.api.wait_for("chat.postMessage")
    assert only["channel"] != event["channel"], "the forged mention was never answered"


async def test_a_request_without_a_signature_is_rejected(slack):
    async with slack.http.post(f"{slack.url}/slack/events", json={"type": "url_verification", "challenge": "x"}) as response:
        assert response.status == 401


async def test_without_slack_settings_the_server_runs_and_says_slack_is_off(store, caplog):
    async with running(create_app(store, Settings(env={}))) as url, aiohttp.ClientSession() as http:
        async with http.post(f"{url}/slack/events", json={"type": "url_verification", "challenge": "x"}) as response:
            assert response.status == 503
            assert await response.json() == {
                "ok": False, "error": "slack_unavailable",
                "message": "Slack is off on this server: set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET."}
        async with http.get(f"{url}/healthz") as response:
            assert response.status == 200
    assert "Slack is off: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET not set" in [r.getMessage() for r in caplog.records]
