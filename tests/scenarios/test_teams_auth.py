"""Who may post to /api/messages: anyone in anonymous mode (no Microsoft credentials, logged loudly), only
holders of a valid Bot Framework token once the SDK's credentials are set; the rest of the server is
never affected by Teams' token check."""
from __future__ import annotations

import logging

import aiohttp
import pytest

from bot.server import create_app
from bot.settings import Settings
from tests.fakes.bot_connector import card_of, teams_connector

CREDENTIALS = {
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "not-a-real-secret",
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": "72f988bf-86f1-41af-91ab-2d7cd011db47",
}


async def test_anonymous_mode_answers_and_says_so_in_the_log(store, caplog):
    with caplog.at_level(logging.WARNING, logger="practice_bot.teams"):
        app = create_app(store, Settings(env={}))
    assert "ANONYMOUS mode" in caplog.text
    async with teams_connector(app) as teams:
        await teams.say("who saved money on refuse routing?")
        assert card_of(await teams.reply())


@pytest.mark.parametrize("authorization", [None, "Bearer not.a.token", "Basic dXNlcjpwYXNz"])
async def test_with_credentials_a_request_without_a_valid_token_is_rejected(store, authorization):
    app = create_app(store, Settings(env=CREDENTIALS))
    async with teams_connector(app) as teams:
        headers = {"Authorization": authorization} if authorization else {}
        status = await teams.send({"type": "message", "id": "m1", "text": "themes", "from": {"id": "29:x"},
                                   "conversation": {"id": "a:x"}}, headers=headers)
        assert status == 401
        assert teams.server.requests == []  # nothing was answered


async def test_with_credentials_the_other_routes_are_not_behind_teams_token_check(store):
    app = create_app(store, Settings(env=CREDENTIALS))
    async with teams_connector(app) as teams, aiohttp.ClientSession() as session:
        for path in ("/healthz", "/readyz"):
            async with session.get(teams.bot_url + path) as response:
                assert response.status == 200, path
        async with session.post(teams.bot_url + "/slack/events", json={}) as response:
            assert response.status != 401  # Slack's own answer, whatever it is, not Teams' token check
