"""Slack's listeners, one bound method each (the way bolt accepts them), mirroring Teams' `TeamsTurns`.

Translation only. Every message, command and button press becomes command text for `commands.handle`, and
every Reply goes out through `render/slack_blocks.py`. Sharing practice adds two modals: the share form (its
fields go to the sharing desk's `submit`) and the reason a submission is rejected. What a reply means for
other people (a review request, a decision) goes through the core's notice router; `SlackDeliverer` is how
Slack reaches its own people.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient, WebhookResponse

from ..access import AccessSettings, organisation
from ..answers import clean_question
from ..commands import FeedbackReply, NoticeReply, handle
from ..inbound import bounded
from ..notices import NoticeRouter
from ..render.slack_blocks import (
    ACTION_IDS,
    PROMPT_FORM,
    REASON,
    REASON_FORM,
    REVIEW_ACTIONS,
    SHARE,
    SHARE_FORM,
    home_view,
    modal_view,
    prompt_form_view,
    read_inputs,
    read_press,
    reason_form_view,
    share_form_view,
    slack_message,
)
from ..reply import Reply
from ..sharing.replies import ConnectFormReply, DecisionReply, ReasonFormReply, ShareFormReply, confidential
from ..sharing.reviewer import ORG_ADMIN
from ..store import KnowledgeStore
from .slack_settings import SlackSettings
from .slack_text import plain_text

if TYPE_CHECKING:
    from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore

    from ..sharing.desk import SharingDesk

log = logging.getLogger("practice_bot.slack")

ANSWER_IN_ACK_WITHIN = 1.5
"""Seconds a slash command's reply may take and still go back in the acknowledgement. Slack waits 3 s for
it, and the way there and back must fit in what is left."""
FORM_REPLIES = (ShareFormReply, ReasonFormReply, ConnectFormReply)
"""Replies that open a modal on the request's trigger rather than being a message."""

PLATFORM = "slack"
SLASH_COMMAND = "/practice"
ANSWERED_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
"""Message subtypes a person typed; edits, joins, deletions and bot posts are not questions."""


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
    def of_press(cls, body: dict[str, Any]) -> Origin:
        container = body.get("container", {})
        if container.get("type") == "message" and not container.get("is_ephemeral") and body.get("message"):
            return cls(channel=body["channel"]["id"], ts=body["message"]["ts"])
        return cls(response_url=body.get("response_url", ""))

    def metadata(self) -> str:
        return json.dumps({name: value for name, value in asdict(self).items() if value})

    @classmethod
    def from_metadata(cls, text: str | None) -> Origin:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            data = {}
        known = {f.name for f in fields(cls)}
        return cls(**{name: str(value) for name, value in data.items() if name in known})


class SlackWorkspaces:
    """Which token speaks to which workspace: the one bot token, or (many workspaces) each installation's,
    from bolt's installation store. Clients share the app client's pooled HTTP session and base URL."""

    INSTALLER_CACHE_SECONDS = 60.0

    def __init__(self, client: AsyncWebClient, installations: AsyncInstallationStore | None = None):
        self.client = client
        self.installations = installations
        self._installers: dict[str, tuple[float, str | None]] = {}

    @classmethod
    def of(cls, bolt: AsyncApp) -> SlackWorkspaces:
        flow = bolt.oauth_flow
        return cls(bolt.client, flow.settings.installation_store if flow is not None else None)

    @property
    def many(self) -> bool:
        return self.installations is not None

    def respond(self, response_url: str | None) -> Callable[..., Awaitable[WebhookResponse]]:
        """bolt's `respond` for a request's response_url, on the app client's pooled HTTP session (bolt's own
        opens a new session, so a new connection, for every message). Like bolt's, it fails when called
        without a response_url."""

        async def respond(**message: Any) -> WebhookResponse:
            if not response_url:
                raise ValueError("respond is unsupported here as there is no response_url")
            return await AsyncWebhookClient(response_url, session=self.client.session,
                                            logger=self.client.logger).send(**message)

        return respond

    async def client_for(self, team_id: str | None) -> AsyncWebClient | None:
        """The Web API client for `team_id`'s workspace; None if that workspace has no installation."""
        if self.installations is None:
            return self.client
        if not team_id:
            return None
        bot = await self.installations.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            return None
        return AsyncWebClient(token=bot.bot_token, base_url=self.client.base_url, session=self.client.session,
                              retry_handlers=self.client.retry_handlers, team_id=team_id, logger=self.client.logger)

    async def installer(self, team_id: str | None) -> str | None:
        """Who installed the app into `team_id`'s workspace (its admin for us), cached for a minute."""
        if self.installations is None or not team_id:
            return None
        cached = self._installers.get(team_id)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        installation = await self.installations.async_find_installation(enterprise_id=None, team_id=team_id)
        user = installation.user_id if installation is not None else None
        self._installers[team_id] = (time.monotonic() + self.INSTALLER_CACHE_SECONDS, user)
        return user


