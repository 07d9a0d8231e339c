"""Every table a reload patches (postings, BM25, rows of facts and labels, the words correction knows) holds
exactly what the same table built from nothing holds, whichever cases were kept, dropped, changed or added,
wherever they land. Hand-made, randomly edited bases of a few cases: quick enough to try many edits (the
same promise on real case files is tests/test_index_patching.py)."""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.schema import CaseStudy, Council, Money, Outcome, Resolved
from bot.search.amounts import OutcomeAmounts
from bot.search.bm25 import Bm25
from bot.search.case_rows import CaseLabels, CaseRows
from bot.search.peers import CouncilRows
from bot.search.postings import ENTRIES_PER_SPLICED_CHANGE, IdfTable, PostingsTable, Renumbering
from bot.search.used_words import UsedWords

WORDS = [f"{stem}{n}" for n in range(4) for stem in ("refuse", "telecare", "drone", "parking", "chatbot", "housing")]


@dataclass
class Case:
    """What the tables read of one case: its terms (ids into WORDS, each once), counts, weights, fields and
    labels."""

    terms: np.ndarray
    counts: np.ndarray
    weights: np.ndarray
    fields: np.ndarray
    labels: list[str]


def made_case(rng: random.Random, vocabulary: int) -> Case:
    size = rng.choice((0, 1, 2, 5, 9))
    terms = np.array(rng.sample(range(vocabulary), min(size, vocabulary)), dtype=np.int32)
    return Case(terms, np.array([rng.randint(0, 3) for _ in terms], dtype=np.int32),
                np.array([rng.choice((0.5, 0.7, 1.0)) for _ in terms]),
                np.array([rng.randrange(8) for _ in terms], dtype=np.int8),
                rng.sample(["Wales", "Scotland", "London", "North West"], rng.randint(0, 2)))


@dataclass
class Edit:
    before: list[Case]
    after: list[Case]
    renumbering: Renumbering
    dropped: list[Case]
    """The cases gone or changed, as they were."""


