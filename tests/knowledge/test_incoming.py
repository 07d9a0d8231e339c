"""The 231 verified cases that waited in knowledge/incoming/ are live now: every case named in the checking
notes is served, dated and quotes the figures it states, and nothing is left waiting."""
from __future__ import annotations

import re
import shutil

import pytest

from bot.errors import KnowledgeError
from bot.knowledge.loader import load_knowledge

from ..conftest import KNOWLEDGE

INCOMING = KNOWLEDGE / "incoming"
CHECKED = re.compile(r"^- ([a-z0-9-]+) \(drafted by[^)]*\): (?!REJECTED)", re.MULTILINE)
"""Cases the notes confirm or correct (the two rejected drafts never became case files)."""


def test_no_case_is_left_waiting_in_incoming():
    waiting = sorted(p.name for p in INCOMING.glob("*.yaml"))
    assert waiting == []


def test_every_checked_case_is_live_dated_and_quotes_its_figures():
    kb = load_knowledge(KNOWLEDGE)
    assert len(kb.cases) == 301
    checked = set(CHECKED.findall((INCOMING / "NOTES-checks.md").read_text(encoding="utf-8")))
    live = {case.id: case for case in kb.cases}
    assert len(checked) >= 200 and checked <= set(live), sorted(checked - set(live))
    for case_id in checked:
        case = live[case_id]
        assert case.as_of, case_id
        for outcome in case.outcomes:
            if outcome.amount:
                first_word = outcome.amount.split()[0].strip("~").casefold()
                assert outcome.evidence and first_word in outcome.evidence.casefold(), (case_id, outcome.amount)


def test_titles_are_unique_across_the_live_base():
    titles = [case.title.casefold() for case in load_knowledge(KNOWLEDGE).cases]
    assert len(titles) == len(set(titles))


def test_every_live_organisation_resolves_and_an_unknown_one_is_refused(tmp_path):
    kb = load_knowledge(KNOWLEDGE)
    for case in kb.cases:
        assert [r.name for r in case.resolved] == list(case.organisations), case.id
    directory = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, directory, ignore=shutil.ignore_patterns("incoming", "*.md"))
    path = directory / "case-studies" / "dundee-ev-charging-hubs.yaml"
    path.write_text(path.read_text().replace("Dundee City Council", "Dundee Town Council", 1))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    [problem] = caught.value.problems
    assert problem.file == "case-studies/dundee-ev-charging-hubs.yaml" and "'Dundee Town Council'" in problem.message
