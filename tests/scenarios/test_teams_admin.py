"""Teams admins (by Entra object id in TEAMS_ADMIN_IDS) reload and check status; everyone else is refused
politely and nothing changes. End to end on loopback, with a copy of the knowledge base to edit."""
from __future__ import annotations

import re

import pytest

from bot.server import create_app
from bot.settings import Settings
from bot.store import KnowledgeStore
from tests.fakes.bot_connector import USER, card_of, card_text, teams_connector
from tests.fakes.entra import CREDENTIALS
from tests.knowledge.helpers import case_file, copy_knowledge

ADMIN = {"id": "29:robin", "name": "Robin Admin", "aadObjectId": "aad-robin-admin"}


@pytest.fixture
def knowledge(tmp_path):
    return copy_knowledge(tmp_path)


@pytest.fixture
def store(knowledge):
    return KnowledgeStore(knowledge)


@pytest.fixture
def app(store):
    return create_app(store, Settings(env={"TEAMS_ADMIN_IDS": "aad-someone-else, aad-robin-admin", **CREDENTIALS}))


async def test_admin_reload_reports_the_counts(app, store, knowledge):
    norwich = case_file(knowledge, "norwich-virtual-parking-permits")
    norwich.write_text(norwich.read_text().replace("summary: >-", "summary: >-\n  Edited.", 1))
    async with teams_connector(app) as teams:
        await teams.say("reload", user=ADMIN)
        text = card_text(card_of(await teams.reply()))
    assert f"{len(store.snapshot.kb.cases)} case studies" in text
    assert "0 added, 1 changed, 0 removed" in text


async def test_admin_reload_of_a_broken_file_names_file_and_line_and_keeps_answering(app, store, knowledge):
    old_version = store.snapshot.kb.version
    wigan = case_file(knowledge, "wigan-in-cab-waste")
    wigan.write_text(wigan.read_text() + "\noutcomes: [unclosed\n")
    async with teams_connector(app) as teams:
        await teams.say("reload", user=ADMIN)
        failed = card_text(card_of(await teams.reply()))
        await teams.say("Wigan bins")
        still = card_text(card_of(await teams.reply()))
    assert "Reload failed" in failed
    assert re.search(r"case-studies/wigan-in-cab-waste\.yaml:\d+", failed)
    assert store.snapshot.kb.version == old_version
    assert "Wigan" in still


async def test_admin_status(app):
    async with teams_connector(app) as teams:
        await teams.say("status", user=ADMIN)
        text = card_text(card_of(await teams.reply()))
    assert "Knowledge base version" in text and "case studies" in text


@pytest.mark.parametrize("command", ["reload", "status"])
async def test_non_admin_is_refused_politely_and_nothing_changes(app, store, knowledge, command):
    wigan = case_file(knowledge, "wigan-in-cab-waste")
    wigan.write_text(wigan.read_text() + "\noutcomes: [unclosed\n")
    async with teams_connector(app) as teams:
        await teams.say(command, user=USER)
        text = card_text(card_of(await teams.reply()))
    assert "for Practice Bot admins only" in text
    assert store.status.reloads == 0 and store.status.failures == 0
