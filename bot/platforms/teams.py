"""Microsoft Teams: `POST /api/messages` through the Microsoft 365 Agents SDK, on the one aiohttp server.

Translation only: an activity becomes command text for `commands.handle` (typed text without `<at>`
mentions, or a card button's `value.command`), and the Reply goes back as an Adaptive Card from
`render/teams_cards.py`. The SDK sends the reply to the activity's `serviceUrl` with `replyToId` set, so a
channel question is answered in its thread.

Sharing practice (the `share` form, review requests to admins, decisions to submitters) is in
`teams_sharing.py`; the server's sharing desk also keeps the record of activities already answered, in the
database when DATABASE_URL is set, so two processes never both answer one re-sent activity.

Off unless configured (see `teams_access.py`): with the SDK's own settings (CONNECTIONS__SERVICE_CONNECTION__
SETTINGS__CLIENTID, __CLIENTSECRET, __TENANTID) incoming tokens are validated and replies authenticated;
TEAMS_ANONYMOUS=1 runs without them on a developer's machine only. The SDK's JWT middleware sits on a
sub-application at /api, so it guards Teams' route only and never /healthz or Slack's.
"""
from __future__ import annotations

import html
import logging
import re
import warnings
from typing import Any

from aiohttp import web
from microsoft_agents.activity import Activity, load_configuration_from_env
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware
from microsoft_agents.hosting.core import (
    AgentApplication,
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    ConnectionManager,
    MemoryStorage,
    TurnContext,
    TurnState,
)

from ..access import AccessSettings, organisation
from ..app_keys import NOTICES, SHARING
from ..commands import FeedbackReply, NoticeReply, handle
from ..dedupe import SeenIds
from ..inbound import bounded
from ..notices import NoticeRouter
from ..settings import Settings
from ..sharing.reviewer import CURATOR
from ..store import KnowledgeStore
from .teams_access import ANONYMOUS, TeamsConfigurationError, TeamsSettings, refusal
from .teams_clients import PooledClientFactory
from .teams_sharing import (
    Conversations,
    Messenger,
    TeamsDeliverer,
    TeamsSharing,
    card_message,
    sender_id,
    share_fields,
    tenant_id,
)

log = logging.getLogger("practice_bot.teams")

PREFIX = "/api"
MESSAGES_PATH = PREFIX + "/messages"
WELCOME = "Hello! I'm Practice Bot."
APOLOGY = "Sorry, something went wrong while answering that. Please try again in a minute."
MENTION = re.compile(r"<at>[^<]*</at>", re.IGNORECASE)
"""A mention as Teams writes it; `[^<]*` stops at the next tag, so `<at>` repeated costs linear time."""


def mount(app: web.Application, store: KnowledgeStore, settings: Settings) -> bool:
    """Serve Teams at POST /api/messages when credentials (or explicit local anonymous mode) are set."""
    teams = TeamsSettings.from_settings(settings)
    if not teams.has_credentials and not teams.anonymous:
        missing = ", ".join(teams.missing())
        log.warning("Teams is off: %s not set", missing)
        app.router.add_post(MESSAGES_PATH, _unavailable(f"Teams is off on this server: set {missing}."))
        return False
    if teams.anonymous:
        problem = teams.anonymous_refusal(settings)
        if problem:
            raise TeamsConfigurationError(f"{ANONYMOUS}=1 refused: {problem}.")
    connections, auth = _connections(teams)
    agent = AgentApplication[TurnState](storage=MemoryStorage(), connection_manager=connections, start_typing_timer=False)
    clients = PooledClientFactory(connections)
    adapter = CloudAdapter(connection_manager=connections, channel_service_client_factory=clients)
    desk = app[SHARING]
    conversations = Conversations.from_settings(teams, desk.storage if desk is not None else None)
    notices = app[NOTICES]
    if desk is not None:
        notices.register(TeamsDeliverer(conversations, Messenger(adapter, teams.client_id)))
    sharing = TeamsSharing(desk) if desk else None
    TeamsTurns(store, admins=teams.admins, sharing=sharing, conversations=conversations,
               notices=notices, access=AccessSettings.from_settings(settings)).register(agent)

    async def messages(request: web.Request) -> web.StreamResponse:
        try:
            activity = await request.json()
        except ValueError:
            return web.json_response({"error": "the body is not JSON"}, status=400)
        if not isinstance(activity, dict):
            return web.json_response({"error": "an activity is a JSON object"}, status=400)
        identity = request.get("claims_identity")
        refused = refusal(teams, activity, getattr(identity, "claims", None))
        if refused:
            log.warning("Teams activity refused: %s", refused)
            return web.json_response({"error": "activity refused"}, status=403)
        if "text" in activity:
            activity["text"] = bounded(activity["text"])
        response = await adapter.process_request(_ParsedRequest(request, activity), agent)
        return _to_response(response)

    async def at_shutdown(app: web.Application):
        yield
        await conversations.flush()  # before the database closes (cleanups run in reverse order)
        await clients.close()

    app.cleanup_ctx.append(at_shutdown)
    api = web.Application(middlewares=[_token_check])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        api["agent_configuration"] = auth  # the key the SDK's middleware reads
    api.router.add_post("/messages", messages)
    app.add_subapp(PREFIX, api)
    return True


