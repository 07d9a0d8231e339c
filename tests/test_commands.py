"""Chat commands: parsing keeps questions as questions; admin commands refuse politely and change nothing."""
from __future__ import annotations

import pytest

from bot.answers import Answer
from bot.commands import (
    CaseReply,
    Command,
    ContactReply,
    HelpReply,
    NotFoundReply,
    RefusalReply,
    ReloadReply,
    SimilarReply,
    StatusReply,
    ThemeReply,
    ThemesReply,
    handle,
    parse,
)
from bot.render.text import render_text
from bot.store import KnowledgeStore

from .knowledge.helpers import copy_knowledge


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", Command("help", "")),
        ("help", Command("help", "")),
        ("Themes", Command("themes", "")),
        ("theme", Command("themes", "")),
        ("theme waste", Command("theme", "waste")),
        ("show wigan-in-cab-waste", Command("show", "wigan-in-cab-waste")),
        ("like wigan-in-cab-waste", Command("like", "wigan-in-cab-waste")),
        ("contact", Command("contact", "")),
        ("contacts", Command("contact", "")),
        ("reload", Command("reload", "")),
        ("status of planning appeals", Command("ask", "status of planning appeals")),
        ("contact centre savings", Command("ask", "contact centre savings")),
        ("help with bins", Command("ask", "help with bins")),
        ("show me refuse routing", Command("ask", "show me refuse routing")),
        ("hi", Command("help", "")),
        ("Good morning, Practice Bot!", Command("help", "")),
        ("what can you do?", Command("help", "")),
        ("thanks!", Command("thanks", "")),
        ("who should I contact about this?", Command("contact", "")),
        ("what's Socitm's phone number", Command("contact", "")),
        ("contact centre phone calls", Command("ask", "contact centre phone calls")),
        ("hi-tech bin sensors", Command("ask", "hi-tech bin sensors")),
    ],
)
def test_parse(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text, reply_type",
    [
        ("help", HelpReply), ("themes", ThemesReply), ("theme waste", ThemeReply), ("theme cyber secruity", ThemeReply),
        ("show wigan-in-cab-waste", CaseReply), ("like wigan-in-cab-waste", SimilarReply), ("contact", ContactReply),
        ("contact wigan-in-cab-waste", ContactReply), ("show nothing-here", NotFoundReply),
        ("theme zzzzqqq", NotFoundReply), ("Wigan bins", Answer),
    ],
)
async def test_every_command_has_a_reply_and_a_text_rendering(text, reply_type, store):
    reply = await handle(text, store, is_admin=False)
    assert isinstance(reply, reply_type)
    assert render_text(reply).strip()


async def test_theme_finds_close_spellings(store):
    reply = await handle("theme cyber secruity", store, is_admin=False)
    assert reply.theme.id == "cyber" and reply.cases


@pytest.mark.parametrize("command", ["reload", "status"])
async def test_admin_commands_are_refused_politely_for_others(command, tmp_path):
    store = KnowledgeStore(copy_knowledge(tmp_path))
    reply = await handle(command, store, is_admin=False)
    assert isinstance(reply, RefusalReply)
    assert "admins only" in render_text(reply) and "nothing has been changed" in render_text(reply)
    assert store.status.reloads == 0


async def test_admin_reload_and_status(tmp_path):
    store = KnowledgeStore(copy_knowledge(tmp_path))
    reload = await handle("reload", store, is_admin=True)
    assert isinstance(reload, ReloadReply) and reload.report.ok
    status = await handle("status", store, is_admin=True)
    assert isinstance(status, StatusReply) and status.reloads == 1 and status.cases == len(store.snapshot.kb.cases)
    assert "case studies" in render_text(status)
