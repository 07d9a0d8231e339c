"""Block Kit rendering: Slack's limits kept by pages, and text that cannot ping or spoof."""
from __future__ import annotations

import json

from bot.commands import ThemeReply
from bot.render.slack_blocks import MAX_BLOCKS, MAX_SECTION_CHARS, MORE_RESULTS, read_press, slack_message
from bot.render.slack_escape import escape, link


def test_a_reply_longer_than_one_message_is_paged_with_more_results(snapshot):
    kb = snapshot.kb
    every_case = ThemeReply(kb.themes[0], kb.cases)
    first = slack_message(every_case, command="theme everything")
    assert len(first.blocks) <= MAX_BLOCKS
    [more] = [e for b in first.blocks if b["type"] == "actions" for e in b["elements"] if e["action_id"] == MORE_RESULTS]
    press = read_press(MORE_RESULTS, more["value"])
    assert (press.command, press.page) == ("theme everything", 2)
    shown, page = json.dumps(first.blocks), first
    while MORE_RESULTS in json.dumps(page.blocks):  # follow "More results" to the last page
        page = slack_message(every_case, command=press.command, page=press.page)
        assert len(page.blocks) <= MAX_BLOCKS
        shown += json.dumps(page.blocks)
        press = read_press(MORE_RESULTS, json.dumps({"command": press.command, "page": press.page + 1}))
    assert all(case.id in shown for case in kb.cases), "every case is on one of the pages"


def test_sections_stay_within_slacks_limit(snapshot):
    kb = snapshot.kb
    long_list = ThemeReply(kb.themes[0], kb.cases * 40)
    for page in (1, 2):
        for block in slack_message(long_list, command="x", page=page).blocks:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= MAX_SECTION_CHARS


def test_escape_leaves_no_control_sequences():
    hostile = "<!channel> <!here> @here @channel <@U123> <http://evil|trusted> fish & chips"
    safe = escape(hostile)
    assert "<" not in safe and ">" not in safe
    assert "@here" not in safe and "@channel" not in safe
    assert "fish &amp; chips" in safe


def test_a_link_label_cannot_end_the_link_early():
    assert link("https://example.org/a|b>c", "Good <!here> source") == (
        "<https://example.org/a%7Cb&gt;c|Good &lt;!here&gt; source>")
