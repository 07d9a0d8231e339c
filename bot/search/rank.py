"""Ranking case studies for a question: coverage of the question, BM25, and the filters the question states.

Two signals score every case at once, in numpy:

- **coverage**: each unit of the question weighs its idf (rare words matter more; words the knowledge base has
  never seen weigh the most, so an off-topic question cannot be answered by one lucky word), and a case
  scores the weighted share of units it matches, scaled by the match's quality (exact, synonym, corrected
  spelling) and the field it was found in. Between 0 and 1, the same meaning for every question;
- **BM25** (bm25.py) over each case's terms: how strongly a case is about the words it shares with the
  question, whatever else the question says. Chatty questions ("we're a small district and our phones are
  swamped ...") cover little of themselves but still name their topic, and BM25 finds it.

The ranking adds the two (BM25 scaled by the question's best BM25 score). It reads BM25 over each case's
text and everyday words (how people put its topic); the confidence, over its text alone (index.RANKED_ONLY).
A region or nation in the question ("in Scotland", "Welsh councils") is a filter composed with the topic: the
topic ranks the cases of that region, and other regions' cases only come in when none of the region's matches
the topic; so is an organisation the question names (named.py). A saving or income question prefers cases
whose typed outcome of that kind has a stated amount.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from ..knowledge.schema import CaseStudy
from .analyse import Unit
from .bridge import bridged
from .counted import largest_count
from .english import uses
from .hits import HitList
from .index import FIELD_WEIGHTS, FIELDS, SearchIndex
from .named import of_named
from .peers import type_units
from .postings import idf
from .regions import ENGLAND, REGION, REGION_WORDS
from .unit_scores import APART, evidence_of, matched_words, read_as_other, score, solid_units_of
from .vocabulary import CONCEPT_PREFIX


@dataclass(frozen=True)
class Reason:
    """Why a case matched: which words of the question, found in which field of the case."""

    words: str
    field: str


@dataclass(frozen=True)
class Hit:
    case: CaseStudy
    score: float
    """Share of the question covered, 0 to 1."""
    reasons: tuple[Reason, ...]
    known_share: float = 0.0
    """Share covered of the units the knowledge base has words for (unknown words left out)."""
    solid_units: int = 0
    """Units matched without a spelling correction in a title, organisation, keyword or outcome field."""
    evidence: float = 0.0
    """Total idf of the units matched: how much distinctive information the match rests on. "what time is
    it" matches many cases on "time" alone, which says almost nothing."""
    bm25: float = 0.0
    """The case's BM25 score for the question's terms."""
    rank_score: float = 0.0
    """What the ranking sorts by: coverage + scaled BM25, after the question's filters."""


@dataclass(frozen=True)
class Signals:
    """What the confidence decision reads about a question and its best case (see answers.confidence)."""

    coverage: float
    known_share: float
    evidence: float
    bm25: float
    bm25_margin: float
    solid_units: int
    matched_units: int
    units: float
    unknown_share: float
    rarest_matched: float
    rarest_missed: float = 0.0
    """The idf of the most distinctive question word the best case lacks, as a share of an unknown word's."""
    lead: float = 1.0
    """How far the best case is ahead of the next on the ranking, as a share of its score (1: no other matched)."""
    not_covered: tuple[str, ...] = ()
    """What is asked that names a topic of the vocabulary no case has (a synonym group in no case: "pest
    control", "HMO licensing"), in the asker's words: the base does not cover it, whatever generic words
    match."""

    def features(self) -> list[float]:
        """The numbers the confidence model weighs, each on a bounded scale."""
        return [
            self.coverage, self.known_share, math.log1p(self.evidence), math.log1p(self.bm25), self.bm25_margin,
            min(self.solid_units, 4) / 4, min(self.matched_units, 5) / 5, math.log(self.units),
            self.unknown_share, self.rarest_matched, self.rarest_missed,
        ]


FEATURE_NAMES = ("coverage", "known_share", "log_evidence", "log_bm25", "bm25_margin", "solid_units",
                 "matched_units", "log_units", "unknown_share", "rarest_matched", "rarest_missed")


