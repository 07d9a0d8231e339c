"""Fixtures for sharing practice: a real database per test, SQLite (a temporary file) and PostgreSQL.

PostgreSQL comes from PRACTICE_BOT_TEST_POSTGRES_URL, which `.ci/run` sets after starting a server on
127.0.0.1. Without it the PostgreSQL half is skipped with a message, except in CI (CI=true), where a
missing server must fail the run instead of quietly testing only SQLite.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import create_async_engine

from bot.sharing.review import ReviewQueue
from bot.sharing.reviewer import Reviewer
from bot.sharing.storage import Storage, database_url
from bot.sharing.tables import metadata
from bot.store import KnowledgeStore

from ..knowledge.helpers import copy_knowledge

POSTGRES_SETTING = "PRACTICE_BOT_TEST_POSTGRES_URL"
ADMIN = Reviewer("slack", "U0ADMIN", is_admin=True)
MEMBER = Reviewer("teams", "29:member", is_admin=False)


def drone_form(**changes) -> dict:
    """A valid submission form, as an adapter would pass it; `changes` overrides fields."""
    form = {
        "organisation": "Puddleby Borough Council",
        "title": "Drones find blocked gullies after storms",
        "summary": "After storms we flew drones along flood-prone roads to spot blocked gullies, so crews went "
                   "straight to the blocked ones instead of lifting every gully cover by hand.",
        "outcomes": "Saved £120,000 a year on gully inspections\nCrews reached blocked gullies two days sooner",
        "themes": ["highways-parking"],
        "region": "South West",
        "evidence_url": "https://www.puddleby.gov.uk/news/drone-gullies",
        "contact_name": "Ada Byron",
        "contact_role": "Head of Highways",
        "contact_email": "ada.byron@puddleby.gov.uk",
        "consent": True,
    }
    form.update(changes)
    return form


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request, tmp_path) -> str:
    """The SQLAlchemy URL of an empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'practice-bot.sqlite3'}"
    url = os.environ.get(POSTGRES_SETTING)
    if not url:
        message = f"PostgreSQL storage tests need {POSTGRES_SETTING}=postgresql://USER:PASSWORD@127.0.0.1:PORT/DB"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}; CI must run them (.ci/run starts a server)")
        pytest.skip(f"{message} (no PostgreSQL configured; CI always runs them)")
    url = database_url({"DATABASE_URL": url})
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.drop_all)
    await engine.dispose()
    return url


@pytest.fixture
async def storage(database):
    async with Storage(database) as storage:
        yield storage


@pytest.fixture
def statements():
    """The SQL every engine sends while the test runs (a SQLite file's frequent writes have an engine of
    their own, write_turns.py), to count statements."""
    sent: list[str] = []

    def seen(conn, cursor, statement, *rest) -> None:
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    yield sent
    event.remove(Engine, "before_cursor_execute", seen)


@pytest.fixture
def knowledge(tmp_path):
    """A knowledge base copy the test may add case files to."""
    return KnowledgeStore(copy_knowledge(tmp_path))


@pytest.fixture
def queue(storage, knowledge) -> ReviewQueue:
    return ReviewQueue(storage, knowledge)
