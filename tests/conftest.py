"""Shared fixtures: the project's real knowledge base, loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import KnowledgeStore

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def store() -> KnowledgeStore:
    return KnowledgeStore(KNOWLEDGE)


@pytest.fixture(scope="session")
def snapshot(store):
    return store.snapshot