AROUND = 0.35
"""For the confidence decision, how much a question word counts when its whole clause has nothing in common
with the best case: it is likely said around the question ("our budget has been cut again. ..."), though it
may be the topic the base lacks, so it still counts a little."""
STORY_CAP = 0.3
"""The words said around the question that the best case lacks count, all together, at most this share of
the weight of what is asked: a story of two long sentences ("our current setup is over ten years old and
the contract ends in march, so we're going out to market.") before a short need otherwise halved the
coverage of the case that answers it. Lower, the near-domain questions to decline that tell a story start
to be answered from it (tuned on tests/data/questions-tune.yaml)."""
DEFAULT_LIMIT = 12
"""Hits built per question: enough for every use (at most 10 results, nearest themes from the best 10);
the rest only need a score."""
EVERYDAY_USES = 200_000
"""How often English must use a word (pyspellchecker's count; about its 600 commonest words) for what is asked
to say nothing of its own when made only of such words (see `_everyday_word`). Over the tuning files the
rule answered one chatty question more and one fewer ("... how other councils got their systems back":
"back" is the topic there); on the blind files, one more right first in 360 questions and one more in 240
others, and on the held-out part one more in the top three."""
BM25_WEIGHT = 0.6
"""How much BM25 (scaled to 1 for the question's best case) adds to coverage in the ranking (tuned on
tests/data/questions-tune.yaml)."""
IN_TITLE = np.array([name == "title" for name in FIELD_WEIGHTS] + [False])
"""By field number, the title: a case that says a phrase's words apart there has it as its topic ("Hovercraft
permits go virtual"); across its keywords, each a phrase of its own, the words may belong to different ones
("register to vote" and "online response": no case of online voting). The extra last entry is what index -1
(no match) reads: False."""
THEMES = FIELDS.index("themes")
"""The field of the words a case has from its themes' word lists, not from its own text."""
GENERIC_IDF = math.log(4)
"""The idf of a word found in a quarter of the cases (BM25's idf of df = N/4): a word as common as that
("digital", "data", "online", "staff") names no topic of its own beside a place or a story."""
OUTCOME_PREFERENCE = 0.12
"""Ranking credit for a case whose typed outcome of the asked kind (saving, income) states an amount."""

NUMBER = re.compile(r"\d+[a-z]{0,2}")
"""A number as a question writes it ("2019", "30", "400k", "2m"): a figure the question states, which counts
when a case states it too but is no topic the base lacks when none does (an unknown word weighs the most)."""


def regions_asked(units: list[Unit]) -> tuple[tuple[str, ...], set[int]]:
    """The regions a question names, and the positions of the units that name them. A region's words inside
    a longer unit, an organisation's name ("North West Anglia NHS Foundation Trust") or a phrase, name no
    region: that unit is what is asked."""
    named: list[tuple[str, ...]] = []
    positions: set[int] = set()
    text = " ".join(u.text for u in units)
    for match in REGION.finditer(text):
        words = set(match.group(1).split())
        naming = {i for i, u in enumerate(units) if u.text in words or u.text == match.group(1)}
        if naming:
            named.append(REGION_WORDS[match.group(1)])
            positions |= naming
    if ENGLAND in named and any(r in ENGLAND for regions in named if regions != ENGLAND for r in regions):
        # "the North East of England": England narrows the question no further, nor does it widen it beside
        # another nation ("one in Wales and one in the north-east of England")
        named = [regions for regions in named if regions != ENGLAND]
    return tuple(dict.fromkeys(r for regions in named for r in regions)), positions


UNMET = "!region"
"""The term of a region no case with the question's topic is in: no case has it, so it counts as missed."""


def _region_unmet(units: list[Unit]) -> list[Unit]:
    """The units with each region the question names as one unit no case matches: the region is asked, and
    a case from elsewhere misses it whole (not as loose words: "north" and "east" of "North East" are in
    other names), so it counts against every case as an unknown word does."""
    _regions, positions = regions_asked(units)
    named = " ".join(units[i].text for i in sorted(positions))
    return [u for i, u in enumerate(units) if i not in positions] + [Unit(named, ((UNMET, 1.0),))]


