"""Building small knowledge bases in tmp_path: a copy of the real one, then the edit a test is about."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from ..conftest import KNOWLEDGE

FICTIONAL_COUNCIL = "Puddleby Borough Council"
"""The council the sharing tests submit for. It is not in mySociety's register, so each copy registers it,
as a curator registers a new organisation before its first case is approved."""


def copy_knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target, ignore=shutil.ignore_patterns("*.md"))
    register_organisation(target, FICTIONAL_COUNCIL)
    return target


def register_organisation(directory: Path, name: str, kind: str = "other") -> None:
    """Add a body to a knowledge base copy's organisations.yaml, so cases may name it."""
    with (directory / "organisations.yaml").open("a", encoding="utf-8") as file:
        file.write(f"- name: {json.dumps(name)}\n  kind: {kind}\n")


def case_file(directory: Path, case_id: str) -> Path:
    return directory / "case-studies" / f"{case_id}.yaml"


OTHER_COUNCIL = "Slumberland Community Trust"
"""A second organisation, for tests that need two alike cases by different ones (register it in the copy)."""


def write_case(directory: Path, case_id: str, organisation: str, *, title: str | None = None,
               summary: str = "The council lends hovercraft to residents who patrol the flood plain, booked online.",
               tags: tuple[str, ...] = ("hovercraft",),
               outcomes: tuple[dict, ...] = ({"kind": "other", "text": "Hovercraft lent to residents"},),
               everyday: tuple[str, ...] = ()) -> None:
    """A small valid case (South West, 2024, digital inclusion, Socitm as contact) about something the real
    base never mentions (hovercraft), so a test controls what matches it. Written with a YAML dumper, so a
    colon in a text cannot make the file invalid (and the case silently absent)."""
    case = {"id": case_id, "title": title or f"{organisation} lends hovercraft to residents for flood patrols",
            "organisations": [organisation], "region": "South West", "year": 2024, "themes": ["digital-inclusion"],
            "tags": list(tags), "summary": summary, "outcomes": [dict(o) for o in outcomes],
            "sources": [{"url": f"https://example.org/{case_id}", "title": f"Hovercraft lending ({organisation})"}],
            "contact": "socitm", **({"everyday": list(everyday)} if everyday else {})}
    case_file(directory, case_id).write_text(yaml.safe_dump(case, sort_keys=False, allow_unicode=True), encoding="utf-8")


def theme_count(theme_id: str) -> int:
    """How many case studies of the real knowledge base carry a theme (it grows as curators add cases)."""
    from bot.knowledge.loader import load_knowledge

    return len(load_knowledge(KNOWLEDGE).cases_in_theme(theme_id))


def own_copies(kb) -> list[str]:
    """The cases holding their own copy of a region list, theme list, year, organisation or amount (stated
    or parsed) another case holds (a load shares them: see bot/knowledge/interning)."""
    first_of: dict = {}
    return [f"{case.id}: {value!r}" for case in kb.cases
            for value in (case.regions, case.themes, case.year, *case.organisations,
                          *(o.money for o in case.outcomes if o.money is not None),
                          *(o.amount for o in case.outcomes if o.amount is not None))
            if first_of.setdefault(value, value) is not value]
