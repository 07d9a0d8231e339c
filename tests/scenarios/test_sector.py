"""One service for the whole sector (issue 13), end to end over HTTP on loopback with real databases.

- Many Slack workspaces: an install through bolt's OAuth flow, the code exchanged at a fake `oauth.v2.access`,
  stores the installation in the database; each workspace's events are answered with its own token; an
  uninstall removes the tokens.
- Many Teams tenants: an activity from a tenant not on the allowlist gets no answer.
- Per-organisation roles: a council's admin sees only its own gaps; curators decide anywhere; reload is the
  operators'.
"""
from __future__ import annotations

import json
import logging
import re
import time
from urllib.parse import parse_qs, urlparse

import aiohttp
import pytest

from bot.app_keys import SHARING
from bot.server import create_app
from bot.settings import Settings
from bot.store import KnowledgeStore
from tests.fakes.bot_connector import BOT, USER, card_of, card_text, teams_connector
from tests.fakes.entra import CREDENTIALS
from tests.fakes.slack_api import BOT_USER_ID, SIGNING_SECRET, FakeSlackApi, SlackWorkspace
from tests.knowledge.helpers import copy_knowledge
from tests.support.loopback import running

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "oauth-client-secret"
QUESTION = "who saved money on refuse routing?"


def oauth_env(api_url: str, database: str, **extra: str) -> dict[str, str]:
    """Only what the issue says must be enough: client id, client secret and signing secret (no bot token)."""
    return {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": f"{api_url}/api", "PRACTICE_BOT_DATABASE": database, **extra}


async def install(http: aiohttp.ClientSession, url: str, api: FakeSlackApi, code: str, team: str,
                  installer: str) -> tuple[int, str]:
    """A council's admin clicks *Add to Slack*, approves in Slack, and comes back with a code."""
    api.expect_install(code, team, installer, CLIENT_ID, CLIENT_SECRET)
    async with http.get(f"{url}/slack/install", allow_redirects=False) as page:
        html = await page.text()
        cookie = page.headers.getall("Set-Cookie")
    assert page.status == 200, html
    link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', html).group(1)
    query = parse_qs(urlparse(link.replace("&amp;", "&")).query)
    assert query["client_id"] == [CLIENT_ID]
    assert set(query["scope"][0].split(",")) == {"app_mentions:read", "chat:write", "commands", "im:history",
                                                 "im:read", "im:write"}
    state = query["state"][0]
    state_cookie = next(c.split(";")[0] for c in cookie if c.startswith("slack-app-oauth-state="))
    async with http.get(f"{url}/slack/oauth_redirect", params={"code": code, "state": state},
                        headers={"Cookie": state_cookie}, allow_redirects=False) as back:
        return back.status, await back.text()


def mention_envelope(team: str, text: str, *, user: str = "UPERSON01", event_id: str) -> dict:
    ts = f"{time.time():.6f}"
    return {"token": "unused", "team_id": team, "api_app_id": "A0000001", "type": "event_callback",
            "event_id": event_id, "event_time": int(time.time()), "authorizations": [
                {"team_id": team, "user_id": BOT_USER_ID, "is_bot": True, "enterprise_id": None}],
            "event": {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}", "channel": "C0000001",
                      "ts": ts, "event_ts": ts}}


def posts_with_token(api: FakeSlackApi, token: str) -> list[dict]:
    return [r.body for r in api.server.to("/chat.postMessage") if r.headers.get("Authorization") == f"Bearer {token}"]


