"""Every Slack setting, named once and read once (see README, Slack, and .env.example)."""
from __future__ import annotations

from dataclasses import dataclass

from ..settings import Settings, parse_bool

BOT_TOKEN = "SLACK_BOT_TOKEN"
SIGNING_SECRET = "SLACK_SIGNING_SECRET"
APP_TOKEN = "SLACK_APP_TOKEN"
SOCKET_MODE = "SLACK_SOCKET_MODE"
ADMINS = "SLACK_ADMIN_USERS"
REVIEW_CHANNEL = "SLACK_REVIEW_CHANNEL"
API_URL = "SLACK_API_URL"
CLIENT_ID = "SLACK_CLIENT_ID"
CLIENT_SECRET = "SLACK_CLIENT_SECRET"
SCOPES = "SLACK_SCOPES"
AUTHORIZATION_URL = "SLACK_AUTHORIZATION_URL"
DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_SCOPES = ("app_mentions:read", "chat:write", "commands", "im:history", "im:read", "im:write")
"""The bot scopes of slack/manifest.yaml (a test keeps the two the same): what an install asks for."""


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str | None
    signing_secret: str | None
    app_token: str | None
    socket_mode: bool
    admins: frozenset[str]
    review_channel: str | None
    api_url: str
    """Slack's Web API by default; GovSlack's or a test server's otherwise (always ends in '/')."""
    client_id: str | None = None
    client_secret: str | None = None
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    authorization_url: str | None = None
    """Where *Add to Slack* sends people (bolt's default, Slack's, when unset; GovSlack has its own)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> SlackSettings:
        return cls(
            bot_token=settings.get(BOT_TOKEN),
            signing_secret=settings.get(SIGNING_SECRET),
            app_token=settings.get(APP_TOKEN),
            socket_mode=settings.socket_mode or parse_bool(settings.get(SOCKET_MODE)),
            admins=settings.ids(ADMINS),
            review_channel=settings.get(REVIEW_CHANNEL),
            api_url=(settings.get(API_URL) or DEFAULT_API_URL).rstrip("/") + "/",
            client_id=settings.get(CLIENT_ID),
            client_secret=settings.get(CLIENT_SECRET),
            scopes=tuple(sorted(settings.ids(SCOPES))) or DEFAULT_SCOPES,
            authorization_url=settings.get(AUTHORIZATION_URL),
        )

    @property
    def many_workspaces(self) -> bool:
        """Slack's OAuth distribution: any workspace installs the app at /slack/install and is answered with
        its own token. Chosen by SLACK_CLIENT_ID and SLACK_CLIENT_SECRET without SLACK_BOT_TOKEN."""
        return bool(self.client_id and self.client_secret and not self.bot_token)

    def missing(self) -> list[str]:
        """What must be set for Slack to switch on: the bot token (or, for many workspaces, the OAuth client
        id and secret), and the signing secret over HTTP or the app-level token over Socket Mode."""
        needed: tuple[tuple[str, str | None], ...]
        if self.many_workspaces:
            needed = ((SIGNING_SECRET, self.signing_secret),)
        elif self.socket_mode:
            needed = ((BOT_TOKEN, self.bot_token), (APP_TOKEN, self.app_token))
        else:
            needed = ((BOT_TOKEN, self.bot_token), (SIGNING_SECRET, self.signing_secret))
        return [name for name, value in needed if not value]
