"""Sharing practice in Teams: the share form's submissions, and how Teams delivers the core's notices.

The core's notice router decides who hears of a new submission (the curators) or a decision (the person who
submitted); `TeamsDeliverer` reaches them in Teams. Both are proactive messages, which Teams only delivers
to a conversation the bot already knows (its service URL and id). So every incoming activity leaves its
sender's conversation reference in `Conversations`, in memory and in the database: a personal chat is
preferred over a channel thread, so a decision is not announced in public. Across restarts and instances
(and from a Slack admin's decision) the submitter is reached through the stored reference; only someone
the bot was never told about cannot be, and the admin who decided is told so, with the reference to pass on.

The review conversation comes from TEAMS_REVIEW_CONVERSATION_ID and TEAMS_REVIEW_SERVICE_URL (a channel or
chat the bot is in); without them, the review request goes to the last admin the bot heard from.
"""
from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from microsoft_agents.activity import Activity, ChannelAccount, ChannelId, ConversationAccount, ConversationReference
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import CardFactory, MessageFactory, TurnContext
from microsoft_agents.hosting.core.authorization import ClaimsIdentity

from ..access import organisation
from ..render.teams_cards import SHARE_FORM, render_card
from ..reply import Reply
from ..sharing.submission import FIELDS
from .teams_access import REVIEW_CONVERSATION, REVIEW_SERVICE_URL, TeamsSettings

if TYPE_CHECKING:
    from ..sharing.desk import SharingDesk
    from ..sharing.storage import Storage

log = logging.getLogger("practice_bot.teams")

PLATFORM = "teams"
MAX_KNOWN_USERS = 10_000


def tenant_id(activity: Activity) -> str | None:
    """The Microsoft 365 tenant an activity comes from."""
    conversation = activity.conversation
    if conversation is not None and conversation.tenant_id:
        return conversation.tenant_id
    channel_data = activity.channel_data
    tenant = channel_data.get("tenant") if isinstance(channel_data, dict) else getattr(channel_data, "tenant", None)
    found = tenant.get("id") if isinstance(tenant, dict) else getattr(tenant, "id", None)
    return found if isinstance(found, str) and found else None


def sender_id(activity: Activity) -> str:
    """Who sent an activity: their Entra object id when Teams gives it, else their Teams user id."""
    sender = activity.from_property
    return (sender.aad_object_id or sender.id or "") if sender else ""


def card_message(reply: Reply, *, greeting: str | None = None) -> Activity:
    return MessageFactory.attachment(CardFactory.adaptive_card(SentCard(render_card(reply, greeting=greeting))))


class SentCard(dict):
    """A card built for one message and never changed after. The SDK deep-copies every activity it sends
    (so that its middleware cannot change the sender's), and for an answer's card, hundreds of nested
    elements, that copy was a twentieth of a Teams turn; this card is its own copy."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SentCard:
        return self


def share_fields(activity: Activity) -> dict[str, Any] | None:
    """The share form's fields when the activity is its submission (Action.Submit sends the inputs and the
    button's data together in `value`), else None."""
    value = activity.value
    if isinstance(value, dict) and value.get("form") == SHARE_FORM:
        return {name: value.get(name) for name in FIELDS}
    return None