async def test_oauth_installs_are_stored_and_each_workspace_is_answered_with_its_own_token(tmp_path, caplog):
    api = FakeSlackApi()
    store = KnowledgeStore(copy_knowledge(tmp_path))
    caplog.set_level(logging.INFO, logger="practice_bot.slack")
    async with running(api.server.app()) as api_url:
        app = create_app(store, Settings(env=oauth_env(api_url, str(tmp_path / "shared.sqlite3"))))
        said = [record.getMessage() for record in caplog.records]
        assert "Slack: many workspaces, installed at /slack/install" in said, "the operator is told where to install"
        async with running(app) as url, aiohttp.ClientSession() as http:
            slack = SlackWorkspace(url=url, api=api, api_url=api_url, http=http, app=app)
            status, page = await install(http, url, api, "code-leeds", "TLEEDS001", "ULEEDSADMIN")
            assert status == 200, page
            [exchange] = api.server.to("/oauth.v2.access")  # the token exchange went through SLACK_API_URL
            installations = app[SHARING].storage
            store_ = _installation_store(app)
            bot = await store_.async_find_bot(enterprise_id=None, team_id="TLEEDS001")
            assert bot is not None and bot.bot_token == "xoxb-code-leeds"

            status, _ = await slack.send(json.dumps(mention_envelope("TLEEDS001", QUESTION, event_id="EvL1")),
                                         "application/json")
            assert status == 200
            await api.wait_for("chat.postMessage")
            [answer] = posts_with_token(api, "xoxb-code-leeds")
            assert "Wigan" in json.dumps(answer) or "refuse" in json.dumps(answer).lower()

            assert (await install(http, url, api, "code-bury", "TBURY0001", "UBURYADMIN"))[0] == 200
            await slack.send(json.dumps(mention_envelope("TBURY0001", QUESTION, event_id="EvB1")), "application/json")
            await api.wait_for("chat.postMessage", 2)
            assert len(posts_with_token(api, "xoxb-code-bury")) == 1
            assert len(posts_with_token(api, "xoxb-code-leeds")) == 1, "Bury's answer used Bury's token only"

            # An unknown workspace gets nothing; an uninstalled one loses its tokens.
            await slack.send(json.dumps(mention_envelope("TNOTHERE1", QUESTION, event_id="EvN1")), "application/json")
            uninstall = {"token": "unused", "team_id": "TBURY0001", "api_app_id": "A0000001", "type": "event_callback",
                         "event_id": "EvU1", "event_time": int(time.time()),
                         "event": {"type": "app_uninstalled", "event_ts": f"{time.time():.6f}"}}
            assert (await slack.send(json.dumps(uninstall), "application/json"))[0] == 200
            deadline = time.monotonic() + 5
            while await store_.async_find_bot(enterprise_id=None, team_id="TBURY0001") is not None:
                assert time.monotonic() < deadline, "the uninstalled workspace's token was kept"
                await _pause()
            assert await store_.async_find_bot(enterprise_id=None, team_id="TLEEDS001") is not None
            assert len(api.server.to("/chat.postMessage")) == 2
    assert exchange.body["code"] == "code-leeds" or "code-leeds" in json.dumps(exchange.body)
    assert installations is not None


async def test_oauth_with_a_wrong_state_installs_nothing(tmp_path):
    api = FakeSlackApi()
    async with running(api.server.app()) as api_url:
        app = create_app(KnowledgeStore(copy_knowledge(tmp_path)),
                         Settings(env=oauth_env(api_url, str(tmp_path / "shared.sqlite3"))))
        async with running(app) as url, aiohttp.ClientSession() as http:
            api.expect_install("code-x", "TEVIL0001", "UEVIL", CLIENT_ID, CLIENT_SECRET)
            async with http.get(f"{url}/slack/oauth_redirect", params={"code": "code-x", "state": "forged"}) as back:
                assert back.status >= 400
            assert api.server.to("/oauth.v2.access") == []
            assert await _installation_store(app).async_find_bot(enterprise_id=None, team_id="TEVIL0001") is None


