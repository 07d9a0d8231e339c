"""Question in, Answer out: the platform-neutral heart of the bot.

An Answer carries everything a renderer needs (the cases, why each matched, the outcome that answers the
question, the source, the contact, whether the bot is confident), so Slack, Teams and the CLI only format it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .inbound import bounded
from .reply import Reply
from .knowledge.schema import CaseStudy, Contact, Outcome, Theme
from .search.analyse import Unit, parse_question
from .search.intent import Intent, read_intent
from .search.rank import DEFAULT_LIMIT, Hit, Reason, rank
from .store import Snapshot

MAX_QUESTION_CHARS = 300
"""Longer questions are cut: nobody types more, and it bounds the work one message can cause."""
ANSWER_THRESHOLD = 0.5
"""A case must cover at least half of the question's weight to be offered as an answer..."""
KNOWN_WORDS_THRESHOLD = 0.8
LOW_COVERAGE_FLOOR = 0.3
SOLID_UNITS = 2
"""...or, when the question has words the knowledge base has never seen ("families who don't speak
English"), cover 80% of the words it does know, with at least two of them found in the case's own
text, and still 30% of the whole question. One lucky word never answers an off-topic question."""
MIN_EVIDENCE = 1.2
"""And the words matched must carry this much idf between them: a question made only of words found in
half the knowledge base ("what time is it", "online") is too vague to answer; themes are offered instead."""
RELATIVE_CUT = 0.6
"""Further results must score at least this share of the best one: no padding with weak matches."""
MAX_RESULTS = 5
MAX_LIST_RESULTS = 10


@dataclass(frozen=True)
class Result:
    case: CaseStudy
    score: float
    reasons: tuple[Reason, ...]
    outcome: Outcome | None
    """The outcome that answers the question (the saving for a money question), if the case has any."""
    contact: Contact


@dataclass(frozen=True)
class Answer(Reply):
    query: str
    answered: bool
    results: tuple[Result, ...]
    intent: Intent
    nearest_themes: tuple[Theme, ...]
    contact: Contact
    """Who to ask when the answer is not enough (Socitm's general contact)."""
    corrections: tuple[tuple[str, str], ...]
    """(asked, read as) for misspelt words the bot corrected, so users can see what it understood."""
    kb_version: str

    @property
    def best(self) -> Result | None:
        return self.results[0] if self.results else None


def clean_question(text: str) -> str:
    """Whitespace collapsed and length bounded; the adapters strip their platform's mentions first."""
    return " ".join(bounded(text).split())[:MAX_QUESTION_CHARS]


def answer(question: str, snapshot: Snapshot) -> Answer:
    query = clean_question(question)
    index, kb = snapshot.index, snapshot.kb
    parsed = parse_question(query, index.vocabulary, index.correct)
    units = parsed.units
    intent = read_intent(query, units)
    hits = rank(units, index, limit=None if intent.threshold else DEFAULT_LIMIT)
    if intent.threshold:
        hits = _within_threshold(hits, units, intent, snapshot)
    chosen = _confident(hits, list_all=bool(intent.threshold))
    results = _results(chosen, intent, units, snapshot)
    return Answer(
        query=query,
        answered=bool(results),
        results=results,
        intent=intent,
        nearest_themes=() if results else _nearest_themes(hits, snapshot),
        contact=kb.general_contact,
        corrections=parsed.corrections,
        kb_version=kb.version,
    )


SIMILAR_FLOOR = 0.2
"""'More like this' shows the nearest neighbours of a case; a description is long, so no case covers all
of it and the answer threshold would hide them. Below this share they are not alike at all."""


def similar(case: CaseStudy, snapshot: Snapshot) -> Answer:
    """Cases like `case`: its title and tags asked as a question, the case itself left out."""
    index = snapshot.index
    description = " ".join([case.title, *case.tags])
    parsed = parse_question(description, index.vocabulary, index.correct)
    hits = [h for h in rank(parsed.units, index) if h.case.id != case.id and h.score >= SIMILAR_FLOOR]
    intent = read_intent(description, parsed.units)
    results = _results(hits[:MAX_RESULTS], intent, parsed.units, snapshot)
    return Answer(
        query=f"like {case.id}", answered=bool(results), results=results, intent=intent,
        nearest_themes=(), contact=snapshot.kb.general_contact, corrections=(), kb_version=snapshot.kb.version,
    )


