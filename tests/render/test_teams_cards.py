"""Adaptive Cards for every reply: version 1.4, under Teams' 40 KB limit even for a huge case study, and
nothing from a question or a case study can become a link, a mention or formatting."""
from __future__ import annotations

import dataclasses

import pytest

from bot.answers import answer
from bot.commands import Command, respond
from bot.render.teams_cards import MAX_CARD_BYTES, SHORTENED, card_size, render_card
from bot.render.teams_escape import escape

FOREST_HEATH = "forest-heath-st-edmundsbury-refuse-routing"


@pytest.mark.parametrize("command", [
    Command("help", ""), Command("themes", ""), Command("theme", "waste"), Command("show", FOREST_HEATH),
    Command("like", FOREST_HEATH), Command("contact", ""), Command("contact", FOREST_HEATH),
    Command("status", ""), Command("show", "nothing-like-this"), Command("ask", "refuse routing"),
    Command("ask", "lunar colony programme"),
])
def test_every_reply_renders_a_1_4_card_with_fallback_text(store, command):
    card = render_card(respond(command, store))
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4" and card["$schema"]
    assert card["body"] and card["fallbackText"]
    assert card_size(card) < MAX_CARD_BYTES


def test_a_huge_answer_is_cut_to_fit_teams_limit(snapshot):
    found = answer("who saved money on refuse routing?", snapshot)
    huge = dataclasses.replace(found, results=tuple(
        dataclasses.replace(r, case=dataclasses.replace(r.case, title=r.case.title * 40, summary="Long. " * 3000))
        for r in (found.results * 10)[:10]
    ))
    card = render_card(huge)
    assert card_size(card) < MAX_CARD_BYTES
    assert found.results[0].case.title in str(card["body"])


def test_a_card_over_the_limit_says_it_was_shortened(store):
    theme = respond(Command("theme", "waste"), store)
    many = dataclasses.replace(theme, cases=tuple(
        dataclasses.replace(case, title=case.title + " " + "x" * 1800) for case in theme.cases * 4
    ))
    card = render_card(many)
    assert card_size(card) < MAX_CARD_BYTES
    assert SHORTENED in card["body"][-1]["text"].replace("\\", "")


@pytest.mark.parametrize("text, never", [
    ("[trusted](http://evil)", "[trusted]("),
    ("see http://evil.example now", "http://"),
    ("www.evil.example", "www."),
    ("<at>Everyone</at>", "<at>"),
    ("**bold** and _italic_", "**bold**"),
])
def test_escape_leaves_no_link_mention_or_formatting(text, never):
    assert never not in escape(text)


def test_escape_keeps_ordinary_text_readable():
    assert escape("£300,000 a year (projection): 25% fewer miles.") == "£300,000 a year (projection): 25% fewer miles."
