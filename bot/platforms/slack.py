"""Slack through slack-bolt, on the one aiohttp server: POST /slack/events, or Socket Mode.

This module wires bolt up: settings, the Web API client (one pooled HTTP session), request checks that run
before or beside bolt's own (malformed signature headers, replayed requests, retried events), and the
listeners of `slack_listeners.py`. Events, commands and interactions share one URL; with Socket Mode the
same bolt app connects out to Slack instead.
"""
from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import IntegrityError, ProgrammingError

from ..access import AccessSettings
from ..app_keys import NOTICES, SHARING
from ..dedupe import AnsweredRecord, SeenIds
from ..notices import NoticeRouter
from ..settings import Settings
from ..store import KnowledgeStore
from .slack_listeners import SlackDeliverer, SlackListeners, SlackWorkspaces
from .slack_settings import SlackSettings

if TYPE_CHECKING:
    from ..sharing.desk import SharingDesk

log = logging.getLogger("practice_bot.slack")

EVENTS_PATH = "/slack/events"
SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
TIMESTAMP = re.compile(r"[0-9]{1,12}")
"""The shapes of Slack's X-Slack-Signature and X-Slack-Request-Timestamp; anything else is refused (401)
before bolt parses it."""
OAUTH_STATE_SECONDS = 600
"""How long an *Add to Slack* link stays valid (bolt's default)."""
bolt_log = logging.getLogger("practice_bot.slack.bolt")
bolt_log.setLevel(logging.WARNING)
"""bolt logs the body of a request it refuses at INFO: user-supplied text that must not reach the log."""
sdk_log = logging.getLogger("practice_bot.slack.sdk")
sdk_log.setLevel(logging.INFO)
"""slack_sdk's clients log each request's and response's body at DEBUG (people's questions and answers), and
build those messages whenever their logger's own level is unset, even when nothing would print them
(`logger.level <= DEBUG` rather than `isEnabledFor`, slackapi/python-slack-sdk#1957): a repr of every reply's
blocks, per call. A level of their own stops both."""


def mount(app: web.Application, store: KnowledgeStore, settings: Settings) -> bool:
    """Serve Slack at POST /slack/events (or over Socket Mode); without its settings, say why instead.
    With SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (and no SLACK_BOT_TOKEN), any workspace installs the app
    through bolt's OAuth flow at GET /slack/install and /slack/oauth_redirect."""
    slack = SlackSettings.from_settings(settings)
    missing = slack.missing()
    sharing = app.get(SHARING)
    if not missing and slack.many_workspaces and sharing is None:
        missing = ["PRACTICE_BOT_DATABASE or DATABASE_URL (installations are kept in the database)"]
    if missing:
        log.warning("Slack is off: %s not set", ", ".join(missing))
        app.router.add_post(EVENTS_PATH, _unavailable(f"Slack is off on this server: set {', '.join(missing)}."))
        return False
    notices = app.get(NOTICES)
    access = AccessSettings.from_settings(settings)
    bolt = build_bolt_app(store, slack, sharing=sharing, notices=notices, access=access)
    workspaces = SlackWorkspaces.of(bolt)
    if sharing is not None and notices is not None:
        notices.register(SlackDeliverer(workspaces, slack, access))
    app.cleanup_ctx.append(_pooled_connections(bolt.client))
    if bolt.oauth_flow is not None:
        app.cleanup_ctx.append(_oauth_tables(bolt))
        for path in (bolt.oauth_flow.install_path, bolt.oauth_flow.redirect_uri_path):
            app.router.add_get(path, _oauth_page(bolt))
        log.info("Slack: many workspaces, installed at %s", bolt.oauth_flow.install_path)
    if slack.socket_mode:
        app.cleanup_ctx.append(_socket_mode_connection(bolt, slack.app_token or ""))
        app.router.add_post(EVENTS_PATH, _unavailable("Slack runs in Socket Mode on this server, not over HTTP."))
    else:
        app.router.add_post(EVENTS_PATH, _dispatch_to(bolt))
    return True


def build_bolt_app(store: KnowledgeStore, slack: SlackSettings, *, sharing: SharingDesk | None = None,
                   notices: NoticeRouter | None = None, access: AccessSettings | None = None) -> AsyncApp:
    """The bolt app with our request checks and listeners.

    With a sharing desk, the record of answered events is the desk's (in the database when DATABASE_URL is
    set, so two processes never both answer one event) and the share and reject modals are handled. For many
    workspaces, bolt's own OAuth flow keeps installations and OAuth state in the desk's database with
    slack_sdk's SQLAlchemy stores, exchanges codes through `oauth.v2.access` at SLACK_API_URL (the app's
    Web API client), answers each workspace with its own token, and removes a workspace's tokens when it
    uninstalls the app or revokes them."""
    client = _web_client(slack)
    oauth = _oauth_settings(slack, sharing) if slack.many_workspaces and sharing is not None else None
    bolt = AsyncApp(
        client=client,
        signing_secret=slack.signing_secret or "",
        request_verification_enabled=not slack.socket_mode,
        logger=bolt_log,
        oauth_settings=oauth,
    )
    answered = sharing.answered_record("slack") if sharing else SeenIds()
    bolt.middleware(_first_delivery_only(answered))
    if oauth is not None:
        bolt.enable_token_revocation_listeners()
    SlackListeners(store, slack, sharing=sharing, notices=notices, access=access,
                   workspaces=SlackWorkspaces.of(bolt)).register(bolt)
    return bolt