def edited(seed: int) -> Edit:
    """A base of cases, then the same base after a reload: some cases kept in their order, some dropped,
    some changed (analysed again, so added), new ones anywhere; later cases use words not numbered before."""
    rng = random.Random(seed)
    return edit_of(rng, [made_case(rng, len(WORDS) // 2) for _ in range(rng.randint(1, 9))])


def edit_of(rng: random.Random, before: list[Case]) -> Edit:
    """`before` after one reload's random edits (see `edited`)."""
    after: list[Case] = []
    moved = np.full(len(before), -1, dtype=np.int32)
    added, dropped = [], []
    for number, case in enumerate(before):
        while rng.random() < 0.3:
            added.append(len(after))
            after.append(made_case(rng, len(WORDS)))
        fate = rng.choice(("kept", "kept", "dropped", "changed"))
        if fate == "kept":
            moved[number] = len(after)
            after.append(case)
        else:
            dropped.append(case)
        if fate == "changed":
            added.append(len(after))
            after.append(made_case(rng, len(WORDS)))
    if rng.random() < 0.5 or not after:
        added.append(len(after))
        after.append(made_case(rng, len(WORDS)))
    return Edit(before, after, Renumbering(moved, added, len(after)), dropped)


SEEDS = range(40)


def edited_with_a_move(seed: int) -> Edit:
    """As `edited`, then one kept case moved past others (a case from the database exported to a file)."""
    edit = edited(seed)
    kept = np.flatnonzero(edit.renumbering.moved >= 0)
    if len(kept) < 2:
        return edit
    rng = random.Random(seed)
    old = int(kept[rng.randrange(len(kept))])
    case = edit.after.pop(int(edit.renumbering.moved[old]))
    to = rng.randrange(len(edit.after) + 1)
    edit.after.insert(to, case)
    order = [n for n in range(len(edit.after) + 1) if n != int(edit.renumbering.moved[old])]
    order.insert(to, int(edit.renumbering.moved[old]))
    now = {was: n for n, was in enumerate(order)}
    """Each case's number before the move -> its number after."""
    moved = np.array([now[n] if n >= 0 else -1 for n in edit.renumbering.moved.tolist()], dtype=np.int32)
    in_order = bool(np.all(np.diff(moved[moved >= 0]) > 0))
    return Edit(edit.before, edit.after, Renumbering(moved, sorted(now[n] for n in edit.renumbering.added),
                                                     len(edit.after), in_order), edit.dropped)


def edited_in_place(seed: int) -> Edit:
    """A large base with one or two cases edited in place, and maybe one added last: the usual reload, with
    few enough changes for the tables to be patched by splicing (postings.ENTRIES_PER_SPLICED_CHANGE)."""
    rng = random.Random(seed)
    before = [made_case(rng, len(WORDS) // 2) for _ in range(10_000)]
    after = list(before)
    changed = sorted(rng.sample(range(len(before)), rng.randint(1, 2)))
    for number in changed:
        after[number] = made_case(rng, len(WORDS))
    moved = np.arange(len(before), dtype=np.int32)
    moved[changed] = -1
    if rng.random() < 0.5:
        after.append(made_case(rng, len(WORDS)))
    edit = Edit(before, after, Renumbering(moved, [*changed, *range(len(before), len(after))], len(after)),
                [before[number] for number in changed])
    changes = sum(len(case.terms) for case in (*edit.dropped, *new_ones(edit)))
    assert changes * ENTRIES_PER_SPLICED_CHANGE <= sum(len(case.terms) for case in before), "few enough to splice"
    return edit


EDITS = [*((edited, seed) for seed in SEEDS), *((edited_with_a_move, seed) for seed in SEEDS),
         *((edited_in_place, seed) for seed in range(6))]
"""How to make each edit the tables are patched with, and its seed: edits of every kind to small bases (some
moving a case past others), and a few cases edited in place in large ones."""


def new_ones(edit: Edit) -> list[Case]:
    return [edit.after[n] for n in edit.renumbering.added]


def term_ids(vocabulary: int) -> dict[str, int]:
    return {word: n for n, word in enumerate(WORDS[:vocabulary])}


def table(ids: dict[str, int], cases: list[Case]) -> PostingsTable:
    return PostingsTable(ids, [c.terms for c in cases], [c.weights for c in cases], [c.fields for c in cases],
                         [c.counts for c in cases])


def patched_table(old: PostingsTable, ids: dict[str, int], renumbering: Renumbering, added: list[Case]) -> PostingsTable:
    return old.updated(ids, renumbering, [c.terms for c in added], [c.weights for c in added],
                       [c.fields for c in added], [c.counts for c in added])


@pytest.mark.parametrize(("make", "seed"), EDITS)
def test_patched_postings_and_idf_equal_tables_built_from_nothing(make, seed):
    edit = make(seed)
    ids = term_ids(len(WORDS))
    patched = patched_table(table(term_ids(len(WORDS) // 2), edit.before), ids, edit.renumbering, new_ones(edit))
    built = table(ids, edit.after)
    for word in WORDS:
        mine, theirs = patched.get(word), built.get(word)
        assert (mine is None) == (theirs is None), word
        if mine is not None and theirs is not None:
            assert mine.cases.tolist() == theirs.cases.tolist(), word
            assert mine.weights.tolist() == theirs.weights.tolist(), word
            assert mine.fields.tolist() == theirs.fields.tolist(), word
    assert dict(IdfTable(ids, patched.df, len(edit.after))) == dict(IdfTable(ids, built.df, len(edit.after)))


def test_a_reload_bringing_weights_new_to_the_table_reads_every_weight_as_built_from_nothing():
    """The patched table's distinct weights grow (past the 256 a byte numbers, too) and the kept entries'
    places in it move: every weight must still read back as a table built from nothing reads it."""
    rng = random.Random(5)
    before = [made_case(rng, len(WORDS)) for _ in range(40)]
    added = [Case(np.arange(len(WORDS), dtype=np.int32), np.ones(len(WORDS), dtype=np.int32),
                  np.array([0.01 * n + 0.001 * m for m in range(len(WORDS))]), np.zeros(len(WORDS), dtype=np.int8), [])
             for n in range(20)]
    after = before + added
    renumbering = Renumbering(np.arange(len(before), dtype=np.int32), list(range(len(before), len(after))), len(after))
    patched = patched_table(table(term_ids(len(WORDS)), before), term_ids(len(WORDS)), renumbering, added)
    built = table(term_ids(len(WORDS)), after)
    assert len({w for c in after for w in c.weights.tolist()}) > 256
    for word in WORDS:
        mine, theirs = patched.get(word), built.get(word)
        assert mine is not None and theirs is not None
        assert mine.cases.tolist() == theirs.cases.tolist(), word
        assert mine.weights.tolist() == theirs.weights.tolist(), word


@pytest.mark.parametrize(("make", "seed"), EDITS)
def test_patched_bm25_scores_equal_scores_built_from_nothing(make, seed):
    edit = make(seed)
    ids = term_ids(len(WORDS))
    patched = Bm25(patched_table(table(term_ids(len(WORDS) // 2), edit.before), ids, edit.renumbering, new_ones(edit)),
                   ids, len(edit.after))
    built = Bm25(table(ids, edit.after), ids, len(edit.after))
    assert patched.size == built.size == len(edit.after)
    for word in [*WORDS, "never numbered"]:
        assert patched.knows(word) == built.knows(word), word
        assert patched.get_scores([word]).tolist() == built.get_scores([word]).tolist(), word
    assert patched.get_scores(WORDS[::3]).tolist() == built.get_scores(WORDS[::3]).tolist()


@pytest.mark.parametrize("seed", SEEDS)
def test_patched_rows_of_facts_and_labels_equal_rows_gathered_from_nothing(seed):
    edit = edited(seed)

    def rows(cases, numbers):
        return [(n, int(t), float(w)) for n, case in zip(numbers, cases) for t, w in zip(case.terms, case.weights)]

    old = CaseRows(len(edit.before), (np.int32, np.float64), rows(edit.before, range(len(edit.before))))
    patched = old.updated(len(edit.after), edit.renumbering, rows(new_ones(edit), edit.renumbering.added))
    built = CaseRows(len(edit.after), (np.int32, np.float64), rows(edit.after, range(len(edit.after))))
    assert patched.case.tolist() == built.case.tolist()
    assert [c.tolist() for c in patched.columns] == [c.tolist() for c in built.columns]
    for term in range(len(WORDS)):
        chosen = [patched.columns[0] == term, built.columns[0] == term]
        assert patched.cases_where(chosen[0]).tolist() == built.cases_where(chosen[1]).tolist(), term

    labels_before = CaseLabels(lambda case: case.labels, edit.before)  # type: ignore[arg-type, attr-defined]
    labels_patched = labels_before.updated(edit.after, edit.renumbering)  # type: ignore[arg-type]
    labels_built = CaseLabels(lambda case: case.labels, edit.after)  # type: ignore[arg-type, attr-defined]
    for wanted in (["Wales"], ["Scotland", "London"], ["North West"], ["Atlantis"], []):
        assert labels_patched.cases_with(wanted).tolist() == labels_built.cases_with(wanted).tolist(), wanted
        assert labels_patched.cases_with(wanted).tolist() == [bool(set(wanted) & set(c.labels)) for c in edit.after]


def correctable(word: str) -> bool:
    """Words of the last numbering (3) are not corrected to, as the register's names are not."""
    return not word.endswith("3")


def ids(vocabulary: list[str]) -> dict[str, int]:
    """The word ids an index with this vocabulary has."""
    return {word: number for number, word in enumerate(vocabulary)}


@pytest.mark.parametrize("seed", SEEDS)
def test_patched_known_words_equal_words_gathered_from_nothing(seed):
    edit = edited(seed)
    base = frozenset({"refuse0", "bins"})
    old = UsedWords.of(WORDS[: len(WORDS) // 2], ids(WORDS[: len(WORDS) // 2]), [c.terms for c in edit.before], base,
                       correctable)
    patched = old.updated(WORDS, ids(WORDS), [c.terms for c in edit.dropped], [c.terms for c in new_ones(edit)])
    built = UsedWords.of(WORDS, ids(WORDS), [c.terms for c in edit.after], base, correctable)
    used = {WORDS[t] for c in edit.after for t in c.terms.tolist()}
    assert patched.words == built.words == base | used
    assert [w for w in [*WORDS, "bins", "never"] if w in patched] == [w for w in [*WORDS, "bins"] if w in base | used]
    for word in [*WORDS, "bins"]:
        near = sorted(patched.known.near(word, 1))
        assert near == sorted(built.known.near(word, 1)), word
        assert (word in near) == (word in built.words and correctable(word)), word


def deleted_last(before: list[Case]) -> Edit:
    """`before` after a curator deletes its last case file: nothing is added, so words can only vanish."""
    moved = np.arange(len(before), dtype=np.int32)
    moved[-1] = -1
    return Edit(before, before[:-1], Renumbering(moved, [], len(before) - 1), [before[-1]])


@pytest.mark.parametrize("seed", SEEDS)
def test_known_words_stay_right_over_reload_after_reload(seed):
    """A server reloads many times: each reload patches the words the last one patched, so what one hands on
    (the fixed base, the use counts, which words correction may choose) must serve the next, including a
    reload that only deletes a case."""
    rng = random.Random(seed)
    first = edited(seed)
    second = edit_of(rng, first.after)
    base = frozenset({"refuse0", "bins"})
    words = UsedWords.of(WORDS[: len(WORDS) // 2], ids(WORDS[: len(WORDS) // 2]), [c.terms for c in first.before], base,
                         correctable)
    for edit in (first, second, deleted_last(second.after)):
        words = words.updated(WORDS, ids(WORDS), [c.terms for c in edit.dropped], [c.terms for c in new_ones(edit)])
        built = UsedWords.of(WORDS, ids(WORDS), [c.terms for c in edit.after], base, correctable)
        assert words.words == built.words == base | {WORDS[t] for c in edit.after for t in c.terms.tolist()}
        for word in [*WORDS, "bins"]:
            assert sorted(words.known.near(word, 1)) == sorted(built.known.near(word, 1)), word


KINDS = ("saving", "income", "cost")
COUNCILS = tuple(Council(f"C{n}", f"Council {n}", f"Place {n}", "England", None, ("County", "London borough")[n % 2],
                         population=(None, 90_000, 200_000, 410_000)[n % 4]) for n in range(6))


def as_cases(cases: list[Case], studies: dict[int, CaseStudy]) -> tuple[CaseStudy, ...]:
    """Each hand-made case as a case study (the same one wherever the case is kept): its terms become £
    outcomes of a kind (some per unit, which are no totals) and the councils it names."""
    for case in cases:
        if id(case) not in studies:
            terms = case.terms.tolist()
            outcomes = tuple(Outcome(KINDS[t % 3], "£", "", Money(1000.0 * t + c, per_unit=t % 5 == 4))
                             for t, c in zip(terms, case.counts.tolist()))
            resolved = tuple(Resolved(COUNCILS[t % 6].official_name, council=COUNCILS[t % 6]) for t in terms[:2])
            studies[id(case)] = CaseStudy(f"case-{len(studies)}", "", (), (), None, (), "", outcomes, (), (), "",
                                          resolved=resolved)
    return tuple(studies[id(case)] for case in cases)


@pytest.mark.parametrize("seed", SEEDS)
def test_patched_amounts_and_councils_equal_those_gathered_from_nothing(seed):
    """What comparisons of amounts ("who saved over £5m") and peer filters read, after a reload."""
    edit = edited(seed)
    studies: dict[int, CaseStudy] = {}
    before, after = as_cases(edit.before, studies), as_cases(edit.after, studies)
    patched = OutcomeAmounts(before).updated(after, edit.renumbering)
    built = OutcomeAmounts(after)
    for kind in (*KINDS, "no such kind"):
        assert [a.tolist() for a in patched.totals(kind)] == [a.tolist() for a in built.totals(kind)], kind
        assert patched.largest(kind).tolist() == built.largest(kind).tolist(), kind
        for direction in ("over", "under"):
            assert patched.beyond(kind, direction, 5000.0).tolist() == built.beyond(kind, direction, 5000.0).tolist()

    def base(cases):
        return KnowledgeBase(Path("."), cases, (), (), (), {}, "")

    councils_patched = CouncilRows(base(before)).updated(base(after), edit.renumbering)
    councils_built = CouncilRows(base(after))
    for types in (("County",), ("London borough",), ("County", "London borough"), ("Metropolitan district",)):
        assert councils_patched.of_types(types).tolist() == councils_built.of_types(types).tolist(), types
    for council in COUNCILS:
        assert councils_patched.like(council).tolist() == councils_built.like(council).tolist(), council.code
