"""Notices follow the person, not the platform the action came from: one server with Slack and Teams on one
database; a submission shared in Teams is approved by a Slack admin, and its submitter hears of it in Teams
(the Slack adapter used to drop it silently). End to end over HTTP on loopback."""
from __future__ import annotations

import aiohttp

from bot.server import create_app
from bot.settings import Settings
from bot.store import KnowledgeStore
from tests.fakes.bot_connector import FakeBotConnector, card_of, card_text, connector_server
from tests.fakes.entra import CREDENTIALS
from tests.fakes.slack_api import ADMIN, FakeSlackApi, SlackWorkspace, slack_env
from tests.knowledge.helpers import copy_knowledge
from tests.scenarios.test_teams_sharing import SUBMITTER_CHAT, submit
from tests.support.loopback import running


async def test_a_slack_admins_decision_reaches_a_teams_submitter(tmp_path):
    store = KnowledgeStore(copy_knowledge(tmp_path))
    api = FakeSlackApi()
    async with running(api.server.app()) as api_url, connector_server() as (connector, connector_url):
        env = {**slack_env(api_url), **CREDENTIALS, "PRACTICE_BOT_DATABASE": str(tmp_path / "shared.sqlite3")}
        async with running(create_app(store, Settings(env=env))) as url, aiohttp.ClientSession() as http:
            teams = FakeBotConnector(url, connector_url, connector)
            slack = SlackWorkspace(url=url, api=api, api_url=api_url, http=http)
            reference = await submit(teams)
            before = len(teams.sent())
            reviews = await api.wait_for("chat.postMessage")  # Slack's admins were told too, each by DM
            assert all(reference in str(review) for review in reviews)
            path = await slack.command(f"approve {reference}", user=ADMIN)
            await api.wait_for(path)
            [notice] = (await teams.wait_for_replies(before + 1))[before:]
    assert notice.path == f"/v3/conversations/{SUBMITTER_CHAT}/activities"
    told = card_text(card_of(notice))
    assert reference in told and "approved" in told.lower()
