"""Every rendering shows an abolished council with the council in its place now, how current the case is
("as of ..."), the case's follow-up route and Socitm as the sector route, and never a personal address."""
from __future__ import annotations

import json
import re

import pytest

from bot.answers import answer
from bot.cli import main
from bot.commands import Command, respond
from bot.render.slack_blocks import slack_message
from bot.render.teams_cards import render_card
from bot.render.text import render_text
from bot.render.words import as_of_text

from ..knowledge.helpers import case_file, copy_knowledge

FOREST_HEATH = "forest-heath-st-edmundsbury-refuse-routing"
SUCCESSOR = "Forest Heath District Council, now West Suffolk Council"
SOCITM = "01604 709456"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def everywhere(reply) -> dict[str, str]:
    """The reply as each platform shows it: terminal text, Slack blocks and Teams card, as JSON text."""
    return {
        "text": render_text(reply),
        "slack": json.dumps(slack_message(reply, command="test").blocks, ensure_ascii=False),
        "teams": json.dumps(render_card(reply), ensure_ascii=False),
    }


@pytest.mark.parametrize("command, successor", [
    # an answer's one sentence names the successor once, after the councils it replaced
    (Command("ask", "what has West Suffolk done?"),
     "Forest Heath District Council and St Edmundsbury Borough Council (now West Suffolk Council)"),
    (Command("show", FOREST_HEATH), SUCCESSOR), (Command("theme", "waste"), SUCCESSOR)])
def test_an_abolished_council_is_shown_with_its_successor_on_every_platform(store, command, successor):
    for platform, shown in everywhere(respond(command, store)).items():
        assert successor in shown, platform


@pytest.mark.parametrize("as_of, text", [("2016", "as of 2016"), ("2021-05", "as of May 2021"),
                                         ("2021-05-14", "as of 14 May 2021")])
def test_as_of_is_written_as_people_read_dates(snapshot, as_of, text):
    import dataclasses

    assert as_of_text(dataclasses.replace(snapshot.kb.case(FOREST_HEATH), as_of=as_of)) == text


def test_answers_and_details_show_as_of_on_every_platform(store):
    swindon = store.snapshot.kb.case("swindon-ai-easy-read")
    assert swindon.as_of == "2023-11"
    for command in (Command("ask", "easy read ai swindon"), Command("show", swindon.id)):
        for platform, shown in everywhere(respond(command, store)).items():
            assert re.search(r"[Aa]s of November 2023", shown), (platform, command)


def test_a_council_case_offers_its_gov_uk_page_and_socitm_on_every_platform(store):
    for command in (Command("show", "wigan-in-cab-waste"), Command("contact", "wigan-in-cab-waste")):
        for platform, shown in everywhere(respond(command, store)).items():
            assert "https://www.gov.uk/find-local-council/wigan" in shown, (platform, command)
            assert SOCITM in shown, (platform, command)
    # an answer is compact: the follow-up routes are one press away, in Details
    for platform, shown in everywhere(respond(Command("ask", "in-cab technology wigan"), store)).items():
        assert "show wigan-in-cab-waste" in shown or '"wigan-in-cab-waste"' in shown, platform
        assert SOCITM in shown, platform


def test_an_abolished_council_s_route_is_its_successor_s_page(store):
    shown = render_text(respond(Command("show", "sedgefield-refuse-information-crm"), store))
    assert "Follow up: Durham County Council on GOV.UK <https://www.gov.uk/find-local-council/county-durham>" in shown


def test_the_case_s_own_follow_up_route_comes_before_any_council_page(tmp_path, capsys):
    directory = copy_knowledge(tmp_path)
    with case_file(directory, "wigan-in-cab-waste").open("a") as file:
        file.write("follow_up: {name: Wigan Council waste services, url: 'https://www.wigan.gov.uk/Resident/Bins'}\n")
    assert main(["show", "wigan-in-cab-waste", "--knowledge", str(directory)]) == 0
    shown = capsys.readouterr().out
    assert "Follow up: Wigan Council waste services <https://www.wigan.gov.uk/Resident/Bins>" in shown
    assert "find-local-council" not in shown and SOCITM in shown


def test_no_answer_ever_shows_a_personal_address(snapshot):
    for case in snapshot.kb.cases:
        found = answer(case.title, snapshot)
        for platform, shown in everywhere(found).items():
            assert set(EMAIL.findall(shown)) <= {"enquiries@socitm.net"}, (case.id, platform)


def test_json_results_carry_as_of_routes_and_successors(snapshot):
    from bot.render.data import answer_data

    [first, *_] = answer_data(answer("what has West Suffolk done?", snapshot))["results"]
    assert first["id"] == FOREST_HEATH and first["as_of"] == "2026-11"
    assert first["resolved"][0] == {"name": "Forest Heath District Council", "code": "FOR", "kind": "council",
                                    "now": ["West Suffolk Council"]}
    assert first["organisations_shown"].startswith(SUCCESSOR) and first["follow_up"] == []