@web.middleware
async def _token_check(request: web.Request, handler) -> web.StreamResponse:
    """The SDK's token check, with anything it did not expect (a token without `kid`, an odd header) turned
    into 401 rather than a 500 and a traceback."""
    try:
        return await jwt_authorization_middleware(request, handler)
    except web.HTTPException:
        raise
    except Exception as error:  # noqa: BLE001 - whatever a forged token makes the validator raise
        if "claims_identity" in request:
            raise  # the token was fine: this is the handler's own failure
        log.warning("Teams token refused: %s", type(error).__name__)
        return web.json_response({"error": "Invalid token or authentication failed."}, status=401)


class _ParsedRequest:
    """The request as the SDK's adapter reads it (its HttpRequestProtocol), with the activity we already
    parsed, checked and bounded, so the SDK never sees the unbounded text."""

    def __init__(self, request: web.Request, activity: dict[str, Any]):
        self._request = request
        self._activity = activity
        self.method = request.method
        self.headers = request.headers

    async def json(self) -> dict[str, Any]:
        return self._activity

    def get_claims_identity(self):
        return self._request.get("claims_identity")

    def get_path_param(self, name: str) -> str:
        return self._request.match_info[name]


def _to_response(response) -> web.Response:
    if response.body is not None:
        return web.json_response(response.body, status=response.status_code, headers=response.headers)
    return web.Response(status=response.status_code, headers=response.headers)


def _unavailable(message: str):
    async def teams_unavailable(request: web.Request) -> web.Response:
        return web.json_response({"error": "teams_unavailable", "message": message}, status=503)

    return teams_unavailable


