"""The sharing loop's records as plain values (no database imports, so replies and renderers can use them)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

REQUESTED, ACCEPTED, DECLINED, FORWARDED = "requested", "accepted", "declined", "forwarded"
OWNER, CURATORS = "owner", "curators"


@dataclass(frozen=True)
class Follow:
    platform: str
    user_id: str
    kind: str
    value: str
    label: str


@dataclass(frozen=True)
class Introduction:
    number: int
    created_at: datetime.datetime
    asker_platform: str
    asker_id: str
    asker_organisation: str | None
    case_id: str
    purpose: str
    routed_to: str
    """OWNER (the person who shared the case and agreed to be contacted) or CURATORS."""
    status: str
    """REQUESTED, ACCEPTED, DECLINED or FORWARDED."""

    @property
    def reference(self) -> str:
        return f"IN-{self.created_at.year}-{self.number:04d}"
