"""The curators' digest on a real SQLite database: each kind of item appears (a new case, an unanswered
question, a stale case, a dead source, a waiting introduction), and the periodic post goes out once per
period however many instances try."""
from __future__ import annotations

import datetime

from bot.curation.digest import build_digest, stale_cases
from bot.curation.digest_poster import DigestPoster
from bot.curation.sources import LinkCheck, SourcesReport
from bot.notices import NoticeRouter
from bot.render.text import render_text
from bot.sharing.desk import SharingDesk
from bot.sharing.reviewer import Reviewer
from bot.sharing.storage import Gap, Storage
from bot.store import KnowledgeStore
from tests.knowledge.helpers import case_file, copy_knowledge


class Curators:
    """A platform's side of the notice router, as a recording: what reached the curators."""

    platform, label = "test", "Test"

    def __init__(self) -> None:
        self.posted: list = []

    async def to_curators(self, reply) -> bool:
        self.posted.append(reply)
        return True

    async def to_person(self, user_id, reply, organisation=""):
        return None


async def _desk(tmp_path, router=None) -> SharingDesk:
    store = KnowledgeStore(copy_knowledge(tmp_path))
    desk = SharingDesk(Storage(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}"), store, retention=90,
                       shared_answers=False, notices=router)
    await desk.storage.start()
    await desk.followers.start()
    return desk


async def test_the_digest_lists_each_kind_of_item(tmp_path):
    desk = await _desk(tmp_path)
    directory = desk.store.directory
    wigan = case_file(directory, "wigan-in-cab-waste").read_text()
    case_file(directory, "wigan-copy-for-digest").write_text(
        wigan.replace("id: wigan-in-cab-waste", "id: wigan-copy-for-digest").replace(
            "title: ", "title: Digest copy of ", 1))
    assert (await desk.store.reload_async()).ok
    await desk.followers.flush()
    await desk.storage.add_gaps([Gap("how do I train a dragon", "slack", datetime.datetime.now(datetime.timezone.utc))])
    await desk.storage.add_feedback("who fixed potholes with drones", ["wigan-in-cab-waste"], "unhelpful", "slack", None)
    await desk.introductions.request(desk.store.snapshot.kb.case("wigan-in-cab-waste"),
                                     Reviewer("slack", "U1"), "how did crews take to it?")
    sources = SourcesReport([LinkCheck("https://gone.example/page", "dead", "HTTP 404", ["wigan-in-cab-waste"])], [])
    digest = await build_digest(desk, days=7, stale_years=5, sources=sources)
    text = render_text(digest)
    assert "wigan-copy-for-digest" in text
    assert "how do I train a dragon" in text
    assert "Answers marked not helpful: 1" in text and "who fixed potholes with drones" in text
    assert "as of 2011" in text  # an old case, marked for a curator's look
    assert "dead: https://gone.example/page" in text
    assert "IN-" in text and "curators" in text
    await desk.storage.close()


def test_stale_cases_are_those_older_than_the_configured_age(snapshot):
    old = stale_cases(snapshot.kb, years=5, today=datetime.date(2026, 11, 26))
    assert old and all(int(case.as_of[:4]) < 2021 for case in old)
    assert not stale_cases(snapshot.kb, years=50, today=datetime.date(2026, 11, 26))


async def test_the_digest_is_posted_once_a_period_whichever_instance_tries(tmp_path):
    router, curators = NoticeRouter(), Curators()
    router.register(curators)
    desk = await _desk(tmp_path, router)
    first, second = DigestPoster(desk, router, 7, 5), DigestPoster(desk, router, 7, 5)
    assert await first.post_if_due() is True
    assert await second.post_if_due() is False
    assert len(curators.posted) == 1 and "Practice Bot digest" in render_text(curators.posted[0])
    await desk.storage.close()
