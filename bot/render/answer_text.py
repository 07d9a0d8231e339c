"""The plain-text answer to a question: what `practice-bot ask` prints, and what text.py's `render_text`
gives for an Answer. Apart from the other replies' text so that `ask` imports neither the commands nor the
sharing desk behind them."""
from __future__ import annotations

from ..answers import Answer, Result
from ..headline import headline, short_organisations
from ..knowledge.schema import CaseStudy, Contact, FollowUp, Outcome
from .words import (
    ALSO_RELEVANT,
    BEST_MATCH,
    as_of_text,
    best_figure,
    corrections_text,
    next_line,
    no_match_text,
    organisations_text,
    routes,
    why_text,
)

FULL_RESULTS = 3
"""Results `full_answer_text` shows in full; the rest are listed by title as 'also relevant'."""


def answer_text(reply: Answer) -> str:
    """The answer at a glance: the one-sentence answer, the best case with its figure and source, the next
    ones a line each, and the contact once (`render_full_text` shows everything)."""
    if not reply.answered:
        return no_match_text(reply)
    parts = [headline(reply) or ""]
    if reply.corrections:
        parts[0] += "\n" + corrections_text(reply)
    best = reply.results[0]
    case = best.case
    lines = [f"{BEST_MATCH} {case.title}", f"   {short_organisations(case)} · {region_year(case)}"]
    figure = best_figure(best, reply)
    if figure:
        lines.append(f"   {figure}")
    lines.append(f"   Source: {case.source.title} <{case.source.url}>{dated(case)}")
    lines.append(f"   More: show {case.id} (details), like {case.id}, connect {case.id}")
    parts.append("\n".join(lines))
    rest = reply.results[1:]
    if rest:
        parts.append(ALSO_RELEVANT + "\n" + "\n".join(_next_line(r, reply) for r in rest))
    parts.append(f"More help: {contact_line(reply.contact)}")
    return "\n\n".join(parts)


def _next_line(result: Result, answer: Answer) -> str:
    title, organisations, figure = next_line(result, answer)
    return f"  - {title} ({organisations})" + (f": {figure}" if figure else "") + f" [{result.case.id}]"


def full_answer_text(reply: Answer) -> str:
    """Everything: each result in full (summary, source, follow-up, contact, why it matched). What
    `practice-bot ask --full` prints."""
    if not reply.answered:
        return answer_text(reply)
    parts = [headline(reply) or ""]
    if reply.corrections:
        parts.append(corrections_text(reply))
    for number, result in enumerate(reply.results[:FULL_RESULTS], 1):
        parts.append(_result(number, result))
    rest = reply.results[FULL_RESULTS:]
    if rest:
        listed = (f"  - {r.case.title} ({organisations_text(r.case)}) [{r.case.id}]" for r in rest)
        parts.append(ALSO_RELEVANT + "\n" + "\n".join(listed))
    parts.append(f"More help: {contact_line(reply.contact)}")
    return "\n\n".join(parts)


def _result(number: int, result: Result) -> str:
    case = result.case
    lines = [f"{number}. {case.title}", f"   {organisations_text(case)} ({region_year(case)})"]
    if result.outcome:
        lines.append(f"   Outcome: {outcome_line(result.outcome)}")
    lines.append(f"   {case.summary}")
    lines.append(f"   Source: {case.source.title} <{case.source.url}>{dated(case)}")
    lines += [f"   Follow up: {route_line(route)}" for route in routes(case)]
    lines.append(f"   Contact: {contact_line(result.contact)}")
    lines.append(f"   {why_text(result)} [id: {case.id}]")
    return "\n".join(lines)


def outcome_line(outcome: Outcome) -> str:
    return f"{outcome.amount}: {outcome.text}" if outcome.amount else outcome.text


def region_year(case: CaseStudy) -> str:
    region = ", ".join(case.regions)
    return f"{region}, {case.year}" if case.year else region


def dated(case: CaseStudy) -> str:
    """', as of May 2021' after a source, or nothing for a case without as_of."""
    text = as_of_text(case)
    return f", {text}" if text else ""


def route_line(route: FollowUp) -> str:
    return f"{route.name} <{route.url}>"


def contact_line(contact: Contact) -> str:
    details = [d for d in (contact.phone, contact.email, contact.url) if d]
    return f"{contact.name}: {', '.join(details)}"
