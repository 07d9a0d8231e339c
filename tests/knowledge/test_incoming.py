"""The verified cases waiting in knowledge/incoming/ stay valid case files under the live themes and
contacts, so moving one into case-studies/ can never break a reload."""
from __future__ import annotations

import shutil

from bot.knowledge.loader import load_knowledge

from ..conftest import KNOWLEDGE

INCOMING = KNOWLEDGE / "incoming"


def test_every_incoming_case_loads_with_the_live_themes_and_contacts(tmp_path):
    directory = tmp_path / "kb"
    (directory / "case-studies").mkdir(parents=True)
    for name in ("themes.yaml", "contacts.yaml", "vocabulary.yaml"):
        shutil.copy(KNOWLEDGE / name, directory / name)
    incoming = sorted(p for p in INCOMING.glob("*.yaml") if p.name != "organisations.yaml")
    for path in incoming:
        shutil.copy(path, directory / "case-studies" / path.name)
    kb = load_knowledge(directory)
    assert len(kb.cases) == len(incoming) >= 200
    live_titles = {case.title.casefold() for case in load_knowledge(KNOWLEDGE).cases}
    assert not live_titles & {case.title.casefold() for case in kb.cases}, "a title already live"
    assert all(case.as_of for case in kb.cases)
    for case in kb.cases:
        for outcome in case.outcomes:
            if outcome.amount:
                first_word = outcome.amount.split()[0].strip("~").casefold()
                assert outcome.evidence and first_word in outcome.evidence.casefold(), (case.id, outcome.amount)