class Conversations:
    """The conversation references the bot may write to unasked: each user's, and the review conversation.

    Kept in memory and, with the sharing desk's database, there too: so after a restart, on another
    instance, or when an admin on Slack decides, a submitter can still be told in Teams."""

    def __init__(self, admins: frozenset[str], *, review: tuple[str, str] | None = None, app_id: str | None = None,
                 storage: Storage | None = None):
        self.admins = admins
        self.review = review
        """The review conversation's (service URL, id), if configured."""
        self.bot = ChannelAccount(id=f"28:{app_id or 'practice-bot'}")
        """The bot's own account, as Teams names it in the activities it sends (their recipient)."""
        self.storage = storage
        self._users: OrderedDict[str, ConversationReference] = OrderedDict()
        self._saving: set[asyncio.Task] = set()

    @classmethod
    def from_settings(cls, teams: TeamsSettings, storage: Storage | None = None) -> Conversations:
        conversation, service_url = teams.review_conversation, teams.review_service_url
        if bool(conversation) != bool(service_url):
            log.warning("Teams: %s and %s must be set together; review requests go to an admin's chat instead",
                        REVIEW_CONVERSATION, REVIEW_SERVICE_URL)
        review = (service_url, conversation) if conversation and service_url else None
        return cls(teams.admins, review=review, app_id=teams.client_id, storage=storage)

    def remember(self, activity: Activity, *, curator: bool = False) -> None:
        """Keep where the sender can be reached (`curator`: they receive review requests, like admins)."""
        if activity.recipient and activity.recipient.id:
            self.bot = activity.recipient
        user = sender_id(activity)
        if not (user and activity.service_url and activity.conversation and activity.conversation.id):
            return
        known = self._users.get(user)
        if known is not None and _personal(known) and not _personal(activity):
            return
        reference = activity.get_conversation_reference()
        reference.activity_id = None  # a new message in the conversation, not a reply to this activity
        self._users[user] = reference
        self._users.move_to_end(user)
        while len(self._users) > MAX_KNOWN_USERS:
            self._users.popitem(last=False)
        if self.storage is not None and (known is None or known.conversation.id != reference.conversation.id
                                         or user in self.admins or curator):
            self._save(user, reference, admin=user in self.admins or curator)

    def _save(self, user: str, reference: ConversationReference, *, admin: bool) -> None:
        assert self.storage is not None
        data = reference.model_dump(mode="json", by_alias=True, exclude_none=True)
        task = asyncio.ensure_future(self.storage.save_reference(PLATFORM, user, data, personal=_personal(reference),
                                                                 admin=admin))
        self._saving.add(task)
        task.add_done_callback(self._saved)

    def _saved(self, task: asyncio.Task) -> None:
        self._saving.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("Teams: could not keep a conversation reference", exc_info=task.exception())

    async def flush(self) -> None:
        """Wait for the references being written (at shutdown, and in tests)."""
        await asyncio.gather(*self._saving, return_exceptions=True)

    async def of_user(self, user_id: str) -> ConversationReference | None:
        """Where `user_id` can be written to: as remembered here, else as any instance kept it."""
        known = self._users.get(user_id)
        if known is None and self.storage is not None:
            known = _reference(await self.storage.reference(PLATFORM, user_id))
        return known

    async def of_admins(self) -> ConversationReference | None:
        """The review conversation, else the conversation of the admin or curator heard from most recently."""
        if self.review is not None:
            service_url, conversation = self.review
            return ConversationReference(channel_id=ChannelId("msteams"), service_url=service_url, agent=self.bot,
                                         conversation=ConversationAccount(id=conversation))
        found = next((ref for user, ref in reversed(self._users.items()) if user in self.admins), None)
        if found is None and self.storage is not None:
            found = _reference(await self.storage.latest_admin_reference(PLATFORM))
        return found


def _reference(data: dict | None) -> ConversationReference | None:
    return ConversationReference.model_validate(data) if data else None


def _personal(item: Activity | ConversationReference) -> bool:
    return bool(item.conversation and item.conversation.conversation_type == "personal")


class Messenger:
    """Proactive messages through the SDK: a turn continued from a conversation reference."""

    def __init__(self, adapter: CloudAdapter, app_id: str | None):
        self.adapter = adapter
        self.app_id = app_id

    async def send(self, reference: ConversationReference, message: Activity) -> None:
        """Post `message` as a new message in the referenced conversation; raises what the connector raised."""
        continuation = reference.get_continuation_activity()
        continuation.id = None  # so the SDK posts a new message rather than a reply to the continuation event
        failure: list[BaseException] = []

        async def send(context: TurnContext) -> None:
            try:
                await context.send_activity(message)
            except Exception as error:  # the adapter's own error handler would post the error into the chat
                failure.append(error)

        if self.app_id:
            await self.adapter.continue_conversation(self.app_id, continuation, send)
        else:  # anonymous mode: no token, as for replies
            await self.adapter.continue_conversation_with_claims(ClaimsIdentity(), continuation, send)
        if failure:
            raise failure[0]


class TeamsSharing:
    """Submissions from the share form."""

    def __init__(self, desk: SharingDesk):
        self.desk = desk

    async def submit(self, fields: dict[str, Any], activity: Activity) -> Reply:
        return await self.desk.submit(fields, platform=PLATFORM, user_id=sender_id(activity),
                                      organisation=organisation(PLATFORM, tenant_id(activity)) or None)


class TeamsDeliverer:
    """How Teams reaches its own people, for the core's notice router: the review conversation (else the
    admin heard from most recently), and a person in the conversation they last wrote from."""

    platform = PLATFORM
    label = "Teams"

    def __init__(self, conversations: Conversations, messenger: Messenger):
        self.conversations = conversations
        self.messenger = messenger

    async def to_curators(self, reply: Reply) -> bool:
        reference = await self.conversations.of_admins()
        if reference is None:
            log.warning("Teams: no admin conversation is known (set %s and %s)", REVIEW_CONVERSATION,
                        REVIEW_SERVICE_URL)
            return False
        return await self._send(reference, reply, "review request")

    async def to_person(self, user_id: str, reply: Reply, organisation: str = "") -> str | None:
        reference = await self.conversations.of_user(user_id)
        if reference is None:
            return "The bot has never been told where to reach them in Teams."
        return None if await self._send(reference, reply, "notice") else "Teams did not accept the message."

    async def _send(self, reference: ConversationReference, reply: Reply, what: str) -> bool:
        try:
            await self.messenger.send(reference, card_message(reply))
        except Exception:
            log.exception("Teams: could not send the %s to conversation %s", what, reference.conversation.id)
            return False
        return True
