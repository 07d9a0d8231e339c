"""Hostile or broken knowledge files: refused quickly with a short error naming file and line; one broken
case file never stops the others being served; an approval is whole or absent whatever moment it stops."""
from __future__ import annotations

import time

import aiohttp
import pytest

from bot.errors import KnowledgeError
from bot.knowledge.loader import load_knowledge
from bot.server import create_app
from bot.settings import Settings
from bot.store import KnowledgeStore
from tests.knowledge.helpers import case_file, copy_knowledge
from tests.support.loopback import running

ALIAS_BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
       f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]" for i in range(8)]
)


def _broken(directory, text: str | bytes, name: str = "hostile"):
    path = directory / "case-studies" / f"{name}.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_an_alias_bomb_is_refused_at_once_with_its_line(tmp_path):
    directory = copy_knowledge(tmp_path)
    _broken(directory, ALIAS_BOMB)
    started = time.perf_counter()
    with pytest.raises(KnowledgeError) as refused:
        load_knowledge(directory)
    assert time.perf_counter() - started < 5
    [problem] = refused.value.problems
    assert problem.file == "case-studies/hostile.yaml" and problem.line == 1
    assert "anchors and aliases" in problem.message
    assert len(str(refused.value)) < 2000


def test_an_oversized_case_file_is_refused_unread(tmp_path):
    directory = copy_knowledge(tmp_path)
    _broken(directory, "summary: " + "x" * (1024 * 1024))
    with pytest.raises(KnowledgeError) as refused:
        load_knowledge(directory)
    assert "larger than" in refused.value.problems[0].message


def test_bytes_that_are_not_utf8_are_reported_with_their_line(tmp_path):
    directory = copy_knowledge(tmp_path)
    _broken(directory, b"id: hostile\ntitle: fine\nsummary: \xff\xfe garbage\n")
    with pytest.raises(KnowledgeError) as refused:
        load_knowledge(directory)
    assert str(refused.value.problems[0]).startswith("case-studies/hostile.yaml:3: ")


def test_a_long_error_message_is_cut(tmp_path):
    directory = copy_knowledge(tmp_path)
    _broken(directory, "id: " + "x" * 100_000)
    with pytest.raises(KnowledgeError) as refused:
        load_knowledge(directory)
    assert all(len(str(p)) < 500 for p in refused.value.problems)


async def test_a_server_starts_with_a_broken_case_file_and_serves_the_rest(tmp_path):
    directory = copy_knowledge(tmp_path)
    total = len(load_knowledge(directory).cases)
    case_file(directory, "wigan-in-cab-waste").write_text("")  # the 0-byte file a crash used to leave
    _broken(directory, ALIAS_BOMB)
    store = KnowledgeStore(directory)
    assert len(store.snapshot.kb.cases) == total - 1
    async with running(create_app(store, Settings(env={}))) as base, aiohttp.ClientSession() as session:
        async with session.get(base + "/readyz") as response:
            body = await response.read()
            ready = await response.json()
    assert len(body) < 4096
    assert ready["cases"] == total - 1
    assert "case-studies/wigan-in-cab-waste.yaml:1" in ready["last_reload_error"]
    assert "case-studies/hostile.yaml:1" in ready["last_reload_error"]


def test_a_reload_is_not_blocked_by_a_file_broken_since_start_but_is_by_a_new_break(tmp_path):
    directory = copy_knowledge(tmp_path)
    _broken(directory, "not: [valid", "old-break")
    store = KnowledgeStore(directory)
    norwich = case_file(directory, "norwich-virtual-parking-permits")
    norwich.write_text(norwich.read_text().replace("summary: >-", "summary: >-\n  Edited.", 1))
    assert store.reload().ok
    _broken(directory, "also: [broken", "new-break")
    report = store.reload()
    assert not report.ok and "new-break" in str(report.error) and "old-break" not in str(report.error)