def rank(units: list[Unit], index: SearchIndex, limit: int | None = DEFAULT_LIMIT,
         outcome_kind: str | None = None) -> list[Hit]:
    """The cases that match any unit, best first (ties broken by id, so answers are stable).

    Scores for all cases are added up in numpy arrays, one pass per unit; Hit objects are built only for
    the best `limit` (None: all), which keeps a question at 10,000 case studies in milliseconds.
    """
    hits, _signals = rank_with_signals(units, index, limit, outcome_kind)
    return list(hits)


def rank_with_signals(units: list[Unit], index: SearchIndex, limit: int | None = DEFAULT_LIMIT,
                      outcome_kind: str | None = None, council_types: tuple[str, ...] = (),
                      only: np.ndarray | None = None, places: bool = True,
                      counted: frozenset[str] = frozenset(), sort_rest: bool = True,
                      story_asked: bool = False) -> tuple[HitList, Signals | None]:
    """As `rank`, with what the confidence decision needs. `council_types` and `only` (a mask over the
    cases, for "councils like mine") restrict the answer strictly: a peer question is about those councils.
    The hits are a HitList: a Hit is built only when read, so ranking every match (limit None) costs arrays.
    With `places` False a nation or region the question names is not read as a filter. With `counted` (what
    a question asks for the most of), the matches stating the largest number of it lead among equals. With
    `sort_rest` False and no limit, the matches after those read in order come in no particular order. With
    `story_asked` (the question points back to the asker's story), a topic the base lacks named in the story
    is one asked about."""
    units = [u for u in units if not (NUMBER.fullmatch(u.text) and not _unit_weight(u, index)[1])]
    if not units or index.size == 0:
        return HitList.empty(), None
    regions, region_units = regions_asked(units) if places else ((), set())
    kind_units = type_units(units, council_types) if council_types else set()
    place_units = region_units | kind_units
    in_region = None
    of_kind = index.councils.of_types(council_types) if council_types else None
    if only is not None:
        of_kind = only if of_kind is None else of_kind & only
    if (regions or council_types) and len(place_units) < len(units):
        in_region = np.ones(index.size, dtype=bool)
        if regions:
            in_region &= index.in_regions(regions)
        if of_kind is not None:
            in_region &= of_kind
        region_units = place_units
    topic = [u for i, u in enumerate(units) if i not in region_units] if in_region is not None else units
    weights, knowns = _weights(topic, index)
    # A word the base lacks is read as its relatives; never a region no case of the topic is in (the unit
    # `_region_unmet` makes): "Wales" would be read as WordNet's "wale", a ridge, and then as "board".
    if not all(knowns):
        own_terms = frozenset(term for u in topic for term, _q in u.alternatives)
        topic = [u if known or u.alternatives[0][0] == UNMET else bridged(u, index, own_terms)
                 for u, known in zip(topic, knowns)]
    coverage, fields, qualities, via = score(topic, weights, index)
    total = sum(weights)
    known_total = sum(w for w, known in zip(weights, knowns) if known) or total
    told = [i for i, u in enumerate(topic) if not u.asked]
    if all(weights[i] < GENERIC_IDF or _everyday_word(u, index) for i, u in enumerate(topic) if u.asked):
        told = []  # "... pest control bookings come in by phone. Has anyone moved them online?": the story
        # holds the topic when what is asked has no word of its own beyond the base's commonest, or English's
        # ("... redraw the weekly rounds, with one less lorry. Has a council done both together without things
        # going wrong?")
    story = set(told)
    bm25, ranking_bm25 = _bm25_scores([u for i, u in enumerate(topic) if i not in story], index)
    if story:
        around_bm25, around_ranking = _bm25_scores([topic[i] for i in told], index)
        alike = ranking_bm25 is bm25 and around_ranking is around_bm25  # no everyday word matched
        bm25 = bm25 + AROUND * around_bm25
        ranking_bm25 = bm25 if alike else ranking_bm25 + AROUND * around_ranking
    if told:  # the asker's story ("our budget was cut again.") counts less than what they ask
        coverage_asked = coverage - (1 - AROUND) * sum(weights[i] * qualities[i] for i in told)
        rank_score = coverage_asked / (total - (1 - AROUND) * sum(weights[i] for i in told))
    else:
        rank_score = coverage / total
    rank_score = rank_score + BM25_WEIGHT * ranking_bm25 / max(float(ranking_bm25.max()), 1e-9)
    amounts = None
    if outcome_kind in ("saving", "income"):
        amounts = index.outcome_amounts(outcome_kind)
        rank_score = rank_score + np.where((amounts > 0) & (coverage > 0), OUTCOME_PREFERENCE, 0.0)
    candidates = np.flatnonzero(coverage != 0)  # a mask's nonzeros: numpy finds a float array's 9x slower
    if of_kind is not None:  # peers only: another kind of council is not what was asked for
        candidates = candidates[of_kind[candidates]]
    region_reason: tuple[Reason, ...] = ()
    if in_region is not None:
        inside = candidates[in_region[candidates]]
        if inside.size:
            candidates = inside
            region_reason = tuple(Reason(units[i].text, "organisations" if i in kind_units else "regions")
                                  for i in sorted(region_units))
        elif regions:  # no case of the region has the topic ("weather in Wales"): the other regions' cases
            # that have it lack what the region asked, and are judged with it missed
            return rank_with_signals(_region_unmet(units), index, limit, outcome_kind, council_types, only,
                                     places=False, counted=counted, sort_rest=sort_rest, story_asked=story_asked)
    candidates = of_named(candidates, topic, fields, qualities, index)
    if candidates.size == 0:
        return HitList.empty(), None
    if candidates.size > 1:
        rank_score = _nearest_told_apart(candidates, rank_score, weights, qualities, story)
    order = _ordered(candidates, rank_score, index.id_rank, limit, amounts is not None, sort_rest)
    if amounts is None and _names_only(topic, fields, int(order[0])):
        candidates = _of_the_named(candidates, fields)
        amounts = np.maximum(index.outcome_amounts("saving"), index.outcome_amounts("income"))
        order = _ordered(candidates, rank_score, index.id_rank, limit, True, sort_rest)
    tie = (NEAR_TIE, SHOWN)
    if amounts is None and counted:
        amounts = np.zeros(index.size)
        amounts[order] = [largest_count(index.kb.cases[n], counted) for n in order]
        tie = (COUNT_TIE, COUNT_TIE)
    if amounts is not None:
        order = _biggest_first_among_equals(order, rank_score, amounts,
                                            [(f, w) for i, (f, w) in enumerate(zip(fields, weights)) if i not in story],
                                            *tie)
    if limit is not None:
        order = order[:limit]
    cases = index.kb.cases

    def make(n: int) -> Hit:
        return Hit(
            cases[n], round4(min(1.0, coverage[n] / total)),
            tuple(Reason(matched_words(u, v, n), FIELDS[f[n]]) for u, f, v in zip(topic, fields, via) if f[n] >= 0)
            + region_reason,
            round4(min(1.0, coverage[n] / known_total)), solid_units_of(topic, fields, n), evidence_of(weights, qualities, n),
            float(bm25[n]), float(rank_score[n]),
        )

    hits = HitList(order, make, lambda chosen: np.round(np.minimum(1.0, coverage[chosen] / total), 4), rank_score)
    top = _judged(order, candidates, rank_score, bm25, ranking_bm25, index) if amounts is None else int(order[0])
    best_two = np.partition(bm25[candidates], -2)[-2:] if candidates.size > 1 else np.array([0.0, bm25[top]])
    second = float(best_two[0])
    others = rank_score[candidates[candidates != top]]
    lead = 1.0 - float(others.max()) / float(rank_score[top]) if others.size and rank_score[top] > 0 else 1.0
    # Whether to answer is decided on the asker's own words: for the coverage, the clauses and the rarest
    # word missed, a word the best case has only as a relative of it ("scam" as "fraud") is one it lacks, so
    # a near-domain question is not made answerable by a guess at its topic word (the relative still chose
    # which case is best, and counts as evidence: left out of that too, the tune file lost a right answer and
    # fresh6 two, with no decline gained).
    at_top = [0.0 if read_as_other(u, v, top) else float(q[top]) for u, q, v in zip(topic, qualities, via)]
    # The clauses the best case matches something in: a clause it matches nothing in is what the asker says
    # around their question ("sorry if this is a daft question, but ..."), not part of what it must answer.
    clauses = {u.clause for u, q in zip(topic, at_top) if q > 0}
    # What is asked is never around the question, even where the best case has nothing of it; and a story
    # the case matches ("we're a two-tier area with a lot of rural villages") backs it only when the case
    # also has something of what is asked: it is no answer to "how do I knit a scarf?" after it.
    answers_ask = any(q > 0 for i, q in enumerate(at_top) if i not in story)
    full = [(u.clause in clauses or bool(story) and i not in story) and (i not in story or q > 0 and answers_ask)
            for i, (u, q) in enumerate(zip(topic, at_top))]
    # Around the question, a word counts AROUND; all of them together at most STORY_CAP of what is asked, so
    # a long story before a short question ("we tried something similar years ago and it did not go well,
    # so people are wary of it. car parks") does not outweigh it.
    around = sum(w for w, counted in zip(weights, full) if not counted)
    ask = sum(w for i, w in enumerate(weights) if i not in story)
    share = min(AROUND, STORY_CAP * ask / around) if around else AROUND
    # A figure the best case does not state is no topic it lacks ("cut the bill from £40,000 to under £100"):
    # it ranks the case that states it higher, but leaves the decision to answer to the words.
    figure = [q == 0 and NUMBER.fullmatch(u.text) is not None for u, q in zip(topic, at_top)]
    asked = [(0.0 if no_figure else w if counted else share * w, q, known)
             for w, counted, q, known, no_figure in zip(weights, full, at_top, knowns, figure)]
    # How much each unit counts among the question's words: one said around the question (an unknown
    # "apologies" or "daft" before "but ...") only a share, as its weight does.
    counts = [0.0 if no_figure else 1.0 if counted else share for counted, no_figure in zip(full, figure)]
    matched = [w for w, q, _k in asked if q > 0]
    missed = [w for w, q, _k in asked if q == 0]
    # A place the question names is no topic: "house prices in Barnsley" is not answered by Barnsley's case
    # on housing income because both say "Barnsley". Where the best case is of that place, coverage is of
    # the other words asked, when some of them are not generic ("Chorley digital projects" asks what Chorley
    # did, and so does a story before "what has Chorley done?"). A place the best case is not of still
    # counts as missed.
    place = [q > 0 and index.names_a_place(u) for (_w, q, _k), u in zip(asked, topic)]
    if any(place):
        about = [a for i, (a, named, w) in enumerate(zip(asked, place, weights))
                 if not named and w >= GENERIC_IDF and i not in story] or asked
    elif answers_ask:
        about = asked
    else:  # the case has only the story: of what is asked it covers nothing, on no evidence
        about = [a for i, a in enumerate(asked) if i not in story]
    about_total = sum(w for w, _q, _k in about)
    signals = Signals(
        coverage=min(1.0, sum(w * q for w, q, _k in about) / about_total),
        known_share=min(1.0, sum(w * q for w, q, _k in about) / (sum(w for w, _q, k in about if k) or about_total)),
        evidence=0.0 if not answers_ask else evidence_of(weights, qualities, top) + _region_evidence(
            topic, [int(f[top]) for f in fields], index, in_region if region_reason else None),
        bm25=float(bm25[top]), bm25_margin=(float(best_two[1]) - second) / max(float(best_two[1]), 1e-9),
        solid_units=solid_units_of(topic, fields, top), matched_units=len(matched), units=max(1.0, sum(counts)),
        unknown_share=sum(c for c, (_w, _q, k) in zip(counts, asked) if not k) / sum(counts),
        rarest_matched=max(matched, default=0.0) / index.unknown_idf,
        rarest_missed=max(missed, default=0.0) / index.unknown_idf,
        lead=0.0 if _named_at(asked, topic, index) else max(0.0, lead),  # the best may score below another: _judged
        not_covered=tuple(u.text for i, u in enumerate(topic)
                          if (i not in story or story_asked) and _names_absent_topic(u, fields[i], via[i], index)),
    )
    return hits, signals


