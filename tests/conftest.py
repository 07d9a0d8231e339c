"""Shared fixtures: the project's real knowledge base, loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import KnowledgeStore
from tests.fakes import entra

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def store() -> KnowledgeStore:
    return KnowledgeStore(KNOWLEDGE)


@pytest.fixture(scope="session")
def snapshot(store):
    return store.snapshot


@pytest.fixture(autouse=True)
def microsoft_identity(monkeypatch):
    """Teams runs with credentials in tests; Microsoft's key and token services are answered locally."""
    entra.install(monkeypatch)