def _oauth_settings(slack: SlackSettings, sharing: SharingDesk) -> AsyncOAuthSettings:
    """bolt's defaults (routes /slack/install and /slack/oauth_redirect, no redirect URI: Slack uses the one
    registered for the app) with the manifest's scopes and our database."""
    from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore

    engine = sharing.storage.engine
    return AsyncOAuthSettings(
        client_id=slack.client_id, client_secret=slack.client_secret, scopes=list(slack.scopes),
        installation_store=AsyncSQLAlchemyInstallationStore(client_id=slack.client_id or "", engine=engine,
                                                            logger=bolt_log),
        state_store=AsyncSQLAlchemyOAuthStateStore(expiration_seconds=OAUTH_STATE_SECONDS, engine=engine,
                                                   logger=bolt_log),
        authorization_url=slack.authorization_url,
    )


def _oauth_tables(bolt: AsyncApp) -> Callable[[web.Application], AsyncIterator[None]]:
    """Create the installation and OAuth state tables (slack_sdk's own) once the database is open."""

    async def tables(app: web.Application) -> AsyncIterator[None]:
        assert bolt.oauth_flow is not None
        settings = bolt.oauth_flow.settings
        for keeper in (settings.installation_store, settings.state_store):
            try:
                await keeper.create_tables()  # type: ignore[union-attr]  # the SQLAlchemy stores made above
            except IntegrityError:
                pass  # another instance created them at the same moment (PostgreSQL's type catalogue)
            except ProgrammingError:
                pass
        yield

    return tables


def _oauth_page(bolt: AsyncApp) -> Callable[[web.Request], Awaitable[web.Response]]:
    """GET /slack/install (the *Add to Slack* page, setting the OAuth state cookie) and
    /slack/oauth_redirect (Slack sends the installer back here with a code), both bolt's own."""

    async def slack_oauth(request: web.Request) -> web.Response:
        flow = bolt.oauth_flow
        assert flow is not None
        bolt_request = await to_bolt_request(request)
        if request.path == flow.install_path:
            return await to_aiohttp_response(await flow.handle_installation(bolt_request))
        return await to_aiohttp_response(await flow.handle_callback(bolt_request))

    return slack_oauth


def _web_client(slack: SlackSettings) -> AsyncWebClient:
    """Slack's Web API (or GovSlack's, or a test server's), retrying rate limits and server errors."""
    return AsyncWebClient(
        token=slack.bot_token,
        base_url=slack.api_url,
        logger=sdk_log,
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


def _first_delivery_only(seen: AnsweredRecord):
    """Each request is acted on once, with one claim on the answered record for all its keys (shared by
    the workers, that is one database write per request, not one per key).

    A signed request is good for one delivery: the same signature again (a captured request replayed within
    Slack's five-minute window) is refused with 401. An event retry (X-Slack-Retry-Num) may repeat its
    first delivery's signature when it follows within the second; it passes that check and is
    de-duplicated by event id. Runs after bolt has checked the signature, so only real ones are kept.

    One answer per message: the same event id (Slack's retries keep it), or the same message (channel and
    ts) delivered again by another subscription (app_mention and message.channels both carry a mention), is
    acknowledged and dropped. Keying on ids rather than dropping every retry means a retry of an event this
    process never saw (say, one lost in a restart) is still answered."""

    async def first_delivery(req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[None]]) -> BoltResponse:
        signature = (req.headers.get("x-slack-signature") or [""])[0]
        retry = bool(req.headers.get("x-slack-retry-num"))
        keys = [f"signature:{signature}"] if signature and not retry else []
        checks_signature = bool(keys)
        if req.body.get("type") == "event_callback":
            event = req.body.get("event", {})
            keys.append(f"event:{req.body.get('event_id')}")
            if event.get("type") in ("app_mention", "message") and event.get("ts"):
                keys.append(f"message:{event.get('channel')}:{event['ts']}")
        firsts = await asyncio.gather(*(seen.first_time(key) for key in keys))  # claimed together
        if checks_signature and not firsts[0]:
            return BoltResponse(status=401, body="replayed request")
        if not all(firsts):
            return BoltResponse(status=200, body="")
        await next()
        return resp

    return first_delivery


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
