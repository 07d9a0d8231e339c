"""A fake Bot Connector on 127.0.0.1: it posts Teams activities to the bot and records what the bot sends.

The real connector sits between Teams and the bot both ways, so the fake does too: `send` POSTs an activity
to the bot's /api/messages with `serviceUrl` pointing back here, and the bot's replies arrive here as
`POST /v3/conversations/{id}/activities[/{replyToId}]`, answered with `{"id": ...}` like the real one.
"""
from __future__ import annotations

import asyncio
import itertools
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from tests.fakes.entra import bot_framework_token
from tests.support.loopback import FakeServer, Recorded, running

BOT = {"id": "28:practice-bot", "name": "Practice Bot"}
USER = {"id": "29:alex", "name": "Alex Example", "aadObjectId": "aad-alex"}
CARD = "application/vnd.microsoft.card.adaptive"


class FakeBotConnector:
    def __init__(self, bot_url: str, connector_url: str, server: FakeServer, *, signed: bool = True):
        self.bot_url = bot_url
        self.service_url = connector_url + "/"
        self.server = server
        self.signed = signed
        """Send a Bot Framework token vouching for this connector's URL (the bot runs with credentials)."""
        self._ids = itertools.count(1)

    async def send(self, activity: dict[str, Any], headers: dict[str, str] | None = None) -> int:
        """POST one activity to the bot as Teams would; returns the HTTP status. Without `headers`, a signed
        connector sends the token the real connector would."""
        body = {"channelId": "msteams", "serviceUrl": self.service_url, "recipient": BOT, **activity}
        if headers is None and self.signed:
            headers = {"Authorization": f"Bearer {bot_framework_token(self.service_url)}"}
        async with aiohttp.ClientSession() as session:
            async with session.post(self.bot_url + "/api/messages", json=body, headers=headers or {}) as response:
                return response.status

    async def say(self, text: str, *, conversation: str = "a:personal-alex", user: dict[str, str] = USER,
                  **fields: Any) -> str:
        """A personal-chat message from `user`; returns its activity id."""
        activity_id = fields.pop("id", None) or f"msg-{next(self._ids)}"
        await self.send({
            "type": "message", "id": activity_id, "text": text, "from": user,
            "conversation": {"id": conversation, "conversationType": "personal"}, **fields,
        })
        return activity_id

    def sent(self) -> list[Recorded]:
        """What the bot posted to a conversation, typing indicators left out."""
        return [r for r in self.server.requests
                if "/v3/conversations/" in r.path and isinstance(r.body, dict) and r.body.get("type") != "typing"]

    async def wait_for_replies(self, count: int = 1, timeout: float = 5.0) -> list[Recorded]:
        """Poll until the bot has posted `count` replies (no fixed sleeps)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.sent()) < count:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"expected {count} replies, saw {[r.path for r in self.server.requests]}")
            await asyncio.sleep(0.01)
        return self.sent()

    async def reply(self) -> Recorded:
        """The latest reply (the bot has answered by the time /api/messages returns)."""
        return (await self.wait_for_replies(1))[-1]


def card_of(recorded: Recorded) -> dict[str, Any]:
    """The Adaptive Card a reply carries."""
    attachments = recorded.body.get("attachments") or []
    cards = [a["content"] for a in attachments if a.get("contentType") == CARD]
    assert cards, f"no Adaptive Card in {recorded.body}"
    return cards[0]


def card_text(card: dict) -> str:
    """What a user reads on the card: its texts, titles and values with Markdown escapes resolved."""
    return re.sub(r"\\(.)", r"\1", raw_text(card))


def raw_text(card: dict) -> str:
    """The card's texts as Teams receives them (Markdown still escaped), fallback text left out."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            found.extend(str(v) for k, v in node.items() if k in ("text", "title", "value") and isinstance(v, str))
            for key, value in node.items():
                if key != "fallbackText":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return "\n".join(found)


def card_actions(card: dict) -> list[dict]:
    """Every action on the card, however deeply nested."""
    found: list[dict] = []

    def walk(node):
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Action."):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return found


def connector_answer(request: Recorded) -> dict[str, str]:
    """What the real connector answers to a posted activity: the new message's id."""
    return {"id": f"reply-{uuid.uuid4().hex[:12]}"}


@asynccontextmanager
async def teams_connector(app, respond=connector_answer, *, signed: bool = True) -> AsyncIterator[FakeBotConnector]:
    """Serve the bot's app and a fake connector on loopback, wired to each other."""
    async with connector_server(respond) as (server, connector_url), \
            bot_served(app, server, connector_url, signed=signed) as teams:
        yield teams


@asynccontextmanager
async def connector_server(respond=connector_answer) -> AsyncIterator[tuple[FakeServer, str]]:
    """The fake connector alone, for tests that configure the bot with its URL or restart the bot meanwhile."""
    server = FakeServer(respond=respond)
    async with running(server.app()) as connector_url:
        yield server, connector_url


@asynccontextmanager
async def bot_served(app, server: FakeServer, connector_url: str, *, signed: bool = True) -> AsyncIterator[FakeBotConnector]:
    """Serve the bot's app against an already running fake connector."""
    async with running(app) as bot_url:
        yield FakeBotConnector(bot_url, connector_url, server, signed=signed)