class SlackDeliverer:
    """How Slack reaches its own people: the review channel (else the admins and Slack curators, each by DM
    in their own workspace), and a person by DM in the workspace they shared from."""

    platform = PLATFORM
    label = "Slack"

    def __init__(self, workspaces: SlackWorkspaces, settings: SlackSettings, access: AccessSettings | None = None):
        self.workspaces = workspaces
        self.settings = settings
        self.access = access or AccessSettings(frozenset(), frozenset(), frozenset())

    async def to_curators(self, reply: Reply) -> bool:
        targets: list[tuple[str | None, str]] = []
        if self.settings.review_channel:
            review_team, _, review_channel = self.settings.review_channel.rpartition(":")
            targets.append((review_team or None, review_channel))
        else:
            targets.extend((None, admin) for admin in sorted(self.settings.admins))
            targets.extend((team, user) for team, user in self.access.curators_on(PLATFORM)
                           if (None, user) not in targets)
        posted = False
        for target_team, channel in targets:
            client = await self.workspaces.client_for(target_team)
            if client is None:
                log.warning("Slack: no installation for workspace %s; review request not posted there", target_team)
                continue
            posted = await self.post(client, channel, reply, "review request") or posted
        return bool(targets) and (posted or not self.workspaces.many)

    async def to_person(self, user_id: str, reply: Reply, organisation: str = "") -> str | None:
        team = organisation.partition(":")[2] if organisation.startswith(f"{PLATFORM}:") else None
        client = await self.workspaces.client_for(team)
        if client is None:
            return "The app is no longer installed in their Slack workspace."
        return None if await self.post(client, user_id, reply, "notice") else "Slack did not accept the message."

    async def post(self, client: AsyncWebClient, channel: str, reply: Reply, what: str) -> bool:
        message = slack_message(reply, command="")
        return await deliver(client.chat_postMessage(channel=channel, unfurl_links=False, **message.fields()),
                             what)


