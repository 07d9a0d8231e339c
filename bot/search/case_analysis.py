"""Analysing many case studies at once: each distinct field text, and each distinct word, once per batch (the
index analyses a base 250 cases at a time, which bounds a build's peak memory, and a large base's batches
are shared with a helper process: SearchIndex._analyse).

A cold load analyses every field of every case: some 45,000 texts and a million and a half words at 10,000
cases. A case at a time, with Python loops over each field's terms, that was half the load. Here the texts
are split into words once, the words numbered with one dict, and what a word gives (its stem, whether it
is a stop word, whether a vocabulary phrase may start at it) is worked out once per distinct word and
spread to every occurrence by numpy indexing. Only the places where a phrase of several words may start,
and the places where a short form may start, take a Python step each. Every case's terms, with their best
field, spread and BM25 count, then come from one sort of the batch's (case, term, field) entries. A batch
is numbered for itself first (`analysed_apart`), then with the index's ids (`numbered`), batch after batch
in order: what a helper process analysed is numbered here as if this process had.

A reload's few changed cases go through the same steps, so what it patches into the tables is what a cold
load would have built.
"""
from __future__ import annotations

import pickle
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, count
from typing import IO, Any

import numpy as np

from ..helper_process import ResultPickler
from .analyse import longest_phrase, phrase_term
from .case_terms import CaseTerms
from .normalise import END, STOP_WORDS, stem, words_of_texts
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Slots:
    """What each case gives, in the order a term's best field is decided: its texts, each in a field (and
    how often BM25 counts the text's terms), then sets of terms given whole, each in a field (a theme's, an
    outcome's kind: in no bag). A term's best field is the heaviest of those it is in, the first of equals."""

    text_fields: tuple[int, ...]
    text_bag: tuple[int, ...]
    text_everyday: tuple[bool, ...]
    """Which texts are everyday words, which only the ranking's BM25 counts (see index.RANKED_ONLY)."""
    given_fields: tuple[int, ...]
    weights: tuple[float, ...]
    """Per field number, its weight."""

    def priorities(self) -> np.ndarray:
        """Per slot (texts, then given sets), its place in the order that picks a best field."""
        fields = self.text_fields + self.given_fields
        ranked = sorted(range(len(fields)), key=lambda slot: (-self.weights[fields[slot]], slot))
        places = np.empty(len(fields), dtype=np.int64)
        places[ranked] = np.arange(len(fields))
        return places


class Numbering(defaultdict[str, int]):
    """String -> its number, a new string taking the next (looked up through C-level maps, no Python step)."""

    def __init__(self) -> None:
        super().__init__(count().__next__)

    def numbers(self, strings: Iterable[str]) -> np.ndarray:
        return np.fromiter(map(self.__getitem__, strings), dtype=np.int64)


@dataclass(frozen=True)
class Apart:
    """A batch's analysis with its terms and words numbered for the batch alone: what depends on nothing
    but the batch and the vocabulary, so another process can make it (see helper_process). `numbered`
    then gives them the index's ids, batch after batch in order, as one process would have."""

    cases: int
    terms: list[str]
    """Each term by its number in the batch."""
    tokens: list[str]
    """Each word by its number in the batch."""
    grouped: _Grouped
    used: tuple[np.ndarray, np.ndarray]
    """(case, word) for each word a case's texts use."""
    name_tokens: np.ndarray
    name_sizes: np.ndarray


Batch = tuple[Sequence[Sequence[str]], Sequence[Sequence[Collection[str]]], Sequence[Iterable[str]]]
"""A batch of cases: each one's texts (laid out as `Slots` says), its given term sets, its organisations' name
words."""


class Analysing:
    """Analysing batches apart, in whichever process (see helper_process): results pickled plainly."""

    def __init__(self, slots: Slots, vocabulary: Vocabulary):
        self.slots = slots
        self.vocabulary = vocabulary

    def work(self, batch: Batch) -> Apart:
        return analysed_apart(*batch, self.slots, self.vocabulary)

    def result_pickler(self, file: IO[bytes]) -> ResultPickler:
        return ResultPickler(file, protocol=pickle.HIGHEST_PROTOCOL)

    def result_unpickler(self, file: Any, sent: dict[int, Batch]) -> pickle.Unpickler:
        return pickle.Unpickler(file)


