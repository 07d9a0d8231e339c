"""Starting on an empty database: workers that start together must all come up with one schema."""
from __future__ import annotations

import asyncio

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
