"""The bound on what a chat message may hold before any pattern reads it (bot/inbound.py): text past
MAX_INBOUND_CHARS is dropped unread, and a payload whose text is not text at all is read as an empty message."""
from __future__ import annotations

import pytest

from bot.commands import Command, parse
from bot.inbound import MAX_INBOUND_CHARS, bounded


def test_text_past_the_bound_is_dropped_unread_and_text_within_it_is_kept_whole():
    assert bounded("a" * (MAX_INBOUND_CHARS + 500)) == "a" * MAX_INBOUND_CHARS
    within = "which councils saved money on refuse routing? " * 80
    assert len(within) < MAX_INBOUND_CHARS and bounded(within) == within


def test_a_command_typed_after_the_bound_is_never_read():
    padding = " " * MAX_INBOUND_CHARS
    assert parse(padding + "reload") == Command("help", ""), "an empty message, answered with help"
    assert parse(" " * (MAX_INBOUND_CHARS - 10) + "status") == Command("status", "")
    assert parse(" " * (MAX_INBOUND_CHARS - 1) + "help me") == Command("ask", "h"), "cut at the bound exactly"


@pytest.mark.parametrize("payload", [None, 42, ["help"], {"text": "help"}, b"help"])
def test_a_message_text_that_is_not_text_is_read_as_nothing(payload):
    assert bounded(payload) == ""
