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


def best_of(question: str, snapshot):
    asked = answer(question, snapshot)
    return asked, asked.results[0]


def test_a_question_for_one_kind_of_result_is_not_answered_with_a_figure_of_another(snapshot):
    """"Street cleaning efficiency" asks for efficiency: a case's stated saving is no answer to it."""
    for question in ("street cleaning efficiency", "revenue from benefits automation in Scotland"):
        asked, best = best_of(question, snapshot)
        assert best.outcome is not None and best.outcome.kind not in (asked.intent.outcome_kind, "other")
        assert headline(asked).startswith(f"{short_organisations(best.case)}: “{best.case.title}”"), question


def test_a_question_for_a_kind_leads_with_that_kind_s_figure_even_without_pounds(snapshot):
    asked, best = best_of("Our planning team is drowning in consultation comments on the local plan. Is there "
                          "software that helps process them faster?", snapshot)
    assert best.outcome.kind == asked.intent.outcome_kind == "efficiency" and best.outcome.money is None
    assert f" reported {best.outcome.amount} (" in headline(asked)


def test_a_money_question_takes_a_saving_or_income_whichever_the_case_states_but_only_in_pounds(snapshot):
    asked, best = best_of("income from Barnsley opening its in-house system up to other councils", snapshot)
    assert asked.intent.outcome_kind == "income" and best.outcome.kind == "saving"
    assert f" saved {best.outcome.amount}: “" in headline(asked)
    asked, best = best_of("how much money did Cumberland Council save", snapshot)
    assert best.outcome.kind == "saving" and best.outcome.money is None, "a saving stated as a percentage"
    assert headline(asked).startswith(f"{short_organisations(best.case)}: “{best.case.title}”")


def test_a_question_of_no_kind_leads_with_a_stated_result_but_never_a_scale_figure(snapshot):
    asked, best = best_of("AI writing first drafts of education plans for children with special needs", snapshot)
    assert asked.intent.outcome_kind is None and best.outcome.kind not in ("other", "saving", "income")
    assert f" reported {best.outcome.amount} (" in headline(asked)
    asked, best = best_of("easy read versions of letters for people with learning disabilities made by AI", snapshot)
    assert best.outcome.kind == "other" and best.outcome.amount
    assert headline(asked).startswith(f"{short_organisations(best.case)}: “{best.case.title}”")


def test_an_outcome_without_a_stated_amount_is_never_quoted_as_a_figure(snapshot):
    asked, best = best_of("finding temporary housing for homeless families with AI", snapshot)
    assert best.outcome is not None and not best.outcome.amount
    assert headline(asked).startswith(f"{short_organisations(best.case)}: “{best.case.title}”")


def test_up_to_three_organisations_are_named_and_more_are_counted(snapshot):
    for question, count in (("directory of local groups and services for social prescribing", 3),
                            ("automatically signing up new voters from data the council already holds", 6)):
        _asked, best = best_of(question, snapshot)
        names = best.case.organisations
        assert len(names) == count and not any(r.successors for r in best.case.resolved)
        expected = (f"{names[0]}, {names[1]} and {names[2]}" if count == 3
                    else f"{names[0]}, {names[1]} and {count - 2} others")
        assert short_organisations(best.case) == expected
    assert short_organisations(dataclasses.replace(best.case, organisations=names[:2])) == f"{names[0]} and {names[1]}"


def test_abolished_councils_with_different_successors_each_name_their_own(snapshot):
    registry = snapshot.kb.registry
    case = snapshot.kb.cases[0]

    def named(*names: str) -> str:
        return short_organisations(dataclasses.replace(case, organisations=names,
                                                       resolved=tuple(registry.resolve(n) for n in names)))

    assert named("Forest Heath District Council", "Taunton Deane Borough Council") == \
        "Forest Heath District Council (now West Suffolk Council) and Taunton Deane Borough Council (now Somerset Council)"
    assert named("Forest Heath District Council", "Suffolk County Council") == \
        "Forest Heath District Council (now West Suffolk Council) and Suffolk County Council"


def test_a_threshold_only_one_case_meets_is_answered_with_that_case_s_sentence(snapshot):
    asked = answer("which councils saved over £30 million", snapshot)
    assert asked.intent.threshold and len(asked.results) == 1
    best = asked.results[0]
    assert headline(asked) == result_sentence(best, asked.intent)
    assert headline(asked).startswith(f"{short_organisations(best.case)} saved {best.outcome.amount}: “")
