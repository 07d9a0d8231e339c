"""Configuration from environment variables, read once at start-up (see README and .env.example)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PORT = 3000
KNOWLEDGE_SETTING = "PRACTICE_BOT_KNOWLEDGE"
DATABASE_URL_SETTING = "DATABASE_URL"
DATABASE_FILE_SETTING = "PRACTICE_BOT_DATABASE"
WORKERS_SETTING = "PRACTICE_BOT_WORKERS"
DEFAULT_DATABASE_FILE = "practice-bot.sqlite3"
"""Where a server started from the environment keeps shared submissions and gaps when DATABASE_URL is not set."""


TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y"})


def parse_bool(value: object) -> bool:
    """The one reading of a yes/no setting or form toggle: "1", "true", "yes", "on", "y" (any case) are yes;
    a real boolean is itself; anything else, "false" included, is no."""
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in TRUE_WORDS


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(host: str | None) -> bool:
    """True for a name or address on this machine only (localhost, 127.0.0.0/8, ::1)."""
    import ipaddress

    host = (host or "").strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class DatabaseSettings:
    """Where sharing practice keeps submissions, gaps and the answered-event record."""

    url: str | None
    """DATABASE_URL: PostgreSQL, shared by every process and instance."""
    file: str | None
    """PRACTICE_BOT_DATABASE, or the server's default SQLite file: one machine's."""

    @property
    def configured(self) -> bool:
        return bool(self.url or self.file)

    @property
    def shared(self) -> bool:
        """Several processes share the answered-event record only through a database server."""
        return bool(self.url)

    def describe(self) -> str:
        return "the database at DATABASE_URL" if self.url else f"SQLite file {self.file}"


@dataclass(frozen=True)
class Settings:
    """The server's own settings, read once; each platform reads its typed part from `env`
    (`SlackSettings.from_settings`, `TeamsSettings.from_settings`)."""

    host: str = "0.0.0.0"
    port: int = DEFAULT_PORT
    knowledge: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    """All environment variables, for the platform modules' typed settings."""
    socket_mode: bool = False
    """`serve --socket-mode`: Slack connects out over Socket Mode (as SLACK_SOCKET_MODE=1 does)."""
    default_database_file: str | None = None
    """The SQLite file sharing uses when neither DATABASE_URL nor PRACTICE_BOT_DATABASE is set: `serve`
    keeps one in the working directory; a server built in tests without one has sharing off."""
    workers: int = 1
    """`serve --workers N`: processes sharing the port; more than one shares answered events in the database."""

    @classmethod
    def from_env(cls, *, knowledge: Path | None = None, host: str | None = None, port: int | None = None,
                 socket_mode: bool = False, workers: int | None = None) -> Settings:
        env = dict(os.environ)
        return cls(
            host=host or env.get("HOST") or "0.0.0.0",
            port=port or int(env.get("PORT") or DEFAULT_PORT),
            knowledge=knowledge or (Path(env[KNOWLEDGE_SETTING]) if env.get(KNOWLEDGE_SETTING) else None),
            env=env,
            socket_mode=socket_mode,
            default_database_file=DEFAULT_DATABASE_FILE,
            workers=workers or int(env.get(WORKERS_SETTING) or 1),
        )

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self.env.get(name, default)
        return value if value else default

    def ids(self, name: str) -> frozenset[str]:
        """A comma-separated list setting, such as admin user ids."""
        return frozenset(item.strip() for item in (self.env.get(name) or "").split(",") if item.strip())

    @property
    def database(self) -> DatabaseSettings:
        return DatabaseSettings(url=self.get(DATABASE_URL_SETTING),
                                file=self.get(DATABASE_FILE_SETTING) or self.default_database_file)

    @property
    def has_database(self) -> bool:
        """Sharing practice needs a database: DATABASE_URL (PostgreSQL) or a SQLite file."""
        return self.database.configured

    @property
    def log_format(self) -> str | None:
        return self.get("LOG_FORMAT")

    @property
    def log_level(self) -> str | None:
        return self.get("LOG_LEVEL")
