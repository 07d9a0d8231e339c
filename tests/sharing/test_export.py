"""Exporting submissions as case files for curators who keep the knowledge base in git."""
from __future__ import annotations

import shutil

import pytest

from bot.knowledge.loader import load_knowledge
from bot.sharing.export import export_submissions

from ..knowledge.helpers import case_file, copy_knowledge
from .conftest import ADMIN, drone_form


async def test_pending_and_approved_submissions_export_as_valid_case_files(queue, storage, knowledge, tmp_path):
    approved = await queue.submit(drone_form(), platform="slack", user_id="U1")
    approval = await queue.approve(approved.reference, ADMIN)
    pending = await queue.submit(drone_form(organisation="Wigan Council", title="Wigan drones survey gullies too",
                                            region="North West"), platform="teams", user_id="29:x")

    [pending_file] = await export_submissions(storage, "pending", tmp_path / "pending")
    [approved_file] = await export_submissions(storage, "approved", tmp_path / "approved")

    assert pending_file.name == "wigan-drones-survey-gullies-too.yaml"
    assert pending.reference in pending_file.read_text()
    assert approved_file.read_text() == (await storage.approved_cases())[approval.case_id]
    assert not case_file(knowledge.directory, approval.case_id).exists()  # served from the database, not disk
    curated = copy_knowledge(tmp_path / "git")
    shutil.copy(pending_file, curated / "case-studies")
    shutil.copy(approved_file, curated / "case-studies")
    library = load_knowledge(curated)
    assert library.case("wigan-drones-survey-gullies-too").regions == ("North West",)
    assert library.case(approval.case_id).title == approved.title


async def test_a_pending_export_avoids_ids_already_taken(queue, storage, tmp_path):
    submission = await queue.submit(drone_form(), platform="slack", user_id="U1")
    taken = {"puddleby-drones-find-blocked-gullies-after-storms"}
    [path] = await export_submissions(storage, "pending", tmp_path, taken)
    assert path.stem == f"puddleby-drones-find-blocked-gullies-after-storms-{submission.number}"


async def test_only_pending_or_approved_can_be_exported(storage, tmp_path):
    with pytest.raises(ValueError):
        await export_submissions(storage, "rejected", tmp_path)
