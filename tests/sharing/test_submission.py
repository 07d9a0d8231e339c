"""Checking the share form: each mistake comes back on the field that caused it."""
from __future__ import annotations

import pytest

from bot.knowledge.schema import REGIONS
from bot.sharing.submission import FIELDS, InvalidSubmission, submission_number, validate

from .conftest import drone_form


def errors_for(snapshot, **changes) -> dict[str, str]:
    with pytest.raises(InvalidSubmission) as raised:
        validate(drone_form(**changes), snapshot.kb, platform="slack", user_id="U1")
    return raised.value.errors


def test_a_valid_form_becomes_a_tidy_pending_submission(snapshot):
    submission = validate(
        drone_form(title="  Drones   find blocked gullies ", outcomes=["Saved £1m", " ", "Fewer floods"],
                   themes="highways-parking, data-gis, highways-parking", consent="yes"),
        snapshot.kb, platform="teams", user_id="29:abc",
    )
    assert submission.title == "Drones find blocked gullies"
    assert submission.outcomes == ("Saved £1m", "Fewer floods")
    assert submission.themes == ("highways-parking", "data-gis")
    assert submission.consent is True
    assert (submission.submitter_platform, submission.submitter_id, submission.status) == ("teams", "29:abc", "pending")


def test_an_empty_form_reports_every_required_field(snapshot):
    errors = errors_for(snapshot, **{name: "" for name in FIELDS})
    assert set(errors) == {"organisation", "title", "summary", "outcomes", "themes", "region", "evidence_url",
                           "contact_name"}
    assert errors["title"] == "Required."


@pytest.mark.parametrize("field, value, expected", [
    ("evidence_url", "www.puddleby.gov.uk/drones", "http"),
    ("evidence_url", "ftp://puddleby.gov.uk/drones", "http"),
    ("contact_email", "ada at puddleby", "email"),
    ("themes", ["highways-parking", "drones"], "drones"),
    ("region", "Atlantis", REGIONS[0]),
    ("title", "x" * 121, "120"),
    ("summary", "Too short.", "at least"),
    ("outcomes", "\n".join(f"outcome {i}" for i in range(9)), "At most"),
    ("title", "Chatbots for staff and residents, with RPA behind the scenes", "already exists"),
])
def test_each_mistake_is_reported_on_its_field(snapshot, field, value, expected):
    errors = errors_for(snapshot, **{field: value})
    assert list(errors) == [field]
    assert expected in errors[field]


def test_an_email_needs_consent_to_be_contacted(snapshot):
    assert list(errors_for(snapshot, consent=False)) == ["consent"]
    assert validate(drone_form(consent=False, contact_email=""), snapshot.kb, platform="slack", user_id="U1")


def test_references_are_read_back_to_submission_numbers():
    assert submission_number("PB-2026-0007") == 7
    assert submission_number(" pb-2026-12345 ") == 12345
    assert submission_number("PB-7") is None