def _named_at(asked: list[tuple[float, float, bool]], topic: list[Unit], index: SearchIndex) -> bool:
    """The best case matched a place or organisation the question names: a lead it owes to the name is no sign
    that it has the topic ("cheap hotels in Argyll and Bute" matches Argyll and Bute's case alone)."""
    return any(q > 0 and (index.names_a_place(u) or index.names_an_organisation(u)) for (_w, q, _k), u in zip(asked, topic))


def _everyday_word(unit: Unit, index: SearchIndex) -> bool:
    """A single word English uses all the time ("together", "wrong", "things") and no vocabulary group names:
    rare in the cases, so its idf is high, but it says nothing of a topic."""
    return " " not in unit.text and not any(term.startswith(CONCEPT_PREFIX) for term, _q in unit.alternatives) \
        and uses(unit.text, index.english) >= EVERYDAY_USES


def _judged(order: np.ndarray, candidates: np.ndarray, rank_score: np.ndarray, bm25: np.ndarray,
            ranking_bm25: np.ndarray, index: SearchIndex) -> int:
    """The case whether to answer is judged on: the first, as the ranking would have it without the everyday
    words (see index.RANKED_ONLY). They choose which of the near neighbours leads; judged on the one they
    raised, a question on a topic the base lacks was answered from a case only its everyday words matched."""
    top = int(order[0])
    if ranking_bm25 is bm25:
        return top
    # Each BM25's share of a score is at most BM25_WEIGHT: a case further than twice that below the first
    # cannot lead without the everyday words, and only the few nearer are scored again.
    near = candidates[rank_score[candidates] >= rank_score[top] - 2 * BM25_WEIGHT]
    plain = rank_score[near] + BM25_WEIGHT * (bm25[near] / max(float(bm25.max()), 1e-9)
                                              - ranking_bm25[near] / max(float(ranking_bm25.max()), 1e-9))
    return int(near[best_first(np.arange(near.size), plain, index.id_rank[near], 1)[0]])


