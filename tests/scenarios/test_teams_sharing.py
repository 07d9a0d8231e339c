"""Sharing practice in Teams, end to end on loopback: the share form card, its submission (invalid and
valid), the review request in the admins' conversation, approve and reject by card and by text, the
submitter told proactively, a restart between submit and approve, and the gaps report. The bot runs with a
real SQLite database and a copy of the knowledge base; the fake Bot Connector records what it sends."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.app_keys import SHARING
from bot.knowledge.loader import load_knowledge
from bot.render.teams_cards import MAX_CARD_BYTES, card_size
from bot.server import create_app
from bot.settings import Settings
from bot.sharing.submission import FIELDS, PENDING
from bot.store import KnowledgeStore
from tests.fakes.bot_connector import (
    USER,
    FakeBotConnector,
    bot_served,
    card_actions,
    card_of,
    card_text,
    connector_server,
    raw_text,
)
from tests.fakes.entra import CREDENTIALS
from tests.knowledge.helpers import copy_knowledge
from tests.sharing.conftest import drone_form

ADMIN = {"id": "29:robin", "name": "Robin Admin", "aadObjectId": "aad-robin-admin"}
REVIEW = "19:practice-review@thread.tacv2"
SUBMITTER_CHAT = "a:personal-alex"
ADMIN_CHAT = "a:personal-robin"


class Deployment:
    """The bot as deployed: a knowledge base copy and a database file that outlive any one server."""

    def __init__(self, tmp_path: Path, *, review_conversation: bool = True):
        self.knowledge = copy_knowledge(tmp_path)
        self.database = tmp_path / "practice-bot.sqlite3"
        self.review_conversation = review_conversation
        self.app = None

    @asynccontextmanager
    async def connector(self) -> AsyncIterator[Running]:
        async with connector_server() as (server, url):
            yield Running(self, server, url)

    def env(self, connector_url: str) -> dict[str, str]:
        env = {"PRACTICE_BOT_DATABASE": str(self.database), "TEAMS_ADMIN_IDS": "aad-someone-else, aad-robin-admin",
               **CREDENTIALS}
        if self.review_conversation:
            env.update(TEAMS_REVIEW_CONVERSATION_ID=REVIEW, TEAMS_REVIEW_SERVICE_URL=connector_url + "/")
        return env


class Running:
    def __init__(self, deployment: Deployment, server, url: str):
        self.deployment = deployment
        self.server = server
        self.url = url

    @asynccontextmanager
    async def bot(self) -> AsyncIterator[FakeBotConnector]:
        """A freshly started server process (new store, new app) on the deployment's files."""
        store = KnowledgeStore(self.deployment.knowledge)
        self.deployment.app = create_app(store, Settings(env=self.deployment.env(self.url)))
        async with bot_served(self.deployment.app, self.server, self.url) as teams:
            yield teams


@pytest.fixture
def deployment(tmp_path) -> Deployment:
    return Deployment(tmp_path)


@pytest.fixture
async def teams(deployment) -> AsyncIterator[FakeBotConnector]:
    async with deployment.connector() as connector, connector.bot() as teams:
        yield teams


def teams_form(**changes) -> dict:
    """The shared test submission as Teams sends it: every input as a string, themes comma-separated."""
    form = drone_form(**changes)
    return {name: ",".join(value) if isinstance(value, list) else str(value).lower() if isinstance(value, bool)
            else value for name, value in form.items()}


async def press(teams: FakeBotConnector, data: dict, *, user=USER, conversation=SUBMITTER_CHAT, **inputs) -> dict:
    """Press a card's Action.Submit: Teams sends its data merged with the card's inputs; the bot's reply card."""
    before = len(teams.sent())
    await teams.send({
        "type": "message", "id": f"press-{before}", "from": user,
        "conversation": {"id": conversation, "conversationType": "personal"},
        "value": {**data, **inputs},
    })
    return card_of((await teams.wait_for_replies(before + 1))[before])


async def command(teams: FakeBotConnector, text: str, *, user=USER, conversation=SUBMITTER_CHAT) -> dict:
    before = len(teams.sent())
    await teams.say(text, user=user, conversation=conversation)
    return card_of((await teams.wait_for_replies(before + 1))[before])


async def submit(teams: FakeBotConnector, **changes) -> str:
    """Fill in and send the share form as the submitter; returns the reference from the confirmation."""
    confirmation = card_text(await press(teams, {"form": "share"}, **teams_form(**changes)))
    assert "Thank you!" in confirmation
    return next(word.rstrip(".") for word in confirmation.split() if word.startswith("PB-"))


def posted_to(teams: FakeBotConnector, conversation: str) -> list[dict]:
    """Cards the bot posted unasked (not as a reply) into `conversation`."""
    return [card_of(r) for r in teams.sent() if r.path == f"/v3/conversations/{conversation}/activities"]


