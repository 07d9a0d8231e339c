"""Slack through slack-bolt: mentions, DMs, `/practice`, buttons and App Home in; Block Kit replies out.

Translation only. Every message, command and button press becomes command text for `commands.handle`, and
every Reply goes out through `render/slack_blocks.py`. Events, commands and interactions share one URL,
POST /slack/events on the project's aiohttp server; with SLACK_SOCKET_MODE set the same bolt app connects
to Slack over Socket Mode instead.
"""
from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler, AsyncRateLimitErrorRetryHandler, AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from ..answers import clean_question
from ..commands import Reply, handle
from ..dedupe import SeenIds
from ..render.slack_blocks import ACTION_IDS, SHARE, home_view, modal_view, read_press, slack_message
from ..settings import Settings
from ..store import KnowledgeStore

log = logging.getLogger("practice_bot.slack")

EVENTS_PATH = "/slack/events"
SLASH_COMMAND = "/practice"
DEFAULT_API_URL = "https://slack.com/api/"
MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
ANSWERED_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
"""Message subtypes a person typed; edits, joins, deletions and bot posts are not questions."""
TRUTHY = frozenset({"1", "true", "yes", "on"})


def mount(app: web.Application, store: KnowledgeStore, settings: Settings) -> bool:
    """Serve Slack at POST /slack/events (or over Socket Mode); without its settings, say why instead."""
    socket_mode = (settings.get("SLACK_SOCKET_MODE") or "").lower() in TRUTHY
    needed = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN") if socket_mode else ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    missing = [name for name in needed if not settings.get(name)]
    if missing:
        log.warning("Slack is off: %s not set", ", ".join(missing))
        app.router.add_post(EVENTS_PATH, _unavailable(f"Slack is off on this server: set {', '.join(missing)}."))
        return False
    bolt = build_bolt_app(store, settings, socket_mode=socket_mode)
    if socket_mode:
        app.cleanup_ctx.append(_socket_mode_connection(bolt, settings.get("SLACK_APP_TOKEN") or ""))
        app.router.add_post(EVENTS_PATH, _unavailable("Slack runs in Socket Mode on this server, not over HTTP."))
    else:
        app.router.add_post(EVENTS_PATH, _dispatch_to(bolt))
    return True


