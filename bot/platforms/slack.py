"""Slack through slack-bolt: mentions, DMs, `/practice`, buttons and App Home in; Block Kit replies out.

Translation only. Every message, command and button press becomes command text for `commands.handle`, and
every Reply goes out through `render/slack_blocks.py`. Sharing practice adds two modals: the share form
(its fields go to the sharing desk's `submit`) and the reason a submission is rejected; a submission goes to
the admins' review channel with Approve / Reject, and a decision to the person who submitted. Events, commands and interactions share one URL,
POST /slack/events on the project's aiohttp server; with SLACK_SOCKET_MODE set the same bolt app connects
to Slack over Socket Mode instead.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

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
from slack_sdk.webhook.async_client import AsyncWebhookClient

from ..answers import clean_question
from ..inbound import bounded
from ..app_keys import SHARING
from ..commands import Reply, handle
from ..dedupe import SeenIds
from ..render.slack_blocks import (
    ACTION_IDS, REASON, REASON_FORM, REVIEW_ACTIONS, SHARE, SHARE_FORM, home_view, modal_view, read_inputs,
    read_press, reason_form_view, share_form_view, slack_message,
)
from ..settings import Settings, parse_bool
from ..sharing.replies import ADMINS, confidential, DecisionReply, ReasonFormReply, ReviewListReply, ShareFormReply, notices_for
from ..store import KnowledgeStore

if TYPE_CHECKING:
    from ..sharing.desk import SharingDesk

log = logging.getLogger("practice_bot.slack")

EVENTS_PATH = "/slack/events"
SLASH_COMMAND = "/practice"
DEFAULT_API_URL = "https://slack.com/api/"
MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^<>]*)?>")
"""A user mention, `<@U123>` or `<@U123|name>`; the label stops at `<` too, so each attempt is short."""
ANSWERED_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
"""Message subtypes a person typed; edits, joins, deletions and bot posts are not questions."""
SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
TIMESTAMP = re.compile(r"[0-9]{1,12}")
"""The shapes of Slack's X-Slack-Signature and X-Slack-Request-Timestamp; anything else is refused (401)
before bolt parses it."""
bolt_log = logging.getLogger("practice_bot.slack.bolt")
bolt_log.setLevel(logging.WARNING)
"""bolt logs the body of a request it refuses at INFO: user-supplied text that must not reach the log."""


def mount(app: web.Application, store: KnowledgeStore, settings: Settings) -> bool:
    """Serve Slack at POST /slack/events (or over Socket Mode); without its settings, say why instead."""
    socket_mode = parse_bool(settings.get("SLACK_SOCKET_MODE"))
    needed = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN") if socket_mode else ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    missing = [name for name in needed if not settings.get(name)]
    if missing:
        log.warning("Slack is off: %s not set", ", ".join(missing))
        app.router.add_post(EVENTS_PATH, _unavailable(f"Slack is off on this server: set {', '.join(missing)}."))
        return False
    bolt = build_bolt_app(store, settings, socket_mode=socket_mode, sharing=app.get(SHARING))
    app.cleanup_ctx.append(_pooled_connections(bolt.client))
    if socket_mode:
        app.cleanup_ctx.append(_socket_mode_connection(bolt, settings.get("SLACK_APP_TOKEN") or ""))
        app.router.add_post(EVENTS_PATH, _unavailable("Slack runs in Socket Mode on this server, not over HTTP."))
    else:
        app.router.add_post(EVENTS_PATH, _dispatch_to(bolt))
    return True


@dataclass(frozen=True)
class Origin:
    """Where a press or a modal came from, so its outcome shows there: a message to update in place (channel
    and ts), else a response_url (an ephemeral message, a slash command), else a DM to the person acting.
    A modal keeps it, with the submission it is about, in its private_metadata until it is submitted."""

    channel: str = ""
    ts: str = ""
    response_url: str = ""
    reference: str = ""

    @classmethod
    def of_press(cls, body: dict[str, Any]) -> "Origin":
        container = body.get("container", {})
        if container.get("type") == "message" and not container.get("is_ephemeral") and body.get("message"):
            return cls(channel=body["channel"]["id"], ts=body["message"]["ts"])
        return cls(response_url=body.get("response_url", ""))

    def metadata(self) -> str:
        return json.dumps({name: value for name, value in asdict(self).items() if value})

    @classmethod
    def from_metadata(cls, text: str | None) -> "Origin":
        try:
            data = json.loads(text or "{}")
        except ValueError:
            data = {}
        known = {f.name for f in fields(cls)}
        return cls(**{name: str(value) for name, value in data.items() if name in known})


def build_bolt_app(store: KnowledgeStore, settings: Settings, *, socket_mode: bool = False,
                   sharing: "SharingDesk | None" = None) -> AsyncApp:
    """The bolt app with our listeners: each one acknowledges, asks `handle`, and sends the rendered reply.

    With a sharing desk, the record of answered events is the desk's (in the database when DATABASE_URL is
    set, so two processes never both answer one event) and the share and reject modals are handled."""
    bolt = AsyncApp(
        client=_web_client(settings),
        signing_secret=settings.get("SLACK_SIGNING_SECRET") or "",
        request_verification_enabled=not socket_mode,
        logger=bolt_log,
    )
    admins = settings.ids("SLACK_ADMIN_USERS")
    review_channel = settings.get("SLACK_REVIEW_CHANNEL")
    answered = sharing.answered_record("slack") if sharing else SeenIds()
    bolt.middleware(_no_replays(answered))
    bolt.middleware(_first_delivery_only(answered))

    async def reply_for(command: str, user_id: str) -> Reply:
        return await handle(command, store, is_admin=user_id in admins, platform="slack", user_id=user_id,
                            sharing=sharing)

    async def open_form(reply: Reply, trigger_id: str, origin: Origin, user_id: str, client: AsyncWebClient) -> bool:
        """A form reply opens its modal on the press's or command's trigger; False for every other reply."""
        if isinstance(reply, ShareFormReply):
            view = share_form_view(reply, private_metadata=Origin(channel=user_id).metadata())
        elif isinstance(reply, ReasonFormReply):
            reference = reply.submission.reference
            view = reason_form_view(reply, private_metadata=Origin(**{**asdict(origin), "reference": reference}).metadata())
        else:
            return False
        await _deliver(client.views_open(trigger_id=trigger_id, view=view), trigger_id)
        return True

    async def show_decision(reply: DecisionReply, origin: Origin, user_id: str, client: AsyncWebClient,
                            request_id: str) -> None:
        """The review message becomes the decision, saying who decided (or the admin is answered where they
        acted); then the submitter hears of it."""
        message = slack_message(reply, command="", decided_by=user_id)
        if origin.channel and origin.ts:
            sending = client.chat_update(channel=origin.channel, ts=origin.ts, **message.fields())
        elif origin.response_url:
            sending = AsyncWebhookClient(origin.response_url).send(response_type="ephemeral", replace_original=False,
                                                                   **message.fields())
        else:
            sending = client.chat_postMessage(channel=user_id, unfurl_links=False, **message.fields())
        await _deliver(sending, request_id)
        await send_notices(reply, client, request_id)

    async def send_notices(reply: Reply, client: AsyncWebClient, request_id: str) -> None:
        """What a reply tells others: a new submission goes to the review channel (else to each admin by DM),
        a decision to its submitter by DM when they submitted from Slack."""
        for notice in notices_for(reply):
            if notice.to == ADMINS:
                channels = [review_channel] if review_channel else sorted(admins)
            else:
                channels = [notice.user_id] if notice.platform == "slack" and notice.user_id else []
            message = slack_message(notice.reply, command="")
            for channel in channels:
                await _deliver(client.chat_postMessage(channel=channel, unfurl_links=False, **message.fields()),
                               request_id)

    async def reply_to(text: str, user_id: str) -> tuple[str, Reply]:
        """What a person typed, without mentions of the bot and cut to a sane length, and its reply."""
        command = clean_question(MENTION.sub(" ", bounded(text)))
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
    async def on_command(ack, command: dict[str, Any], respond, client: AsyncWebClient) -> None:
        await ack()
        user_id, request_id = command.get("user_id", ""), command.get("trigger_id", "")
        text, reply = await reply_to(command.get("text", ""), user_id)
        origin = Origin(response_url=command.get("response_url", ""))
        if await open_form(reply, request_id, origin, user_id, client):
            return
        if isinstance(reply, DecisionReply):
            await show_decision(reply, origin, user_id, client, request_id)
            return
        # the review list holds submitters' contact details: not for sharing into a channel
        message = slack_message(reply, command=text, shareable=not isinstance(reply, ReviewListReply))
        await _deliver(respond(response_type="ephemeral", **message.fields()), request_id)

    @bolt.action(re.compile("^(" + "|".join(ACTION_IDS) + ")$"))
    async def on_press(ack, body: dict[str, Any], action: dict[str, Any], respond, client: AsyncWebClient) -> None:
        await ack()
        press = read_press(action["action_id"], action.get("value", ""))
        user_id = body["user"]["id"]
        reply = await reply_for(press.command, user_id)
        request_id = body.get("trigger_id", "")
        container = body.get("container", {})
        origin = Origin.of_press(body)
        if await open_form(reply, request_id, origin, user_id, client):
            return
        if isinstance(reply, DecisionReply):
            await show_decision(reply, origin, user_id, client, request_id)
            return
        if action["action_id"] in REVIEW_ACTIONS:
            # a refusal, or "already approved": for the presser only, and the review message stays as it is
            message = slack_message(reply, command=press.command)
            sending = respond(response_type="ephemeral", replace_original=False, **message.fields())
        elif action["action_id"] == SHARE and not confidential(reply):
            shared = slack_message(reply, command=press.command, page=press.page, shared_by=user_id)
            sending = respond(response_type="in_channel", replace_original=False, **shared.fields())
        elif container.get("type") == "view":
            message = slack_message(reply, command=press.command, page=press.page)
            sending = client.views_open(trigger_id=body["trigger_id"], view=modal_view(message))
        elif container.get("is_ephemeral") or action["action_id"] == SHARE:
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

    if sharing is not None:
        desk = sharing

        @bolt.view(SHARE_FORM)
        async def on_share_form(ack, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
            """Errors go back on the form's fields; a submission closes it, thanks the submitter with its
            reference, and goes to the admins for review."""
            user_id = body["user"]["id"]
            reply = await desk.submit(read_inputs(view["state"]["values"]), platform="slack", user_id=user_id)
            if isinstance(reply, ShareFormReply):
                await ack(response_action="errors", errors=reply.errors)
                return
            await ack()
            confirm_to = Origin.from_metadata(view.get("private_metadata")).channel or user_id
            message = slack_message(reply, command="")
            await _deliver(client.chat_postMessage(channel=confirm_to, unfurl_links=False, **message.fields()),
                           view.get("id", ""))
            await send_notices(reply, client, view.get("id", ""))

        @bolt.view(REASON_FORM)
        async def on_reason_form(ack, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
            """The reason runs `reject REF REASON` for the admin who gave it (the command checks they are one)."""
            user_id = body["user"]["id"]
            origin = Origin.from_metadata(view.get("private_metadata"))
            reason = " ".join(str(read_inputs(view["state"]["values"]).get(REASON) or "").split())
            reply = await reply_for(f"reject {origin.reference} {reason}", user_id)
            if isinstance(reply, DecisionReply):
                await ack()
                await show_decision(reply, origin, user_id, client, view.get("id", ""))
            elif isinstance(reply, ReasonFormReply):
                await ack(response_action="errors", errors={REASON: "Please say why: the submitter reads this."})
            else:
                await ack(response_action="update", view=modal_view(slack_message(reply, command="")))

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


def _pooled_connections(client: AsyncWebClient) -> Callable[[web.Application], AsyncIterator[None]]:
    """One HTTP session for every Web API call while the server runs: without it slack_sdk opens (and, for
    Slack, TLS-handshakes) a new connection per message sent."""

    async def pooled(app: web.Application) -> AsyncIterator[None]:
        client.session = aiohttp.ClientSession()
        yield
        await client.session.close()
        client.session = None

    return pooled


def _no_replays(seen: SeenIds):
    """A signed request is good for one delivery: the same signature again (a captured request replayed
    within Slack's five-minute window) is refused. An event retry (X-Slack-Retry-Num) may repeat its first
    delivery's signature when it follows within the second; it passes here and is de-duplicated by event id
    below. Runs after bolt has checked the signature, so only real ones are kept."""

    async def no_replays(req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[None]]) -> BoltResponse:
        signature = (req.headers.get("x-slack-signature") or [""])[0]
        retry = bool(req.headers.get("x-slack-retry-num"))
        if signature and not retry and not await seen.first_time(f"signature:{signature}"):
            return BoltResponse(status=401, body="replayed request")
        await next()
        return resp

    return no_replays


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
        if not (SIGNATURE.fullmatch(request.headers.get("X-Slack-Signature", ""))
                and TIMESTAMP.fullmatch(request.headers.get("X-Slack-Request-Timestamp", ""))):
            return web.json_response({"ok": False, "error": "invalid_request_signature"}, status=401)
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