def _results(hits: list[Hit], intent: Intent, units: list[Unit], snapshot: Snapshot) -> tuple[Result, ...]:
    kb = snapshot.kb
    return tuple(
        Result(h.case, h.score, h.reasons, pick_outcome(h.case, intent, units), kb.contact(h.case.contact)) for h in hits
    )


def _confident(hits: list[Hit], list_all: bool) -> list[Hit]:
    good = [h for h in hits if _is_good(h)]
    if not good:
        return []
    floor = good[0].score * RELATIVE_CUT
    limit = MAX_LIST_RESULTS if list_all else MAX_RESULTS
    return [h for h in good if h.score >= floor][:limit]


def _is_good(hit: Hit) -> bool:
    covered = hit.score >= ANSWER_THRESHOLD or (
        hit.score >= LOW_COVERAGE_FLOOR and hit.known_share >= KNOWN_WORDS_THRESHOLD and hit.solid_units >= SOLID_UNITS
    )
    return covered and hit.evidence >= MIN_EVIDENCE


def _within_threshold(hits: list[Hit], units: list[Unit], intent: Intent, snapshot: Snapshot) -> list[Hit]:
    """Only cases with a stated total of the asked kind beyond the amount; the biggest first among equals.

    When the question has no other content ("which councils saved over £1 million") the comparison alone
    answers it, so every qualifying case counts as a full match.
    """
    direction, pounds = intent.threshold  # type: ignore[misc]
    kind = intent.outcome_kind or "saving"

    def amount(case: CaseStudy) -> float | None:
        values = [o.money.pounds for o in case.outcomes_of(kind) if o.money and not o.money.per_unit]
        beyond = [v for v in values if (v > pounds if direction == "over" else v < pounds)]
        return max(beyond) if beyond else None

    if any(not _is_about_amount(u, kind) for u in units):
        candidates = hits
    else:
        reason = (Reason(f"{direction} £{pounds:,.0f}", "outcomes"),)
        # The comparison is the whole question, so it is also all the evidence a case needs.
        candidates = [Hit(case, 1.0, reason, 1.0, SOLID_UNITS, math.inf) for case in snapshot.kb.cases]
    kept = [(hit, value) for hit in candidates if (value := amount(hit.case)) is not None]
    if intent.largest_first and kept:  # among the matches good enough to show, the biggest amount first
        floor = max(hit.score for hit, _value in kept) * RELATIVE_CUT
        kept.sort(key=lambda pair: (pair[0].score < floor, -pair[1], pair[0].case.id))
    else:
        kept.sort(key=lambda pair: (-pair[0].score, -pair[1], pair[0].case.id))
    return [hit for hit, _value in kept]


def _is_about_amount(unit: Unit, kind: str) -> bool:
    """Units that only restate the comparison: the outcome kind, numbers and their scale words."""
    return (
        any(term == f"~{kind}" for term, _q in unit.alternatives)
        or AMOUNT_WORD.fullmatch(unit.text) is not None
    )


AMOUNT_WORD = re.compile(r"\d+(?:k|m|mn|bn)?|million|thousand|billion|over|under|above|below|least|than|pounds?")


def pick_outcome(case: CaseStudy, intent: Intent, units: list[Unit]) -> Outcome | None:
    """The outcome to lead with: the asked kind (largest stated £ total first), else the best worded match."""
    if not case.outcomes:
        return None
    kinds = [intent.outcome_kind] if intent.outcome_kind else []
    if intent.wants_money:
        kinds += ["saving", "income"]
    for kind in kinds:
        of_kind = case.outcomes_of(kind)
        if of_kind:
            return max(of_kind, key=lambda o: (bool(o.money and not o.money.per_unit), o.money.pounds if o.money else 0))
    words = {u.text for u in units}
    return max(case.outcomes, key=lambda o: (sum(w in o.text.lower() for w in words), o.kind in ("saving", "income")))


def _nearest_themes(hits: list[Hit], snapshot: Snapshot) -> tuple[Theme, ...]:
    """Themes of the partial matches, most common first: where to browse when there is no good answer."""
    counts: dict[str, float] = {}
    for hit in hits[:10]:
        for theme_id in hit.case.themes:
            counts[theme_id] = counts.get(theme_id, 0.0) + hit.score
    ranked = sorted(counts, key=lambda t: -counts[t])[:3]
    return tuple(t for t in (snapshot.kb.theme(i) for i in ranked) if t)
