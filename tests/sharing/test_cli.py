"""`practice-bot submissions export` and `practice-bot gaps` against the SQLite file the environment names."""
from __future__ import annotations

import asyncio
import datetime
import os
import subprocess
import sys

import pytest

from bot.cli import main
from bot.sharing.review import ReviewQueue
from bot.sharing.storage import Gap, Storage, database_url, now
from bot.store import KnowledgeStore

from ..conftest import KNOWLEDGE, ROOT
from .conftest import drone_form


@pytest.fixture
def environment(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PRACTICE_BOT_DATABASE", str(tmp_path / "shared.sqlite3"))
    monkeypatch.setenv("PRACTICE_BOT_GAP_RETENTION_DAYS", "30")
    return dict(os.environ)


def fill(environment, work):
    async def run():
        async with Storage.from_env(environment) as storage:
            await work(storage)
    asyncio.run(run())


def test_gaps_prints_the_most_asked_groups(environment, capsys):
    async def work(storage):
        for question, days in [("who uses drones on gullies?", 1), ("drones on gullies", 2),
                               ("quantum llamas", 3), ("ancient question", 40)]:
            await storage.add_gaps([Gap(question, "slack", now() - datetime.timedelta(days=days))])
    fill(environment, work)

    assert main(["gaps", "--days", "365"]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Unanswered questions in the last 365 days: 3 in 2 group(s), most asked first."
    assert out[1:] == ["    2  who uses drones on gullies?  (+1 similar wording(s))", "    1  quantum llamas"]


def test_submissions_export_writes_case_files(environment, tmp_path, capsys):
    async def work(storage):
        await ReviewQueue(storage, KnowledgeStore(KNOWLEDGE)).submit(drone_form(), platform="slack", user_id="U1")
    fill(environment, work)

    assert main(["submissions", "export", "--out", str(tmp_path / "out")]) == 0

    assert capsys.readouterr().out.startswith("Wrote 1 pending submission(s)")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["puddleby-drones-find-blocked-gullies-after-storms.yaml"]


def test_the_database_comes_from_the_environment():
    assert database_url({"DATABASE_URL": "postgres://u:p@db:5432/bot"}) == "postgresql+asyncpg://u:p@db:5432/bot"
    assert database_url({"DATABASE_URL": "postgresql://u:p@db/bot"}) == "postgresql+asyncpg://u:p@db/bot"
    assert database_url({"PRACTICE_BOT_DATABASE": "/srv/bot.db"}) == "sqlite+aiosqlite:////srv/bot.db"
    assert database_url({}) == "sqlite+aiosqlite:///practice-bot.sqlite3"


def test_ask_imports_no_database_library():
    code = (
        "import sys, contextlib, io\n"
        "from bot.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['ask', 'Wigan bins'])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'aiosqlite', 'asyncpg'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr
