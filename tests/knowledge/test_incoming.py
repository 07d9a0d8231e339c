"""The verified cases waiting in knowledge/incoming/ stay valid case files under the live themes and
contacts, so moving one into case-studies/ can never break a reload."""
from __future__ import annotations

import shutil

import pytest

from bot.errors import KnowledgeError
from bot.knowledge.loader import load_knowledge

from ..conftest import KNOWLEDGE

INCOMING = KNOWLEDGE / "incoming"


def incoming_base(tmp_path):
    """A knowledge base of the incoming cases with the live themes, contacts, vocabulary and register."""
    directory = tmp_path / "kb"
    (directory / "case-studies").mkdir(parents=True)
    for name in ("themes.yaml", "contacts.yaml", "vocabulary.yaml", "organisations.yaml"):
        shutil.copy(KNOWLEDGE / name, directory / name)
    shutil.copytree(KNOWLEDGE / "authorities", directory / "authorities")
    incoming = sorted(INCOMING.glob("*.yaml"))
    for path in incoming:
        shutil.copy(path, directory / "case-studies" / path.name)
    return directory, incoming


def test_every_incoming_case_loads_with_the_live_themes_contacts_and_register(tmp_path):
    directory, incoming = incoming_base(tmp_path)
    kb = load_knowledge(directory)
    assert len(kb.cases) == len(incoming) >= 200
    for case in kb.cases:  # every organisation resolved to a council or a body
        assert [r.name for r in case.resolved] == list(case.organisations), case.id
    live_titles = {case.title.casefold() for case in load_knowledge(KNOWLEDGE).cases}
    assert not live_titles & {case.title.casefold() for case in kb.cases}, "a title already live"
    assert all(case.as_of for case in kb.cases)
    for case in kb.cases:
        for outcome in case.outcomes:
            if outcome.amount:
                first_word = outcome.amount.split()[0].strip("~").casefold()
                assert outcome.evidence and first_word in outcome.evidence.casefold(), (case.id, outcome.amount)


def test_an_incoming_case_naming_an_unknown_organisation_is_refused(tmp_path):
    directory, _ = incoming_base(tmp_path)
    path = directory / "case-studies" / "dundee-ev-charging-hubs.yaml"
    path.write_text(path.read_text().replace("Dundee City Council", "Dundee Town Council", 1))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    [problem] = caught.value.problems
    assert problem.file == "case-studies/dundee-ev-charging-hubs.yaml" and "'Dundee Town Council'" in problem.message
