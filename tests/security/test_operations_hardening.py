"""The admin endpoint's bearer check, the text log's resistance to forged lines, and submissions' refusal of
control characters. Each of these was found open by the adversarial test."""
from __future__ import annotations

import logging

import aiohttp
import pytest

from bot.logs import TextFormatter
from bot.server import create_app
from bot.settings import Settings
from bot.sharing.submission import InvalidSubmission, validate
from bot.store import KnowledgeStore
from tests.knowledge.helpers import copy_knowledge
from tests.sharing.conftest import drone_form
from tests.support.loopback import running

TOKEN = "s3cret-admin-token-0123456789"


@pytest.mark.parametrize("header, status", [
    (f"Bearer {TOKEN}", 200), (f"bearer {TOKEN}", 200), (f"BEARER   {TOKEN} ", 200),
    (TOKEN, 401), ("Bearer ", 401), ("Bearer", 401), (f"Bearer {TOKEN[:-1]}", 401), (f"Basic {TOKEN}", 401),
    (f"Bearer {TOKEN}x", 401), ("", 401),
])
async def test_admin_reload_needs_the_bearer_scheme_and_the_whole_token(tmp_path, header, status):
    app = create_app(KnowledgeStore(copy_knowledge(tmp_path)), Settings(env={"PRACTICE_BOT_ADMIN_TOKEN": TOKEN}))
    async with running(app) as base, aiohttp.ClientSession() as session:
        async with session.post(base + "/admin/reload", headers={"Authorization": header}) as response:
            assert response.status == status


def test_text_logs_never_carry_a_forged_line():
    record = logging.makeLogRecord({"name": "slack_bolt", "levelno": logging.INFO, "levelname": "INFO",
                                    "msg": "refused body: %s",
                                    "args": ("text=hi\n2026-01-01 00:00:00,000 ERROR forged\r\x1b[31m",)})
    record.event_id = "Ev1\nforged=yes"
    line = TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s").format(record)
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    assert "text=hi\\n2026-01-01" in line and "event_id=Ev1\\nforged=yes" in line


@pytest.mark.parametrize("field, value", [
    ("title", "Drones\x00 find gullies"), ("organisation", "Puddleby\x07 Council"),
    ("summary", "A" * 50 + "\u202e reversed text"), ("outcomes", "Saved £1\x00"),
])
def test_control_characters_are_refused_on_their_own_field(snapshot, field, value):
    with pytest.raises(InvalidSubmission) as refused:
        validate(drone_form(**{field: value}), snapshot.kb, platform="slack", user_id="U1")
    assert set(refused.value.errors) == {field}
    assert refused.value.errors[field] == "Contains a control character (such as a NUL); please retype it."


def test_a_huge_field_is_refused_unread(snapshot):
    with pytest.raises(InvalidSubmission) as refused:
        validate(drone_form(title="x" * 5_000_000), snapshot.kb, platform="slack", user_id="U1")
    assert set(refused.value.errors) == {"title"}


@pytest.mark.parametrize("value, agreed", [(True, True), ("true", True), ("false", False), ("", False), (False, False)])
def test_consent_is_read_by_the_one_boolean_parser(snapshot, value, agreed):
    if agreed:
        assert validate(drone_form(consent=value), snapshot.kb, platform="teams", user_id="x").consent
    else:
        with pytest.raises(InvalidSubmission) as refused:
            validate(drone_form(consent=value), snapshot.kb, platform="teams", user_id="x")
        assert "consent" in refused.value.errors
