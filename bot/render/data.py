"""Answers as plain data (dicts of JSON types): the CLI's --json contract and any machine client's."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..answers import Answer, Result
from ..knowledge.schema import CaseStudy, Contact, Outcome
from .words import as_of_text, organisations_text, routes, why_text


def answer_data(answer: Answer) -> dict[str, Any]:
    return {
        "query": answer.query,
        "answered": answer.answered,
        "results": [result_data(r) for r in answer.results],
        "intent": {
            "outcome_kind": answer.intent.outcome_kind,
            "threshold": list(answer.intent.threshold) if answer.intent.threshold else None,
        },
        "corrections": [{"asked": a, "read_as": b} for a, b in answer.corrections],
        "nearest_themes": [{"id": t.id, "label": t.label} for t in answer.nearest_themes],
        "not_covered": list(answer.not_covered),
        "contact": contact_data(answer.contact),
        "knowledge_version": answer.kb_version,
    }


def result_data(result: Result) -> dict[str, Any]:
    data = case_data(result.case)
    data.update(
        score=result.score,
        why=why_text(result),
        matched=[{"words": r.words, "field": r.field} for r in result.reasons],
        outcome=outcome_data(result.outcome) if result.outcome else None,
        contact=contact_data(result.contact),
    )
    return data


def case_data(case: CaseStudy) -> dict[str, Any]:
    return {
        "id": case.id,
        "title": case.title,
        "organisations": list(case.organisations),
        "region": list(case.regions),
        "year": case.year,
        "themes": list(case.themes),
        "summary": case.summary,
        "outcomes": [outcome_data(o) for o in case.outcomes],
        "technologies": list(case.technologies),
        "source": {"url": case.source.url, "title": case.source.title},
        "sources": [{"url": s.url, "title": s.title} for s in case.sources],
        "organisations_shown": organisations_text(case),
        "resolved": [
            {"name": r.name, "code": r.council.code if r.council else None,
             "kind": "council" if r.council else r.body.kind if r.body else None,
             "now": [s.official_name for s in r.successors]}
            for r in case.resolved
        ],
        "as_of": case.as_of,
        "as_of_text": as_of_text(case),
        "follow_up": [{"name": route.name, "url": route.url} for route in routes(case)],
    }


def outcome_data(outcome: Outcome) -> dict[str, Any]:
    return {
        "kind": outcome.kind,
        "amount": outcome.amount,
        "text": outcome.text,
        "pounds": outcome.money.pounds if outcome.money else None,
        "per_unit": outcome.money.per_unit if outcome.money else None,
    }


def contact_data(contact: Contact) -> dict[str, Any]:
    return {k: v for k, v in asdict(contact).items() if v is not None}
