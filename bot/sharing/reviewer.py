"""Who is acting, and what they may do; a module of its own so chat commands can name it without loading
the database layer."""
from __future__ import annotations

from dataclasses import dataclass

OPERATOR = "operator"
"""Runs the service: `reload` (which reaches every instance) and `status` anywhere."""
CURATOR = "curator"
"""Decides what goes into the shared library: `review`, `approve`, `reject`, and every organisation's gaps."""
ORG_ADMIN = "admin"
"""One council's admin in its own workspace or tenant: `status`, and that organisation's gaps."""


@dataclass(frozen=True)
class Reviewer:
    """Who is acting: the adapter says where (`platform`, `organisation`) and what they may do (`roles`, from
    `bot.access`); `is_admin` is the single-organisation admin lists (SLACK_ADMIN_USERS, TEAMS_ADMIN_IDS),
    who hold every role, as before there were several organisations."""

    platform: str
    user_id: str
    is_admin: bool = False
    organisation: str = ""
    """The workspace or tenant acted from, as "slack:T123" or "teams:<tenant id>"; "" when not known."""
    roles: frozenset[str] = frozenset()

    @property
    def who(self) -> str:
        return f"{self.platform}:{self.user_id}"

    def may(self, *roles: str) -> bool:
        """True if they hold any of `roles` (single-organisation admins hold them all)."""
        return self.is_admin or any(role in self.roles for role in roles)

    @property
    def sees_every_organisation(self) -> bool:
        """Operators and curators look after the whole sector; a council's admin sees their own."""
        return self.may(OPERATOR, CURATOR)
