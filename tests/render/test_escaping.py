"""Escaping for Slack mrkdwn and Teams Markdown, in general form: whatever a user or a case study says is
shown as typed, and nothing in it can broadcast, mention, link or format.

Each property is checked with a reader of the platform's own rules (Slack: `<...>` control sequences and
bare broadcasts; Teams: a backslash shows the next punctuation character as typed), so a change that lets
any one form through (a second link, `_x_`, a typed backslash, a prefix of a user id) fails here."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render import slack_escape, teams_escape

PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None)

hostile_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80) | st.lists(
    st.sampled_from(["@everyone", "@channel", "@HERE", "<!channel>", "<@U123>", "U123>", "[a](http://x)", "_x_",
                     "*b*", "\\", "\\[", "](", "www.evil.example", "http://evil.example", "evil.co.uk", "&", "|",
                     "<at>", "</at>", " ", "text", "£1m"]),
    max_size=12,
).map("".join)


# Slack -------------------------------------------------------------------------------------------------------

def slack_controls(text: str) -> list[str]:
    """What Slack would act on: `<...>` sequences, and bare broadcasts a client or parse=full may turn live."""
    return re.findall(r"<[^>]*>", text) + re.findall(r"@(?:channel|here|everyone)\b", text, re.IGNORECASE)


def slack_shown(text: str) -> str:
    """What a Slack reader sees: entities decoded, the zero-width spaces the escaping adds invisible."""
    shown = text.replace(slack_escape.ZERO_WIDTH_SPACE, "")
    return shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@pytest.mark.parametrize("word", ["@everyone", "@channel", "@here", "@Everyone", "@HERE", "hi @channel!"])
def test_slack_broadcasts_are_never_live(word):
    for safe in (slack_escape.escape(word), slack_escape.plain(word)):
        assert slack_controls(safe) == [], safe
        assert slack_shown(safe) == word


def test_slack_broadcast_lookalikes_are_left_alone():
    assert slack_escape.escape("@channels and @hereford") == "@channels and @hereford"
    assert slack_escape.plain("mail @everyoneelse") == "mail @everyoneelse"


@PROPERTY
@given(hostile_text)
def test_slack_escape_shows_any_text_as_typed_with_no_control_of_its_own(text):
    safe = slack_escape.escape(text)
    assert slack_controls(safe) == []
    assert slack_shown(safe) == text


@PROPERTY
@given(hostile_text)
def test_slack_plain_text_breaks_every_broadcast_and_nothing_else(text):
    safe = slack_escape.plain(text)
    assert re.findall(r"@(?:channel|here|everyone)\b", safe, re.IGNORECASE) == []
    assert safe.replace(slack_escape.ZERO_WIDTH_SPACE, "") == text.replace(slack_escape.ZERO_WIDTH_SPACE, "")


@pytest.mark.parametrize("address", ["https://evil.example/path", "www.evil.example", "evil.gov.uk", "ftp://x.org"])
def test_slack_bare_addresses_are_readable_but_dead(address):
    safe = slack_escape.escape(f"see {address} now")
    assert address not in safe
    assert "://" not in safe, "a scheme alone (https://evil) is enough for a client to make a link"
    assert not re.search(r"[A-Za-z0-9-]\.[A-Za-z]", safe), "no dot joins two parts of a name"
    assert slack_shown(safe) == f"see {address} now"


def test_slack_email_addresses_stay_usable():
    assert slack_escape.escape("enquiries@socitm.net") == "enquiries@socitm.net"


@pytest.mark.parametrize("user_id", ["U123ABC", "W0ABCDEF", "UADMIN001"])
def test_slack_mentions_are_live_only_for_a_whole_user_id(user_id):
    assert slack_escape.mention(user_id) == f"<@{user_id}>"


@pytest.mark.parametrize("claimed", ["U123> <!channel>", "U123ABC|x", "u123abc", "U1", "C0000001", "U123 <!here>",
                                     "<!everyone>", "xU123ABC", "U123ABC\n<!channel>"])
def test_slack_a_mention_of_anything_but_a_user_id_is_plain_text(claimed):
    safe = slack_escape.mention(claimed)
    assert slack_controls(safe) == []
    assert slack_shown(safe) == claimed


@pytest.mark.parametrize("url, label", [
    ("https://example.org/a|b>c", "Good <!here> source"),
    ("https://example.org/?q=<x>&y=1", "a & b > c"),
    ("https://example.org/", "@channel look"),
])
def test_slack_a_link_is_one_link_whatever_its_label_and_address(url, label):
    rendered = slack_escape.link(url, label)
    assert rendered.startswith("<") and rendered.endswith(">")
    inner = rendered[1:-1]
    assert "<" not in inner and ">" not in inner and inner.count("|") == 1
    address, shown = inner.split("|")
    assert address == url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "%7C")
    assert slack_controls(shown) == [] and slack_shown(shown) == label


# Teams -------------------------------------------------------------------------------------------------------

MARKDOWN = set("\\*_[]<>")


def teams_unescape(text: str) -> str:
    """CommonMark's rule: a backslash before an ASCII punctuation character shows that character as typed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def teams_live_markup(text: str) -> list[str]:
    """The Markdown characters that are not escaped: any of these could start a link, tag or emphasis."""
    live, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and re.match(r"[!-/:-@\[-`{-~]", text[i + 1]):
            i += 2
            continue
        if text[i] in MARKDOWN:
            live.append(text[i])
        i += 1
    return live


@pytest.mark.parametrize("text", [
    "_x_", "*x*", "**bold** and _italic_", "[one](http://a) and [two](http://b)", "\\[trusted](http://evil)",
    "\\\\[trusted](http://evil)", "<at>Everyone</at>", "a\\", "back\\slash", "[x][y]", "snake_case_name",
])
def test_teams_markdown_is_shown_as_typed(text):
    safe = teams_escape.escape(text)
    assert teams_live_markup(safe) == []
    assert teams_unescape(safe) == text


@pytest.mark.parametrize("text", [
    "http://evil.example", "see https://evil.example and https://second.example", "www.evil.example",
    "mailto:x@evil.example", "ftp://files.example", "HTTPS://EVIL.EXAMPLE",
])
def test_teams_bare_addresses_cannot_be_auto_linked(text):
    safe = teams_escape.escape(text)
    assert not re.search(r"(?i)\b(?:https?|ftp|mailto):|\bwww\.", safe), safe
    assert teams_unescape(safe) == text


@PROPERTY
@given(hostile_text)
def test_teams_escape_shows_any_text_as_typed_with_no_markup_of_its_own(text):
    safe = teams_escape.escape(text)
    assert teams_live_markup(safe) == []
    # as typed, less indentation at a line's start (four spaces would make a clipped code block)
    assert teams_unescape(safe) == re.sub(r"(?m)^[ \t]+", "", text)
    assert not re.search(r"(?i)\b(?:https?|ftp|mailto):|\bwww\.", safe)
