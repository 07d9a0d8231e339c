"""Who may post to /api/messages, and where the bot may send what it says.

Secure by default: no credentials, no Teams (503), so a Slack-only deployment exposes nothing of Teams.
With credentials every activity needs a valid Bot Framework token, and the bot replies only to the
serviceUrl that token vouches for. Anonymous mode exists only when asked for, refuses to start next to
anything production-like, and answers only a serviceUrl on this machine. End to end on loopback."""
from __future__ import annotations

import logging

import aiohttp
import pytest

from bot.platforms.teams_access import TeamsConfigurationError
from bot.server import create_app
from bot.settings import Settings
from tests.fakes.bot_connector import USER, card_of, teams_connector
from tests.fakes.entra import CREDENTIALS, bot_framework_token, other_key
from tests.fakes.slack_api import slack_env

ADMIN = {"id": "29:robin", "name": "Robin Admin", "aadObjectId": "aad-robin-admin"}
ACTIVITY = {"type": "message", "id": "m1", "text": "status", "from": ADMIN, "conversation": {"id": "a:x"}}
ANONYMOUS = {"TEAMS_ANONYMOUS": "1"}


@pytest.mark.parametrize("env", [{}, slack_env("http://127.0.0.1:9/api/"), {"TEAMS_ADMIN_IDS": "aad-robin-admin"}])
async def test_without_credentials_teams_is_off_and_says_what_is_missing(store, env, caplog):
    with caplog.at_level(logging.WARNING, logger="practice_bot.teams"):
        app = create_app(store, Settings(env=env))
    assert "Teams is off" in caplog.text
    async with teams_connector(app, signed=False) as teams:
        async with aiohttp.ClientSession() as session:
            body = {**ACTIVITY, "serviceUrl": teams.service_url}
            async with session.post(teams.bot_url + "/api/messages", json=body) as response:
                assert response.status == 503
                assert "CLIENTID" in (await response.json())["message"]
        assert teams.server.requests == []  # nothing was sent anywhere


async def test_anonymous_mode_must_be_asked_for_and_answers_on_this_machine(store, caplog):
    with caplog.at_level(logging.WARNING, logger="practice_bot.teams"):
        app = create_app(store, Settings(host="127.0.0.1", env=ANONYMOUS))
    assert "ANONYMOUS mode" in caplog.text
    async with teams_connector(app, signed=False) as teams:
        await teams.say("who saved money on refuse routing?")
        assert card_of(await teams.reply())


async def test_anonymous_mode_never_replies_to_a_service_url_off_this_machine(store):
    app = create_app(store, Settings(host="127.0.0.1", env=ANONYMOUS))
    async with teams_connector(app, signed=False) as teams:
        status = await teams.send({**ACTIVITY, "serviceUrl": "http://10.1.2.3:8080/"})
        assert status == 403
        assert teams.server.requests == []


@pytest.mark.parametrize("env, host", [
    ({**ANONYMOUS, "TEAMS_ADMIN_IDS": "aad-robin-admin"}, "127.0.0.1"),
    ({**ANONYMOUS, "DATABASE_URL": "postgresql://u:p@db/x"}, "127.0.0.1"),
    ({**ANONYMOUS, "TEAMS_REVIEW_CONVERSATION_ID": "19:x@thread.tacv2"}, "127.0.0.1"),
    ({**ANONYMOUS, **CREDENTIALS}, "127.0.0.1"),
    (ANONYMOUS, "0.0.0.0"),
])
def test_anonymous_mode_refuses_to_start_next_to_production_settings(store, env, host):
    with pytest.raises(TeamsConfigurationError, match="TEAMS_ANONYMOUS=1 refused"):
        create_app(store, Settings(host=host, env=env))


@pytest.mark.parametrize("authorization", [
    None, "Bearer not.a.token", "Basic dXNlcjpwYXNz", "Bearer", "Bearer  two  spaces", "bearer x.y.z",
    # a token without a key id, an unsigned one and a symmetric one: forgeries that must get 401, not 500
    "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJhdWQiOiJ4In0.",
    "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiIzZjI1MDRlMCJ9.c2lnbmF0dXJl",
])
async def test_with_credentials_a_request_without_a_valid_token_is_rejected(store, authorization):
    app = create_app(store, Settings(env=CREDENTIALS))
    async with teams_connector(app) as teams:
        headers = {"Authorization": authorization} if authorization else {}
        status = await teams.send(ACTIVITY, headers=headers)
        assert status == 401
        assert teams.server.requests == []  # nothing was answered


@pytest.mark.parametrize("forge", ["other key", "other app", "unknown kid", "expired"])
async def test_with_credentials_forged_or_stale_tokens_are_rejected(store, forge):
    app = create_app(store, Settings(env=CREDENTIALS))
    async with teams_connector(app) as teams:
        token = {
            "other key": lambda: bot_framework_token(teams.service_url, key=other_key()),
            "other app": lambda: bot_framework_token(teams.service_url, audience="another-app-id"),
            "unknown kid": lambda: bot_framework_token(teams.service_url, kid="someone-elses-key"),
            "expired": lambda: bot_framework_token(teams.service_url, lifetime=-3600),
        }[forge]()
        status = await teams.send(ACTIVITY, headers={"Authorization": f"Bearer {token}"})
        assert status == 401
        assert teams.server.requests == []


async def test_with_credentials_replies_go_only_to_the_service_url_the_token_vouches_for(store):
    app = create_app(store, Settings(env=CREDENTIALS))
    async with teams_connector(app) as teams:
        token = bot_framework_token(teams.service_url)
        elsewhere = {**ACTIVITY, "serviceUrl": "http://127.0.0.2:9/"}
        status = await teams.send(elsewhere, headers={"Authorization": f"Bearer {token}"})
        assert status == 403
        await teams.say("who saved money on refuse routing?")  # the vouched-for URL is answered
        assert card_of(await teams.reply())
        assert all(r.path.startswith("/v3/") for r in teams.server.requests)


async def test_a_claimed_admin_id_gives_no_power_without_a_valid_token(store):
    app = create_app(store, Settings(env={"TEAMS_ADMIN_IDS": "aad-robin-admin", **CREDENTIALS}))
    async with teams_connector(app) as teams:
        forged = bot_framework_token(teams.service_url, key=other_key())
        assert await teams.send(ACTIVITY, headers={"Authorization": f"Bearer {forged}"}) == 401
        await teams.say("status", user=USER)  # a real user with a valid token, but not an admin
        assert "admins only" in str((await teams.reply()).body)


async def test_with_an_allowlist_other_tenants_get_no_answer(store):
    env = {**CREDENTIALS, "TEAMS_ALLOWED_TENANTS": "council-a-tenant"}
    app = create_app(store, Settings(env=env))
    async with teams_connector(app) as teams:
        outsider = {**ACTIVITY, "text": "themes", "channelData": {"tenant": {"id": "someone-else"}}}
        assert await teams.send(outsider) == 403
        assert teams.server.requests == []
        await teams.say("themes", channelData={"tenant": {"id": "council-a-tenant"}})
        assert card_of(await teams.reply())


async def test_with_credentials_the_other_routes_are_not_behind_teams_token_check(store):
    app = create_app(store, Settings(env=CREDENTIALS))
    async with teams_connector(app) as teams, aiohttp.ClientSession() as session:
        for path in ("/healthz", "/readyz"):
            async with session.get(teams.bot_url + path) as response:
                assert response.status == 200, path
        async with session.post(teams.bot_url + "/slack/events", json={}) as response:
            assert response.status != 401  # Slack's own answer, whatever it is, not Teams' token check


