"""Configuration from environment variables, read once at start-up (see README and .env.example)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PORT = 3000
DATABASE_URL_SETTING = "DATABASE_URL"
DATABASE_FILE_SETTING = "PRACTICE_BOT_DATABASE"
DEFAULT_DATABASE_FILE = "practice-bot.sqlite3"
"""Where a server started from the environment keeps shared submissions and gaps when DATABASE_URL is not set."""


TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "off", "n"})


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
class Settings:
    host: str = "0.0.0.0"
    port: int = DEFAULT_PORT
    knowledge: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    """All environment variables, for platform modules that read their own settings."""

    @classmethod
    def from_env(cls, *, knowledge: Path | None = None, host: str | None = None, port: int | None = None) -> "Settings":
        env = dict(os.environ)
        env.setdefault(DATABASE_FILE_SETTING, DEFAULT_DATABASE_FILE)
        return cls(
            host=host or env.get("HOST", "0.0.0.0"),
            port=port or int(env.get("PORT", DEFAULT_PORT)),
            knowledge=knowledge,
            env=env,
        )

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self.env.get(name, default)
        return value if value else default

    @property
    def has_database(self) -> bool:
        """Sharing practice needs a database: DATABASE_URL (PostgreSQL) or a SQLite file."""
        return bool(self.get(DATABASE_URL_SETTING) or self.get(DATABASE_FILE_SETTING))

    def ids(self, name: str) -> frozenset[str]:
        """A comma-separated list setting, such as admin user ids."""
        return frozenset(item.strip() for item in (self.env.get(name) or "").split(",") if item.strip())