NEAREST = 5
"""How many of the best-ranked cases `_nearest_told_apart` compares."""
TELLING_APART = 1.0
"""How much a word only some of the nearest cases match adds to their ranking, against its share of the
coverage. Over the tuning files (1,808 answerable questions) 0.6 and 1.0 ranked 3 more first than none, 1.6
none more: a small gain, kept because it is where a question's telling detail counts."""


def _nearest_told_apart(candidates: np.ndarray, rank_score: np.ndarray, weights: list[float],
                        qualities: list[np.ndarray], story: set[int]) -> np.ndarray:
    """The ranking with the words that tell the nearest cases apart counted again among them: asked about
    litter bin sensors fitted "with the local university", of five cases on bin sensors the one that says
    "university" leads, where every case's "litter" and "bins" say nothing of which is meant. A word all of
    them match, or none, adds nothing; one that one of the five matches adds most. The asker's story (the
    units at `story`) counts AROUND, as in the ranking, and only for cases that match something asked: after
    "we're a rural two-tier area with a tiny IT team", a case on rural villages that says nothing of chatbots
    is no nearer to "chatbots?"."""
    nearest = min(NEAREST, candidates.size)
    best = candidates[np.argpartition(-rank_score[candidates], nearest - 1)[:nearest]]
    answers_ask = np.zeros(best.size, dtype=bool)
    for i, quality in enumerate(qualities):
        if i not in story:
            answers_ask |= quality[best] > 0
    extra = np.zeros(best.size)
    for i, (weight, quality) in enumerate(zip(weights, qualities)):
        matched = quality[best] if i not in story else AROUND * quality[best] * answers_ask
        share = float(np.count_nonzero(matched)) / best.size
        if 0 < share < 1:
            extra += weight * matched * (1 - share)
    told = rank_score.copy()
    told[best] += TELLING_APART * extra / sum(weights)
    return told


