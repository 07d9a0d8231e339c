"""Submissions as case files in a folder, for curators who keep the knowledge base in git.

Each file is named by its case id and holds exactly the case study schema, so it can be copied into
knowledge/case-studies/ and checked with `practice-bot check`. Approved submissions are written exactly as
the database serves them, with the id they went live with (once committed as a file, the file is served
instead); pending ones get the id approval would give them now.
"""
from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from . import casefile
from .storage import Storage
from .submission import APPROVED, PENDING


async def export_submissions(storage: Storage, status: str, out: Path, taken: Collection[str] = ()) -> list[Path]:
    """Write every `status` (pending or approved) submission to `out`; `taken` are case ids already in use."""
    if status not in (PENDING, APPROVED):
        raise ValueError(f"can export pending or approved submissions, not {status!r}")
    out.mkdir(parents=True, exist_ok=True)
    taken = set(taken)
    approved = await storage.approved_cases() if status == APPROVED else {}
    written = []
    for submission in await storage.submissions(status):
        case_id = submission.case_id or casefile.case_id(submission, taken)
        taken.add(case_id)
        path = out / f"{case_id}.yaml"
        path.write_text(approved.get(case_id) or casefile.case_yaml(submission, case_id), encoding="utf-8")
        written.append(path)
    return written
