"""Starting on an empty database: workers that start together must all come up with one schema."""
from __future__ import annotations

import asyncio
import sqlite3

from sqlalchemy import inspect

from bot.sharing.storage import Storage
from bot.sharing.tables import metadata


async def test_instances_starting_together_on_an_empty_database_all_start(database):
    """Each start checks which tables are missing, then creates them; without a lock two starts both see a
    table missing and the second one's CREATE TABLE fails ("table ... already exists")."""
    instances = [Storage(database) for _ in range(6)]
    try:
        await asyncio.gather(*(instance.start() for instance in instances))
        async with instances[0].engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        assert set(metadata.tables) <= tables
        assert await instances[0].generation() == 0
    finally:
        for instance in instances:
            await instance.close()


async def test_a_start_waits_for_another_process_holding_a_new_sqlite_files_write_lock(tmp_path):
    """A new SQLite file whose write lock another process holds (a worker creating the schema): switching
    it to write-ahead logging needs that lock, so a start waits its turn rather than failing at once."""
    path = tmp_path / "practice-bot.sqlite3"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE held (x INTEGER)")
    instance = Storage(f"sqlite+aiosqlite:///{path}")
    try:
        starting = asyncio.ensure_future(instance.start())
        await asyncio.sleep(0.3)
        assert not starting.done(), "it waits for the lock"
        other.execute("COMMIT")
        await asyncio.wait_for(starting, 10)
        assert await instance.generation() == 0
    finally:
        other.close()
        await instance.close()
