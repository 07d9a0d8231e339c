"""Microsoft Teams: `POST /api/messages` through the Microsoft 365 Agents SDK, on the one aiohttp server.

Translation only: an activity becomes command text for `commands.handle` (typed text without `<at>`
mentions, or a card button's `value.command`), and the Reply goes back as an Adaptive Card from
`render/teams_cards.py`. The SDK sends the reply to the activity's `serviceUrl` with `replyToId` set, so a
channel question is answered in its thread.

Sharing practice (the `share` form, review requests to admins, decisions to submitters) is in
`teams_sharing.py`; the server's sharing desk also keeps the record of activities already answered, in the
database when DATABASE_URL is set, so two processes never both answer one re-sent activity.

Always mounted. With the SDK's own settings (CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID,
__CLIENTSECRET, __TENANTID) incoming tokens are validated and replies authenticated; without them the bot
runs anonymously, for local use and tests, and logs that it does. The SDK's JWT middleware sits on a
sub-application at /api, so it guards Teams' route only and never /healthz or Slack's.
"""
from __future__ import annotations

import html
import logging
import re
import warnings

from aiohttp import web
from microsoft_agents.activity import Activity, load_configuration_from_env
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware, start_agent_process
from microsoft_agents.hosting.core import (
    AgentApplication, AgentAuthConfiguration, AnonymousTokenProvider, ConnectionManager, MemoryStorage,
    TurnContext, TurnState,
)

from ..app_keys import SHARING
from ..commands import handle
from ..dedupe import SeenIds
from ..settings import Settings
from ..store import KnowledgeStore
from .teams_sharing import Conversations, Messenger, TeamsSharing, card_message, sender_id, share_fields

log = logging.getLogger("practice_bot.teams")

PREFIX = "/api"
ADMINS = "TEAMS_ADMIN_IDS"
"""Comma-separated Microsoft Entra object ids (aadObjectId) of the admins: reload, status and reviewing."""
CLIENT_ID = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID"
SDK_SETTINGS = ("CONNECTIONS__", "CONNECTIONSMAP__", "AGENTAPPLICATION__")
"""The environment variables the SDK's own configuration loader reads."""
WELCOME = "Hello! I'm Practice Bot."
APOLOGY = "Sorry, something went wrong while answering that. Please try again in a minute."
MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)


def mount(app: web.Application, store: KnowledgeStore, settings: Settings) -> bool:
    connections, auth = _connections(settings)
    agent = AgentApplication[TurnState](storage=MemoryStorage(), connection_manager=connections, start_typing_timer=False)
    adapter = CloudAdapter(connection_manager=connections)
    admins, app_id = settings.ids(ADMINS), settings.get(CLIENT_ID)
    desk = app[SHARING]
    conversations = Conversations.from_settings(settings, admins, app_id)
    sharing = TeamsSharing(desk, conversations, Messenger(adapter, app_id)) if desk else None
    TeamsTurns(store, admins=admins, sharing=sharing, conversations=conversations).register(agent)

    async def messages(request: web.Request) -> web.StreamResponse:
        return await start_agent_process(request, agent, adapter)

    api = web.Application(middlewares=[jwt_authorization_middleware])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        api["agent_configuration"] = auth  # the key the SDK's middleware reads
    api.router.add_post("/messages", messages)
    app.add_subapp(PREFIX, api)
    return True


class TeamsTurns:
    """The activity handlers: each turns one kind of activity into command text and sends back a card."""

    def __init__(self, store: KnowledgeStore, admins: frozenset[str], sharing: TeamsSharing | None = None,
                 conversations: Conversations | None = None):
        self.store = store
        self.admins = admins
        self.sharing = sharing
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
        self.conversations.remember(activity)
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
                                 sharing=self.desk)
        await context.send_activity(card_message(reply))
        if self.sharing:
            await self.sharing.deliver_notices(context, reply)

    async def on_members_added(self, context: TurnContext, state: TurnState) -> None:
        bot = context.activity.recipient.id
        if any(member.id == bot for member in context.activity.members_added or ()):
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

    def _is_admin(self, activity: Activity) -> bool:
        sender = activity.from_property
        return bool(sender and sender.aad_object_id and sender.aad_object_id in self.admins)


def command_text(activity: Activity) -> str:
    """A card button's command, else the typed text without `<at>…</at>` mentions.

    A card's input named "reason" (the reject card's) is appended to its command: "reject REF" + the reason.
    The SDK already removed the bot's own mention; others (`<at>Everyone</at>`) are noise to the matcher and
    must not be echoed back as mentions.
    """
    value = activity.value
    if isinstance(value, dict) and isinstance(value.get("command"), str):
        reason = value.get("reason")
        return f"{value['command']} {reason}" if isinstance(reason, str) and reason.strip() else value["command"]
    return MENTION.sub(" ", html.unescape(activity.text or ""))


def _connections(settings: Settings) -> tuple[ConnectionManager, AgentAuthConfiguration]:
    """The SDK's connection manager and token-validation settings, from the SDK's own environment names."""
    if settings.get(CLIENT_ID):
        from microsoft_agents.authentication.msal import MsalConnectionManager

        sdk_env = {name: value for name, value in settings.env.items() if name.startswith(SDK_SETTINGS)}
        connections = MsalConnectionManager(**load_configuration_from_env(sdk_env))
        log.info("Teams: validating tokens and authenticating replies as app %s", settings.get(CLIENT_ID))
        return connections, connections.get_default_connection_configuration()
    log.warning("Teams: no Microsoft app credentials (%s is not set), so running in ANONYMOUS mode: "
                "requests are not authenticated. For local use and tests only.", CLIENT_ID)
    anonymous = AgentAuthConfiguration(anonymous_allowed=True)
    connections = ConnectionManager(provider_factory=lambda _config: AnonymousTokenProvider(),
                                    connections_configurations={"SERVICE_CONNECTION": anonymous})
    return connections, anonymous
