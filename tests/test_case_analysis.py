"""Analysing all the cases at once (case_analysis) finds, for every case of the real base, what reading it
alone field by field finds: each field's terms as `term_list_of_words` reads its words, a term's best field
the heaviest it is in (the first of equals, in the order the index lists them), its spread the number of
fields it is in, its BM25 count every occurrence (title and organisations twice, everyday words not at all), its count in
the everyday words, and the case's words."""
from __future__ import annotations

import logging
import re
from collections import Counter

import numpy as np
import pytest

from bot.answers import answer
from bot.search.analyse import term_list_of_words
from bot.search.case_analysis import Numbering, _read, _sorted_with
from bot.search.index import (
    ANALYSED_APART_FROM,
    BAGGED_TWICE,
    FIELD_NUMBERS,
    FIELD_WEIGHTS,
    RANKED_ONLY,
    TEXT_FIELDS,
    organisation_names,
    outcome_kind_terms,
)
from bot.search.normalise import END, fold, indexed_words, words, words_of_texts
from bot.search.vocabulary import compile_vocabulary, expand_aliases


def read_alone(index, case) -> tuple[dict[str, tuple[str, int, int, int]], set[str], set[str]]:
    """term -> (best field, spread, BM25 count, count in everyday words), the words, the name words: one field
    at a time, in Python."""
    best: dict[str, str] = {}
    seen: dict[str, set[str]] = {}
    bag: Counter[str] = Counter()
    everyday: Counter[str] = Counter()
    said: set[str] = set()

    def found(terms, field):
        for term in terms:
            if term not in best or FIELD_WEIGHTS[field] > FIELD_WEIGHTS[best[term]]:
                best[term] = field
            seen.setdefault(term, set()).add(field)

    named = index._named(case)
    for field, text in zip(TEXT_FIELDS, index._texts(case, named)):
        tokens = indexed_words(text)
        said.update(tokens)
        listed = term_list_of_words(tokens, index.vocabulary)
        bag.update(listed * (2 if field in BAGGED_TWICE else 0 if field in RANKED_ONLY else 1))
        everyday.update(listed * (field in RANKED_ONLY))
        found(listed, field)
    for theme in case.themes:
        found(index._theme_terms.get(theme, ()), "themes")
    found(outcome_kind_terms(case), "outcome kinds")
    found(named.concepts, "organisations")
    terms = {term: (best[term], len(seen[term]), bag[term], everyday[term]) for term in best}
    return terms, said, {w for name in organisation_names(case) for w in words(name)}


def as_read(index, analysed) -> tuple[dict[str, tuple[str, int, int, int]], set[str], set[str]]:
    """The same, from what the index's analysis made (ids named again)."""
    names = {number: term for term, number in index.term_ids.items()}
    terms = {names[t]: (next(f for f, n in FIELD_NUMBERS.items() if n == field), spread, count, said)
             for t, field, spread, count, said in zip(analysed.terms.tolist(), analysed.fields.tolist(),
                                                         analysed.spreads.tolist(), analysed.bag_counts.tolist(),
                                                         analysed.everyday_counts.tolist())}
    assert len(terms) == len(analysed.terms), "a term listed twice"
    return terms, {index._words[w] for w in analysed.words.tolist()}, \
        {index._words[w] for w in analysed.name_words.tolist()}


@pytest.fixture(scope="module")
def analysed_together(snapshot):
    index = snapshot.index
    return index._analyse(list(snapshot.kb.cases), index._theme_terms)


def test_every_case_analysed_with_all_the_others_reads_as_it_does_alone_field_by_field(snapshot, analysed_together):
    index = snapshot.index
    checked = Counter()
    for case, analysed in zip(snapshot.kb.cases, analysed_together):
        expected = read_alone(index, case)
        assert as_read(index, analysed) == expected, case.id
        checked["phrases"] += sum(1 for term in expected[0] if term.startswith("~"))
        checked["aliased"] += any(expand_aliases(pairs, index.vocabulary) != pairs for pairs in (
            [(w, 1.0) for w in indexed_words(text)] for text in index._texts(case, index._named(case))))
        checked["spread"] += any(spread > 1 for _f, spread, *_counts in expected[0].values())
    assert checked["phrases"] > 1000 and checked["aliased"] > 5 and checked["spread"] > 100, checked


def test_a_case_analysed_alone_reads_as_it_does_with_all_the_others(snapshot, analysed_together):
    """What a reload patches in (its few changed cases, analysed on their own) is what a cold load builds."""
    index = snapshot.index
    for number in range(0, len(snapshot.kb.cases), 7):
        alone, = index._analyse([snapshot.kb.cases[number]], index._theme_terms)
        assert as_read(index, alone) == as_read(index, analysed_together[number])


def test_cases_analysed_in_batches_read_as_they_do_all_at_once(snapshot, analysed_together, monkeypatch):
    """A big base is analysed a batch at a time (to bound the build's peak memory): every case, at a batch's
    edge or inside one, reads as it does when all are analysed together, and none is lost or repeated."""
    import bot.search.index as index_module

    index = snapshot.index
    monkeypatch.setattr(index_module, "ANALYSED_AT_ONCE", 40)
    batched = index._analyse(list(snapshot.kb.cases), index._theme_terms)
    assert len(snapshot.kb.cases) > 3 * 40 and len(batched) == len(analysed_together)
    assert [as_read(index, a) for a in batched] == [as_read(index, a) for a in analysed_together]