class TeamsTurns:
    """The activity handlers: each turns one kind of activity into command text and sends back a card."""

    def __init__(self, store: KnowledgeStore, admins: frozenset[str], sharing: TeamsSharing | None = None,
                 conversations: Conversations | None = None, notices: NoticeRouter | None = None,
                 access: AccessSettings | None = None):
        self.store = store
        self.admins = admins
        self.access = access or AccessSettings(frozenset(), frozenset(), frozenset())
        self.sharing = sharing
        self.notices = notices or NoticeRouter()
        self.desk = sharing.desk if sharing else None
        self.conversations = conversations or Conversations(admins)
        self.seen = self.desk.answered_record("teams") if self.desk else SeenIds()

    def register(self, agent: AgentApplication[TurnState]) -> None:
        agent.before_turn(self.first_delivery)
        agent.message()(self.on_message)
        agent.conversation_update("membersAdded")(self.on_members_added)
        agent.installation_update()(self.on_installation_update)
        agent.error(self.on_error)

    async def first_delivery(self, context: TurnContext, state: TurnState) -> bool:
        """Teams re-sends an activity it thinks failed, with the same id: only the first is answered.
        Every activity also tells where its sender can be reached later (for sharing's notices)."""
        activity = context.activity
        self.conversations.remember(activity, curator=CURATOR in self._roles(activity))
        if not activity.id:
            return True
        first = await self.seen.first_time(f"activity:{activity.conversation.id}:{activity.id}")
        if not first:
            log.info("ignoring re-sent activity %s", activity.id)
        return first

    async def on_message(self, context: TurnContext, state: TurnState) -> None:
        activity = context.activity
        fields = share_fields(activity)
        if fields is not None and self.sharing:
            reply = await self.sharing.submit(fields, activity)
        else:
            reply = await handle("share" if fields is not None else command_text(activity), self.store,
                                 is_admin=self._is_admin(activity), platform="teams", user_id=sender_id(activity),
                                 sharing=self.desk, organisation=organisation("teams", tenant_id(activity)),
                                 roles=self._roles(activity))
        if isinstance(reply, FeedbackReply) and not _personal(activity):
            log.info("feedback recorded; thanks not posted to a shared conversation")  # only the presser may see it
            return
        await context.send_activity(card_message(reply))
        for problem in await self.notices.deliver(reply):
            await context.send_activity(card_message(NoticeReply(problem)))

    async def on_members_added(self, context: TurnContext, state: TurnState) -> None:
        bot = context.activity.recipient.id if context.activity.recipient else None
        if bot and any(member.id == bot for member in context.activity.members_added or ()):
            await self._welcome(context)

    async def on_installation_update(self, context: TurnContext, state: TurnState) -> None:
        if (context.activity.action or "").startswith("add"):
            await self._welcome(context)

    async def on_error(self, context: TurnContext, error: Exception) -> None:
        log.error("Teams turn failed for activity %s", context.activity.id, exc_info=error)
        try:
            await context.send_activity(APOLOGY)
        except Exception:
            log.exception("could not send the apology for activity %s", context.activity.id)

    async def _welcome(self, context: TurnContext) -> None:
        """Once per conversation: Teams sends both conversationUpdate and installationUpdate on install."""
        if await self.seen.first_time(f"welcome:{context.activity.conversation.id}"):
            reply = await handle("help", self.store, is_admin=False, platform="teams",
                                 user_id=sender_id(context.activity), sharing=self.desk)
            await context.send_activity(card_message(reply, greeting=WELCOME))

    def _roles(self, activity: Activity) -> frozenset[str]:
        """What the access lists let the sender do, by their tenant and Entra object id."""
        sender = activity.from_property
        return self.access.roles("teams", tenant_id(activity), sender.aad_object_id if sender else None)

    def _is_admin(self, activity: Activity) -> bool:
        sender = activity.from_property
        return bool(sender and sender.aad_object_id and sender.aad_object_id in self.admins)


def _personal(activity: Activity) -> bool:
    """A one-to-one chat with the bot, where a reply is seen by the sender alone. Teams has no message only
    one member of a channel or group chat sees, so the thanks for feedback is given only here."""
    conversation = activity.conversation
    kind = getattr(conversation, "conversation_type", None) if conversation else None
    return kind in (None, "personal")


def command_text(activity: Activity) -> str:
    """A card button's command, else the typed text without `<at>…</at>` mentions.

    A card's input named "reason" (the reject card's) is appended to its command: "reject REF" + the reason.
    The SDK already removed the bot's own mention; others (`<at>Everyone</at>`) are noise to the matcher and
    must not be echoed back as mentions.
    """
    value = activity.value
    if isinstance(value, dict) and isinstance(value.get("command"), str):
        reason = value.get("reason")
        command = f"{value['command']} {reason}" if isinstance(reason, str) and reason.strip() else value["command"]
        return bounded(command)
    return MENTION.sub(" ", html.unescape(bounded(activity.text)))


def _connections(teams: TeamsSettings) -> tuple[ConnectionManager, AgentAuthConfiguration]:
    """The SDK's connection manager and token-validation settings, from the SDK's own environment names."""
    if teams.has_credentials:
        from microsoft_agents.authentication.msal import MsalConnectionManager

        msal = MsalConnectionManager(**load_configuration_from_env(teams.sdk_env))
        log.info("Teams: validating tokens and authenticating replies as app %s", teams.client_id)
        return msal, msal.get_default_connection_configuration()
    log.warning("Teams: %s=1, so running in ANONYMOUS mode: requests are not authenticated and only a "
                "serviceUrl on this machine is answered. For local testing only, never in production.", ANONYMOUS)
    anonymous = AgentAuthConfiguration(anonymous_allowed=True)
    connections = ConnectionManager(provider_factory=lambda _config: AnonymousTokenProvider(),
                                    connections_configurations={"SERVICE_CONNECTION": anonymous})
    return connections, anonymous
