"""The one sentence that answers a question, built only from the cases' own fields.

Every renderer (terminal, Slack, Teams) leads with it, so an answer can be read at a glance: the
organisations (an abolished council with "now <successor>" where the register knows one), the figure that
answers the question (never one that does not: "150 routes designed" is no answer to a money question), the
title quoted and how current it is. For a threshold or a superlative ("which councils saved over £1
million", "who saved the most") it names the ranked figures instead. Nothing here is platform-specific.
"""
from __future__ import annotations

import calendar

from .answers import Answer, Result
from .knowledge.schema import CaseStudy, Outcome
from .search.intent import MONEY_KINDS, Intent

MAX_NAMES = 3
"""Organisations named in the sentence; a case of thirteen councils is "A, B, C and 10 others"."""
RANKED = 3
"""Figures a threshold or superlative headline names, biggest first."""
VERBS = {"saving": "saved", "income": "raised"}
MONTHS = tuple(calendar.month_name)
"""Read once: each look-up in calendar.month_name formats a date."""
KIND_NOUNS = {"saving": "savings", "income": "income", "efficiency": "efficiency gains",
              "satisfaction": "satisfaction figures"}


def asked_kinds(intent: Intent) -> tuple[str, ...]:
    """The outcome kinds that answer the question: the kind asked, and money when money is asked for."""
    kinds = [intent.outcome_kind] if intent.outcome_kind else []
    if intent.wants_money:
        kinds += [kind for kind in MONEY_KINDS if kind not in kinds]
    return tuple(kinds)


def answering_outcome(result: Result, intent: Intent) -> Outcome | None:
    """The result's outcome when it answers the question asked, else None.

    A question that asks for a kind (a saving, income, satisfaction) is answered only by an outcome of that
    kind with a figure; any other question by a stated figure that is a result (not "other", which holds the
    scale of a service or the number of councils taking part)."""
    outcome = result.outcome
    if outcome is None or not outcome.amount:
        return None
    kinds = asked_kinds(intent)
    if kinds:
        if outcome.kind not in kinds:
            return None
        return outcome if outcome.kind not in MONEY_KINDS or outcome.money is not None else None
    return outcome if outcome.kind != "other" else None


def short_organisations(case: CaseStudy) -> str:
    """The organisations for a sentence: "Forest Heath District Council and St Edmundsbury Borough Council
    (now West Suffolk Council)"; an abolished council's successor once, at the end, when all share it."""
    now = {r.name: tuple(s.official_name for s in r.successors)
           for r in case.resolved if r.council is not None and r.council.abolished and r.successors}
    names = list(case.organisations)
    successors = {now.get(name) for name in names}
    if len(successors) == 1 and None not in successors:
        return f"{_and(names)} (now {_and(list(successors.pop()))})"  # type: ignore[arg-type]
    return _and([f"{name} (now {_and(list(now[name]))})" if name in now else name for name in names])


def _and(names: list[str]) -> str:
    if len(names) > MAX_NAMES:
        rest = len(names) - (MAX_NAMES - 1)
        return ", ".join(names[:MAX_NAMES - 1]) + f" and {rest} others"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def figure_text(outcome: Outcome) -> str:
    """'saved £300,000 a year', 'raised £2m', 'reported 34 per cent (fewer missed bins ...)'."""
    verb = VERBS.get(outcome.kind)
    if verb:
        return f"{verb} {outcome.amount}"
    return f"reported {outcome.amount} ({_lower_first(outcome.text)})"


def headline(answer: Answer) -> str | None:
    """The one-sentence answer, or None when there is nothing to answer with."""
    if not answer.answered or not answer.results:
        return None
    intent = answer.intent
    if intent.threshold and len(answer.results) > 1:
        return _ranked(answer)
    return result_sentence(answer.results[0], intent)


def result_sentence(result: Result, intent: Intent) -> str:
    """One case as a sentence: who, the figure that answers the question, the title quoted, as of when."""
    case = result.case
    outcome = answering_outcome(result, intent)
    who = short_organisations(case)
    lead = f"{who} {figure_text(outcome)}" if outcome else who
    return f"{lead}: “{case.title}”{_as_of(case)}."


def _ranked(answer: Answer) -> str:
    intent = answer.intent
    noun = KIND_NOUNS[intent.outcome_kind] if intent.outcome_kind in MONEY_KINDS else "savings or income"
    shown = [(r, o) for r in answer.results if (o := answering_outcome(r, intent)) is not None]
    shown.sort(key=lambda pair: -(pair[1].money.pounds if pair[1].money else 0.0))  # "the largest are", so it is
    figures = [f"{o.amount} ({short_organisations(r.case)})" for r, o in shown][:RANKED]
    direction, pounds = intent.threshold  # type: ignore[misc]
    count = len(answer.results)
    if intent.largest_first and pounds == 0:
        opening = f"The largest stated {noun}"
    else:
        side = direction if direction in ("over", "under") else f"of {direction}"  # "savings of at least £1m"
        opening = f"{count} case studies state {noun} {side} {pounds_text(pounds)}; the largest"
    if not figures:
        return f"{opening}: “{answer.results[0].case.title}”."
    return f"{opening} are {_and_all(figures)}."


def pounds_text(pounds: float) -> str:
    """'£1 million', '£2.5 million', '£500,000': a threshold as people write it."""
    if pounds >= 1_000_000:
        return f"£{pounds / 1_000_000:,.2f}".rstrip("0").rstrip(".") + " million"
    return f"£{pounds:,.0f}"


def _and_all(items: list[str]) -> str:
    return items[0] if len(items) == 1 else "; ".join(items[:-1]) + " and " + items[-1]


def _as_of(case: CaseStudy) -> str:
    text = as_of_text(case)
    return f" ({text})" if text else ""


def as_of_text(case: CaseStudy) -> str | None:
    """"as of 2016", "as of May 2021", "as of 14 May 2021": how current the case's figures are."""
    if not case.as_of:
        return None
    parts = case.as_of.split("-")
    if len(parts) == 1:
        return f"as of {parts[0]}"
    month = MONTHS[int(parts[1])]
    return f"as of {month} {parts[0]}" if len(parts) == 2 else f"as of {int(parts[2])} {month} {parts[0]}"


def as_of_sentence(case: CaseStudy) -> str:
    """"As of May 2021." style, for details; "" when the case has no as_of."""
    text = as_of_text(case)
    return text[:1].upper() + text[1:] if text else ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
