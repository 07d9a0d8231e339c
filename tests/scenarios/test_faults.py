"""Bad input and bad timing against the real two-platform server: malformed bodies get a 4xx and no
traceback, and questions answered during a reload come from a complete knowledge base."""
from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest

from bot.server import create_app
from bot.settings import Settings
from bot.store import KnowledgeStore
from tests.fakes.bot_connector import FakeBotConnector, connector_answer
from tests.fakes.entra import CREDENTIALS
from tests.fakes.slack_api import SIGNING_SECRET, FakeSlackApi, SlackWorkspace, signature, slack_env
from tests.support.loopback import FakeServer, running

from ..knowledge.helpers import case_file, copy_knowledge

BROKEN_BODIES = [
    ("/slack/events", "application/json", "{not json"),
    ("/slack/events", "application/json", json.dumps(["a", "list"])),
    ("/slack/events", "application/x-www-form-urlencoded", "payload=%7Bbroken"),
    ("/slack/events", "application/x-www-form-urlencoded", "%%%=&&&"),
    ("/api/messages", "application/json", "{not json"),
    ("/api/messages", "application/json", json.dumps({"type": "message"})),
    ("/api/messages", "text/plain", "hello"),
]


@pytest.fixture
async def both(tmp_path):
    """Slack and Teams on one real server, with a fake Slack API; yields (base url, store)."""
    store = KnowledgeStore(copy_knowledge(tmp_path))
    api = FakeSlackApi()
    async with running(api.server.app()) as api_url:
        async with running(create_app(store, Settings(env={**slack_env(api_url), **CREDENTIALS}))) as url:
            yield url, store, api, api_url


@pytest.mark.parametrize("path, content_type, body", BROKEN_BODIES)
async def test_malformed_bodies_get_a_4xx_without_a_traceback(both, path, content_type, body):
    url, _store, _api, _api_url = both
    stamp = str(int(time.time()))
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
               "X-Slack-Signature": signature(SIGNING_SECRET, stamp, body)}
    async with aiohttp.ClientSession() as session:
        async with session.post(url + path, data=body.encode(), headers=headers) as response:
            text = await response.text()
            assert 400 <= response.status < 500, (response.status, text)
            assert "Traceback" not in text and 'File "' not in text
        async with session.get(url + "/healthz") as response:
            assert response.status == 200


async def test_answers_during_reloads_always_come_from_a_complete_base(both):
    url, store, api, api_url = both
    directory = store.directory
    target = case_file(directory, "forest-heath-st-edmundsbury-refuse-routing")
    original = target.read_text()
    async with aiohttp.ClientSession() as http:
        slack = SlackWorkspace(url=url, api=api, api_url=api_url, http=http)
        connector = FakeServer(respond=connector_answer)
        async with running(connector.app()) as connector_url:
            teams = FakeBotConnector(url, connector_url, connector)

            async def reload_repeatedly():
                for i in range(4):
                    target.write_text(original.replace("summary: >-", f"summary: >-\n  Revision {i}.", 1))
                    assert (await store.reload_async(trigger="test")).ok

            questions = [slack.command("who saved money on refuse routing?") for _ in range(20)]
            sayings = [teams.say("who saved money on refuse routing?") for _ in range(20)]
            paths, *_ = await asyncio.gather(asyncio.gather(*questions), asyncio.gather(*sayings), reload_repeatedly())
            for path in paths:
                [reply] = await api.wait_for(path)
                posted = json.dumps(reply, ensure_ascii=False)
                assert "Forest Heath District Council" in posted and "£300,000 a year" in posted
            replies = await teams.wait_for_replies(20)
            assert all("£300,000 a year" in json.dumps(r.body, ensure_ascii=False) for r in replies)
    assert store.status.reloads == 4