class SlackListeners:
    """The listeners: each acknowledges, asks `handle`, and sends the rendered reply where it belongs."""

    def __init__(self, store: KnowledgeStore, settings: SlackSettings, *, sharing: SharingDesk | None = None,
                 notices: NoticeRouter | None = None, access: AccessSettings | None = None,
                 workspaces: SlackWorkspaces):
        self.store = store
        self.settings = settings
        self.sharing = sharing
        self.notices = notices or NoticeRouter()
        self.access = access or AccessSettings(frozenset(), frozenset(), frozenset())
        self.workspaces = workspaces

    def register(self, bolt: AsyncApp) -> None:
        bolt.event("app_mention")(self.on_mention)
        bolt.event("message")(self.on_message)
        bolt.command(SLASH_COMMAND)(self.on_command)
        bolt.action(re.compile("^(" + "|".join(ACTION_IDS) + ")$"))(self.on_press)
        bolt.event("app_home_opened")(self.on_home_opened)
        if self.sharing is not None:
            bolt.view(SHARE_FORM)(self.on_share_form)
            bolt.view(REASON_FORM)(self.on_reason_form)
            bolt.view(PROMPT_FORM)(self.on_prompt_form)

    async def on_mention(self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if _is_from_a_person(event):
            await self._answer_message(event, body.get("event_id", ""), client, team_of(body))

    async def on_message(self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, context) -> None:
        """DMs are always for us; channel messages only when they mention us (app_mention may bring them too)."""
        mentioned = f"<@{context.bot_user_id}>" in event.get("text", "")
        if _is_from_a_person(event) and (event.get("channel_type") == "im" or mentioned):
            await self._answer_message(event, body.get("event_id", ""), client, team_of(body))

    async def on_command(self, ack, command: dict[str, Any], context, client: AsyncWebClient) -> None:
        """The answer goes back in the acknowledgement itself when it is ready in time (Slack's "immediate
        response": no second request, and the asker sees it at once); anything slower is acknowledged
        first and follows through the response_url, as do forms and decisions, which need their own calls."""
        user_id, request_id = command.get("user_id", ""), command.get("trigger_id", "")
        replying = asyncio.ensure_future(self._reply_to(command.get("text", ""), user_id, team_of(command)))
        acknowledged = False
        try:
            text, reply = await asyncio.wait_for(asyncio.shield(replying), ANSWER_IN_ACK_WITHIN)
        except asyncio.TimeoutError:
            await ack()
            acknowledged = True
            text, reply = await replying
        if isinstance(reply, (DecisionReply, *FORM_REPLIES)):
            if not acknowledged:
                await ack()
            origin = Origin(response_url=command.get("response_url", ""))
            if isinstance(reply, DecisionReply):
                await self._show_decision(reply, origin, user_id, client, request_id)
            else:
                await self._open_form(reply, request_id, origin, user_id, client)
            return
        # offered for sharing unless confidential (the review queue holds submitters' contact details)
        message = slack_message(reply, command=text, shareable=True)
        if acknowledged:
            respond = self.workspaces.respond(context.response_url)
            await deliver(respond(response_type="ephemeral", **message.fields()), request_id)
        else:
            await ack(response_type="ephemeral", **message.fields())
        await self._tell_others(reply, user_id, client, request_id)

    async def on_press(self, ack, body: dict[str, Any], action: dict[str, Any], context, client: AsyncWebClient) -> None:
        await ack()
        respond = self.workspaces.respond(context.response_url)
        sending: Awaitable[Any]
        press = read_press(action["action_id"], action.get("value", ""))
        user_id = body["user"]["id"]
        reply = await self._reply_for(press.command, user_id, team_of(body))
        request_id = body.get("trigger_id", "")
        container = body.get("container", {})
        origin = Origin.of_press(body)
        if await self._open_form(reply, request_id, origin, user_id, client):
            return
        if isinstance(reply, DecisionReply):
            await self._show_decision(reply, origin, user_id, client, request_id)
            return
        if isinstance(reply, FeedbackReply):
            # thanks for Helpful / Not helpful: for the presser only, and the answer stays as it is
            message = slack_message(reply, command=press.command)
            if body.get("response_url"):
                sending = respond(response_type="ephemeral", replace_original=False, **message.fields())
            else:  # pressed in a modal: no conversation to answer in but their DM
                sending = client.chat_postMessage(channel=user_id, unfurl_links=False, **message.fields())
        elif action["action_id"] in REVIEW_ACTIONS:
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
        await deliver(sending, request_id)
        await self._tell_others(reply, user_id, client, request_id)

    async def on_home_opened(self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") == "home":
            view = home_view(self.store.snapshot.kb)
            await deliver(client.views_publish(user_id=event["user"], view=view), body.get("event_id", ""))

    async def on_share_form(self, ack, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        """Errors go back on the form's fields; a submission closes it, thanks the submitter with its
        reference, and goes to the curators for review."""
        assert self.sharing is not None
        user_id = body["user"]["id"]
        reply = await self.sharing.submit(read_inputs(view["state"]["values"]), platform=PLATFORM, user_id=user_id,
                                          organisation=organisation(PLATFORM, team_of(body)) or None)
        if isinstance(reply, ShareFormReply):
            await ack(response_action="errors", errors=reply.errors)
            return
        await ack()
        confirm_to = Origin.from_metadata(view.get("private_metadata")).channel or user_id
        message = slack_message(reply, command="")
        await deliver(client.chat_postMessage(channel=confirm_to, unfurl_links=False, **message.fields()),
                      view.get("id", ""))
        await self._tell_others(reply, user_id, client, view.get("id", ""))

    async def on_reason_form(self, ack, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        """The reason runs `reject REF REASON` for the admin who gave it (the command checks they are one)."""
        user_id = body["user"]["id"]
        origin = Origin.from_metadata(view.get("private_metadata"))
        reason = " ".join(str(read_inputs(view["state"]["values"]).get(REASON) or "").split())
        reply = await self._reply_for(f"reject {origin.reference} {reason}", user_id, team_of(body))
        if isinstance(reply, DecisionReply):
            await ack()
            await self._show_decision(reply, origin, user_id, client, view.get("id", ""))
        elif isinstance(reply, ReasonFormReply):
            await ack(response_action="errors", errors={REASON: "Please say why: the submitter reads this."})
        else:
            await ack(response_action="update", view=modal_view(slack_message(reply, command="")))

    async def on_prompt_form(self, ack, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        """A one-line form (connect's purpose): the line completes the command the form was opened for."""
        user_id = body["user"]["id"]
        line = " ".join(str(read_inputs(view["state"]["values"]).get(REASON) or "").split())
        if not line:
            await ack(response_action="errors", errors={REASON: "Please write one line."})
            return
        await ack()
        command = str(json.loads(view.get("private_metadata") or "{}").get("command", ""))
        reply = await self._reply_for(f"{command} {line}", user_id, team_of(body))
        message = slack_message(reply, command="")
        await deliver(client.chat_postMessage(channel=user_id, unfurl_links=False, **message.fields()), view.get("id", ""))
        await self._tell_others(reply, user_id, client, view.get("id", ""))

    async def _reply_for(self, command: str, user_id: str, team_id: str | None) -> Reply:
        """`command`'s reply for `user_id` of workspace `team_id`: the single-workspace admins hold every
        role; otherwise the access lists say, and whoever installed the app is their workspace's admin."""
        roles = self.access.roles(PLATFORM, team_id, user_id)
        if self.workspaces.many and ORG_ADMIN not in roles \
                and user_id and await self.workspaces.installer(team_id) == user_id:
            roles |= {ORG_ADMIN}
        is_admin = user_id in self.settings.admins and not self.workspaces.many
        return await handle(command, self.store, is_admin=is_admin, platform=PLATFORM, user_id=user_id,
                            sharing=self.sharing, organisation=organisation(PLATFORM, team_id), roles=roles)

    async def _reply_to(self, text: str, user_id: str, team_id: str | None) -> tuple[str, Reply]:
        """What a person typed, cut to a sane length and read as they see it (without mentions of the bot, emoji
        or formatting marks: slack_text), and its reply."""
        command = clean_question(plain_text(bounded(text)))
        return command, await self._reply_for(command, user_id, team_id)

    async def _answer_message(self, event: dict[str, Any], event_id: str, client: AsyncWebClient,
                              team_id: str | None) -> None:
        command, reply = await self._reply_to(event.get("text", ""), event.get("user", ""), team_id)
        in_dm = event.get("channel_type") == "im"
        thread = event.get("thread_ts") or (None if in_dm else event["ts"])
        message = slack_message(reply, command=command)
        await deliver(client.chat_postMessage(channel=event["channel"], thread_ts=thread, unfurl_links=False,
                                              **message.fields()), event_id)
        await self._tell_others(reply, event.get("user", ""), client, event_id)

    async def _open_form(self, reply: Reply, trigger_id: str, origin: Origin, user_id: str,
                         client: AsyncWebClient) -> bool:
        """A form reply opens its modal on the press's or command's trigger; False for every other reply."""
        if isinstance(reply, ShareFormReply):
            view = share_form_view(reply, private_metadata=Origin(channel=user_id).metadata())
        elif isinstance(reply, ReasonFormReply):
            reference = reply.submission.reference
            view = reason_form_view(reply, private_metadata=Origin(**{**asdict(origin), "reference": reference}).metadata())
        elif isinstance(reply, ConnectFormReply):
            view = prompt_form_view(reply, private_metadata=json.dumps({"command": f"connect {reply.case.id}"}))
        else:
            return False
        await deliver(client.views_open(trigger_id=trigger_id, view=view), trigger_id)
        return True

    async def _show_decision(self, reply: DecisionReply, origin: Origin, user_id: str, client: AsyncWebClient,
                             request_id: str) -> None:
        """The review message becomes the decision, saying who decided (or the admin is answered where they
        acted); then the submitter hears of it, on whichever platform they shared from."""
        message = slack_message(reply, command="", decided_by=user_id)
        sending: Awaitable[Any]
        if origin.channel and origin.ts:
            sending = client.chat_update(channel=origin.channel, ts=origin.ts, **message.fields())
        elif origin.response_url:
            sending = self.workspaces.respond(origin.response_url)(response_type="ephemeral", replace_original=False,
                                                                  **message.fields())
        else:
            sending = client.chat_postMessage(channel=user_id, unfurl_links=False, **message.fields())
        await deliver(sending, request_id)
        await self._tell_others(reply, user_id, client, request_id)

    async def _tell_others(self, reply: Reply, user_id: str, client: AsyncWebClient, request_id: str) -> None:
        """The notices this reply means, through the core's router; what could not be delivered is told to
        the person acting, by DM."""
        for problem in await self.notices.deliver(reply):
            message = slack_message(NoticeReply(problem), command="")
            await deliver(client.chat_postMessage(channel=user_id, unfurl_links=False, **message.fields()),
                          request_id)


def team_of(body: dict[str, Any]) -> str | None:
    """The workspace a request comes from: `team_id` on events and commands, `team.id` on interactions."""
    team = body.get("team")
    found = body.get("team_id") or (team.get("id") if isinstance(team, dict) else None)
    return found if isinstance(found, str) and found else None


def _is_from_a_person(event: dict[str, Any]) -> bool:
    """Bolt already drops our own posts; this drops other bots and edits, joins and deletions."""
    return not event.get("bot_id") and event.get("subtype") in ANSWERED_SUBTYPES and bool(event.get("user"))


async def deliver(sending: Awaitable[Any], request_id: str) -> bool:
    """Send one reply; True if Slack took it. A failure (after the client's retries) is logged with the event
    id; it never crashes."""
    try:
        sent = await sending
    except (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError) as error:
        log.error("Slack reply for %s failed: %s", request_id, error)
        return False
    status = getattr(sent, "status_code", 200)
    if status >= 400:
        log.error("Slack reply for %s failed: HTTP %s %s", request_id, status, getattr(sent, "body", ""))
        return False
    return True
