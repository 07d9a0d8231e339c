"""Turns at writing one SQLite file: two WriteTurns on one file stand for two worker processes (an flock
belongs to an open file, so they exclude each other as two processes would). Real SQLite files."""
from __future__ import annotations

import asyncio
import os
import sqlite3
import threading

import pytest

from bot.sharing.storage import _sqlite_for_several_processes
from bot.sharing.write_turns import WriteTurns


@pytest.fixture
def database(tmp_path):
    path = str(tmp_path / "practice-bot.sqlite3")
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE taken (name TEXT)")
    return path


def taken(database: str) -> list[str]:
    with sqlite3.connect(database) as connection:
        return [name for (name,) in connection.execute("SELECT name FROM taken ORDER BY rowid")]


def adding(name: str, until: threading.Event | None = None):
    """Work that writes `name`, holding its turn until `until` is set."""
    def work(connection) -> str:
        connection.exec_driver_sql("INSERT INTO taken VALUES (?)", (name,))
        if until is not None:
            until.wait(5.0)
        return name
    return work


async def held(turns: WriteTurns, name: str) -> tuple[asyncio.Future, threading.Event]:
    """A write of `name` under way, holding its turn until the event is set."""
    release = threading.Event()
    holding = asyncio.ensure_future(turns.write(adding(name, until=release)))
    await asyncio.sleep(0.1)
    return holding, release


async def test_a_writer_waits_for_the_other_process_and_goes_as_soon_as_it_is_done(database):
    one, other = WriteTurns(database, _sqlite_for_several_processes), WriteTurns(database, _sqlite_for_several_processes)
    holding, release = await held(one, "one")
    waiting = asyncio.ensure_future(other.write(adding("other")))
    await asyncio.sleep(0.3)
    assert not waiting.done(), "the other process waits while one writes"
    release.set()
    assert await asyncio.wait_for(waiting, 2.0) == "other"
    assert await holding == "one"
    assert taken(database) == ["one", "other"]
    one.close()
    other.close()


async def test_a_caller_cancelled_while_waiting_still_writes_and_lets_the_turn_go(database):
    one, cancelled, third = (WriteTurns(database, _sqlite_for_several_processes) for _ in range(3))
    holding, release = await held(one, "one")
    waiting = asyncio.ensure_future(cancelled.write(adding("cancelled")))
    await asyncio.sleep(0.1)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    release.set()
    await holding
    assert await asyncio.wait_for(third.write(adding("third")), 2.0) == "third"
    cancelled.close()  # after the write under way
    assert sorted(taken(database)) == ["cancelled", "one", "third"]
    for turns in (one, third):
        turns.close()


async def test_a_failed_write_leaves_nothing_and_the_turn_free(database):
    turns = WriteTurns(database, _sqlite_for_several_processes)

    def half_then_fail(connection) -> None:
        adding("half")(connection)
        raise ValueError("stopped half way")

    with pytest.raises(ValueError, match="half way"):
        await turns.write(half_then_fail)
    other = WriteTurns(database, _sqlite_for_several_processes)
    assert await asyncio.wait_for(other.write(adding("next")), 2.0) == "next"
    assert await asyncio.wait_for(turns.write(adding("again")), 2.0) == "again", "the failed writer writes on"
    assert taken(database) == ["next", "again"]
    turns.close()
    other.close()


async def test_the_connection_is_set_up_like_the_async_engines(database):
    turns = WriteTurns(database, _sqlite_for_several_processes)
    mode = await turns.write(lambda connection: connection.exec_driver_sql("PRAGMA journal_mode").scalar())
    timeout = await turns.write(lambda connection: connection.exec_driver_sql("PRAGMA busy_timeout").scalar())
    assert (mode, timeout) == ("wal", 5000)
    turns.close()


async def test_writers_of_one_process_take_turns_in_its_one_writing_thread(database):
    turns = WriteTurns(database, _sqlite_for_several_processes)
    holding, release = await held(turns, "first")
    second = asyncio.ensure_future(turns.write(lambda connection: threading.current_thread().name))
    await asyncio.sleep(0.3)
    assert not second.done(), "the second write waits for the first, in this process too"
    release.set()
    assert (await asyncio.wait_for(second, 2.0)).startswith("practice-bot-sqlite-writes"), "named for thread dumps"
    await holding
    turns.close()


def test_the_lock_file_is_beside_the_database_and_only_its_owner_may_open_it(database):
    turns = WriteTurns(database, _sqlite_for_several_processes)
    asyncio.run(turns.write(adding("one")))
    assert os.stat(database + ".lock").st_mode & 0o777 == 0o600
    turns.close()


async def test_closing_waits_for_the_write_under_way(database):
    turns = WriteTurns(database, _sqlite_for_several_processes)
    writing, release = await held(turns, "last")
    threading.Timer(0.3, release.set).start()
    turns.close()
    assert taken(database) == ["last"], "close returned only once the write was committed"
    await writing
