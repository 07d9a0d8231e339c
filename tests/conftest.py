"""Shared fixtures: the project's real knowledge base, loaded once per test session."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from bot.store import KnowledgeStore
from tests.fakes import entra

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
DATA = Path(__file__).resolve().parent / "data"


def pytest_configure(config):
    """Snapshot caches go to a folder of this run's (servers started as subprocesses inherit it), never to
    the user's own cache."""
    config.practice_bot_cache = tempfile.mkdtemp(prefix="practice-bot-test-cache-")
    os.environ.setdefault("PRACTICE_BOT_CACHE", config.practice_bot_cache)


def pytest_unconfigure(config):
    shutil.rmtree(config.practice_bot_cache, ignore_errors=True)


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