def actions(card: dict) -> dict[str, dict]:
    """The card's Action.Submit buttons by title (the first of each)."""
    found: dict[str, dict] = {}
    for action in card_actions(card):
        if action["type"] == "Action.Submit":
            found.setdefault(action["title"], action)
    return found


def inputs(card: dict) -> dict[str, dict]:
    """The card's inputs by id, in order."""
    return {element["id"]: element for element in card["body"] if element["type"].startswith("Input.")}


def error_under(card: dict, field: str) -> str | None:
    """The text of the attention-coloured TextBlock right after input `field`, if there is one."""
    body = card["body"]
    at = next(i for i, element in enumerate(body) if element.get("id") == field)
    after = body[at + 1] if at + 1 < len(body) else {}
    return card_text({"text": after["text"]}) if after.get("color") == "Attention" else None


async def submission_status(deployment: Deployment, reference: str) -> str:
    number = int(reference.rsplit("-", 1)[1])
    return (await deployment.app[SHARING].storage.submission(number)).status


async def test_share_sends_the_form_card_with_every_field(teams):
    card = await command(teams, "share")
    fields = inputs(card)
    assert list(fields) == list(FIELDS)
    assert card["version"] == "1.4" and "Share your organisation's practice" in card["fallbackText"]
    assert fields["summary"]["isMultiline"] and fields["outcomes"]["isMultiline"]
    assert fields["themes"]["type"] == "Input.ChoiceSet" and fields["themes"]["isMultiSelect"]
    assert "highways-parking" in [choice["value"] for choice in fields["themes"]["choices"]]
    assert fields["region"]["type"] == "Input.ChoiceSet" and not fields["region"].get("isMultiSelect")
    assert "South West" in [choice["value"] for choice in fields["region"]["choices"]]
    assert fields["consent"]["type"] == "Input.Toggle"
    assert all(fields[name]["type"] == "Input.Text" for name in ("organisation", "title", "evidence_url",
                                                                  "contact_name", "contact_role", "contact_email"))
    [submit_button] = [a for a in card["actions"] if a["type"] == "Action.Submit"]
    assert submit_button["data"] == {"form": "share"}
    assert card_size(card) < MAX_CARD_BYTES


async def test_help_and_no_match_cards_offer_sharing(teams):
    for text in ("help", "which council runs the best lunar colony programme?"):
        button = actions(await command(teams, text))["Share your practice"]
        assert button["data"]["command"] == "share"


async def test_invalid_submission_comes_back_with_errors_under_their_fields_and_stores_nothing(teams, deployment):
    card = await press(teams, {"form": "share"}, **teams_form(evidence_url="not a link", contact_email="ada@",
                                                               summary="Too short."))
    fields = inputs(card)
    assert fields["title"]["value"] == drone_form()["title"]  # what they typed is kept
    assert fields["themes"]["value"] == "highways-parking" and fields["consent"]["value"] == "true"
    assert "http://" in error_under(card, "evidence_url")
    assert "email" in error_under(card, "contact_email")
    assert "at least" in error_under(card, "summary")
    assert error_under(card, "title") is None and error_under(card, "organisation") is None
    assert await deployment.app[SHARING].storage.submissions(PENDING) == []
    assert posted_to(teams, REVIEW) == []


async def test_valid_submission_is_confirmed_and_sent_to_the_review_conversation(teams):
    reference = await submit(teams)
    [review] = posted_to(teams, REVIEW)
    shown = card_text(review)
    assert reference in shown and drone_form()["title"] in shown and "Puddleby Borough Council" in shown
    buttons = actions(review)
    assert buttons["Approve"]["data"]["command"] == f"approve {reference}"
    assert buttons["Reject"]["data"]["command"] == f"reject {reference}"
    assert review["version"] == "1.4" and reference in review["fallbackText"]


async def test_a_re_sent_form_submission_is_stored_once(teams, deployment):
    for _ in range(2):
        await teams.send({"type": "message", "id": "form-once", "from": USER,
                          "conversation": {"id": SUBMITTER_CHAT, "conversationType": "personal"},
                          "value": {"form": "share", **teams_form()}})
    await teams.say("themes")
    replies = await teams.wait_for_replies(3)
    assert len(replies) == 3 and len(posted_to(teams, REVIEW)) == 1
    assert len(await deployment.app[SHARING].storage.submissions(PENDING)) == 1


async def test_without_a_review_conversation_the_request_goes_to_an_admin_the_bot_knows(tmp_path):
    deployment = Deployment(tmp_path, review_conversation=False)
    async with deployment.connector() as connector, connector.bot() as teams:
        unannounced = await submit(teams)  # no admin known yet: logged, and listed by 'review'
        assert teams.sent()[-1].path.endswith("/activities/press-0")
        await command(teams, "status", user=ADMIN, conversation=ADMIN_CHAT)
        reference = await submit(teams)
        [review] = posted_to(teams, ADMIN_CHAT)
        assert reference in card_text(review) and unannounced not in card_text(review)
        listed = card_text(await command(teams, "review", user=ADMIN, conversation=ADMIN_CHAT))
        assert unannounced in listed and reference in listed


