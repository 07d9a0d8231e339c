"""The one-sentence answer every renderer leads with, as a reader sees it: ranked figures joined the way
people list things, the right noun for the money asked about, a figure's own words after "reported", and
"As of ..." in a case's details written as a sentence."""
from __future__ import annotations

import dataclasses

from bot.answers import answer
from bot.commands import Command, respond
from bot.headline import figure_text, headline, result_sentence, short_organisations
from bot.knowledge.schema import Outcome
from bot.render.text import render_text


def figures(result_list) -> list[str]:
    """Each result's stated figure with its organisations, as a ranked headline names them."""
    return [f"{r.outcome.amount} ({short_organisations(r.case)})" for r in result_list]


def test_a_ranked_headline_lists_two_figures_with_and_and_three_with_semicolons(snapshot):
    asked = answer("who saved over £15 million", snapshot)
    assert len(asked.results) >= 3
    named = figures(asked.results[:3])
    opening = "case studies state savings over £15 million; the largest are"
    two = dataclasses.replace(asked, results=asked.results[:2])
    assert headline(two) == f"2 {opening} {named[0]} and {named[1]}."
    three = dataclasses.replace(asked, results=asked.results[:3])
    assert headline(three) == f"3 {opening} {named[0]}; {named[1]} and {named[2]}."
    every = headline(asked)
    assert every == f"{len(asked.results)} {opening} {named[0]}; {named[1]} and {named[2]}.", "three at most"
    pounds = [r.outcome.money.pounds for r in asked.results[:3]]
    assert pounds == sorted(pounds, reverse=True), "biggest first"


def test_an_income_question_is_answered_with_income_not_savings(snapshot):
    over = headline(answer("which councils got more than £1 million in income", snapshot))
    count, _, rest = over.partition(" ")
    assert count.isdigit() and rest.startswith("case studies state income over £1 million; the largest are ")
    assert "savings" not in over
    biggest = headline(answer("biggest income", snapshot))
    assert biggest.startswith("The largest stated income are ")


def test_the_largest_over_an_amount_still_says_how_many_are_over_it(snapshot):
    """"The most ... over £1 million" is a threshold with an order: it keeps the count and the amount."""
    asked = answer("who saved the most over £1 million", snapshot)
    assert asked.intent.largest_first
    assert headline(asked).startswith(f"{len(asked.results)} case studies state savings over £1 million; the largest are ")
    assert headline(answer("who saved the most money", snapshot)).startswith("The largest stated savings are ")


def test_a_figure_that_is_not_money_is_reported_in_its_own_words_lower_cased_unless_an_acronym():
    assert figure_text(Outcome("satisfaction", "92%", "Residents rated the service good")) == \
        "reported 92% (residents rated the service good)"
    assert figure_text(Outcome("efficiency", "40%", "NHS staff time freed")) == "reported 40% (NHS staff time freed)"
    assert figure_text(Outcome("saving", "£1m", "Anything")) == "saved £1m"
    assert figure_text(Outcome("income", "£2m", "Anything")) == "raised £2m"


def test_a_real_satisfaction_answer_leads_with_the_reported_figure(snapshot):
    asked = answer("which councils improved resident satisfaction", snapshot)
    best = asked.results[0].outcome
    assert best.kind == "satisfaction" and best.text[:1].isupper() and not best.text[1:2].isupper()
    sentence = headline(asked)
    assert f" reported {best.amount} ({best.text[:1].lower()}{best.text[1:]}): “{asked.results[0].case.title}”" in sentence


def test_details_say_as_of_as_a_sentence(store):
    shown = render_text(respond(Command("show", "swindon-ai-easy-read"), store))
    assert "\nAs of November 2023\n" in shown


def test_the_headline_ends_with_how_current_the_case_is_and_says_nothing_when_it_is_not_known(snapshot):
    asked = answer("easy read ai swindon", snapshot)
    best = asked.results[0]
    assert best.case.id == "swindon-ai-easy-read"
    assert headline(asked).endswith(f": “{best.case.title}” (as of November 2023).")
    undated = dataclasses.replace(best, case=dataclasses.replace(best.case, as_of=None))
    assert result_sentence(undated, asked.intent).endswith(f": “{best.case.title}”.")
