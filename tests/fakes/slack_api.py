"""Slack, played over loopback: its Web API as a recording fake, and the signed requests it sends us.

`FakeSlackApi` answers what bolt and our adapter call (auth.test, chat.postMessage, chat.postEphemeral,
chat.update, views.publish, views.open) and the `response_url`s we hand out, recording every request.
`SlackWorkspace` runs our real app (bot.server.create_app) pointed at that fake and sends it events,
slash commands, button presses and modal submissions signed exactly as Slack signs them.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

from bot.server import create_app
from bot.settings import Settings
from bot.store import KnowledgeStore
from tests.support.loopback import FakeServer, Recorded, running

BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM_ID = "T0000001"
SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
PERSON = "UPERSON01"
ADMIN = "UADMIN001"
CHANNEL = "C0000001"
DM_CHANNEL = "D0000001"


@dataclass
class FakeSlackApi:
    """Slack's Web API: every call recorded; `fail_next` queues error answers (429, 500) for one method."""

    server: FakeServer = field(default_factory=FakeServer)
    socket_url: str | None = None
    """Where apps.connections.open sends a Socket Mode client (a FakeSocketMode's URL)."""
    queued: dict[str, list[web.Response]] = field(default_factory=dict)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    """Numbers for the ids workspaces make up (event ids, response_urls, triggers): one sequence per fake
    Slack, so a workspace talking to a restarted app never reuses a response_url path."""
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    installs: dict[str, dict[str, str]] = field(default_factory=dict)
    """OAuth codes this Slack will exchange (`oauth.v2.access`): code -> team, installer, client id and secret."""

    def expect_install(self, code: str, team: str, installer: str, client_id: str, client_secret: str) -> str:
        """Slack's side of an install: `code` will be exchanged for the bot token `xoxb-{code}`."""
        self.installs[code] = {"team": team, "installer": installer, "client_id": client_id,
                               "client_secret": client_secret}
        return f"xoxb-{code}"

    def _token_exchange(self, request: Recorded) -> dict[str, Any]:
        """oauth.v2.access: client id and secret as HTTP Basic auth or form fields, and a code we issued."""
        body = request.body if isinstance(request.body, dict) else {}
        install = self.installs.get(body.get("code", ""))
        credentials = {"client_id": body.get("client_id"), "client_secret": body.get("client_secret")}
        basic = request.headers.get("Authorization", "")
        if basic.startswith("Basic "):
            import base64
            client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
            credentials = {"client_id": client_id, "client_secret": secret}
        if install is None or credentials != {"client_id": install["client_id"],
                                              "client_secret": install["client_secret"]}:
            return {"ok": False, "error": "invalid_code"}
        return {"ok": True, "app_id": "A0000001", "authed_user": {"id": install["installer"]},
                "scope": "app_mentions:read,chat:write,commands,im:history,im:read,im:write", "token_type": "bot",
                "access_token": f"xoxb-{body['code']}", "bot_user_id": BOT_USER_ID,
                "team": {"id": install["team"], "name": f"Council {install['team']}"}, "enterprise": None,
                "is_enterprise_install": False}

    def __post_init__(self) -> None:
        self.server.respond = self._respond

    def fail_next(self, method: str, status: int, headers: dict[str, str] | None = None) -> None:
        body = json.dumps({"ok": False, "error": "ratelimited" if status == 429 else "internal_error"})
        self.queued.setdefault(method, []).append(
            web.Response(status=status, text=body, headers=headers, content_type="application/json"))

    def calls(self, method: str) -> list[dict[str, Any]]:
        """The bodies sent to one Web API method (or response_url path), in order."""
        return [r.body for r in self.server.to(f"/{method}")]

    def immediate_response(self, response_url_path: str, acknowledgement: str) -> None:
        """Slack shows a slash command's acknowledgement body, when it has one, as the command's immediate
        response. It is recorded at the command's response_url path, as method ACK, so a test reads the
        reply the same way whichever of the two ways it came."""
        if acknowledgement:
            self.server.requests.append(Recorded("ACK", f"/{response_url_path}", {}, json.loads(acknowledgement)))

    async def wait_for(self, method: str, count: int = 1) -> list[dict[str, Any]]:
        return [r.body for r in await self.server.wait_for(f"/{method}", count)]

    def _respond(self, request: Recorded) -> Any:
        method = request.path.rsplit("/", 1)[-1]
        if self.queued.get(method):
            return self.queued[method].pop(0)
        if method == "auth.test":
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            team = self.installs.get(token.removeprefix("xoxb-"), {}).get("team", TEAM_ID)
            return {"ok": True, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "team_id": team, "user": "practice-bot",
                    "team": "Test councils", "url": "https://test.slack.com/"}
        if method == "oauth.v2.access":
            return self._token_exchange(request)
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            body = request.body if isinstance(request.body, dict) else {}
            return {"ok": True, "channel": body.get("channel"), "ts": f"1700000000.{next(self._ts):06d}"}
        if method == "apps.connections.open" and self.socket_url:
            return {"ok": True, "url": self.socket_url}
        if method in ("views.publish", "views.open"):
            return {"ok": True, "view": {"id": "V0000001"}}
        return {"ok": True}