async def test_without_a_database_many_workspaces_stay_off_and_say_why(tmp_path):
    env = {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET, "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    app = create_app(KnowledgeStore(copy_knowledge(tmp_path)), Settings(env=env))
    async with running(app) as url, aiohttp.ClientSession() as http:
        async with http.post(f"{url}/slack/events", data=b"{}") as response:
            assert response.status == 503
            assert (await response.json())["message"] == ("Slack is off on this server: set PRACTICE_BOT_DATABASE or"
                                                          " DATABASE_URL (installations are kept in the database).")


async def test_a_council_admin_sees_their_own_gaps_and_curators_decide_anywhere(tmp_path):
    api = FakeSlackApi()
    env_extra = {"PRACTICE_BOT_CURATORS": "slack:TBURY0001:UBURYCURATOR",
                 "PRACTICE_BOT_OPERATORS": "slack:TLEEDS001:UOPERATOR"}
    async with running(api.server.app()) as api_url:
        app = create_app(KnowledgeStore(copy_knowledge(tmp_path)),
                         Settings(env=oauth_env(api_url, str(tmp_path / "shared.sqlite3"), **env_extra)))
        async with running(app) as url, aiohttp.ClientSession() as http:
            slack = SlackWorkspace(url=url, api=api, api_url=api_url, http=http, app=app)
            await install(http, url, api, "code-leeds", "TLEEDS001", "ULEEDSADMIN")
            await install(http, url, api, "code-bury", "TBURY0001", "UBURYADMIN")
            for team, question, number in (("TLEEDS001", "dragon taming for parcel delivery", 1),
                                           ("TBURY0001", "lunar colony planning permission", 2)):
                await slack.send(json.dumps(mention_envelope(team, question, event_id=f"EvG{number}")),
                                 "application/json")
            await api.wait_for("chat.postMessage", 2)
            await app[SHARING].gaps.flush()

            async def command(team: str, user: str, text: str) -> str:
                path = f"response/{team}-{user}-{time.monotonic_ns()}"
                form = {"team_id": team, "channel_id": "C1", "user_id": user, "command": "/practice", "text": text,
                        "response_url": f"{api_url}/{path}", "trigger_id": "t.1"}
                from urllib.parse import urlencode
                status, acknowledgement = await slack.send(urlencode(form), "application/x-www-form-urlencoded")
                assert status == 200
                api.immediate_response(path, acknowledgement)
                [reply] = await api.wait_for(path)
                return json.dumps(reply, ensure_ascii=False)

            leeds_gaps = await command("TLEEDS001", "ULEEDSADMIN", "gaps")  # the installer is Leeds' admin
            assert "dragon" in leeds_gaps and "lunar" not in leeds_gaps
            curator_gaps = await command("TBURY0001", "UBURYCURATOR", "gaps")
            assert "dragon" in curator_gaps and "lunar" in curator_gaps
            assert "admins only" in await command("TBURY0001", "USOMEONE", "gaps")
            assert "admins only" in await command("TLEEDS001", "ULEEDSADMIN", "reload")  # operators only
            assert "Reloaded" in await command("TLEEDS001", "UOPERATOR", "reload")
            assert "admins only" in await command("TLEEDS001", "ULEEDSADMIN", "review")  # curators only
            assert "admins only" not in await command("TBURY0001", "UBURYCURATOR", "review")
            assert "Version" in await command("TLEEDS001", "ULEEDSADMIN", "status") or \
                "version" in await command("TLEEDS001", "ULEEDSADMIN", "status")


@pytest.fixture
def allowlisted_app(tmp_path):
    env = {**CREDENTIALS, "TEAMS_ALLOWED_TENANTS": "tenant-leeds, TENANT-BURY"}
    return create_app(KnowledgeStore(copy_knowledge(tmp_path)), Settings(env=env))


async def test_a_teams_tenant_not_on_the_allowlist_gets_no_answer(allowlisted_app):
    async with teams_connector(allowlisted_app) as teams:
        outsider = {"type": "message", "id": "m-outside", "text": QUESTION, "from": USER, "recipient": BOT,
                    "conversation": {"id": "a:outsider", "conversationType": "personal", "tenantId": "tenant-elsewhere"},
                    "channelData": {"tenant": {"id": "tenant-elsewhere"}}}
        assert await teams.send(outsider) == 403
        allowed = {**outsider, "id": "m-inside", "conversation": {**outsider["conversation"], "tenantId": "tenant-bury"},
                   "channelData": {"tenant": {"id": "tenant-bury"}}}
        assert await teams.send(allowed) < 300
        [reply] = await teams.wait_for_replies(1)
        assert "a:outsider" in reply.path
        # the only reply is the one to the allowed tenant's message; the outsider's got none
        assert reply.body.get("replyToId") == "m-inside"
        assert "refuse" in card_text(card_of(reply)).lower() or "Wigan" in card_text(card_of(reply))


def _installation_store(app):
    from bot.platforms.slack_listeners import SlackWorkspaces  # noqa: F401 - the app's own store

    store = app[SHARING]
    assert store is not None
    from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore

    return AsyncSQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=store.storage.engine)


async def _pause() -> None:
    import asyncio

    await asyncio.sleep(0.05)


def test_the_manifest_asks_for_the_scopes_an_install_requests_and_registers_the_oauth_routes():
    import yaml

    from bot.platforms.slack_settings import DEFAULT_SCOPES
    from tests.conftest import ROOT

    manifest = yaml.safe_load((ROOT / "slack" / "manifest.yaml").read_text())
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(DEFAULT_SCOPES)
    assert manifest["oauth_config"]["redirect_urls"] == ["https://YOUR-HOST/slack/oauth_redirect"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(manifest["settings"]["event_subscriptions"]["bot_events"])
