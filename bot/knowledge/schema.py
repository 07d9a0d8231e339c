"""The shapes of the knowledge base: case studies, their outcomes and sources, themes and contacts.

Frozen dataclasses, so a loaded knowledge base can be shared by concurrent questions without copying and a
reload can only replace it whole.
"""
from __future__ import annotations

from dataclasses import dataclass

OUTCOME_KINDS = ("saving", "income", "efficiency", "satisfaction", "other")

REGIONS = (
    "London", "South East", "South West", "East of England", "East Midlands", "West Midlands",
    "Yorkshire and the Humber", "North West", "North East", "Scotland", "Wales", "Northern Ireland",
    "UK-wide",
)


@dataclass(frozen=True)
class Money:
    """A sterling figure read from an outcome's stated amount, so questions can compare amounts.

    `per_unit` marks figures such as "£4,500 per person": they are real but must not be compared with
    totals ("which councils saved over £1 million").
    """

    pounds: float
    per_unit: bool


@dataclass(frozen=True)
class Outcome:
    kind: str
    amount: str | None
    text: str
    money: Money | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    date: str | None = None
    """When the page says it was published ("2021-06-14", "2021-06" or "2021"), if it says."""


@dataclass(frozen=True)
class FollowUp:
    """The organisation's own route for following up this piece of work, as a source publishes it."""

    name: str
    url: str


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseStudy:
    id: str
    title: str
    organisations: tuple[str, ...]
    regions: tuple[str, ...]
    year: int | None
    themes: tuple[str, ...]
    summary: str
    outcomes: tuple[Outcome, ...]
    technologies: tuple[str, ...]
    sources: tuple[Source, ...]
    contact: str
    tags: tuple[str, ...] = ()
    as_of: str | None = None
    """How current the case is: the date of its newest dated source, or the month a curator confirmed it."""
    as_of_confirmed: bool = False
    """True when `as_of` is a curator's confirmation, not a source's date."""
    follow_up: FollowUp | None = None
    file: str = ""

    @property
    def source(self) -> Source:
        """The primary source: the first one listed."""
        return self.sources[0]

    def outcomes_of(self, kind: str) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.kind == kind)