async def test_non_admin_cannot_approve_and_nothing_changes(teams, deployment):
    reference = await submit(teams)
    files = sorted((deployment.knowledge / "case-studies").glob("*.yaml"))
    refused = card_text(await press(teams, {"command": f"approve {reference}"}))
    assert "for Practice Bot admins only" in refused
    assert "for Practice Bot admins only" in card_text(await command(teams, "review"))
    assert sorted((deployment.knowledge / "case-studies").glob("*.yaml")) == files
    assert await submission_status(deployment, reference) == PENDING


async def test_admin_approves_from_the_review_card_into_the_live_base_and_the_submitter_is_told(teams, deployment):
    reference = await submit(teams)
    [review] = posted_to(teams, REVIEW)
    decided = card_text(await press(teams, actions(review)["Approve"]["data"], user=ADMIN, conversation=REVIEW))
    assert f"Approved {reference}" in decided

    case_id = decided.split("added as case study ", 1)[1].split(".", 1)[0]
    assert not (deployment.knowledge / "case-studies" / f"{case_id}.yaml").exists()
    approved = await deployment.app[SHARING].storage.approved_cases()
    assert load_knowledge(deployment.knowledge, extra=approved).case(case_id).title == drone_form()["title"]
    answer = card_text(await command(teams, "drones finding blocked gullies"))
    assert drone_form()["title"] in answer

    [told] = posted_to(teams, SUBMITTER_CHAT)
    assert "Good news" in card_text(told) and reference in card_text(told)


async def test_reject_asks_for_a_reason_and_the_submitter_is_told_it(teams, deployment):
    await teams.say("hello", user=ADMIN, conversation=ADMIN_CHAT)
    reference = await submit(teams)
    [review] = posted_to(teams, REVIEW)
    ask = await press(teams, actions(review)["Reject"]["data"], user=ADMIN, conversation=ADMIN_CHAT)
    assert "reason" in inputs(ask)
    send_reason = actions(ask)["Reject with this reason"]["data"]
    assert send_reason == {"command": f"reject {reference}"}

    done = await press(teams, send_reason, user=ADMIN, conversation=ADMIN_CHAT, reason="No figures we can check yet")
    assert f"Rejected {reference}" in card_text(done)
    assert await submission_status(deployment, reference) == "rejected"
    [told] = posted_to(teams, SUBMITTER_CHAT)
    assert "No figures we can check yet" in card_text(told) and reference in card_text(told)


async def test_text_commands_review_and_reject_with_a_reason(teams, deployment):
    reference = await submit(teams)
    listed = await command(teams, "review", user=ADMIN, conversation=ADMIN_CHAT)
    assert reference in card_text(listed) and f"approve {reference}" == actions(listed)["Approve"]["data"]["command"]
    done = card_text(await command(teams, f"reject {reference} Please add a link to published figures",
                                   user=ADMIN, conversation=ADMIN_CHAT))
    assert f"Rejected {reference}" in done
    [told] = posted_to(teams, SUBMITTER_CHAT)
    assert "Please add a link to published figures" in card_text(told)


async def test_a_restart_between_submit_and_approve_loses_nothing(deployment):
    async with deployment.connector() as connector:
        async with connector.bot() as teams:
            reference = await submit(teams)
        async with connector.bot() as teams:
            listed = card_text(await command(teams, "review", user=ADMIN, conversation=ADMIN_CHAT))
            assert reference in listed and drone_form()["title"] in listed
            decided = await press(teams, {"command": f"approve {reference}"}, user=ADMIN, conversation=ADMIN_CHAT)
            assert f"Approved {reference}" in card_text(decided)
            # The new process has not heard from the submitter: the reference the first one stored reaches them.
            [told] = posted_to(teams, SUBMITTER_CHAT)
            assert "Good news" in card_text(told) and reference in card_text(told)
            answer = card_text(await command(teams, "drones finding blocked gullies"))
            assert drone_form()["title"] in answer


async def test_admin_gaps_lists_an_unanswered_question(teams, deployment):
    await command(teams, "which council runs the best lunar colony programme?")
    await deployment.app[SHARING].gaps.flush()
    assert "for Practice Bot admins only" in card_text(await command(teams, "gaps"))
    report = card_text(await command(teams, "gaps 7", user=ADMIN, conversation=ADMIN_CHAT))
    assert "last 7 days" in report and "lunar colony programme" in report


async def test_submitted_text_is_escaped_in_the_review_card(teams):
    title = "[trusted](http://evil) drones find gullies"
    reference = await submit(teams, title=title, organisation="<at>Everyone</at> Council")
    [review] = posted_to(teams, REVIEW)
    raw = raw_text(review)
    assert "[trusted](" not in raw and "http://evil" not in raw and "<at>" not in raw
    assert title in card_text(review) and reference in card_text(review)
