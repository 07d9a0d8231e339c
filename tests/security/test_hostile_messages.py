"""A message of any size or shape is answered or refused quickly, on every platform, and the server keeps
answering /healthz meanwhile. Before the bound at the door, 28-60 KB of punctuation or mentions took
6-57 seconds of the event loop. End to end over HTTP on loopback."""
from __future__ import annotations

import asyncio
import re
import time

import aiohttp
import pytest

from bot.server import create_app
from bot.settings import Settings
from tests.fakes.bot_connector import teams_connector
from tests.fakes.entra import CREDENTIALS
from tests.fakes.slack_api import slack_workspace

NEAR_A_MEGABYTE = 900_000
"""Just under the server's 1 MiB body limit, so the text itself reaches the adapters."""
SHAPES = {
    "punctuation after a greeting": lambda n: "hi" + "!" * n + "x",
    "slack user mentions without an end": lambda n: "<@U1|" * (n // 5),
    "teams mention tags without an end": lambda n: "<at>" * (n // 4),
    "spaces and punctuation after thanks": lambda n: "thanks" + " !" * (n // 2),
}
QUICK_SECONDS = 2.0
"""Generous for a loaded CI machine; the unbounded patterns took tens of seconds."""


async def _healthz_while(url: str, work) -> tuple[float, float]:
    """Run `work`, and measure how long /healthz takes while it runs."""
    async with aiohttp.ClientSession() as session:
        task = asyncio.ensure_future(work)
        await asyncio.sleep(0.05)
        started = time.perf_counter()
        async with session.get(url + "/healthz") as response:
            assert response.status == 200
        health = time.perf_counter() - started
        began = time.perf_counter()
        await task
        return health, time.perf_counter() - began


@pytest.mark.parametrize("shape", SHAPES)
async def test_a_hostile_slack_direct_message_is_answered_quickly(store, shape):
    text = SHAPES[shape](NEAR_A_MEGABYTE)
    async with slack_workspace(store) as slack:
        started = time.perf_counter()
        assert await slack.event(slack.direct_message(text)) == 200
        await slack.api.wait_for("chat.postMessage")
        assert time.perf_counter() - started < QUICK_SECONDS


@pytest.mark.parametrize("shape", SHAPES)
async def test_a_hostile_teams_message_is_answered_quickly_and_health_stays_up(store, shape):
    app = create_app(store, Settings(env=CREDENTIALS))
    text = SHAPES[shape](NEAR_A_MEGABYTE)
    async with teams_connector(app) as teams:
        started = time.perf_counter()
        health, _ = await _healthz_while(teams.bot_url, teams.say(text))
        await teams.reply()
        assert time.perf_counter() - started < QUICK_SECONDS
        assert health < QUICK_SECONDS


async def test_a_body_over_a_megabyte_is_refused_with_413(store):
    async with slack_workspace(store) as slack:
        status, _ = await slack.send("x" * (1024 * 1024 + 1), "application/json")
        assert status == 413


async def test_a_users_address_is_never_a_live_link_in_teams_fallback_text(store):
    app = create_app(store, Settings(env=CREDENTIALS))
    async with teams_connector(app) as teams:
        await teams.say("[trusted](http://evil.example) and https://evil.example/x about unicorn hats")
        fallback = (await teams.reply()).body["attachments"][0]["content"]["fallbackText"]
    assert not re.search(r"(?<!\\)\]\(", fallback), "a Markdown link that is not escaped"
    assert "https://evil" not in fallback and "http://evil" not in fallback