def test_cases_shared_with_a_helper_process_read_as_each_alone(snapshot, caplog):
    """A large base's batches are shared out to a second process (see helper_process), each numbered for
    itself there and given the index's ids here: every case still reads as it does alone."""
    index = snapshot.index
    cases = list(snapshot.kb.cases) * (ANALYSED_APART_FROM // len(snapshot.kb.cases) + 1)
    with caplog.at_level(logging.DEBUG, logger="practice_bot.helper"):
        together = index._analyse(cases, index._theme_terms)
    batches, helped = (int(n) for n in re.fullmatch(r"analysing cases: (\d+) batches, the helper process (\d+), "
                                                    r"left over 0", caplog.messages[-1]).groups())
    assert 0 < helped < batches, caplog.messages
    for case, analysed in list(zip(cases, together))[::17]:
        assert as_read(index, analysed) == read_alone(index, case), case.id


def test_no_cases_make_no_analysis(snapshot):
    assert snapshot.index._analyse([], snapshot.index._theme_terms) == []


TEXTS = ["IT and Teams", "moved our phones to Teams", "the council's ", "council's", "Teams at the start",
         "e-learning and G-Cloud, a-bcd-efg", "", "Café naïve façade ’s", "IT", "bIT ITs Teamsters", "word ",
         "x-ray m-commerce-platform", "sites re-opened, re-use", "&co", "text with \x00 in it", "a\x00b"]


@pytest.mark.parametrize("texts", [TEXTS, TEXTS[:-2], TEXTS[:6], [], ["only-one"]])
def test_many_texts_read_at_once_read_as_each_alone(texts):
    """Reading texts at once (one fold and search over them joined) splits each into the words it has
    alone, in order, however a text begins or ends; a text holding the separator is read alone."""
    found, prefixed = words_of_texts(texts)
    alone: list[list[str]] = [[] for _ in texts]
    text = 0
    for word in found:
        if word == END:
            text += 1
        else:
            alone[text].append(word)
    assert text == len(texts)
    for number, word in prefixed:
        alone[number].append(word)
    assert alone == [indexed_words(t) for t in texts]


SHORT_FORMS = ["LBHF", "local", "local digital", "the local digital bid", "local local digital h and f", "h and g",
               "digital local", "h and f and h and f", "local", "digital fund", "a text ending local", "digital",
               "h and", "f", "lbhf lbhf local digital", "local digital fund"]
"""Short forms alone, at either end, twice in a row, after a false start, overlapping ("local digital" and
"digital fund": the first wins), and cut by the end of a text (a short form never joins two texts)."""


@pytest.mark.parametrize("texts", [SHORT_FORMS, SHORT_FORMS[::-1], SHORT_FORMS[:1], ["no short form here"]])
def test_short_forms_read_at_once_read_as_each_text_alone(texts):
    vocabulary = compile_vocabulary((("local digital fund", "ldf"), ("savings", "saved")),
                                    {"lbhf": "hammersmith and fulham", "h and f": "hammersmith and fulham",
                                     "local digital": "local digital fund", "digital fund": "local digital fund"})
    terms, tokens = Numbering(), Numbering()
    tokens.numbers([END])
    read = _read(texts, vocabulary, terms, tokens)
    named = {number: term for term, number in terms.items()}
    starts = read.term_starts.tolist()
    for n, text in enumerate(texts):
        found = {named[t]: c for t, c in zip(read.terms[starts[n]:starts[n + 1]].tolist(),
                                            read.counts[starts[n]:starts[n + 1]].tolist())}
        assert found == Counter(term_list_of_words(indexed_words(text), vocabulary)), text


def test_folding_reads_it_teams_and_accents_as_before():
    assert fold("IT, bIT, ITs and IT") == "ict, bit, its and ict"
    assert fold("to Teams. Teams") == "to microsoft teams. teams"
    assert fold("Teamsters Teams") == "teamsters microsoft teams"
    assert fold("Café naïve façade’s x") == "cafe naive facade x"
    assert indexed_words("e-learning, a-bcd-efg and x-ray") == [
        "e", "learning", "a", "bcd", "efg", "and", "x", "ray", "e-learning", "a-bcd", "x-ray"]


def test_a_word_written_with_re_and_a_hyphen_is_also_the_word_closed_up(snapshot):
    """A case saying the tips "re-opened" answers a question about when they "reopened" (as most write it),
    and still one about them opening; "pre-opened" and "are-you" are no such word."""
    assert indexed_words("tips re-opened, pre-opened, are-you") == [
        "tips", "re", "opened", "pre", "opened", "are", "you", "reopened"]
    got = answer("which council kept booking slots at the tips when they reopened after lockdown?", snapshot).results
    assert got and got[0].case.id == "kent-hwrc-booking-system"


@pytest.mark.parametrize("largest_key", [1_000, 2 ** 40, 2 ** 62])
def test_entries_sort_by_key_carrying_their_values_packed_or_not(largest_key):
    """Keys and values packed into one integer when they fit in 63 bits (the first two sizes), sorted by an
    argsort otherwise: either way each value stays with its key."""
    rng = np.random.default_rng(5)
    keys = rng.integers(0, largest_key, 5_000, dtype=np.int64)
    keys[:100] = keys[100:200]  # some keys twice
    values = rng.integers(0, 70_000, 5_000, dtype=np.int64)
    ordered, carried = _sorted_with(keys, values)
    assert ordered.tolist() == sorted(keys.tolist())
    assert sorted(zip(ordered.tolist(), carried.tolist())) == sorted(zip(keys.tolist(), values.tolist()))
    assert [len(a) for a in _sorted_with(keys[:0], values[:0])] == [0, 0]
