"""The shared "already answered" record: two storage objects on one database stand for two web processes."""
from __future__ import annotations

import asyncio

from bot.sharing.answered import SharedSeenIds
from bot.sharing.storage import Storage


async def test_only_the_first_process_answers_a_retried_event(database):
    async with Storage(database) as first_process, Storage(database) as second_process:
        slack_one, slack_two = SharedSeenIds(first_process, "slack"), SharedSeenIds(second_process, "slack")

        assert await slack_one.first_time("Ev01") is True
        assert await slack_two.first_time("Ev01") is False
        assert await slack_one.first_time("Ev01") is False
        assert await SharedSeenIds(second_process, "teams").first_time("Ev01") is True


async def test_simultaneous_deliveries_are_answered_exactly_once(database):
    async with Storage(database) as first_process, Storage(database) as second_process:
        claims = [SharedSeenIds(process, "teams").first_time("activity-42")
                  for process in (first_process, second_process) * 5]
        assert sorted(await asyncio.gather(*claims)) == [False] * 9 + [True]


async def test_the_record_survives_a_restart_and_expires_after_its_ttl(database):
    async with Storage(database) as before_restart:
        assert await SharedSeenIds(before_restart, "slack").first_time("Ev02")
    async with Storage(database) as after_restart:
        assert not await SharedSeenIds(after_restart, "slack").first_time("Ev02")
        assert await SharedSeenIds(after_restart, "slack", ttl=0).first_time("Ev02")


async def test_claims_offered_together_are_written_together_and_a_repeat_among_them_is_not_first(database, statements):
    async with Storage(database) as process:
        record = SharedSeenIds(process, "slack")
        offered = ["Ev10", "Ev11", "Ev10", "Ev12", "Ev11"]
        answers = await asyncio.gather(*(record.first_time(key) for key in offered))
        assert answers == [True, True, False, True, False]
        assert len([s for s in statements if s.startswith("INSERT INTO answered_events")]) == 1
        assert not any(await asyncio.gather(*(record.first_time(key) for key in ("Ev10", "Ev11", "Ev12"))))
