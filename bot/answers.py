"""Question in, Answer out: the platform-neutral heart of the bot.

An Answer carries everything a renderer needs (the cases, why each matched, the outcome that answers the
question, the source, the contact, whether the bot is confident), so Slack, Teams and the CLI only format it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .inbound import bounded
from .knowledge.money import SIDES
from .knowledge.schema import CaseStudy, Contact, Council, Outcome, Theme
from .reply import Reply
from .search.amounts import NONE
from .search.analyse import ParsedQuestion, Unit, parse_question
from .search.framing import with_capitals_named, with_degree_after_money, without_framing
from .search.hits import HitList
from .search.intent import INCOME_VERB, MONEY_ITSELF, MONEY_KINDS, Intent, money_kinds, read_intent
from .search.normalise import question_words
from .search.peers import asks_for_peers, without_peer_words
from .search.rank import DEFAULT_LIMIT, GENERIC_IDF, Hit, Reason, Signals, best_first, rank, rank_with_signals, sigmoid
from .search.vocabulary import CONCEPT_PREFIX
from .store import Snapshot

MAX_QUESTION_CHARS = 600
"""Longer questions are cut, which bounds the work one message can cause. A chat message of a paragraph (a
story of a few sentences, then the question) fits: the question comes last, and a cut at 300 characters lost
it ("... Has a group of councils already done that resear")."""
CONFIDENCE_WEIGHTS = (1.667, 0.670, 0.647, 0.863, 0.186, 0.761, 0.973, -0.473, -0.919, -0.468, -2.008)
CONFIDENCE_BIAS = -3.129
CONFIDENCE_THRESHOLD = 0.36
"""The confidence model (see `confidence`): weights in the order of `Signals.features()`, fitted by
`benchmarks/search/calibrate.py` on tests/data/questions-tune.yaml (with the dev and our questions), and the
probability at or above which the bot answers. Below it, the bot declines honestly and names the nearest
themes: a question made only of words found in half the knowledge base ("what time is it", "online"), or one
that shares one generic word with a case while the rest of it is about something the base lacks."""
CLEAR_LEAD = 0.45
LEADING_THRESHOLD = 0.25
"""A best case this far ahead of every other on the ranking (the next scores at most 55 % of it) is answered
from this lower confidence. Short keyword questions in words of their own ("charities requesting surplus council
desktops") match the one case that answers them on a word or two, and miss the rest, so the model, which reads
only how well the best case covers the question, doubts them; a question about a topic the base lacks matches
its generic words in many cases alike, and has no clear leader. Chosen on the tuning files (tests/data: five
right answers more, one question to decline answered) and one half of the blind files, then checked on the other
half (one right answer more, no decline lost); the held-out part was not changed by it."""
MIN_EVIDENCE = GENERIC_IDF
"""Besides the model, the words matched must carry between them at least the idf of a word found in a
quarter of the cases: a question made only of words that common ("what time is it", "online") is too vague
to answer, however well a case covers it."""
RELATIVE_CUT = 0.6
"""Further results must score at least this share of the best one: no padding with weak matches."""
MAX_RESULTS = 5
MAX_LIST_RESULTS = 10
MAX_COMPARISON_RESULTS = 25
""""Which councils saved over £1 million" asks for all of them: at 301 cases twenty qualify."""


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
    not_covered: tuple[str, ...] = ()
    """For a declined question, what it asks about that the base is known to lack ("pest control"), in the
    asker's words, so the reply can say so."""

    @property
    def best(self) -> Result | None:
        return self.results[0] if self.results else None


def clean_question(text: str) -> str:
    """Whitespace collapsed and length bounded; the adapters strip their platform's mentions first. A space
    typed after a sentence's or clause's end is put back where it was left out ("in pairs,which is costly.Has
    anyone ..."), and a spaced "&" is "and": the reading finds sentences, clauses and the asker's story by
    them. Within a word or name ("A&E", "gov.uk", "e.g.") nothing changes."""
    text = " ".join(bounded(text).split())[:MAX_QUESTION_CHARS]
    return _AMPERSAND.sub(" and ", _UNSPACED.sub(r"\1 ", text))


_UNSPACED = re.compile(r"(?<=[a-z])([,;!?]|\.(?=[A-Z][a-z]))(?=[A-Za-z])")
"""A comma, semicolon, "!" or "?" between two words, or a full stop before a capitalised one, with no space."""
_AMPERSAND = re.compile(r" & ")


@dataclass(frozen=True)
class Reading:
    """Everything the bot worked out about a question before deciding whether it can answer."""

    query: str
    parsed: ParsedQuestion
    intent: Intent
    hits: HitList
    signals: Signals | None
    comparison_only: bool
    """The question is only a comparison of amounts ("which councils saved over £1 million")."""
    best_match: tuple[float, float] | None = None
    """For a comparison of a topic's amounts, the ranking score and coverage of the topic's best match, before
    the cases stating no such amount were left out: what a case listed must come near. Judged against the
    best of those left, cases matching only the question's commonest words ("online", "service") were
    listed, at the confidence of the topic's match, where none of the topic's cases stated an amount."""


def read_question(question: str, snapshot: Snapshot, like: Council | None = None) -> Reading:
    query = clean_question(question)
    peers = like is not None and asks_for_peers(query)
    asked = with_degree_after_money(with_capitals_named(without_framing(without_peer_words(query) if peers else query,
                                                                        snapshot.index.towns)))
    index = snapshot.index
    reading = _read(query, parse_question(asked, index.vocabulary, index.correct, index.correct_name,
                                          is_name=index.names_a_place), snapshot, like, peers)
    if not reading.comparison_only and not _answerable(reading.signals):
        # A capitalised word opening a sentence may be a mistyped name ("Fief digital champions"): read so
        # only when the question is not answerable as written.
        as_names = parse_question(asked, index.vocabulary, index.correct, index.correct_name, initial_names=True,
                                  is_name=index.names_a_place)
        if as_names.corrections != reading.parsed.corrections:
            retry = _read(query, as_names, snapshot, like, peers)
            if _answerable(retry.signals):
                return retry
        return _read_each_way(asked, reading, snapshot, like, peers)
    return reading


def _read_each_way(asked: str, reading: Reading, snapshot: Snapshot, like: Council | None, peers: bool) -> Reading:
    """A misspelt name with two equally near readings ("Suton": Sutton or Luton) is not guessed alone: the
    question is read each way, and the reading whose best case the rest of the question supports (the one
    answered most confidently) is taken; when neither answers, the question stays as asked."""
    index = snapshot.index
    word = next((w for w in question_words(asked) if index.readings(w)), None)
    if word is None:
        return reading
    tries = []
    for reading_of_word in index.readings(word):
        def correct(w: str, meant: tuple[str, float] = reading_of_word) -> tuple[str, float] | None:
            return meant if w == word else index.correct(w)

        parsed = parse_question(asked, index.vocabulary, correct, index.correct_name, is_name=index.names_a_place)
        tries.append(_read(reading.query, parsed, snapshot, like, peers))
    best = max(tries, key=lambda r: confidence(r.signals))
    return best if _answerable(best.signals) else reading


def _read(query: str, parsed: ParsedQuestion, snapshot: Snapshot, like: Council | None, peers: bool) -> Reading:
    index = snapshot.index
    units = parsed.units
    intent = read_intent(parsed.corrected(query), units)
    money_kind = intent.outcome_kind if intent.outcome_kind in ("saving", "income") else None
    only = index.councils.like(like) if peers and like is not None else None
    # A comparison's amount and kind are checked against each case's stated totals, not searched for as
    # words: "income over £100,000 from parking" is about parking, and its "100" and "000" match any case
    # that states a figure with those digits.
    topic = [u for u in units if not _is_about_amount(u, money_kinds(intent))] if intent.threshold else units
    if intent.threshold and not topic:  # the comparison alone: "which councils saved over £1 million"
        return Reading(query, parsed, intent, _biggest_beyond(intent, snapshot, MAX_COMPARISON_RESULTS), None, True)
    hits, signals = rank_with_signals(topic, index, None if intent.threshold else DEFAULT_LIMIT, money_kind,
                                      intent.council_types, only, counted=intent.counted,
                                      sort_rest=not intent.threshold,  # a comparison reorders them all
                                      story_asked=parsed.points_back)
    best_match = None
    if intent.threshold:
        best_match = (hits[0].rank_score, hits[0].score) if hits else None
        hits = _within_threshold(hits, intent, snapshot)
    return Reading(query, parsed, intent, hits, signals, False, best_match)


def answer(question: str, snapshot: Snapshot, like: Council | None = None) -> Answer:
    """The answer to `question`; with `like` (the asker's council), "councils like mine" means councils of
    its type and a similar size."""
    kb = snapshot.kb
    reading = read_question(question, snapshot, like)
    query, parsed, intent, hits = reading.query, reading.parsed, reading.intent, reading.hits
    units = parsed.units
    chosen = _confident(hits, reading.signals, list_all=bool(intent.threshold), comparison_only=reading.comparison_only,
                        best_match=reading.best_match)
    top_confidence = 1.0 if reading.comparison_only else confidence(reading.signals)
    results = _results(chosen, intent, units, snapshot, _shown_scores(chosen, top_confidence))
    return Answer(
        query=query,
        answered=bool(results),
        results=results,
        intent=intent,
        nearest_themes=() if results else _nearest_themes(hits, snapshot),
        contact=kb.general_contact,
        corrections=parsed.corrections,
        kb_version=kb.version,
        not_covered=() if results or reading.signals is None else reading.signals.not_covered,
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


def _results(hits: list[Hit], intent: Intent, units: list[Unit], snapshot: Snapshot,
             scores: list[float] | None = None) -> tuple[Result, ...]:
    kb = snapshot.kb
    scores = scores if scores is not None else [h.score for h in hits]
    return tuple(
        Result(h.case, score, h.reasons, pick_outcome(h.case, intent, units), kb.contact(h.case.contact))
        for h, score in zip(hits, scores)
    )


def _shown_scores(hits: list[Hit], top_confidence: float) -> list[float]:
    """Each result's score: the answer's confidence for the first, scaled by ranking score for the rest, never
    rising down the list (a comparison lists cases by amount, not by score, so a later case may rank higher:
    capping each score at the one before keeps it at or below the first)."""
    out: list[float] = []
    top = max(hits[0].rank_score, 1e-9) if hits else 1.0
    for hit in hits:
        value = round(min(1.0, top_confidence * hit.rank_score / top), 4)
        out.append(min(value, out[-1]) if out else value)
    return out


def confidence(signals: Signals | None) -> float:
    """How likely the best case answers the question, 0 to 1: a logistic model over several signals
    (coverage, share of known words covered, evidence, BM25 and its margin, ...), fitted on the tuning
    questions (`benchmarks/search/calibrate.py` prints these weights)."""
    if signals is None:
        return 0.0
    return sigmoid(CONFIDENCE_BIAS + sum(w * x for w, x in zip(CONFIDENCE_WEIGHTS, signals.features())))


def _answerable(signals: Signals | None) -> bool:
    """The best case is likely enough to answer the question (less likely suffices when it leads every other
    clearly: see CLEAR_LEAD), the match rests on enough evidence, and what is asked is no topic the base is
    known to lack."""
    if signals is None or signals.not_covered or signals.evidence < MIN_EVIDENCE:
        return False
    return confidence(signals) >= (LEADING_THRESHOLD if signals.lead >= CLEAR_LEAD else CONFIDENCE_THRESHOLD)


def _confident(hits: HitList, signals: Signals | None, list_all: bool, comparison_only: bool,
               best_match: tuple[float, float] | None = None) -> list[Hit]:
    """The hits good enough to show: those near the best (`best_match` where the hits are what a comparison
    left of the matches: see Reading.best_match)."""
    if not hits:
        return []
    if not comparison_only and not _answerable(signals):
        return []
    best_rank, best_score = best_match or (hits[0].rank_score, hits[0].score)
    limit = MAX_COMPARISON_RESULTS if comparison_only else MAX_LIST_RESULTS if list_all else MAX_RESULTS
    good = (hits.rank_scores >= best_rank * RELATIVE_CUT) & (hits.scores >= best_score * RELATIVE_CUT)
    return list(hits.reordered(hits.order[good][:limit]))


def _biggest_beyond(intent: Intent, snapshot: Snapshot, limit: int) -> HitList:
    """A comparison alone is answered by the amounts: the `limit` cases with the biggest stated totals beyond
    the amount, biggest first, each a full match on score and ranking (a hit's other fields feed the
    confidence decision, which a comparison alone skips). Only these can be shown, so only they are sorted:
    ordering all 36,000 cases stating a saving was most of "who saved the most" at 100,000 cases."""
    direction, pounds = intent.threshold  # type: ignore[misc]
    cases = snapshot.kb.cases
    values = _beyond(intent, snapshot)
    order = best_first(np.flatnonzero(values != NONE), values, snapshot.index.id_order, limit)
    reason = (Reason(f"{direction} £{pounds:,.0f}", "outcomes"),)
    return HitList(order, lambda n: Hit(cases[n], 1.0, reason, rank_score=1.0),
                   lambda chosen: np.ones(len(chosen)), np.ones(len(cases)))


def _within_threshold(hits: HitList, intent: Intent, snapshot: Snapshot) -> HitList:
    """Only cases with a stated total of the asked kind beyond the amount; the biggest first among equals.
    Amounts and order are worked out on arrays (every matching case takes part); Hits are built only for
    what is read."""
    values = _beyond(intent, snapshot)[hits.order]
    stated = values != NONE
    order, values, rank_scores = hits.order[stated], values[stated], hits.rank_scores[stated]
    if intent.largest_first and order.size:  # among the matches good enough to show, the biggest amount first
        first = rank_scores < rank_scores.max() * RELATIVE_CUT
    else:
        first = -rank_scores
    return hits.reordered(order[np.lexsort((snapshot.index.id_order[order], -values, first))])


def _beyond(intent: Intent, snapshot: Snapshot) -> np.ndarray:
    """Per case, its largest stated total of the compared kinds beyond the question's amount (NONE: none)."""
    direction, pounds = intent.threshold  # type: ignore[misc]
    return np.maximum.reduce([snapshot.index.amounts.beyond(kind, direction, pounds) for kind in money_kinds(intent)])


def _is_about_amount(unit: Unit, kinds: tuple[str, ...]) -> bool:
    """Units that only restate the comparison: the outcome kinds compared (or a verb of income), money
    itself, numbers and their scale words."""
    return (
        any(term.removeprefix(CONCEPT_PREFIX) in kinds for term, _q in unit.alternatives if term.startswith(CONCEPT_PREFIX))
        or unit.text in MONEY_ITSELF
        or AMOUNT_WORD.fullmatch(unit.text) is not None
        or ("income" in kinds and INCOME_VERB.fullmatch(unit.text) is not None)
    )


AMOUNT_WORD = re.compile(r"\d+(?:k|m|mn|bn)?|million|thousand|billion|over|under|above|below|least|than|pounds?")


def pick_outcome(case: CaseStudy, intent: Intent, units: list[Unit]) -> Outcome | None:
    """The outcome to lead with: the asked kind (largest stated £ total first), else the best worded match."""
    if not case.outcomes:
        return None
    groups: list[tuple[str, ...]] = [(intent.outcome_kind,)] if intent.outcome_kind else []
    if intent.wants_money:  # the asked kind first, then money of either kind, the largest sum first
        groups.append(MONEY_KINDS)
    for kinds in groups:
        of_kind = [o for kind in kinds for o in case.outcomes_of(kind)]
        if of_kind:
            meeting = [o for o in of_kind if _meets(o, intent.threshold)]  # "saved under £10,000": one under it
            return max(meeting or of_kind,
                       key=lambda o: (bool(o.money and not o.money.per_unit), o.money.pounds if o.money else 0))
    words = {u.text for u in units}
    return max(case.outcomes, key=lambda o: (sum(w in o.text.lower() for w in words), o.kind in ("saving", "income")))


def _meets(outcome: Outcome, threshold: tuple[str, float] | None) -> bool:
    """Whether an outcome states a £ total on the asked side of a comparison's threshold."""
    if threshold is None or outcome.money is None or outcome.money.per_unit:
        return False
    direction, pounds = threshold
    return bool(SIDES[direction](outcome.money.pounds, pounds))


def _nearest_themes(hits: HitList, snapshot: Snapshot) -> tuple[Theme, ...]:
    """Themes of the partial matches, most common first: where to browse when there is no good answer. Read
    from the hits' arrays: building ten hits with their reasons, only for their cases' themes, was about a
    seventh of a declined question's time."""
    counts: dict[str, float] = {}
    nearest = hits[:10]
    cases = snapshot.index.kb.cases
    for n, score in zip(nearest.order.tolist(), nearest.scores.tolist()):
        for theme_id in cases[n].themes:
            counts[theme_id] = counts.get(theme_id, 0.0) + score
    ranked = sorted(counts, key=lambda t: -counts[t])[:3]
    return tuple(t for t in (snapshot.kb.theme(i) for i in ranked) if t)
