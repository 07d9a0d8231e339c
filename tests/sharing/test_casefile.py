"""A submission as a case file: valid for the loader whatever the submitter typed, and no bolder than they were."""
from __future__ import annotations

import datetime
from dataclasses import replace

from bot.knowledge.loader import load_knowledge
from bot.sharing.casefile import case_id, case_yaml
from bot.sharing.submission import validate

from ..knowledge.helpers import case_file, copy_knowledge, register_organisation
from .conftest import drone_form


def test_awkward_text_still_makes_a_valid_case_file(tmp_path, snapshot):
    form = drone_form(
        organisation="Cyngor Sir Ynys Môn / Isle of Anglesey County Council",
        title="2024: \"Yes\" — no: # not a comment",
        summary="Text with: colons, 'quotes', \"double quotes\", # hashes, {braces} and [brackets] that YAML "
                "must keep as plain text rather than structure.",
        outcomes="Savings of £1.2 million over three years\n£40 charged per visit\nnull",
        region="Wales",
    )
    submission = validate(form, snapshot.kb, platform="slack", user_id="U1")
    stored = replace(submission, number=7,
                     created_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc))
    directory = copy_knowledge(tmp_path)
    register_organisation(directory, form["organisation"])
    new_id = case_id(stored, taken=())
    case_file(directory, new_id).write_text(case_yaml(stored, new_id), encoding="utf-8")

    case = load_knowledge(directory).case(new_id)

    assert new_id == "cyngor-sir-2024-yes-no-not-a-comment"
    assert case.title == form["title"] and case.summary == form["summary"]
    assert [(o.kind, o.amount) for o in case.outcomes] == [("saving", "£1.2 million"), ("other", None), ("other", None)]
    assert case.outcomes[2].text == "null"
    assert case.outcomes[0].money.pounds == 1_200_000
    assert "PB-2026-0007" in case_file(directory, new_id).read_text()
