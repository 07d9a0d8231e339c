"""POST /admin/reload in the server process, over HTTP on loopback: off without a token, refused without the
whole bearer token, and with it a report a deploy script can read (and the reload counted as "http")."""
from __future__ import annotations

import aiohttp
import pytest

from bot.server import create_app
from bot.settings import Settings
from bot.store import KnowledgeStore
from tests.knowledge.helpers import case_file, copy_knowledge
from tests.support.loopback import running

TOKEN = "s3cret-admin-token-0123456789"


async def post_reload(app, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    async with running(app) as base, aiohttp.ClientSession() as session:
        async with session.post(base + "/admin/reload", headers=headers or {}) as response:
            body = await response.json()
        async with session.get(base + "/metrics") as metrics:
            return response.status, body, await metrics.text()


async def test_without_a_token_setting_the_endpoint_is_off_and_says_how_to_turn_it_on(tmp_path):
    store = KnowledgeStore(copy_knowledge(tmp_path))
    status, body, _metrics = await post_reload(create_app(store, Settings(env={})), {"Authorization": "Bearer "})
    assert (status, body) == (503, {"error": "admin endpoint is off: set PRACTICE_BOT_ADMIN_TOKEN"})
    assert store.status.reloads == 0


@pytest.mark.parametrize("headers", [{}, {"Authorization": ""}, {"Authorization": "Bearer"},
                                     {"Authorization": f"Bearer {TOKEN[:5]}"}, {"Authorization": f"Token {TOKEN}"}],
                         ids=["none", "empty", "scheme-only", "prefix", "other-scheme"])
async def test_a_missing_empty_or_partial_token_is_refused_and_nothing_reloads(tmp_path, headers):
    store = KnowledgeStore(copy_knowledge(tmp_path))
    status, body, _metrics = await post_reload(
        create_app(store, Settings(env={"PRACTICE_BOT_ADMIN_TOKEN": TOKEN})), headers)
    assert (status, body) == (401, {"error": "missing or wrong admin token"})
    assert store.status.reloads == 0 and store.status.failures == 0


async def test_a_short_token_leaves_the_endpoint_off_even_for_that_token_and_says_why(tmp_path, caplog):
    """A token a guesser could enumerate is no lock: under 16 characters the endpoint refuses everyone,
    and both the reply and the start-up log name the setting and the length it needs."""
    store = KnowledgeStore(copy_knowledge(tmp_path))
    short = TOKEN[:15]
    with caplog.at_level("INFO", logger="practice_bot.server"):
        app = create_app(store, Settings(env={"PRACTICE_BOT_ADMIN_TOKEN": short}))
    status, body, _metrics = await post_reload(app, {"Authorization": f"Bearer {short}"})
    why = "admin endpoint is off: PRACTICE_BOT_ADMIN_TOKEN must be at least 16 characters"
    assert (status, body) == (503, {"error": why})
    assert why in caplog.text and store.status.reloads == 0


async def test_a_token_of_sixteen_characters_is_long_enough(tmp_path, caplog):
    store = KnowledgeStore(copy_knowledge(tmp_path))
    with caplog.at_level("INFO", logger="practice_bot.server"):
        app = create_app(store, Settings(env={"PRACTICE_BOT_ADMIN_TOKEN": TOKEN[:16]}))
    status, _body, _metrics = await post_reload(app, {"Authorization": f"Bearer {TOKEN[:16]}"})
    assert status == 200 and store.status.reloads == 1
    assert "admin endpoint is on" in caplog.text


async def test_the_token_reloads_and_reports_what_changed(tmp_path):
    directory = copy_knowledge(tmp_path)
    store = KnowledgeStore(directory)
    norwich = case_file(directory, "norwich-virtual-parking-permits")
    norwich.write_text(norwich.read_text().replace("summary: >-", "summary: >-\n  Edited.", 1))
    case_file(directory, "leeds-tablet-lending-library").unlink()
    app = create_app(store, Settings(env={"PRACTICE_BOT_ADMIN_TOKEN": TOKEN}))
    status, body, metrics = await post_reload(app, {"authorization": f"Bearer {TOKEN}"})
    assert status == 200
    assert body == {"ok": True, "version": store.snapshot.kb.version, "cases": len(store.snapshot.kb.cases),
                    "added": [], "changed": ["norwich-virtual-parking-permits"],
                    "removed": ["leeds-tablet-lending-library"], "summary": store.status.history[-1].summary}
    assert 'practice_bot_reloads_total{result="ok",trigger="http"} 1.0' in metrics


async def test_a_reload_the_files_refuse_is_a_422_with_file_and_line(tmp_path):
    directory = copy_knowledge(tmp_path)
    store = KnowledgeStore(directory)
    version = store.snapshot.kb.version
    wigan = case_file(directory, "wigan-in-cab-waste")
    wigan.write_text(wigan.read_text() + "\noutcomes: [unclosed\n")
    status, body, metrics = await post_reload(
        create_app(store, Settings(env={"PRACTICE_BOT_ADMIN_TOKEN": TOKEN})), {"Authorization": f"Bearer {TOKEN}"})
    assert status == 422
    assert (body["ok"], body["version"], body["added"], body["changed"], body["removed"]) == (False, version, [], [], [])
    assert "case-studies/wigan-in-cab-waste.yaml:" in body["summary"]
    assert 'practice_bot_reloads_total{result="failed",trigger="http"} 1.0' in metrics
