"""The shapes of the knowledge base: case studies, their outcomes and sources, themes and contacts.

Frozen dataclasses, so a loaded knowledge base can be shared by concurrent questions without copying and a
reload can only replace it whole; with slots, because a base of 10,000 cases holds 50,000 of them and a
per-object attribute dictionary was a twentieth of the memory it held.
"""
from __future__ import annotations

from dataclasses import dataclass

OUTCOME_KINDS = ("saving", "income", "efficiency", "satisfaction", "other")

REGIONS = (
    "London", "South East", "South West", "East of England", "East Midlands", "West Midlands",
    "Yorkshire and the Humber", "North West", "North East", "Scotland", "Wales", "Northern Ireland",
    "UK-wide",
)


class Record:
    """Pickled as a call with its fields: what the snapshot cache and a cold load's helper process (see
    parallel_reading) send. A frozen dataclass with slots is otherwise pickled by state, which dataclasses
    set back field by field in Python, making a tuple of its fields each time: unpickling the cases was
    half as slow again."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple]:
        fields: tuple[str, ...] = type(self).__slots__  # a dataclass's slots: its fields, in order
        return type(self), tuple(getattr(self, name) for name in fields)


@dataclass(frozen=True, slots=True)
class Money(Record):
    """A sterling figure read from an outcome's stated amount, so questions can compare amounts.

    `per_unit` marks figures such as "£4,500 per person": they are real but must not be compared with
    totals ("which councils saved over £1 million").
    """

    pounds: float
    per_unit: bool


@dataclass(frozen=True, slots=True)
class Outcome(Record):
    kind: str
    amount: str | None
    text: str
    money: Money | None = None
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class Source(Record):
    url: str
    title: str
    date: str | None = None
    """When the page says it was published ("2021-06-14", "2021-06" or "2021"), if it says."""


@dataclass(frozen=True, slots=True)
class FollowUp(Record):
    """The organisation's own route for following up this piece of work, as a source publishes it."""

    name: str
    url: str


@dataclass(frozen=True, slots=True)
class Contact(Record):
    id: str
    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Theme(Record):
    id: str
    label: str
    words: tuple[str, ...] = ()


BODY_KINDS = ("nhs", "police", "fire", "government", "audit", "partnership", "charity", "company", "national-body",
              "other")
NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")


@dataclass(frozen=True, slots=True)
class Council(Record):
    """One council as mySociety's register of UK local authorities records it (or our additions to it).

    Kept whole so that any of its names finds its cases, an abolished one can be shown with its successor,
    and nation, region, type and size are known for every council case.
    """

    code: str
    official_name: str
    nice_name: str
    nation: str
    region: str | None
    type_name: str
    alt_names: tuple[str, ...] = ()
    gss_code: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    replaced_by: tuple[str, ...] = ()
    """Codes of the councils that took over when this one was abolished."""
    gov_uk_slug: str | None = None
    population: int | None = None
    """Population in 2020, as the register gives it (none for councils abolished before then)."""
    within: tuple[str, ...] = ()
    """The names of the areas the council lies within, as the register records them: the county of a district
    ("Kent" for Maidstone) and the combined authority of a council in one ("Greater Manchester" for Rochdale),
    so that "a council in Kent" finds the districts' cases too."""

    @property
    def abolished(self) -> bool:
        return self.end_date is not None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.official_name, self.nice_name, *self.alt_names)


@dataclass(frozen=True, slots=True)
class Body(Record):
    """An organisation that is not a council (NHS, police, a partnership, a government department...)."""

    name: str
    kind: str
    url: str | None = None
    nation: str | None = None
    alt_names: tuple[str, ...] = ()
    member_types: tuple[str, ...] = ()
    """For a partnership of councils, the register's types of its member councils ("London borough" for
    LOTI): a question about that kind of council is about the partnership's work too."""


@dataclass(frozen=True, slots=True)
class Resolved(Record):
    """An organisation as a case names it, with the record it resolves to (exactly one of council, body)."""

    name: str
    council: Council | None = None
    body: Body | None = None
    successors: tuple[Council, ...] = ()
    """For an abolished council, the councils that exist now in its place (followed through later changes)."""


@dataclass(frozen=True, slots=True)
class CaseStudy(Record):
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
    everyday: tuple[str, ...] = ()
    """How people ask about the case in everyday words ("photos of dumped rubbish" for an AI street-reporting
    service): searched, never shown, so a question worded as a resident would put it finds the case."""
    as_of: str | None = None
    """How current the case is: the date of its newest dated source, or the month a curator confirmed it."""
    as_of_confirmed: bool = False
    """True when `as_of` is a curator's confirmation, not a source's date."""
    follow_up: FollowUp | None = None
    file: str = ""
    resolved: tuple[Resolved, ...] = ()
    """Each organisation resolved to its council or body record (empty for a knowledge base without a
    register, such as a synthetic benchmark base)."""
    fingerprint: bytes = b""
    """The SHA-256 digest of the text the case was read from: a reload reuses the case while its file's text
    hashes the same. Held here, not beside the case in a pair per file, and as 32 bytes, not 64 hex
    characters: the pairs and the hex were 1.2 MB at 10,000 cases."""

    @property
    def source(self) -> Source:
        """The primary source: the first one listed."""
        return self.sources[0]

    def outcomes_of(self, kind: str) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.kind == kind)
