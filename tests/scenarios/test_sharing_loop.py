"""The sharing loop in Slack, end to end on a real SQLite database and a fake Slack Web API: following a
theme and hearing exactly once about a new case on it, across a restart; 'Connect me' reaching the person
who shared a case (with their consent) or, for a curated case, the curators; both sides told."""
from __future__ import annotations

import json

from bot.app_keys import SHARING, STORE
from bot.store import KnowledgeStore

from ..fakes.slack_api import ADMIN, PERSON, FakeSlackApi, serving_slack
from ..support.loopback import running
from .conftest import REVIEW_CHANNEL
from .test_slack_sharing import DRONES, ask, buttons, submit

FOLLOWER = "UFOLLOWER1"
ASKER = "UASKER0001"
WIGAN = "wigan-in-cab-waste"


def dms(slack, user: str) -> list[dict]:
    return [post for post in slack.api.calls("chat.postMessage") if post["channel"] == user]


async def approve_drones(slack, **changes) -> str:
    confirmation, _review = await submit(slack, **changes)
    reference = next(word for word in confirmation["text"].split() if word.startswith("PB-")).rstrip(".:")
    await ask(slack, f"approve {reference}", user=ADMIN)
    await slack.app[SHARING].followers.flush()
    return reference


async def test_a_follower_hears_once_about_a_new_case_on_their_theme_even_after_a_restart(knowledge, env):
    api = FakeSlackApi()
    async with running(api.server.app()) as api_url:
        async with serving_slack(KnowledgeStore(knowledge), api, api_url, **env) as slack:
            assert "You now follow Highways" in await ask(slack, "follow highways-parking", user=FOLLOWER)
            await ask(slack, "follow Wales", user=ASKER)  # follows something the new case is not about
            await approve_drones(slack)
            [notice] = dms(slack, FOLLOWER)
            assert DRONES in json.dumps(notice, ensure_ascii=False)
            assert dms(slack, ASKER) == []
        async with serving_slack(KnowledgeStore(knowledge), api, api_url, **env) as restarted:
            await restarted.app[SHARING].followers.flush()
            assert "Highways" in await ask(restarted, "following", user=FOLLOWER)
            assert len(dms(restarted, FOLLOWER)) == 1, "never twice for the same case"


async def test_connect_me_reaches_the_consenting_owner_and_their_yes_reaches_the_asker(slack, knowledge):
    await approve_drones(slack)
    case_id = next(case.id for case in slack.app[STORE].snapshot.kb.cases if case.title == DRONES)
    told = await ask(slack, f"connect {case_id} how did you get crews to trust the drone footage?", user=ASKER)
    assert "IN-" in told and "agreed to be contacted" in told and "ada.byron" not in told
    request = next(post for post in await _wait_for_dm(slack, PERSON, "Introduction request"))
    assert "how did you get crews to trust the drone footage?" in json.dumps(request, ensure_ascii=False)
    share = buttons(request)["Share my contact details"]
    container = {"type": "message", "channel_id": PERSON, "message_ts": "1700000000.000777", "is_ephemeral": False}
    message = {"type": "message", "ts": "1700000000.000777", "blocks": request["blocks"]}
    await slack.press(share["action_id"], share["value"], container=container, message=message, user=PERSON)
    [outcome] = await _wait_for_dm(slack, ASKER)
    shown = json.dumps(outcome, ensure_ascii=False)
    assert "happy to talk" in shown and "ada.byron@puddleby.gov.uk" in shown
    assert "accepted" in await ask(slack, "connections", user=ASKER)


async def test_connect_me_on_a_curated_case_goes_to_the_curators_who_pass_it_on(slack):
    await ask(slack, f"connect {WIGAN} what did the in-cab rollout cost?", user=ASKER)
    [request] = await _wait_for_dm(slack, REVIEW_CHANNEL)
    assert "what did the in-cab rollout cost?" in json.dumps(request)
    refused = await ask(slack, "introduce " + _reference(request) + " forwarded", user=PERSON)
    assert "admins only" in refused or "Only curators" in refused
    await ask(slack, "introduce " + _reference(request) + " forwarded", user=ADMIN)
    [outcome] = await _wait_for_dm(slack, ASKER)
    assert "passed your request" in json.dumps(outcome)


def _reference(message: dict) -> str:
    text = json.dumps(message)
    start = text.index("IN-")
    return text[start:start + 12]


async def _wait_for_dm(slack, user: str, containing: str = "") -> list[dict]:
    """The posts to `user` (containing `containing`), once there is one: notices follow the reply."""
    import asyncio

    for _ in range(200):
        found = [post for post in dms(slack, user) if containing in json.dumps(post)]
        if found:
            return found
        await asyncio.sleep(0.01)
    raise AssertionError(f"no DM to {user}")


async def test_councils_like_mine_means_the_askers_type_and_size(slack):
    first = await ask(slack, "councils like mine that did something on waste", user=ASKER)
    assert "i am from Rugby" in first  # says how, rather than guessing who the asker is
    assert "Rugby Borough Council" in await ask(slack, "i am from Rugby", user=ASKER)
    answered = json.loads(await ask(slack, "what have councils like mine done on waste and recycling?", user=ASKER))
    kb = slack.app[STORE].snapshot.kb
    rugby = kb.registry.lookup("Rugby")
    shown = [case for case in kb.cases if case.id in json.dumps(answered)]
    assert shown, "councils like Rugby have done something on waste"
    for case in shown:
        facts = kb.council_facts(case)
        assert any(f.type_name == rugby.type_name and 0.5 <= (f.population or rugby.population) / rugby.population <= 2
                   for f in facts), case.id
