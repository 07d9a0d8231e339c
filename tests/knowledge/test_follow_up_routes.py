"""The follow-up routes a case offers when it names no route of its own: each council's GOV.UK page, named
after the council, once however many of the case's organisations lead to it, skipping bodies (which have
no such page) and giving an abolished council's successor's page."""
from __future__ import annotations

import dataclasses

from bot.knowledge.routes import follow_up_routes


def routes_for(kb, *names: str):
    case = kb.case("wigan-in-cab-waste")
    resolved = tuple(kb.registry.resolve(name) for name in names)
    return [(r.name, r.url) for r in follow_up_routes(dataclasses.replace(case, organisations=names, resolved=resolved))]


def test_each_council_page_is_named_after_the_council_on_gov_uk(snapshot):
    assert routes_for(snapshot.kb, "Wigan Council") == [
        ("Wigan Metropolitan Borough Council on GOV.UK", "https://www.gov.uk/find-local-council/wigan")]
    assert routes_for(snapshot.kb, "Sedgefield Borough Council") == [
        ("Durham County Council on GOV.UK", "https://www.gov.uk/find-local-council/county-durham")]


def test_a_body_is_skipped_and_a_council_page_is_given_once(snapshot):
    assert routes_for(snapshot.kb, "Gwent Police", "Sedgefield Borough Council", "Durham County Council",
                      "Wigan Council") == [
        ("Durham County Council on GOV.UK", "https://www.gov.uk/find-local-council/county-durham"),
        ("Wigan Metropolitan Borough Council on GOV.UK", "https://www.gov.uk/find-local-council/wigan")]
