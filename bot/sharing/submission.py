"""A practitioner's case study submission and the checks on its form fields.

The checks return an error per field name, because the Slack modal and the Teams card show each error next
to the field that caused it. The limits follow the knowledge base schema (titles of at most 120 characters,
known theme ids and regions, http(s) sources), so an approved submission becomes a valid case file.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import BotError
from ..knowledge.base import KnowledgeBase
from ..knowledge.schema import REGIONS
from ..knowledge.web_address import is_web_address
from ..settings import parse_bool
from .form import (  # noqa: F401 - FIELDS is re-exported: adapters and tests name the fields through here
    FIELDS,
    MAX_CONTACT,
    MAX_ORGANISATION,
    MAX_OUTCOME,
    MAX_OUTCOMES,
    MAX_SUMMARY,
    MAX_THEMES,
    MAX_TITLE,
    MAX_URL,
    MIN_SUMMARY,
)

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_ITEMS = 50
RAW_ALLOWANCE = 4
"""A field is refused unread past this many times its limit (before any pattern runs over it)."""
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
"""Control and text-direction characters: invisible, and able to disguise what an admin approves."""


@dataclass(frozen=True)
class Submission:
    organisation: str
    title: str
    summary: str
    """What they did, in the submitter's own words; it becomes the case study's summary."""
    outcomes: tuple[str, ...]
    themes: tuple[str, ...]
    region: str
    evidence_url: str
    contact_name: str
    contact_role: str | None
    contact_email: str | None
    consent: bool
    submitter_platform: str
    submitter_id: str
    submitter_org: str | None = None
    """The workspace or tenant they shared from ("slack:T123", "teams:<tenant id>"), when known."""
    number: int | None = None
    """The database's id, once stored."""
    created_at: datetime.datetime | None = None
    status: str = PENDING
    case_id: str | None = None
    """The knowledge base id it was approved as."""

    @property
    def stored_number(self) -> int:
        """The database id of a stored submission (every one the storage hands back has one)."""
        if self.number is None:
            raise ValueError("this submission is not stored yet")
        return self.number

    @property
    def reference(self) -> str:
        """What the submitter and admins quote, e.g. PB-2026-0007."""
        if self.number is None or self.created_at is None:
            raise ValueError("a submission has a reference only once it is stored")
        return f"PB-{self.created_at.year}-{self.number:04d}"


def submission_number(reference: str) -> int | None:
    """The database id in a reference ("PB-2026-0007" -> 7); None if it is not one."""
    match = re.fullmatch(r"\s*PB-\d{4}-(\d+)\s*", reference, re.IGNORECASE)
    return int(match[1]) if match else None


class InvalidSubmission(BotError):
    """The form has mistakes; `errors` maps each field name to what is wrong with it."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("Please correct: " + "; ".join(f"{k}: {v}" for k, v in self.errors.items()))


@dataclass
class _Form:
    """Reads the raw fields, collecting one error per field."""

    raw: Mapping[str, Any]
    errors: dict[str, str] = field(default_factory=dict)

    def text(self, name: str, *, max_len: int, min_len: int = 1, required: bool = True) -> str | None:
        raw = str(self.raw.get(name) or "")
        if len(raw) > RAW_ALLOWANCE * max_len:
            self.errors[name] = f"At most {max_len} characters."
            return None
        if CONTROL.search(raw):
            self.errors[name] = "Contains a control character (such as a NUL); please retype it."
            return None
        value = " ".join(raw.split())
        if not value:
            if required:
                self.errors[name] = "Required."
            return None
        if len(value) < min_len:
            self.errors[name] = f"Please write at least {min_len} characters."
        elif len(value) > max_len:
            self.errors[name] = f"At most {max_len} characters (this has {len(value)})."
        return value

    def items(self, name: str, separator: str) -> tuple[str, ...]:
        """A list field: adapters may send a list, or text with one item per line (or comma)."""
        value = self.raw.get(name) or ()
        parts = value.split(separator) if isinstance(value, str) else value
        items = tuple(" ".join(str(part).split()) for part in list(parts)[:MAX_ITEMS] if str(part).strip())
        if any(CONTROL.search(item) for item in items):
            self.errors[name] = "Contains a control character (such as a NUL); please retype it."
            return ()
        return items


def validate(raw: Mapping[str, Any], kb: KnowledgeBase, *, platform: str, user_id: str,
             submitter_org: str | None = None) -> Submission:
    """A Submission from the form's fields, or InvalidSubmission with an error for each wrong field.

    `kb` supplies the known theme ids and the titles already taken (the knowledge base needs unique titles).
    """
    form = _Form(raw)
    organisation = form.text("organisation", max_len=MAX_ORGANISATION)
    title = form.text("title", max_len=MAX_TITLE)
    if title and any(case.title.casefold() == title.casefold() for case in kb.cases):
        form.errors["title"] = "A case study with this title already exists; please make it distinct."
    summary = form.text("summary", max_len=MAX_SUMMARY, min_len=MIN_SUMMARY)
    outcomes = _outcomes(form)
    themes = _themes(form, kb)
    region = form.text("region", max_len=60)
    if region and region not in REGIONS:
        form.errors["region"] = f"Choose one of: {', '.join(REGIONS)}."
    evidence_url = _url(form)
    contact_name = form.text("contact_name", max_len=MAX_CONTACT)
    contact_role = form.text("contact_role", max_len=MAX_CONTACT, required=False)
    contact_email = form.text("contact_email", max_len=MAX_CONTACT, required=False)
    if contact_email and not EMAIL.fullmatch(contact_email):
        form.errors["contact_email"] = "That does not look like an email address."
    consent = parse_bool(raw.get("consent"))
    if contact_email and not consent:
        form.errors["consent"] = "Please agree to be contacted, or leave the email out."
    if form.errors:
        raise InvalidSubmission(form.errors)
    # with no errors, every required field holds text
    return Submission(
        organisation=organisation or "", title=title or "", summary=summary or "", outcomes=outcomes, themes=themes,
        region=region or "", evidence_url=evidence_url or "", contact_name=contact_name or "",
        contact_role=contact_role, contact_email=contact_email, consent=consent, submitter_platform=platform,
        submitter_id=user_id, submitter_org=submitter_org or None,
    )


def _outcomes(form: _Form) -> tuple[str, ...]:
    outcomes = form.items("outcomes", "\n")
    if "outcomes" in form.errors:
        return ()
    if not outcomes:
        form.errors["outcomes"] = "Required: at least one outcome, with figures where you have them."
    elif len(outcomes) > MAX_OUTCOMES:
        form.errors["outcomes"] = f"At most {MAX_OUTCOMES} outcomes, one per line."
    elif any(len(outcome) > MAX_OUTCOME for outcome in outcomes):
        form.errors["outcomes"] = f"Each outcome at most {MAX_OUTCOME} characters."
    return outcomes


def _themes(form: _Form, kb: KnowledgeBase) -> tuple[str, ...]:
    themes = tuple(dict.fromkeys(form.items("themes", ",")))
    unknown = [theme for theme in themes if kb.theme(theme) is None]
    if not themes:
        form.errors["themes"] = "Choose at least one theme."
    elif unknown:
        form.errors["themes"] = f"Unknown theme(s): {', '.join(unknown)}."
    elif len(themes) > MAX_THEMES:
        form.errors["themes"] = f"At most {MAX_THEMES} themes."
    return themes


def _url(form: _Form) -> str | None:
    url = form.text("evidence_url", max_len=MAX_URL)
    if url:
        if not is_web_address(url):
            form.errors["evidence_url"] = "A web address starting http:// or https://."
    return url

