"""Checking the share form: each mistake comes back on the field that caused it."""
from __future__ import annotations

import pytest

from bot.knowledge.schema import REGIONS
from bot.sharing.submission import (
    FIELDS,
    MAX_CONTACT,
    MAX_ORGANISATION,
    MAX_OUTCOME,
    MAX_OUTCOMES,
    MAX_SUMMARY,
    MAX_THEMES,
    MAX_TITLE,
    MIN_SUMMARY,
    InvalidSubmission,
    submission_number,
    validate,
)

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


@pytest.mark.parametrize("field, limit", [("organisation", MAX_ORGANISATION), ("title", MAX_TITLE),
                                          ("summary", MAX_SUMMARY), ("contact_name", MAX_CONTACT),
                                          ("contact_role", MAX_CONTACT)])
def test_text_limits_are_exact(snapshot, field, limit):
    at_limit = "Drones " + "a" * (limit - 7)
    assert getattr(validate(drone_form(**{field: at_limit}), snapshot.kb, platform="slack", user_id="U1"), field) == at_limit
    errors = errors_for(snapshot, **{field: at_limit + "b"})
    assert errors == {field: f"At most {limit} characters (this has {limit + 1})."}


def test_a_field_far_past_its_limit_is_refused_with_the_limit_only(snapshot):
    errors = errors_for(snapshot, title="x" * (4 * MAX_TITLE + 1))
    assert errors == {"title": f"At most {MAX_TITLE} characters."}
    errors = errors_for(snapshot, title="x " * (2 * MAX_TITLE))  # 4x the limit raw, but short once tidied
    assert errors == {"title": f"At most {MAX_TITLE} characters (this has {2 * MAX_TITLE * 2 - 1})."}


def test_the_summary_needs_its_minimum_after_tidying(snapshot):
    exactly = "w" * MIN_SUMMARY
    assert validate(drone_form(summary=exactly), snapshot.kb, platform="slack", user_id="U1").summary == exactly
    assert errors_for(snapshot, summary="w" * (MIN_SUMMARY - 1)) == {
        "summary": f"Please write at least {MIN_SUMMARY} characters."}


def test_optional_fields_may_be_left_out(snapshot):
    submission = validate(drone_form(contact_role="", contact_email="", consent=""), snapshot.kb, platform="slack",
                          user_id="U1")
    assert (submission.contact_role, submission.contact_email, submission.consent) == (None, None, False)


def test_outcome_and_theme_limits_are_exact(snapshot):
    eight = "\n".join(f"outcome {i}" for i in range(MAX_OUTCOMES))
    assert len(validate(drone_form(outcomes=eight), snapshot.kb, platform="slack", user_id="U1").outcomes) == MAX_OUTCOMES
    long_one = "o" * MAX_OUTCOME
    assert validate(drone_form(outcomes=long_one), snapshot.kb, platform="slack", user_id="U1").outcomes == (long_one,)
    assert errors_for(snapshot, outcomes=long_one + "o") == {"outcomes": f"Each outcome at most {MAX_OUTCOME} characters."}
    themes = [t.id for t in snapshot.kb.themes]
    assert validate(drone_form(themes=themes[:MAX_THEMES]), snapshot.kb, platform="slack", user_id="U1").themes == tuple(
        themes[:MAX_THEMES])
    assert errors_for(snapshot, themes=themes[:MAX_THEMES + 1]) == {"themes": f"At most {MAX_THEMES} themes."}
    assert errors_for(snapshot, themes=["drones", "highways-parking", "robots"]) == {
        "themes": "Unknown theme(s): drones, robots."}


@pytest.mark.parametrize("url, ok", [
    ("https://puddleby.gov.uk/drones", True), ("http://puddleby.gov.uk", True), ("HTTPS://x.org/a", True),
    ("https:///nohost", False), ("https://puddleby.gov.uk/a b", False), ("javascript:alert(1)", False),
])
def test_the_evidence_link_must_be_a_web_address(snapshot, url, ok):
    if ok:
        assert validate(drone_form(evidence_url=url), snapshot.kb, platform="slack", user_id="U1").evidence_url == url
    else:
        assert errors_for(snapshot, evidence_url=url) == {"evidence_url": "A web address starting http:// or https://."}


@pytest.mark.parametrize("email, ok", [("ada@puddleby.gov.uk", True), ("a@b.c", True), ("ada@puddleby", False),
                                       ("ada@@puddleby.gov.uk", False), ("@puddleby.gov.uk", False)])
def test_an_email_must_look_like_one(snapshot, email, ok):
    if ok:
        assert validate(drone_form(contact_email=email), snapshot.kb, platform="slack", user_id="U1").contact_email == email
    else:
        assert errors_for(snapshot, contact_email=email) == {"contact_email": "That does not look like an email address."}


@pytest.mark.parametrize("consent", ["false", "False", "no", "0", "off", "", None, False])
def test_a_toggle_that_is_not_yes_is_not_consent(snapshot, consent):
    assert errors_for(snapshot, consent=consent) == {"consent": "Please agree to be contacted, or leave the email out."}


def test_the_summary_of_a_refused_form_names_each_field_and_its_error_in_form_order(snapshot):
    """Logs and any caller that shows only the message (not the fields) get every mistake in one line."""
    with pytest.raises(InvalidSubmission) as raised:
        validate(drone_form(title="", contact_email="nope"), snapshot.kb, platform="slack", user_id="U1")
    assert str(raised.value) == ("Please correct: title: Required.; "
                                 "contact_email: That does not look like an email address.")


def test_a_one_letter_answer_is_taken_where_no_minimum_is_set(snapshot):
    """Only the summary has a minimum length: an initial for a name or a one-letter role is kept as typed."""
    submission = validate(drone_form(contact_name="Q", contact_role="Q"), snapshot.kb, platform="slack", user_id="U1")
    assert (submission.contact_name, submission.contact_role) == ("Q", "Q")


def test_a_title_already_taken_in_any_letter_case_is_refused_beside_the_title(snapshot):
    taken = snapshot.kb.cases[0].title
    for title in (taken, taken.upper()):
        assert errors_for(snapshot, title=title) == {
            "title": "A case study with this title already exists; please make it distinct."}


def test_a_region_not_in_the_list_is_refused_with_the_list(snapshot):
    assert errors_for(snapshot, region="Atlantis") == {"region": f"Choose one of: {', '.join(REGIONS)}."}
    assert errors_for(snapshot, region="x" * 241) == {"region": "At most 60 characters."}, "refused unread"


def test_outcomes_left_blank_ask_for_one_with_figures(snapshot):
    for blank in ("", "\n \n", [" "]):
        assert errors_for(snapshot, outcomes=blank) == {
            "outcomes": "Required: at least one outcome, with figures where you have them."}


def test_no_theme_chosen_asks_for_one(snapshot):
    for none in ("", [], " , "):
        assert errors_for(snapshot, themes=none) == {"themes": "Choose at least one theme."}
