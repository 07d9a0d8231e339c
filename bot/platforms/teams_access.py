"""Who may talk to the Teams endpoint, and where the bot may send its replies.

Secure by default: without Microsoft app credentials Teams is off (503, naming what is missing), exactly like
Slack without its settings. Anonymous mode, for trying the bot locally in the Microsoft 365 Agents Playground,
must be asked for with TEAMS_ANONYMOUS=1; it refuses to start next to anything that looks like production
(admin ids, a review conversation, a shared database, a public listening address) and answers only
activities whose serviceUrl is on this machine. With credentials, a reply goes only to the serviceUrl that the
validated Bot Framework token vouches for (its `serviceurl` claim), so a caller cannot make the bot POST to an
address of its choosing; and with TEAMS_ALLOWED_TENANTS set, only those Microsoft 365 tenants are answered.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from ..errors import BotError
from ..settings import Settings, is_loopback, parse_bool

CLIENT_ID = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID"
CLIENT_SECRET = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET"
TENANT_ID = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID"
ANONYMOUS = "TEAMS_ANONYMOUS"
ADMINS = "TEAMS_ADMIN_IDS"
"""Comma-separated Microsoft Entra object ids (aadObjectId) of the admins: reload, status and reviewing."""
ALLOWED_TENANTS = "TEAMS_ALLOWED_TENANTS"
REVIEW_CONVERSATION = "TEAMS_REVIEW_CONVERSATION_ID"
REVIEW_SERVICE_URL = "TEAMS_REVIEW_SERVICE_URL"
SDK_SETTINGS = ("CONNECTIONS__", "CONNECTIONSMAP__", "AGENTAPPLICATION__")
"""The environment variables the SDK's own configuration loader reads."""
SERVICE_URL_CLAIM = "serviceurl"


class TeamsConfigurationError(BotError):
    """The Teams settings are unsafe together; the server refuses to start rather than run open."""


@dataclass(frozen=True)
class TeamsSettings:
    """Every Teams setting, read once from the environment."""

    client_id: str | None
    client_secret: str | None
    tenant_id: str | None
    anonymous: bool
    admins: frozenset[str]
    allowed_tenants: frozenset[str]
    review_conversation: str | None
    review_service_url: str | None
    sdk_env: dict[str, str]

    @classmethod
    def from_settings(cls, settings: Settings) -> TeamsSettings:
        return cls(
            client_id=settings.get(CLIENT_ID),
            client_secret=settings.get(CLIENT_SECRET),
            tenant_id=settings.get(TENANT_ID),
            anonymous=parse_bool(settings.get(ANONYMOUS)),
            admins=settings.ids(ADMINS),
            allowed_tenants=frozenset(t.lower() for t in settings.ids(ALLOWED_TENANTS)),
            review_conversation=settings.get(REVIEW_CONVERSATION),
            review_service_url=settings.get(REVIEW_SERVICE_URL),
            sdk_env={name: value for name, value in settings.env.items() if name.startswith(SDK_SETTINGS)},
        )

    @property
    def has_credentials(self) -> bool:
        return bool(self.client_id)

    def missing(self) -> list[str]:
        """What must be set for Teams to switch on with credentials."""
        return [name for name, value in ((CLIENT_ID, self.client_id), (CLIENT_SECRET, self.client_secret),
                                         (TENANT_ID, self.tenant_id)) if not value]

    def anonymous_refusal(self, settings: Settings) -> str | None:
        """Why anonymous mode must not start here, or None. Anonymous mode is for one person's machine."""
        reasons = []
        if self.has_credentials:
            reasons.append(f"{CLIENT_ID} is set (remove {ANONYMOUS} to use the credentials)")
        if self.admins:
            reasons.append(f"{ADMINS} is set (anyone could claim an admin's id)")
        if self.review_conversation or self.review_service_url:
            reasons.append(f"{REVIEW_CONVERSATION} / {REVIEW_SERVICE_URL} are set")
        if settings.get("DATABASE_URL"):
            reasons.append("DATABASE_URL is set (a shared database)")
        if not is_loopback(settings.host):
            reasons.append(f"the server listens on {settings.host!r}, not on loopback (set HOST=127.0.0.1)")
        return "; ".join(reasons) or None


def refusal(teams: TeamsSettings, activity: dict[str, Any], claims: dict[str, Any] | None) -> str | None:
    """Why this activity must not be answered, or None. Checked before the SDK sees the activity."""
    service_url = activity.get("serviceUrl")
    if not isinstance(service_url, str) or not service_url:
        return "no serviceUrl"
    if teams.has_credentials:
        vouched = (claims or {}).get(SERVICE_URL_CLAIM)
        if not isinstance(vouched, str) or _same_url(vouched) != _same_url(service_url):
            return "serviceUrl is not the one the token vouches for"
    elif not is_loopback(urlparse(service_url).hostname):
        return "anonymous mode answers only a serviceUrl on this machine"
    if teams.allowed_tenants and (tenant_of(activity) or "").lower() not in teams.allowed_tenants:
        return "tenant not on the allowlist"
    return None


def tenant_of(activity: dict[str, Any]) -> str | None:
    """The Microsoft 365 tenant an activity comes from (Teams puts it in channelData and the conversation)."""
    channel = activity.get("channelData")
    tenant = channel.get("tenant") if isinstance(channel, dict) else None
    if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
        return tenant["id"]
    conversation = activity.get("conversation")
    found = conversation.get("tenantId") if isinstance(conversation, dict) else None
    return found if isinstance(found, str) else None


def _same_url(url: str) -> str:
    return url.strip().rstrip("/").lower()