def _names_absent_topic(unit: Unit, found_in: np.ndarray, via: np.ndarray | None, index: SearchIndex) -> bool:
    """The unit reads as a vocabulary group's concept that no case has in its own text (a theme's word list
    may name it: "fostering" among children's services' words), nor says its words apart as its topic
    (in a title: "Hovercraft permits go virtual" for "virtual hovercraft permits"; the words scattered
    through a summary or across keywords are no such case, nor is a WordNet relative of an unknown word).
    `found_in` is the field each case matched the unit in, `via` how (see unit_scores.score)."""
    concepts = [term for term, _q in unit.own_alternatives if term.startswith(CONCEPT_PREFIX)]
    if not concepts or not (unit.corrected or any(index.vocabulary.names_as_written(c, unit.text) for c in concepts)):
        return False
    if all(index.idf.of(term) is not None for term in concepts) and ((found_in >= 0) & (found_in != THEMES)).any():
        return False  # a case's own text has it: only a theme's word list naming it leaves it absent
    return via is None or not (IN_TITLE[found_in] & (via == APART)).any()


def _region_evidence(topic: list[Unit], found_in: list[int], index: SearchIndex, in_region: np.ndarray | None) -> float:
    """What a region filter adds to the evidence of a match whose every topic word names a theme of the base
    and is written in the best case (`found_in`: the field of each, -1 for none): "Yorkshire data projects"
    asks for the region's few cases about data, a choice as telling as a rare word (the idf of the region's
    share of the cases), though "data" alone is too common to answer. A topic that is no theme ("what time
    is it in Scotland"), or one the case only has by its theme's label ("fostering" of children's services),
    gains nothing: the region does not make it a question the case answers."""
    themes = FIELDS.index("themes")
    if in_region is None or not all(f >= 0 and f != themes for f in found_in) \
            or not all(not index.theme_terms.isdisjoint(t for t, _q in u.alternatives) for u in topic):
        return 0.0
    return idf(int(in_region.sum()), index.size)


