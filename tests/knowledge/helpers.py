"""Building small knowledge bases in tmp_path: a copy of the real one, then the edit a test is about."""
from __future__ import annotations

import shutil
from pathlib import Path

from ..conftest import KNOWLEDGE


def copy_knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def case_file(directory: Path, case_id: str) -> Path:
    return directory / "case-studies" / f"{case_id}.yaml"


def theme_count(theme_id: str) -> int:
    """How many case studies of the real knowledge base carry a theme (it grows as curators add cases)."""
    from bot.knowledge.loader import load_knowledge

    return len(load_knowledge(KNOWLEDGE).cases_in_theme(theme_id))
