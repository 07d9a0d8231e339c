"""Fixtures shared by the sharing scenarios (Slack sharing, the sharing loop): a copy of the knowledge base,
a database file and a review channel, and the real app serving Slack against a fake Web API on loopback."""
from __future__ import annotations

import pytest

from bot.store import KnowledgeStore

from ..fakes.slack_api import slack_workspace
from ..knowledge.helpers import copy_knowledge

REVIEW_CHANNEL = "CREVIEW01"


@pytest.fixture
def knowledge(tmp_path):
    return copy_knowledge(tmp_path)


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {"PRACTICE_BOT_DATABASE": str(tmp_path / "practice-bot.sqlite3"), "SLACK_REVIEW_CHANNEL": REVIEW_CHANNEL}


@pytest.fixture
async def slack(knowledge, env):
    async with slack_workspace(KnowledgeStore(knowledge), **env) as workspace:
        yield workspace