def _ordered(candidates: np.ndarray, rank_score: np.ndarray, id_rank: np.ndarray, limit: int | None,
             by_amount: bool, sort_rest: bool) -> np.ndarray:
    """The candidates best first as far as they are read: the best `limit` (None: all), and for a question
    whose matches good enough to show are then reordered by amount (`by_amount`) at least all of those. With
    `sort_rest` False and no limit, every candidate comes but only those read in order (the first, or those
    shown) are sorted: the caller reorders the rest itself, and sorting 50,000 matches was a comparison
    question's p99."""
    read = limit
    if by_amount:
        scores = rank_score[candidates]
        shown = int(np.count_nonzero(scores >= SHOWN * scores.max()))
        read = None if limit is None and sort_rest else max(limit or 1, shown)
    elif limit is None and not sort_rest:
        read = 1
    order = best_first(candidates, rank_score, id_rank, read)
    if limit is None and read is not None:
        chosen = np.zeros(rank_score.size, dtype=bool)
        chosen[order] = True
        order = np.concatenate([order, candidates[~chosen[candidates]]])
    return order


def best_first(candidates: np.ndarray, rank_score: np.ndarray, id_rank: np.ndarray, limit: int | None) -> np.ndarray:
    """The candidates by rank score (or any per-case score), ties by `id_rank`; with a limit only the best
    `limit`, sorting just the cases that score at least the limit-th best score (a question at 100,000 cases
    can match 50,000)."""
    if limit is not None and candidates.size > limit:
        scores = rank_score[candidates]
        cut = np.partition(scores, candidates.size - limit)[candidates.size - limit]
        candidates = candidates[scores >= cut]
    order = candidates[np.lexsort((id_rank[candidates], -rank_score[candidates]))]
    return order if limit is None else order[:limit]


NEAR_TIE = 0.9
"""Matches scoring at least this share of the best one are equally good answers to a money question."""
SHOWN = 0.85
"""Matches scoring at least this share of the best one are close enough for a stated amount to lead."""
COUNT_TIE = 0.75
"""Matches scoring at least this share of the best one are equally good answers to "the most <thing>": a
count of the thing in a case's outcome already says the case is about it, so where the thing's words stand
("damp sensors" in one title, "sensors ... damp" in another's) matters less than for a sum of money."""


def _biggest_first_among_equals(order: np.ndarray, rank_score: np.ndarray, amounts: np.ndarray,
                                asked: list[tuple[np.ndarray, float]], near_tie: float, shown_share: float) -> np.ndarray:
    """Money questions: among the matches good enough to show (SHOWN share of the best), cases stating an
    amount of the asked kind lead; among the equally good ones (NEAR_TIE, and matching every asked topic the
    best match has) the biggest amount first ("who saved money on refuse routing?"). A case lacking one is
    not as good however close its score: "... save money by getting council tax and bin problems sorted
    online, with an LGA scheme?" put a bin case with a bigger saving before the council tax one. The rest
    keep their order behind them."""
    best = order[0]
    top = rank_score[best]
    shown = order[rank_score[order] >= shown_share * top]
    rest = order[rank_score[order] < shown_share * top]
    lacking = np.zeros(shown.size)
    for field, weight in asked:
        has = field[shown] >= 0
        lacking += weight * ((field[best] >= 0) & ~has) - weight * ((field[best] < 0) & has)
    apart = (rank_score[shown] < near_tie * top) | (lacking > 0)
    keys = (np.arange(shown.size), np.where(apart, 0.0, -amounts[shown]), apart, amounts[shown] <= 0)
    return np.concatenate([shown[np.lexsort(keys)], rest])


