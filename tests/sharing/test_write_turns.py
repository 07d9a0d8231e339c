"""Turns at writing one SQLite file: two WriteTurns on one file stand for two worker processes (an flock
belongs to an open file, so they exclude each other as two processes would)."""
from __future__ import annotations

import asyncio

import pytest

from bot.sharing.write_turns import WriteTurns


async def take_turn(turns: WriteTurns, taken: list[str], name: str) -> None:
    async with turns.turn():
        taken.append(name)


async def test_a_writer_waits_for_the_other_process_and_goes_as_soon_as_it_is_done(tmp_path):
    database = str(tmp_path / "practice-bot.sqlite3")
    one, other = WriteTurns(database), WriteTurns(database)
    taken: list[str] = []
    async with one.turn():
        waiting = asyncio.ensure_future(take_turn(other, taken, "other"))
        await asyncio.sleep(0.2)
        assert taken == [], "the other process waits while one writes"
    await asyncio.wait_for(waiting, 1.0)
    assert taken == ["other"]
    one.close()
    other.close()


async def test_writers_of_one_process_take_turns_among_themselves(tmp_path):
    turns = WriteTurns(str(tmp_path / "practice-bot.sqlite3"))
    taken: list[str] = []
    async with turns.turn():
        waiting = asyncio.ensure_future(take_turn(turns, taken, "second"))
        await asyncio.sleep(0.1)
        assert taken == []
    await asyncio.wait_for(waiting, 1.0)
    assert taken == ["second"]
    turns.close()


async def test_a_writer_cancelled_while_waiting_leaves_no_turn_held(tmp_path):
    database = str(tmp_path / "practice-bot.sqlite3")
    one, cancelled, third = WriteTurns(database), WriteTurns(database), WriteTurns(database)
    taken: list[str] = []
    async with one.turn():
        waiting = asyncio.ensure_future(take_turn(cancelled, taken, "cancelled"))
        await asyncio.sleep(0.1)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
    await asyncio.wait_for(take_turn(third, taken, "third"), 2.0)
    assert taken == ["third"]
    for turns in (one, cancelled, third):
        turns.close()
