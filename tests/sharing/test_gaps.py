"""Unanswered questions: recorded by the store observer as people ask, kept for the retention period only,
and reported in groups of similar wording."""
from __future__ import annotations

import datetime

from sqlalchemy import inspect

from bot.commands import handle
from bot.sharing.gaps import GapRecorder, gap_report, group_questions, retention_days
from bot.sharing.storage import Gap, now

DRONES = ("who uses drones to inspect gullies?", "Who uses drones to inspect gullies",
          "which council uses drones for gully inspection")
LLAMAS = "how do I license quantum llamas"


async def ask(store, recorder, *questions, platform="slack"):
    for question in questions:
        await handle(question, store, is_admin=False, platform=platform)
    await recorder.flush()


async def test_unanswered_questions_are_recorded_and_grouped_by_similarity(storage, knowledge):
    recorder = GapRecorder(storage)
    knowledge.observers.append(recorder)

    await ask(knowledge, recorder, *DRONES, LLAMAS, "Wigan bins", "themes")
    await ask(knowledge, recorder, DRONES[0], platform="teams")

    gaps = await storage.gaps_since(now() - datetime.timedelta(minutes=5))
    assert sorted(g.question for g in gaps) == sorted([*DRONES, LLAMAS, DRONES[0]])
    assert {g.platform for g in gaps} == {"slack", "teams"}
    [drones, llamas] = await gap_report(storage, days=7)
    assert (drones.count, drones.example) == (4, DRONES[0])
    assert set(drones.wordings) == set(DRONES)
    assert (llamas.count, llamas.wordings) == (1, (LLAMAS,))


async def test_gaps_hold_no_user_ids(storage):
    def columns(connection):
        return {column["name"] for column in inspect(connection).get_columns("gaps")}

    async with storage.engine.connect() as connection:
        assert await connection.run_sync(columns) == {"id", "question", "platform", "asked_at", "organisation"}


async def test_retention_drops_old_gaps_when_a_new_one_is_recorded(storage, knowledge):
    await storage.add_gaps([Gap("an old question", "slack", now() - datetime.timedelta(days=31))])
    await storage.add_gaps([Gap("a recent question", "slack", now() - datetime.timedelta(days=29))])
    recorder = GapRecorder(storage, retention_days=30)
    knowledge.observers.append(recorder)

    await ask(knowledge, recorder, LLAMAS)

    remaining = await storage.gaps_since(now() - datetime.timedelta(days=365))
    assert sorted(g.question for g in remaining) == ["a recent question", LLAMAS]


async def test_the_report_looks_back_the_days_asked_and_applies_retention(storage):
    await storage.add_gaps([Gap("older than retention", "slack", now() - datetime.timedelta(days=100))])
    await storage.add_gaps([Gap("last month", "slack", now() - datetime.timedelta(days=20))])
    await storage.add_gaps([Gap("yesterday", "teams", now() - datetime.timedelta(days=1))])

    assert [g.example for g in await gap_report(storage, days=7)] == ["yesterday"]
    assert {g.example for g in await gap_report(storage, days=365)} == {"yesterday", "last month"}
    assert len(await storage.gaps_since(now() - datetime.timedelta(days=365))) == 2


def test_similar_wordings_group_and_the_most_asked_come_first():
    groups = group_questions(["parking permits app", "garden waste subscriptions", "parking permits app",
                              "An app for parking permits?", "garden waste subscription online", "cyber attacks"])
    assert [(g.count, g.example) for g in groups] == [
        (3, "parking permits app"), (2, "garden waste subscriptions"), (1, "cyber attacks")]
    assert groups[0].wordings == ("parking permits app", "An app for parking permits?")


def test_retention_comes_from_configuration():
    assert retention_days({}) == 90
    assert retention_days({"PRACTICE_BOT_GAP_RETENTION_DAYS": "14"}) == 14


async def test_questions_asked_together_are_kept_in_one_insert(storage, statements):
    recorder = GapRecorder(storage)
    for question in (*DRONES, LLAMAS):
        recorder.question("slack", question, answered=False, seconds=0.01)
    await recorder.flush()

    assert sorted(g.question for g in await storage.gaps_since(now() - datetime.timedelta(minutes=5))) == \
        sorted([*DRONES, LLAMAS])
    assert len([s for s in statements if s.startswith("INSERT INTO gaps")]) == 1