ORGANISATION_FIELDS = np.array([FIELDS.index("organisations"), FIELDS.index("name words")], dtype=np.int8)
"""Where a case names who did the work. Unlike named.NAMING_FIELDS, no title: "chatbots" matches the best
case's title too, and asks what was done, not who did it."""


def _names_only(units: list[Unit], fields: list[np.ndarray], best: int) -> bool:
    """The question only names an organisation ("Hammersmith and Fulham", "what has Derby done?"): every
    unit of it matched the best case's organisations. Which of its cases leads is then a matter of what
    they achieved, so the one with the biggest stated saving or income comes first."""
    return bool(units) and all(int(f[best]) in ORGANISATION_FIELDS for f in fields)


def _of_the_named(candidates: np.ndarray, fields: list[np.ndarray]) -> np.ndarray:
    """Of a question that only names an organisation, the candidates that are its cases (every unit in their
    organisations), not those that mention it ("funded by the LGA" in a council's tags): "what has the Local
    Government Association done?" is answered with what it did."""
    return candidates[np.all([np.isin(f[candidates], ORGANISATION_FIELDS) for f in fields], axis=0)]


def _weights(units: list[Unit], index: SearchIndex) -> tuple[list[float], list[bool]]:
    """Each unit's weight, and whether the base knows it (see _unit_weight)."""
    pairs = [_unit_weight(unit, index) for unit in units]
    return [w for w, _k in pairs], [k for _w, k in pairs]


def _bm25_scores(units: list[Unit], index: SearchIndex) -> tuple[np.ndarray, np.ndarray]:
    """BM25 of every case for the question's terms, over its text (what the confidence reads) and over its text
    and everyday words (what the ranking reads): each unit's own term, or its concept when no case's text
    uses the word itself (a synonym would otherwise count every mention of its whole group; "smart places"
    is only a theme's label, and its cases say "smart towns"), and a topic phrase's own words too, as BM25
    reads any text (a case that says them apart is about them). Never a relative a word was read as: BM25
    cannot discount it, and a near-domain question would score as if the case used the asker's word."""
    terms = list(dict.fromkeys(term for unit in units for term in _bm25_terms(unit, index)))
    if not terms:
        nothing = np.zeros(index.size)
        return nothing, nothing
    return index.bm25.both_scores(terms)


def _bm25_terms(unit: Unit, index: SearchIndex) -> tuple[str, ...]:
    """The unit's term BM25 reads (its own, or its concept where no case uses the word), and a topic phrase's
    own words (see _bm25_scores)."""
    own = unit.own_alternatives
    term = own[0][0] if index.bm25.knows(own[0][0]) or len(own) == 1 else own[1][0]
    return (term, *index.apart(unit))


def _unit_weight(unit: Unit, index: SearchIndex) -> tuple[float, bool]:
    """A unit's idf (its rarest known alternative's), and whether the knowledge base knows it at all; a unit
    it has never seen weighs the most, so it counts fully against any case. A word read as a relative the base
    uses (bridge.py) is still one the base has never seen: it weighs as much, and a case matching it through
    the relative covers only the relative's discounted share of it."""
    known = [w for term, _q in unit.own_alternatives if (w := index.idf.of(term)) is not None]
    return (max(known), True) if known else (index.unknown_idf, False)


def round4(x: float) -> float:
    """`x` to 4 decimals exactly as numpy rounds (scale, round half to even, scale back), so a Hit's score
    equals its HitList's; numpy's round of one of its scalars cost a tenth of a question's time."""
    return round(float(x) * 10000.0) / 10000.0


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
