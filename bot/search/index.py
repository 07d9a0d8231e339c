"""The search index of one knowledge base, built once at load time so questions only look things up.

For every term (stem or concept) it keeps the cases that contain it and the weight of the best field it
appears in: a word in a case's title or organisations says more about the case than one in its summary.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..knowledge.base import KnowledgeBase
from ..knowledge.schema import CaseStudy
from .analyse import document_terms
from .normalise import words
from .vocabulary import CONCEPT_PREFIX, Vocabulary, compile_vocabulary

FIELD_WEIGHTS = {
    "title": 1.0,
    "organisations": 1.0,
    "outcome kinds": 1.0,
    "tags": 0.9,
    "regions": 0.9,
    "technologies": 0.8,
    "outcomes": 0.8,
    "summary": 0.7,
    "themes": 0.6,
}
"""How much a term found in each field counts, relative to a term in the title."""

FUZZY_CUTOFF = 84
"""Minimum rapidfuzz ratio for correcting a misspelt word: one slip in a seven-letter word ("rooting" ->
"routing" is 86) passes, two ("selling" -> "stealing") do not."""


def outcome_kind_terms(case: CaseStudy) -> set[str]:
    """Concepts from typed outcomes with a stated figure: a case with a £ saving answers "who saved money".

    They share names with the vocabulary's groups ("~saving" is the group that starts with "saving").
    """
    return {CONCEPT_PREFIX + o.kind for o in case.outcomes if o.amount and o.kind != "other"}


SPREAD_BONUS = 0.03
"""Extra credit per further field a term appears in: a case that is about the word, not just mentions it,
wins ties ("portal" in the title and the summary beats "portal" only in the summary)."""


@dataclass(frozen=True)
class Posting:
    case: int
    weight: float
    """The best field's weight, with the spread bonus added."""
    field: str


class SearchIndex:
    """Inverted index with field weights and a fuzzy corrector over the knowledge base's own words."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.vocabulary: Vocabulary = compile_vocabulary(kb.synonyms, kb.aliases)
        postings: dict[str, list[Posting]] = defaultdict(list)
        surface: set[str] = set(self.vocabulary.surface_words)
        for number, case in enumerate(kb.cases):
            texts = list(self._fields(case))
            surface.update(words(" ".join(text for _field, text in texts)))
            found: dict[str, list[str]] = defaultdict(list)
            for field, text in texts:
                for term in document_terms(text, self.vocabulary):
                    found[term].append(field)
            for term in outcome_kind_terms(case):
                found[term].append("outcome kinds")
            for term, fields in found.items():
                best = max(fields, key=FIELD_WEIGHTS.__getitem__)
                spread = len(set(fields)) - 1
                postings[term].append(Posting(number, FIELD_WEIGHTS[best] * (1 + SPREAD_BONUS * spread), best))
        self.postings: dict[str, tuple[Posting, ...]] = {t: tuple(p) for t, p in postings.items()}
        total = max(len(kb.cases), 1)
        self.idf = {t: _idf(len(p), total) for t, p in self.postings.items()}
        self.unknown_idf = _idf(0, total)
        self._surface = surface
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for word in surface:
            self._by_length[len(word)].append(word)
        self.correct = lru_cache(maxsize=16384)(self._correct)

    def _fields(self, case: CaseStudy):
        yield "title", case.title
        yield "organisations", " ".join(case.organisations)
        yield "regions", " ".join(case.regions)
        yield "tags", " ".join(case.tags)
        yield "technologies", " ".join(t.replace("-", " ") for t in case.technologies)
        yield "summary", case.summary
        yield "outcomes", " ".join(f"{o.amount or ''} {o.text}" for o in case.outcomes)
        for theme_id in case.themes:
            theme = self.kb.theme(theme_id)
            if theme:
                yield "themes", " ".join((theme.label, *theme.words))

    def _correct(self, word: str) -> tuple[str, float] | None:
        """The known word closest to an unknown one, or None; known words come back unchanged."""
        if word in self._surface:
            return word, 1.0
        candidates = [w for size in range(len(word) - 2, len(word) + 3) for w in self._by_length.get(size, ())]
        found = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if found is None:
            return None
        return found[0], found[1] / 100.0


def _idf(df: int, total: int) -> float:
    """BM25's idf: rare terms tell cases apart, terms in most cases hardly do."""
    return math.log(1.0 + (total - df + 0.5) / (df + 0.5))