def analysed_apart(texts: Sequence[Sequence[str]], given: Sequence[Sequence[Collection[str]]],
                   name_words: Sequence[Iterable[str]], slots: Slots, vocabulary: Vocabulary) -> Apart:
    """The cases' analysis from their `texts` and `given` term sets (laid out as `slots` says) and the words
    of their organisations' names, numbered for the batch alone."""
    cases = len(texts)
    text_numbers = Numbering()
    text_of_slot = text_numbers.numbers(chain.from_iterable(texts)).reshape(cases, len(slots.text_fields))
    terms = Numbering()
    tokens = Numbering()
    tokens.numbers([END])  # numbered first, as no word of any case (see _words)
    read = _read(list(text_numbers), vocabulary, terms, tokens)
    entries = [_text_entries(read, text_of_slot, slots)]
    for number in range(len(slots.given_fields)):
        listed = [per_case[number] for per_case in given]  # a term twice is one entry twice: as good as once
        sizes = np.fromiter(map(len, listed), dtype=np.int64, count=cases)
        entries.append((np.repeat(np.arange(cases), sizes), terms.numbers(chain.from_iterable(listed)),
                        np.full(int(sizes.sum()), len(slots.text_fields) + number), np.zeros(int(sizes.sum()), np.int64),
                        np.zeros(int(sizes.sum()), np.int64)))
    case, term, slot, bag, everyday = (np.concatenate(parts) for parts in zip(*entries))
    grouped = _grouped(case, term, slot, bag, everyday, len(terms), slots)
    named = [set(per_case) for per_case in name_words]
    name_sizes = np.fromiter(map(len, named), dtype=np.int64, count=cases)
    name_tokens = tokens.numbers(chain.from_iterable(named))
    used = _case_words(read, text_of_slot, len(tokens))
    return Apart(cases, list(terms), list(tokens), grouped, used, name_tokens, name_sizes)


def numbered(apart: Apart, term_ids: dict[str, int], word_ids: dict[str, int], words: list[str]) -> list[CaseTerms]:
    """Each case's CaseTerms, with the index's ids: a new term or word takes the next."""
    grouped, used, name_tokens, cases = apart.grouped, apart.used, apart.name_tokens, apart.cases
    global_terms = _renumbered(apart.terms, _distinct(grouped.terms), term_ids)
    global_words = _renumbered(apart.tokens, _distinct(np.concatenate((used[1], name_tokens))), word_ids, words)
    term_bounds = _starts(grouped.cases, cases).tolist()
    word_bounds = _starts(used[0], cases).tolist()
    name_bounds = [0, *np.cumsum(apart.name_sizes).tolist()]
    case_words, named_ids = global_words[used[1]].astype(np.int32), global_words[name_tokens].astype(np.int32)
    case_terms = global_terms[grouped.terms].astype(np.int32)
    return [CaseTerms(words=case_words[word_bounds[n]:word_bounds[n + 1]],
                      name_words=named_ids[name_bounds[n]:name_bounds[n + 1]],
                      terms=case_terms[term_bounds[n]:term_bounds[n + 1]],
                      spreads=grouped.spreads[term_bounds[n]:term_bounds[n + 1]],
                      fields=grouped.fields[term_bounds[n]:term_bounds[n + 1]],
                      bag_counts=grouped.bag_counts[term_bounds[n]:term_bounds[n + 1]],
                      everyday_counts=grouped.everyday_counts[term_bounds[n]:term_bounds[n + 1]]) for n in range(cases)]


@dataclass(frozen=True)
class _Read:
    """The distinct texts read: every (text, term) with its count, and every (text, word), each sorted by
    text, as the runs of each text (starting where `term_starts` and `word_starts` say)."""

    terms: np.ndarray
    counts: np.ndarray
    term_starts: np.ndarray
    word_starts: np.ndarray
    words: np.ndarray