def build_bolt_app(store: KnowledgeStore, settings: Settings, *, socket_mode: bool = False) -> AsyncApp:
    """The bolt app with our listeners: each one acknowledges, asks `handle`, and sends the rendered reply."""
    bolt = AsyncApp(
        client=_web_client(settings),
        signing_secret=settings.get("SLACK_SIGNING_SECRET") or "",
        request_verification_enabled=not socket_mode,
    )
    admins = settings.ids("SLACK_ADMIN_USERS")
    bolt.middleware(_first_delivery_only(SeenIds()))

    async def reply_for(command: str, user_id: str) -> Reply:
        return await handle(command, store, is_admin=user_id in admins, platform="slack")

    async def reply_to(text: str, user_id: str) -> tuple[str, Reply]:
        """What a person typed, without mentions of the bot and cut to a sane length, and its reply."""
        command = clean_question(MENTION.sub(" ", text))
        return command, await reply_for(command, user_id)

    async def answer_message(event: dict[str, Any], event_id: str, client: AsyncWebClient) -> None:
        command, reply = await reply_to(event.get("text", ""), event.get("user", ""))
        in_dm = event.get("channel_type") == "im"
        thread = event.get("thread_ts") or (None if in_dm else event["ts"])
        message = slack_message(reply, command=command)
        await _deliver(client.chat_postMessage(channel=event["channel"], thread_ts=thread, unfurl_links=False,
                                               **message.fields()), event_id)

    @bolt.event("app_mention")
    async def on_mention(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if _is_from_a_person(event):
            await answer_message(event, body.get("event_id", ""), client)

    @bolt.event("message")
    async def on_message(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, context) -> None:
        """DMs are always for us; channel messages only when they mention us (app_mention may bring them too)."""
        mentioned = f"<@{context.bot_user_id}>" in event.get("text", "")
        if _is_from_a_person(event) and (event.get("channel_type") == "im" or mentioned):
            await answer_message(event, body.get("event_id", ""), client)

    @bolt.command(SLASH_COMMAND)
    async def on_command(ack, command: dict[str, Any], respond) -> None:
        await ack()
        text, reply = await reply_to(command.get("text", ""), command.get("user_id", ""))
        message = slack_message(reply, command=text, shareable=True)
        await _deliver(respond(response_type="ephemeral", **message.fields()), command.get("trigger_id", ""))

    @bolt.action(re.compile("^(" + "|".join(ACTION_IDS) + ")$"))
    async def on_press(ack, body: dict[str, Any], action: dict[str, Any], respond, client: AsyncWebClient) -> None:
        await ack()
        press = read_press(action["action_id"], action.get("value", ""))
        user_id = body["user"]["id"]
        reply = await reply_for(press.command, user_id)
        request_id = body.get("trigger_id", "")
        container = body.get("container", {})
        if action["action_id"] == SHARE:
            shared = slack_message(reply, command=press.command, page=press.page, shared_by=user_id)
            sending = respond(response_type="in_channel", replace_original=False, **shared.fields())
        elif container.get("type") == "view":
            message = slack_message(reply, command=press.command, page=press.page)
            sending = client.views_open(trigger_id=body["trigger_id"], view=modal_view(message))
        elif container.get("is_ephemeral"):
            message = slack_message(reply, command=press.command, page=press.page, shareable=True)
            sending = respond(response_type="ephemeral", replace_original=False, **message.fields())
        else:
            posted = body["message"]
            message = slack_message(reply, command=press.command, page=press.page)
            sending = client.chat_postMessage(channel=body["channel"]["id"], unfurl_links=False,
                                              thread_ts=posted.get("thread_ts") or posted["ts"], **message.fields())
        await _deliver(sending, request_id)

    @bolt.event("app_home_opened")
    async def on_home_opened(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") == "home":
            view = home_view(store.snapshot.kb)
            await _deliver(client.views_publish(user_id=event["user"], view=view), body.get("event_id", ""))

    return bolt


def _web_client(settings: Settings) -> AsyncWebClient:
    """Slack's Web API (or GovSlack's, or a test server's), retrying rate limits and server errors."""
    return AsyncWebClient(
        token=settings.get("SLACK_BOT_TOKEN"),
        base_url=(settings.get("SLACK_API_URL") or DEFAULT_API_URL).rstrip("/") + "/",
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def _first_delivery_only(seen: SeenIds):
    """One answer per message: the same event id (Slack's retries, X-Slack-Retry-Num, keep it), or the same
    message (channel and ts) delivered again by another subscription (app_mention and message.channels both
    carry a mention), is acknowledged and dropped. Keying on ids rather than dropping every retry means a
    retry of an event this process never saw (say, one lost in a restart) is still answered."""

    async def first_delivery(req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[None]]) -> BoltResponse:
        if req.body.get("type") == "event_callback":
            event = req.body.get("event", {})
            keys = [f"event:{req.body.get('event_id')}"]
            if event.get("type") in ("app_mention", "message") and event.get("ts"):
                keys.append(f"message:{event.get('channel')}:{event['ts']}")
            if not all([await seen.first_time(key) for key in keys]):
                return BoltResponse(status=200, body="")
        await next()
        return resp

    return first_delivery


def _is_from_a_person(event: dict[str, Any]) -> bool:
    """Bolt already drops our own posts; this drops other bots and edits, joins and deletions."""
    return not event.get("bot_id") and event.get("subtype") in ANSWERED_SUBTYPES and bool(event.get("user"))


async def _deliver(sending: Awaitable[Any], request_id: str) -> None:
    """Send one reply. A failure (after the client's retries) is logged with the event id; it never crashes."""
    try:
        sent = await sending
    except (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError) as error:
        log.error("Slack reply for %s failed: %s", request_id, error)
        return
    status = getattr(sent, "status_code", 200)
    if status >= 400:
        log.error("Slack reply for %s failed: HTTP %s %s", request_id, status, getattr(sent, "body", ""))


def _dispatch_to(bolt: AsyncApp) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def slack_events(request: web.Request) -> web.Response:
        try:
            bolt_request = await to_bolt_request(request)
        except (ValueError, AttributeError, TypeError):
            # bolt parses the body while building its request; a body Slack would never send is our 400
            return web.json_response({"ok": False, "error": "malformed_request_body"}, status=400)
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    return slack_events


def _unavailable(message: str) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def slack_unavailable(request: web.Request) -> web.Response:
        return web.json_response({"ok": False, "error": "slack_unavailable", "message": message}, status=503)

    return slack_unavailable


def _socket_mode_connection(bolt: AsyncApp, app_token: str) -> Callable[[web.Application], AsyncIterator[None]]:
    """Connect to Slack over Socket Mode while the web server runs (it still serves /healthz)."""

    async def socket_mode(app: web.Application) -> AsyncIterator[None]:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        handler = AsyncSocketModeHandler(bolt, app_token)
        await handler.connect_async()
        log.info("Slack is connected over Socket Mode")
        yield
        await handler.close_async()

    return socket_mode
