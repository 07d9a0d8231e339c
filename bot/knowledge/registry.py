"""Who an organisation's name refers to: a council in the register, or a body in organisations.yaml.

Names are compared case- and whitespace-insensitively (the register has "North Somerset  Council" with two
spaces). Official names win over short names, and short names over alternative ones, so "Somerset" (a short
name of Somerset Council and of the former county council) is not taken as either without saying so: a name
that fits several records is reported, never guessed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .schema import Body, Council, Resolved

OFFICIAL, SHORT, OTHER = 0, 1, 2
"""How strongly a name identifies its record: the best tier that knows a name decides it."""


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class Ambiguous:
    """A name that fits more than one record equally well."""

    name: str
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class Registry:
    councils: tuple[Council, ...] = ()
    bodies: tuple[Body, ...] = ()
    other_names: dict[str, str] = field(default_factory=dict)
    """Our own additional names for councils in the register: name -> code."""

    def __post_init__(self) -> None:
        by_code = {c.code: c for c in self.councils}
        names: dict[str, dict[int, dict[str, Council | Body]]] = {}

        def add(name: str, tier: int, record: Council | Body, key: str) -> None:
            if name.strip():
                names.setdefault(name_key(name), {}).setdefault(tier, {})[key] = record

        for council in self.councils:
            add(council.official_name, OFFICIAL, council, council.code)
            add(council.nice_name, SHORT, council, council.code)
            for alt in council.alt_names:
                add(alt, OTHER, council, council.code)
        for name, code in self.other_names.items():
            if code in by_code:
                add(name, SHORT, by_code[code], code)
        for body in self.bodies:
            add(body.name, OFFICIAL, body, "body:" + body.name)
            for alt in body.alt_names:
                add(alt, SHORT, body, "body:" + body.name)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_names", names)

    @property
    def empty(self) -> bool:
        return not self.councils and not self.bodies

    def council(self, code: str) -> Council | None:
        return self._by_code.get(code)  # type: ignore[attr-defined]

    def lookup(self, name: str) -> Council | Body | Ambiguous | None:
        tiers = self._names.get(name_key(name))  # type: ignore[attr-defined]
        if not tiers:
            return None
        best = tiers[min(tiers)]
        if len(best) == 1:
            return next(iter(best.values()))
        return Ambiguous(name, tuple(sorted(_label(r) for r in best.values())))

    def resolve(self, name: str) -> Resolved | Ambiguous | None:
        found = self.lookup(name)
        if isinstance(found, Council):
            return Resolved(name, council=found, successors=self.successors(found))
        if isinstance(found, Body):
            return Resolved(name, body=found)
        return found

    def successors(self, council: Council) -> tuple[Council, ...]:
        """The councils in place now of an abolished one, following later changes (Taunton Deane became
        Somerset West and Taunton, which became Somerset Council); () for a council that still exists."""
        found: list[Council] = []
        seen = {council.code}
        todo = list(council.replaced_by)
        for code in todo:  # grows as abolished successors name theirs; `seen` stops a cycle
            nxt = self.council(code)
            if nxt is None or code in seen:
                continue
            seen.add(code)
            if nxt.abolished and nxt.replaced_by:
                todo.extend(nxt.replaced_by)
            else:
                found.append(nxt)
        return tuple(found)

    def missing_codes(self) -> list[tuple[str, str]]:
        """(council code, code it names) for every successor code the register does not hold."""
        return [(c.code, code) for c in self.councils for code in c.replaced_by if self.council(code) is None]


def _label(record: Council | Body) -> str:
    return f"{record.official_name} ({record.code})" if isinstance(record, Council) else record.name


@dataclass(frozen=True)
class CouncilFacts:
    """Where a council is and how big, for filters. The register leaves region and population blank for many
    councils abolished before 2020; those are taken from the councils in their place now, and
    `population_of` says whose figure it is."""

    council: Council
    nation: str
    region: str | None
    type_name: str
    population: int | None
    population_of: tuple[str, ...]


def council_facts(council: Council, successors: tuple[Council, ...]) -> CouncilFacts:
    region = council.region
    if region is None:
        regions = {s.region for s in successors if s.region}
        region = regions.pop() if len(regions) == 1 else None
    population: int | None
    population_of: tuple[str, ...]
    if council.population is not None:
        population, population_of = council.population, (council.code,)
    elif successors and all(s.population is not None for s in successors):
        population = sum(s.population for s in successors)  # type: ignore[misc]
        population_of = tuple(s.code for s in successors)
    else:
        population, population_of = None, ()
    return CouncilFacts(council, council.nation, region, council.type_name, population, population_of)