def signature(secret: str, timestamp: str, body: str) -> str:
    """`v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`: how Slack signs every request."""
    return "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()


@dataclass
class SlackWorkspace:
    """Slack's side of the conversation with our running app."""

    url: str
    api: FakeSlackApi
    api_url: str
    http: aiohttp.ClientSession
    app: web.Application | None = None
    """Our app as served, for tests that wait on its own work (such as the sharing desk's gap recorder)."""

    def next_ts(self) -> str:
        return f"1710000000.{next(self.api.ids):06d}"

    async def send(self, body: str, content_type: str, *, headers: dict[str, str] | None = None,
                   secret: str = SIGNING_SECRET, timestamp: int | None = None) -> tuple[int, str]:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signed = {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
                  "X-Slack-Signature": signature(secret, stamp, body), **(headers or {})}
        async with self.http.post(f"{self.url}/slack/events", data=body.encode(), headers=signed) as response:
            return response.status, await response.text()

    async def event(self, event: dict[str, Any], *, event_id: str | None = None,
                    headers: dict[str, str] | None = None) -> int:
        envelope = {"token": "unused", "team_id": TEAM_ID, "api_app_id": "A0000001", "type": "event_callback",
                    "event_id": event_id or f"Ev{next(self.api.ids):08d}", "event_time": int(time.time()),
                    "event": event}
        status, _text = await self.send(json.dumps(envelope), "application/json", headers=headers)
        return status

    async def command(self, text: str, *, user: str = PERSON) -> str:
        """Sends `/practice TEXT`; returns the response_url path the reply must arrive at (either way)."""
        path = f"response/{next(self.api.ids)}"
        form = {"token": "unused", "team_id": TEAM_ID, "channel_id": CHANNEL, "channel_name": "general",
                "user_id": user, "user_name": "someone", "command": "/practice", "text": text,
                "response_url": f"{self.api_url}/{path}", "trigger_id": f"trigger.{next(self.api.ids)}"}
        status, text = await self.send(urlencode(form), "application/x-www-form-urlencoded")
        assert status == 200
        self.api.immediate_response(path, text)
        return path

    async def press(self, action_id: str, value: str, *, container: dict[str, Any], message: dict[str, Any] | None = None,
                    user: str = PERSON) -> str:
        """Presses a button; returns the response_url path for replies sent through it."""
        path = f"response/{next(self.api.ids)}"
        payload = {"type": "block_actions", "team": {"id": TEAM_ID}, "user": {"id": user}, "api_app_id": "A0000001",
                   "trigger_id": f"trigger.{next(self.api.ids)}", "container": container,
                   "channel": {"id": container.get("channel_id", CHANNEL)}, "response_url": f"{self.api_url}/{path}",
                   "actions": [{"type": "button", "action_id": action_id, "value": value, "block_id": "b1",
                                "action_ts": self.next_ts()}]}
        if message is not None:
            payload["message"] = message
        status, _text = await self.send(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
        assert status == 200
        return path

    async def submit_view(self, view: dict[str, Any], answers: dict[str, Any], *, user: str = PERSON) -> dict[str, Any]:
        """Fills in a modal the bot opened (`answers` by block id) and submits it as Slack does: the view with its
        callback_id, private_metadata and state. Returns the acknowledgement's JSON ({} when it just closes)."""
        payload = {"type": "view_submission", "team": {"id": TEAM_ID}, "user": {"id": user}, "api_app_id": "A0000001",
                   "trigger_id": f"trigger.{next(self.api.ids)}",
                   "view": {**view, "id": f"V{next(self.api.ids):08d}", "state": {"values": view_state(view, answers)}}}
        status, text = await self.send(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
        assert status == 200, text
        return json.loads(text) if text else {}

    def mention(self, text: str, *, channel: str = CHANNEL, user: str = PERSON, ts: str | None = None) -> dict[str, Any]:
        ts = ts or self.next_ts()
        return {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}", "channel": channel,
                "ts": ts, "event_ts": ts}

    def direct_message(self, text: str, *, user: str = PERSON, **extra: Any) -> dict[str, Any]:
        ts = self.next_ts()
        return {"type": "message", "channel_type": "im", "user": user, "text": text, "channel": DM_CHANNEL,
                "ts": ts, "event_ts": ts, **extra}


@dataclass
class FakeSocketMode:
    """Slack's Socket Mode WebSocket: sends envelopes to the connected app and records its acks."""

    received: list[dict[str, Any]] = field(default_factory=list)
    _socket: web.WebSocketResponse | None = None

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/link", self._connect)
        return app

    async def _connect(self, request: web.Request) -> web.WebSocketResponse:
        self._socket = web.WebSocketResponse()
        await self._socket.prepare(request)
        await self._socket.send_json({"type": "hello", "num_connections": 1})
        async for message in self._socket:
            if message.type == aiohttp.WSMsgType.TEXT:
                self.received.append(json.loads(message.data))
        return self._socket

    async def send_event(self, envelope_id: str, event: dict[str, Any]) -> None:
        deadline = time.monotonic() + 5
        while self._socket is None and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert self._socket is not None, "the app never connected over Socket Mode"
        payload = {"type": "event_callback", "team_id": TEAM_ID, "event_id": f"Ev{envelope_id}", "event": event}
        await self._socket.send_json({"envelope_id": envelope_id, "type": "events_api", "payload": payload,
                                      "accepts_response_payload": False, "retry_attempt": 0})


def view_state(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """What Slack sends as `view.state.values` for a modal filled in with `answers` (by block id): each input's
    value in the shape its element type has. A choice must be one of the element's options, as in Slack."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input" or block["block_id"] not in answers:
            continue
        element, answer = block["element"], answers[block["block_id"]]
        options = {option["value"]: option for option in element.get("options", ())}
        state: dict[str, Any] = {"type": element["type"]}
        if element["type"] in ("multi_static_select", "checkboxes"):
            state["selected_options"] = [options[value] for value in answer]
        elif element["type"] == "static_select":
            state["selected_option"] = options[answer] if answer else None
        else:
            state["value"] = answer
        values[block["block_id"]] = {element["action_id"]: state}
    return values


def slack_env(api_url: str, **extra: str) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": f"{api_url}/api",
            "SLACK_ADMIN_USERS": f"{ADMIN}, UOTHERADMIN", **extra}


@asynccontextmanager
async def slack_workspace(store: KnowledgeStore, **env: str) -> AsyncIterator[SlackWorkspace]:
    """Our real app, Slack switched on and pointed at a fresh fake Web API, both on loopback; `env` adds
    settings (a database, a review channel)."""
    api = FakeSlackApi()
    async with running(api.server.app()) as api_url:
        async with serving_slack(store, api, api_url, **env) as workspace:
            yield workspace


@asynccontextmanager
async def serving_slack(store: KnowledgeStore, api: FakeSlackApi, api_url: str, **env: str) -> AsyncIterator[SlackWorkspace]:
    """Our real app, started (its cleanup_ctx runs) against an already running fake Web API, and stopped on
    leaving: serve twice on the same settings to restart it."""
    app = create_app(store, Settings(env=slack_env(api_url, **env)))
    async with running(app) as url:
        async with aiohttp.ClientSession() as http:
            yield SlackWorkspace(url=url, api=api, api_url=api_url, http=http, app=app)


def posted_json(bodies: list[Any]) -> str:
    """Everything the bot sent, as one string, for asserting what must never appear."""
    return json.dumps(bodies, ensure_ascii=False)
