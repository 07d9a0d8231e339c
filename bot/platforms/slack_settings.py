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
DEFAULT_API_URL = "https://slack.com/api/"


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

    @classmethod
    def from_settings(cls, settings: Settings) -> "SlackSettings":
        return cls(
            bot_token=settings.get(BOT_TOKEN),
            signing_secret=settings.get(SIGNING_SECRET),
            app_token=settings.get(APP_TOKEN),
            socket_mode=settings.socket_mode or parse_bool(settings.get(SOCKET_MODE)),
            admins=settings.ids(ADMINS),
            review_channel=settings.get(REVIEW_CHANNEL),
            api_url=(settings.get(API_URL) or DEFAULT_API_URL).rstrip("/") + "/",
        )

    def missing(self) -> list[str]:
        """What must be set for Slack to switch on: the bot token, and the signing secret over HTTP or the
        app-level token over Socket Mode."""
        needed = ((BOT_TOKEN, self.bot_token), (APP_TOKEN, self.app_token)) if self.socket_mode else \
            ((BOT_TOKEN, self.bot_token), (SIGNING_SECRET, self.signing_secret))
        return [name for name, value in needed if not value]
