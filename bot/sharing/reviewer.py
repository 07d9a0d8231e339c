"""Who is acting on a submission; a module of its own so chat commands can name it without loading the
database layer."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reviewer:
    """Who is acting; the adapter decides `is_admin` from its own admin list."""

    platform: str
    user_id: str
    is_admin: bool
    organisation: str | None = None
    """The workspace or tenant the platform says they are in (a Slack team id, a Teams tenant id)."""

    @property
    def who(self) -> str:
        return f"{self.platform}:{self.user_id}"