def _read(texts: list[str], vocabulary: Vocabulary, terms: Numbering, tokens: Numbering) -> _Read:
    """The words and terms of each text, as `term_list_of_words` finds them (every occurrence)."""
    every, every_text = _words(texts, tokens)
    spread = max(len(tokens), 1)
    seen = _distinct(every_text * spread + every)
    """The distinct words of each text as written (a short form as itself: "LBHF" is a word it uses)."""
    every, every_text = _expanded(every, every_text, vocabulary, tokens)
    distinct = list(tokens)
    stems = list(map(stem, distinct))
    stem_of = terms.numbers(stems)
    unstopped = ~np.fromiter(map(STOP_WORDS.__contains__, distinct), dtype=bool, count=len(distinct))[every]
    phrase_texts, phrase_terms = _phrase_terms(every, every_text, distinct, stems, stem_of, vocabulary, terms)
    numbered = len(terms)  # every term read is numbered by now
    pairs, counts = np.unique(np.concatenate((every_text[unstopped], phrase_texts)) * numbered
                              + np.concatenate((stem_of[every[unstopped]], phrase_terms)), return_counts=True)
    term_texts = pairs // numbered
    return _Read(pairs % numbered, counts, _starts(term_texts, len(texts)),
                 _starts(seen // spread, len(texts)), seen % spread)


def _expanded(every: np.ndarray, every_text: np.ndarray, vocabulary: Vocabulary,
              tokens: Numbering) -> tuple[np.ndarray, np.ndarray]:
    """The words of the texts with each short form ("LBHF", "local digital") replaced by the words it stands
    for, as `expand_aliases` replaces them (left to right, the longest first), so that every text is then
    read alike, all at once. Only the places where a short form can start are looked at: reading the texts
    with one word by word was a sixth of analysing 100,000 cases ("local digital" is in a fifth of them)."""
    aliases, longest = vocabulary.aliases, vocabulary.longest_alias
    if not aliases:
        return every, every_text
    words = list(tokens)
    opens = np.fromiter(map(vocabulary.alias_starts.__contains__, words), dtype=bool, count=len(words))
    pieces, piece_texts, done = [], [], 0
    for start in np.flatnonzero(opens[every]).tolist():
        if start < done:
            continue  # within the short form just replaced
        window = every[start:start + longest].tolist()
        same_text = every_text[start:start + longest].tolist().count(int(every_text[start]))
        for size in range(min(longest, same_text), 0, -1):
            full = aliases.get(tuple(map(words.__getitem__, window[:size])))
            if full:
                read = tokens.numbers(full)
                pieces += [every[done:start], read]
                piece_texts += [every_text[done:start], np.full(len(read), every_text[start], dtype=np.int64)]
                done = start + size
                break
    if not pieces:
        return every, every_text
    return np.concatenate([*pieces, every[done:]]), np.concatenate([*piece_texts, every_text[done:]])


def _words(texts: list[str], tokens: Numbering) -> tuple[np.ndarray, np.ndarray]:
    """Every word of the texts (numbered by `tokens`) and the number of its text, in order, as
    `indexed_words` reads each text: its words, then its prefixed words whole."""
    found, prefixed = words_of_texts(texts)
    every = tokens.numbers(found)
    ends = every == tokens[END]
    every_text = (np.cumsum(ends) - ends)[~ends]
    every = every[~ends]
    if not prefixed:
        return every, every_text
    whole = tokens.numbers(word for _text, word in prefixed)
    whole_text = np.fromiter((text for text, _word in prefixed), dtype=np.int64, count=len(prefixed))
    places = np.arange(len(prefixed)) + np.searchsorted(every_text, whole_text, side="right")
    """Where each prefixed word goes: after its text's other words (and the prefixed words before it). Both
    runs are in text order already: merged so, not sorted again (a stable sort of 12 million words was a
    tenth of analysing 100,000 cases)."""
    merged, merged_text = np.empty(len(every) + len(whole), dtype=np.int64), np.empty(len(every) + len(whole), dtype=np.int64)
    others = np.ones(len(merged), dtype=bool)
    others[places] = False
    merged[places], merged_text[places] = whole, whole_text
    merged[others], merged_text[others] = every, every_text
    return merged, merged_text


def _phrase_terms(flat: np.ndarray, text_of: np.ndarray, distinct: list[str], stems: list[str],
                  stem_of: np.ndarray, vocabulary: Vocabulary, terms: Numbering) -> tuple[np.ndarray, np.ndarray]:
    """(text, term) for each vocabulary phrase found, longest first and not overlapping, as `_phrases` finds
    them: its concept and, for a phrase of several words, its exact phrase term. A word that can only start
    a phrase of itself gives its concept by look-up; the places where a longer phrase can start (a pair of
    stems that opens one) are looked at one by one, and cover the words of what they find."""
    openings, phrases, worded = vocabulary.phrase_openings, vocabulary.phrases, vocabulary.worded
    single = np.array([terms[phrases[(s,)]] if s in openings and ((s,) not in worded or (w,) in worded[(s,)])
                       else -1 for w, s in zip(distinct, stems)], dtype=np.int64)
    """Per distinct word, the concept its stem opens as a phrase of one word, as written; -1 for none."""
    numbered = len(terms)
    pairs = [o for o in openings if isinstance(o, tuple) and o[0] in terms and o[1] in terms]
    codes = np.array([terms[a] * numbered + terms[b] for a, b in pairs], dtype=np.int64)
    fixed = [(terms[phrases[pair]], terms[phrase_term(list(pair))]) if pair in phrases and pair not in worded
             and pair not in vocabulary.phrase_prefixes else None for pair in pairs]
    """Per pair that opens a phrase, the concept and phrase term it gives when it is a whole phrase that
    begins no longer one and counts however written (most of them): no look-up of longer phrases."""
    step = stem_of[flat]
    opening = np.zeros(numbered, dtype=bool)
    opening[codes // numbered] = True
    maybe = np.flatnonzero(opening[step[:-1]] & (text_of[1:] == text_of[:-1]))
    """The places whose stem begins some such pair (a few in ten) with a next word in the same text."""
    following = step[maybe] * numbered + step[maybe + 1]
    starts = maybe[np.isin(following, codes)]
    pair_of = np.argsort(codes)[np.searchsorted(np.sort(codes), step[starts] * numbered + step[starts + 1])].tolist()
    found_at: list[int] = []
    found: list[int] = []
    covered = np.zeros(len(flat), dtype=bool)
    if len(starts):
        stem_list, token_list = list(map(stems.__getitem__, flat.tolist())), list(map(distinct.__getitem__, flat.tolist()))
        ends = _starts(text_of, int(text_of[-1]) + 1)[1:]
        after = 0
        for start, pair in zip(starts.tolist(), pair_of):
            if start < after:
                continue  # inside the phrase just found
            whole = fixed[pair]
            if whole is not None:
                found_at += (start, start)
                found += whole
                covered[start + 1] = True
                after = start + 2
                continue
            longest = longest_phrase(stem_list, token_list, start, int(ends[text_of[start]]), vocabulary)
            if longest is not None:
                size, concept = longest
                found_at.append(start)
                found.append(terms[concept])
                if size > 1:
                    found_at.append(start)
                    found.append(terms[phrase_term(stem_list[start:start + size])])
                    covered[start + 1:start + size] = True
                after = start + size
        covered[starts] = True  # looked at already, whatever was found
    alone = np.flatnonzero(~covered & (single[flat] >= 0))
    at = np.concatenate((np.array(found_at, dtype=np.int64), alone))
    return text_of[at], np.concatenate((np.array(found, dtype=np.int64), single[flat[alone]]))


def _text_entries(read: _Read, text_of_slot: np.ndarray, slots: Slots):
    """(case, term, slot, BM25 count, count in everyday words) for every term of every case's texts."""
    slot_texts = text_of_slot.reshape(-1)
    sizes = read.term_starts[slot_texts + 1] - read.term_starts[slot_texts]
    rows = _ranges(read.term_starts[slot_texts], sizes)
    slot_of = np.tile(np.arange(text_of_slot.shape[1]), text_of_slot.shape[0])
    case_of = np.repeat(np.arange(text_of_slot.shape[0]), text_of_slot.shape[1])
    counts = read.counts[rows]
    return (np.repeat(case_of, sizes), read.terms[rows], np.repeat(slot_of, sizes),
            *(counts * np.repeat(np.array(bag, dtype=np.int64)[slot_of], sizes)
              for bag in (slots.text_bag, slots.text_everyday)))


@dataclass(frozen=True)
class _Grouped:
    """Per (case, term), sorted by case: the term's (local) number, best field, spread, BM25 count and count
    in the case's everyday words."""

    cases: np.ndarray
    terms: np.ndarray
    fields: np.ndarray
    spreads: np.ndarray
    bag_counts: np.ndarray
    everyday_counts: np.ndarray


def _grouped(case: np.ndarray, term: np.ndarray, slot: np.ndarray, bag: np.ndarray, everyday: np.ndarray,
             terms: int, slots: Slots) -> _Grouped:
    """Per (case, term), from its entries (each in a slot, with its BM25 count and count in everyday words):
    the best field, the number of fields, the sums of the counts. The two counts travel through the sort as
    one number, the everyday count in the low bits: as wide as a whole case's, no sum of one term's can carry
    into the BM25 count (two values apart cost an argsort and two gathers, a tenth of a cold load)."""
    priorities = slots.priorities()
    slot_of_place = np.argsort(priorities)
    field_of_slot = np.array(slots.text_fields + slots.given_fields, dtype=np.int64)
    keys = (case * terms + term) * len(priorities) + priorities[slot]
    width = int(np.bincount(case, weights=everyday).max(initial=0)).bit_length() if len(case) else 0
    keys, packed = _sorted_with(keys, (bag << width) | everyday)
    group = keys // len(priorities)
    first = np.flatnonzero(np.concatenate(([True], group[1:] != group[:-1]))) if len(group) else np.zeros(0, np.int64)
    field = field_of_slot[slot_of_place[keys % len(priorities)]]
    bits = np.bitwise_or.reduceat(np.left_shift(1, field), first) if len(first) else np.zeros(0, np.int64)
    sums = np.add.reduceat(packed, first) if len(first) else np.zeros(0, np.int64)
    counts = sums >> width
    return _Grouped(group[first] // terms, group[first] % terms, field[first].astype(np.int8),
                    np.bitwise_count(bits).astype(np.int8), counts.astype(np.int32),
                    (sums & ((1 << width) - 1)).astype(np.int32))


def _sorted_with(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`keys` ascending, and `values` (none negative) in the same order. Packed into one integer per entry
    when both fit in 63 bits, and sorted so (an argsort of 20 million entries and the gathers after it
    took three times as long at 100,000 cases); otherwise by an argsort."""
    if not len(keys):
        return keys, values
    width = int(values.max()).bit_length()
    if int(keys.max()).bit_length() + width <= 63:
        packed = np.sort((keys << width) | values)
        return packed >> width, packed & ((1 << width) - 1)
    order = np.argsort(keys)
    return keys[order], values[order]


def _case_words(read: _Read, text_of_slot: np.ndarray, tokens: int) -> tuple[np.ndarray, np.ndarray]:
    """(case, word) for each distinct word of each case's texts, sorted by case."""
    slot_texts = text_of_slot.reshape(-1)
    sizes = read.word_starts[slot_texts + 1] - read.word_starts[slot_texts]
    words = read.words[_ranges(read.word_starts[slot_texts], sizes)]
    case_of = np.repeat(np.repeat(np.arange(text_of_slot.shape[0]), text_of_slot.shape[1]), sizes)
    pairs = _distinct(case_of * max(tokens, 1) + words)
    return pairs // max(tokens, 1), pairs % max(tokens, 1)


def _renumbered(strings: list[str], used: np.ndarray, ids: dict[str, int], names: list[str] | None = None) -> np.ndarray:
    """Per local number, the string's id in `ids` (a new string the next; `names`, if given, lists the
    strings by id), for the local numbers `used`; -1 for the others."""
    out = np.full(len(strings), -1, dtype=np.int64)
    found = []
    for number in used.tolist():
        string = strings[number]
        known = ids.get(string)
        if known is None:
            known = ids[string] = len(ids)
            if names is not None:
                names.append(string)
        found.append(known)
    out[used] = found
    return out


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending: by one sort (numpy's own `unique` of integers, without counts, took a
    hundred times as long, hashing them)."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


def _starts(sorted_keys: np.ndarray, size: int) -> np.ndarray:
    """Where each key 0..size-1's run starts in `sorted_keys`, and its end."""
    return np.searchsorted(sorted_keys, np.arange(size + 1))


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The concatenation of range(start, start + size) for each pair."""
    total = int(sizes.sum())
    ends = np.cumsum(sizes)
    return np.arange(total) - np.repeat(ends - sizes, sizes) + np.repeat(starts, sizes)
