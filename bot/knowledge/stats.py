"""The shape of the library for curators: counts by theme, nation, year band and outcome kind, and the topics
still short of cases. Computed from loaded cases only, so it counts exactly what `check` accepts."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .base import KnowledgeBase
from .schema import OUTCOME_KINDS, CaseStudy
from .topics import Topic

MIN_PER_TOPIC = 3
YEAR_BANDS = ("before 2015", "2015-2019", "2020 or later", "unknown")
NATION_OF_REGION = {"Scotland": "Scotland", "Wales": "Wales", "Northern Ireland": "Northern Ireland",
                    "UK-wide": "UK-wide"}
"""Regions that are nations (or the whole UK); every other region is in England."""


def year_band(case: CaseStudy) -> str:
    if case.year is None:
        return "unknown"
    return "before 2015" if case.year < 2015 else "2015-2019" if case.year < 2020 else "2020 or later"


def nations_of(case: CaseStudy) -> set[str]:
    """The nations of the councils and bodies a case names; where none is recorded, its regions' nations."""
    nations = {r.council.nation for r in case.resolved if r.council}
    nations |= {r.body.nation for r in case.resolved if r.body and r.body.nation}
    return nations or {NATION_OF_REGION.get(region, "England") for region in case.regions}


@dataclass(frozen=True)
class LibraryStats:
    cases: int
    themes: tuple[tuple[str, str, int], ...]
    nations: tuple[tuple[str, int], ...]
    year_bands: tuple[tuple[str, int], ...]
    outcome_kinds: tuple[tuple[str, int], ...]
    topics: tuple[tuple[Topic, int], ...]

    @property
    def recent_share(self) -> float:
        recent = dict(self.year_bands)["2020 or later"]
        return recent / self.cases if self.cases else 0.0

    @property
    def thin_topics(self) -> tuple[tuple[Topic, int], ...]:
        return tuple((topic, n) for topic, n in self.topics if n < MIN_PER_TOPIC)

    def lines(self, title: str) -> list[str]:
        recent = dict(self.year_bands)["2020 or later"]
        out = [f"{title}: {self.cases} case studies", "", "By theme (cases):"]
        width = max((len(theme_id) for theme_id, _l, _n in self.themes), default=0)
        out += [f"  {theme_id.ljust(width)}  {label}: {n}" for theme_id, label, n in self.themes]
        out += ["", "By nation (a case spanning several counts in each): "
                + ", ".join(f"{nation} {n}" for nation, n in self.nations)]
        out += ["By year of the work: " + ", ".join(f"{band} {n}" for band, n in self.year_bands)]
        out += [f"Dated 2020 or later: {self.recent_share:.0%} ({recent} of {self.cases})"]
        out += ["Cases with an outcome of each kind: " + ", ".join(f"{kind} {n}" for kind, n in self.outcome_kinds)]
        out += ["", f"Topics (cases; at least {MIN_PER_TOPIC} wanted):"]
        width = max((len(topic.id) for topic, _n in self.topics), default=0)
        out += [f"  {topic.id.ljust(width)}  {n:3d}  {topic.label}" for topic, n in self.topics]
        thin = ", ".join(f"{topic.id} ({n})" for topic, n in self.thin_topics)
        out += ["", f"Topics with fewer than {MIN_PER_TOPIC} cases: {thin or 'none'}"]
        return out


def library_stats(kb: KnowledgeBase, cases: tuple[CaseStudy, ...], topics: tuple[Topic, ...]) -> LibraryStats:
    nations = Counter(nation for case in cases for nation in nations_of(case))
    bands = Counter(year_band(case) for case in cases)
    kinds = Counter(kind for case in cases for kind in {o.kind for o in case.outcomes})
    return LibraryStats(
        cases=len(cases),
        themes=tuple((t.id, t.label, sum(t.id in c.themes for c in cases)) for t in kb.themes),
        nations=tuple(sorted(nations.items(), key=lambda item: (-item[1], item[0]))),
        year_bands=tuple((band, bands[band]) for band in YEAR_BANDS),
        outcome_kinds=tuple((kind, kinds[kind]) for kind in OUTCOME_KINDS),
        topics=tuple((topic, sum(topic.covers(c) for c in cases)) for topic in topics),
    )
