"""Who may do what, across every workspace and tenant the service answers (see README, Who may do what).

People are named as `platform:organisation:user`: `slack:T0123:U0456` (a Slack workspace's team id and a
member id) or `teams:<tenant id>:<Entra object id>`. Three comma-separated lists:

- PRACTICE_BOT_OPERATORS: the service's operators: `reload` (every instance) and `status`;
- PRACTICE_BOT_CURATORS: the curators of the shared library, in any workspace or tenant: `review`,
  `approve`, `reject`, and `gaps` for every organisation;
- PRACTICE_BOT_ADMINS: a council's own admins: `status` and their own organisation's `gaps`. The person who
  installed the Slack app into a workspace is that workspace's admin too.

The single-organisation lists (SLACK_ADMIN_USERS, TEAMS_ADMIN_IDS) still give their people every role.
The checks themselves are the command registry's (`bot/commands/registry.py`).
"""
from __future__ import annotations

from dataclasses import dataclass

from .settings import Settings
from .sharing.reviewer import CURATOR, OPERATOR, ORG_ADMIN

OPERATORS = "PRACTICE_BOT_OPERATORS"
CURATORS = "PRACTICE_BOT_CURATORS"
ADMINS = "PRACTICE_BOT_ADMINS"


def person(platform: str, organisation_id: str | None, user_id: str | None) -> str:
    """The one spelling of a person in the lists: lower case, since tenant and object ids are GUIDs whose
    case varies and Slack's ids are upper case."""
    return f"{platform}:{organisation_id or ''}:{user_id or ''}".lower()


def organisation(platform: str, organisation_id: str | None) -> str:
    """The organisation as gaps and submissions record it: "slack:T0123", "teams:<tenant id>"."""
    return f"{platform}:{organisation_id}" if organisation_id else ""


@dataclass(frozen=True)
class AccessSettings:
    operators: frozenset[str]
    curators: frozenset[str]
    admins: frozenset[str]

    @classmethod
    def from_settings(cls, settings: Settings) -> AccessSettings:
        return cls(settings.ids(OPERATORS), settings.ids(CURATORS), settings.ids(ADMINS))

    def roles(self, platform: str, organisation_id: str | None, user_id: str | None) -> frozenset[str]:
        """The roles this person holds by the lists (none for someone not named, or not fully identified)."""
        if not (organisation_id and user_id):
            return frozenset()
        key = person(platform, organisation_id, user_id)
        return frozenset(role for role, people in ((OPERATOR, self.operators), (CURATOR, self.curators),
                                                   (ORG_ADMIN, self.admins))
                         if key in {entry.lower() for entry in people})

    def curators_on(self, platform: str) -> list[tuple[str, str]]:
        """The curators on one platform, as (organisation id, user id): whom review requests go to."""
        found = []
        for entry in sorted(self.curators):
            kind, _, rest = entry.partition(":")
            organisation_id, _, user_id = rest.rpartition(":")
            if kind == platform and organisation_id and user_id:
                found.append((organisation_id, user_id))
        return found
