"""Slack requests that are signed oddly, or signed well but sent twice: refused with 401, never a 500, and
never executed twice. End to end on loopback with a fake Slack Web API."""
from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest

from tests.fakes.slack_api import CHANNEL, PERSON, SIGNING_SECRET, TEAM_ID, signature, slack_workspace


@pytest.fixture
async def slack(store):
    async with slack_workspace(store) as workspace:
        yield workspace


def _command_form(slack, text: str) -> str:
    return urlencode({"token": "unused", "team_id": TEAM_ID, "channel_id": CHANNEL, "user_id": PERSON,
                      "command": "/practice", "text": text, "response_url": f"{slack.api_url}/response/replayed",
                      "trigger_id": "trigger.replayed"})


@pytest.mark.parametrize("timestamp, signed", [
    ("abc", True), ("", True), ("{now}.5", True), ("9" * 400, True), (None, False),
], ids=["letters", "empty", "fraction", "huge", "bad-signature"])  # stable ids: the same tests on every collection
async def test_malformed_signature_headers_get_401_not_500(slack, timestamp, signed):
    body = _command_form(slack, "themes")
    now = str(int(time.time()))
    stamp = timestamp.format(now=now) if timestamp is not None else now
    sign = signature(SIGNING_SECRET, stamp, body) if signed else "v0=éé"
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
               "X-Slack-Signature": sign}
    async with slack.http.post(f"{slack.url}/slack/events", data=body.encode(), headers=headers) as response:
        assert response.status == 401
        assert await response.json() == {"ok": False, "error": "invalid_request_signature"}
    assert slack.api.calls("response/replayed") == []


@pytest.mark.parametrize("body, content_type", [
    ("{not json", "application/json"), ("payload=%7Bnot+json", "application/x-www-form-urlencoded"),
], ids=["json", "form-payload"])
async def test_a_well_signed_body_slack_would_never_send_gets_400_and_the_server_goes_on(slack, body, content_type):
    """Signed with the right secret but not parseable: Slack's own error shape (ok false, a reason), not a 500."""
    status, text = await slack.send(body, content_type)
    assert (status, json.loads(text)) == (400, {"ok": False, "error": "malformed_request_body"})
    await slack.api.wait_for(await slack.command("help"))


async def test_a_signed_request_sent_again_is_not_executed_again(slack):
    body = _command_form(slack, "themes")
    stamp = str(int(time.time()))
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
               "X-Slack-Signature": signature(SIGNING_SECRET, stamp, body)}
    async with slack.http.post(f"{slack.url}/slack/events", data=body.encode(), headers=headers) as response:
        assert response.status == 200
        slack.api.immediate_response("response/replayed", await response.text())
    await slack.api.wait_for("response/replayed")
    async with slack.http.post(f"{slack.url}/slack/events", data=body.encode(), headers=headers) as response:
        assert (response.status, await response.text()) == (401, "replayed request")
    later = await slack.command("help")  # a later, different command is answered: the server went on working
    await slack.api.wait_for(later)
    assert len(slack.api.calls("response/replayed")) == 1


async def test_an_event_retry_is_acknowledged_but_answered_once(slack):
    event = slack.direct_message("who saved money on refuse routing?")
    envelope = {"type": "event_callback", "team_id": TEAM_ID, "event_id": "EvRETRY", "event": event}
    body = json.dumps(envelope)
    stamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
               "X-Slack-Signature": signature(SIGNING_SECRET, stamp, body)}
    for retry in (None, "1"):
        extra = {"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        async with slack.http.post(f"{slack.url}/slack/events", data=body.encode(), headers={**headers, **extra}) as response:
            assert response.status == 200
    await slack.api.wait_for("chat.postMessage")
    assert len(slack.api.calls("chat.postMessage")) == 1
