"""The share form, defined once: each field's name, label, hint, kind and limits.

`submission.validate` enforces the limits and both renderers draw the form from this list (a Slack modal,
a Teams Adaptive Card), so the two can no longer drift apart in wording or limits.
"""
from __future__ import annotations

from dataclasses import dataclass

MAX_ORGANISATION = 120
MAX_TITLE = 120
MIN_SUMMARY = 40
MAX_SUMMARY = 2000
MAX_OUTCOMES = 8
MAX_OUTCOME = 300
MAX_THEMES = 5
MAX_URL = 500
MAX_CONTACT = 120

TEXT, LONG_TEXT, URL, EMAIL, THEMES, REGION, CONSENT = "text", "long_text", "url", "email", "themes", "region", "consent"


@dataclass(frozen=True)
class FormField:
    name: str
    """The key adapters send the value under, and the key of its error."""
    label: str
    kind: str = TEXT
    hint: str = ""
    """Help shown with the field (Slack: under it; Teams: as its placeholder when there is no example)."""
    example: str = ""
    """A sample answer, shown inside an empty field."""
    optional: bool = False
    min_length: int | None = None
    max_length: int | None = None


SHARE_FORM_FIELDS = (
    FormField("organisation", "Organisation", example="e.g. Puddleby Borough Council", max_length=MAX_ORGANISATION),
    FormField("title", "Title", hint="A short headline that says what you did.", example="What you did, in one line",
              max_length=MAX_TITLE),
    FormField("summary", "What you did", LONG_TEXT,
              example="The problem, what you changed and how (at least a couple of sentences)",
              min_length=MIN_SUMMARY, max_length=MAX_SUMMARY),
    FormField("outcomes", "Outcomes", LONG_TEXT,
              hint="One per line, with figures where you have them, e.g. Saved £120,000 a year.",
              example="Saved £120,000 a year on gully inspections",
              max_length=MAX_OUTCOMES * (MAX_OUTCOME + 1)),
    FormField("themes", "Themes", THEMES, hint=f"Choose up to {MAX_THEMES}"),
    FormField("region", "Region", REGION, hint="Choose a region"),
    FormField("evidence_url", "Source or evidence link", URL,
              hint="A public web page that shows what you did: a report, news item or blog post.",
              example="https://…", max_length=MAX_URL),
    FormField("contact_name", "Contact name", example="Who others can ask about it", max_length=MAX_CONTACT),
    FormField("contact_role", "Contact role", optional=True, example="e.g. Head of Highways", max_length=MAX_CONTACT),
    FormField("contact_email", "Contact email", EMAIL, optional=True, example="name@council.gov.uk",
              max_length=MAX_CONTACT),
    FormField("consent", "I agree to be contacted by people who read this case study", CONSENT, optional=True),
)
FIELDS = tuple(field.name for field in SHARE_FORM_FIELDS)
"""The form's field names: the keys adapters send in and the keys of the errors they get back."""
