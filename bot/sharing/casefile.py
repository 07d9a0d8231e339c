"""A submission written as a knowledge base case file, in exactly the schema `practice-bot check` reads.

Used both when a curator approves (the text is stored in the database, which every instance serves) and
by the export for curators who keep the library in git. It claims no more than the submitter said: the
summary is their own text, outcomes are "other" unless a line states a £ figure as a saving, the only
source is the evidence link they gave, and the contact is Socitm (the submitter's own details stay in the
database, for curators).
"""
from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

import yaml

from ..knowledge.base import DEFAULT_CONTACT
from ..knowledge.money import _POUNDS as POUND_FIGURE  # the loader's own pattern, so the amount written parses
from ..search.normalise import words
from .submission import Submission

MAX_ID_LENGTH = 60
_SAVING_WORDS = re.compile(r"\bsav(?:e|ed|es|ing|ings)\b", re.IGNORECASE)
_ORGANISATION_WORDS = frozenset({"council", "city", "borough", "county", "district", "metropolitan", "of", "the", "and"})


def case_id(submission: Submission, taken: Collection[str]) -> str:
    """A readable id from the organisation and title ("rochdale-drone-gully-inspections"), in the search's
    folded words (so "Ynys Môn" gives "ynys-mon"), with the submission number added when the id is taken."""
    title = words(submission.title)
    organisation = [w for w in words(submission.organisation) if w not in _ORGANISATION_WORDS][:2]
    slug = ""
    for word in [w for w in organisation if w not in title] + title:
        if len(slug) + len(word) + 1 > MAX_ID_LENGTH:
            break
        slug = f"{slug}-{word}" if slug else word
    slug = slug or "submission"
    return slug if slug not in taken else f"{slug}-{submission.number}"


def case_data(submission: Submission, case_id: str) -> dict[str, Any]:
    """The case study mapping, field for field as in knowledge/case-studies/*.yaml."""
    return {
        "id": case_id,
        "title": submission.title,
        "organisations": [submission.organisation],
        "region": submission.region,
        "year": None,
        "themes": list(submission.themes),
        "summary": submission.summary,
        "outcomes": [_outcome(line) for line in submission.outcomes],
        "sources": [{"url": submission.evidence_url, "title": f"Submitted by {submission.organisation} via Practice Bot"}],
        "contact": DEFAULT_CONTACT,
    }


def case_yaml(submission: Submission, case_id: str) -> str:
    return _header(submission) + yaml.safe_dump(case_data(submission, case_id), sort_keys=False, allow_unicode=True,
                                                width=110)


def _header(submission: Submission) -> str:
    return f"# Shared through Practice Bot as {submission.reference}.\n"


def _outcome(line: str) -> dict[str, Any]:
    figure = POUND_FIGURE.search(line)
    if figure and _SAVING_WORDS.search(line):
        return {"kind": "saving", "amount": figure[0].strip(), "text": line}
    return {"kind": "other", "amount": None, "text": line}
