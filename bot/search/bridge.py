"""Reading a question word the knowledge base never uses as the WordNet relatives it does use.

"scam" is in no case, "fraud" is; "pretending" in none, "simulation" in some. A unit of the question whose
every term is unknown to the index is given, besides its own stem, the terms of its nearest WordNet
relatives that the index knows, each counting less than the word itself and the more so the further the
relative: the same sense first, then a derived form, then one step broader or narrower, and a rarer sense
less than the commonest. A relative as common as the base's generic words ("system", "service", "data")
bridges nothing: it would tie the question to cases about anything. The relatives only rank the cases:
the unit still weighs as a word the base lacks, BM25 never sees them, and in the coverage the decision to
answer reads, a case that has a word only as its relative lacks it (rank.py): a near-domain question is
declined as before.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .analyse import Unit, phrase_term
from .normalise import is_stop_word, stem, words
from .thesaurus import BROADER, DERIVED, NARROWER, SYNONYM, THESAURUS, Thesaurus

if TYPE_CHECKING:
    from .index import SearchIndex

KIND_QUALITY = {SYNONYM: 0.7, DERIVED: 0.6, BROADER: 0.5, NARROWER: 0.5}
"""How much a match through each kind of relative counts against the word itself (tuned on
tests/data/questions-tune.yaml)."""
SENSE_DECAY = 0.85
"""Each rarer sense of the asked word counts this much of the one before."""
MIN_IDF = 2.0
"""A relative found in more than about one case in eight (idf below this) is too generic to bridge."""
MOST = 4
"""Relatives kept per word: the best few are what it most likely means; more only adds noise and cost."""


def bridged(unit: Unit, index: SearchIndex, asked: frozenset[str] = frozenset(),
            thesaurus: Thesaurus = THESAURUS) -> Unit:
    """`unit` with its relatives' terms as further alternatives, when the base knows none of its terms;
    otherwise `unit` itself (a word the base uses is never read as another). A relative the question asks
    in words of its own (`asked`: the terms of its other units) is no reading of this word: after "council
    tax bills", "phone menu" is not a second "bill" (WordNet's bill of fare), which would count the bills
    twice for the case that has them."""
    if unit.corrected or any(index.idf.of(term) is not None for term, _q in unit.alternatives) \
            or not unit.text.replace(" ", "").isalpha():
        return unit
    quality = min(q for _t, q in unit.alternatives)
    found: dict[str, tuple[float, str]] = {}
    for relative in thesaurus.relatives(unit.text):
        term = _term(relative.lemma, index)
        if term is None or term in found or term in asked or term not in index.term_ids \
                or (index.idf.of(term) or 0.0) < MIN_IDF:
            continue  # most relatives are no term of the base: the dictionary says so soonest
        found[term] = (quality * KIND_QUALITY[relative.kind] * SENSE_DECAY ** relative.sense, relative.lemma)
        if len(found) == MOST:
            break
    if not found:
        return unit
    return replace(unit, alternatives=unit.alternatives + tuple((t, q) for t, (q, _w) in found.items()),
                   read_as=tuple((t, w) for t, (_q, w) in found.items()))


def _term(lemma: str, index: SearchIndex) -> str | None:
    """The index's term for a relative: a word's stem, or for a collocation ("electoral roll") the concept
    of the vocabulary's phrase for it, else its phrase term; None for a stop word or a number."""
    if lemma.isalpha():  # most relatives: one plain word, no folding needed
        return None if is_stop_word(lemma) else stem(lemma)
    said = words(lemma)
    if not all(map(str.isalpha, said)):
        return None  # a number ("2" of "pair") is no everyday word for anything
    if len(said) == 1:
        return None if is_stop_word(said[0]) else stem(said[0])
    stems = tuple(map(stem, said))
    return index.vocabulary.phrases.get(stems) or phrase_term(list(stems))
