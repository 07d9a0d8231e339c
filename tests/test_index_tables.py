"""The index's term tables on a few hand-made cases: a term's postings are the cases containing it, in
ascending order, each with its best field's weight and number; the idf table knows exactly the terms some
case contains, rare terms weighing more. A term numbered but in no case (its cases were deleted, or it was
numbered after the table was built: ids outlive reloads) is in neither."""
from __future__ import annotations

import numpy as np
import pytest

from bot.search.postings import IdfTable, PostingsTable, Renumbering, idf
from bot.store import Snapshot

from .knowledge.helpers import copy_knowledge


def tables():
    term_ids = {"bins": 0, "telecare": 1, "deleted": 2, "drones": 3}
    terms = [np.array([0, 1], dtype=np.int32), np.array([1], dtype=np.int32), np.array([3, 0], dtype=np.int32),
             np.array([], dtype=np.int32)]
    weights = [np.array([1.0, 0.7]), np.array([0.9]), np.array([0.8, 0.6]), np.array([])]
    fields = [np.array([0, 5], dtype=np.int8), np.array([3], dtype=np.int8), np.array([6, 7], dtype=np.int8),
              np.array([], dtype=np.int8)]
    postings = PostingsTable(term_ids, terms, weights, fields, [np.ones(len(t), dtype=np.int32) for t in terms])
    return term_ids, postings, IdfTable(term_ids, postings.df, len(terms))


def test_a_terms_postings_are_the_cases_containing_it_with_their_field():
    _ids, postings, _idf = tables()
    found = {}
    for term in ("bins", "telecare", "drones"):
        p = postings.get(term)
        assert p is not None
        found[term] = (p.cases.tolist(), p.weights.tolist(), p.fields.tolist())
    assert found == {
        "bins": ([0, 2], [1.0, 0.6], [0, 7]),
        "telecare": ([0, 1], [0.7, 0.9], [5, 3]),
        "drones": ([2], [0.8], [6]),
    }
    assert postings.df.tolist() == [2, 2, 0, 1]


def test_fields_of_equal_weight_stay_apart_and_a_patch_keeps_every_pair():
    """Each entry holds one place in a table of (weight, field) pairs: two fields weighing the same (a title
    and an organisation both 1.0) must come back as themselves, before and after a reload adds a pair."""
    term_ids = {"bins": 0}
    one = [np.array([0], dtype=np.int32)] * 3
    postings = PostingsTable(term_ids, one, [np.array([1.0]), np.array([1.0]), np.array([0.7])],
                             [np.array([f], dtype=np.int8) for f in (0, 1, 7)], [np.ones(1, dtype=np.int32)] * 3)
    patched = postings.updated(term_ids, Renumbering(np.arange(3, dtype=np.int32), [3], 4), [one[0]],
                               [np.array([0.9])], [np.array([1], dtype=np.int8)], [np.ones(1, dtype=np.int32)])
    for table, expected in ((postings, [(1.0, 0), (1.0, 1), (0.7, 7)]), (patched, [(1.0, 0), (1.0, 1), (0.7, 7), (0.9, 1)])):
        found = table.get("bins")
        assert found is not None
        assert list(zip(found.weights.tolist(), found.fields.tolist())) == expected


def test_a_term_in_no_case_has_no_postings_and_no_idf():
    term_ids, postings, table = tables()
    term_ids["numbered later"] = len(term_ids)
    for term in ("deleted", "numbered later", "never seen"):
        assert postings.get(term) is None, term
        assert term not in table, term
        with pytest.raises(KeyError):
            table[term]
    assert 5 not in table


def test_the_counts_cover_every_numbered_term_even_one_numbered_after_every_case_s_terms():
    """A reload patches the counts by term id (`patched_entries`), so there is one for each id the index has
    given, a term no case contains any more among them."""
    term_ids = {"bins": 0, "unused": 1}
    postings = PostingsTable(term_ids, [np.array([0], dtype=np.int32)], [np.array([1.0])], [np.array([0], dtype=np.int8)],
                             [np.array([1], dtype=np.int32)])
    assert postings.df.tolist() == [1, 0]


def test_the_idf_table_lists_exactly_the_terms_some_case_contains():
    _ids, _postings, table = tables()
    assert sorted(table) == ["bins", "drones", "telecare"]
    assert len(table) == 3
    assert dict(table) == {"bins": idf(2, 4), "telecare": idf(2, 4), "drones": idf(1, 4)}


def test_rarer_terms_weigh_more_and_every_weight_is_positive():
    weights = [idf(df, 100) for df in (0, 1, 10, 50, 99, 100)]
    assert weights == sorted(weights, reverse=True) and len(set(weights)) == len(weights)
    assert weights[-1] > 0
    assert idf(1, 4) == pytest.approx(np.log(1 + 3.5 / 1.5))


def test_tables_of_no_cases_are_empty():
    postings = PostingsTable({"bins": 0}, [], [], [], [])
    table = IdfTable({"bins": 0}, postings.df, 1)
    assert postings.get("bins") is None and "bins" not in table and len(table) == 0 and list(table) == []


def test_terms_numbered_past_65536_keep_their_own_postings():
    """A base of 100,000 cases numbers more terms than 16 bits count: terms whose numbers share their low 16
    bits (4,464 and 70,000) must not share postings."""
    term_ids = {f"t{n}": n for n in range(140_001)}
    shared_low_bits = [4_464, 70_000, 135_536, 140_000]
    terms = [np.array(shared_low_bits[n % 4:] + shared_low_bits[:n % 4], dtype=np.int32) for n in range(6)]
    terms[2] = np.array([70_000], dtype=np.int32)
    postings = PostingsTable(term_ids, terms, [np.ones(len(t)) for t in terms],
                             [np.zeros(len(t), dtype=np.int8) for t in terms], [np.ones(len(t), dtype=np.int32) for t in terms])
    for number in shared_low_bits:
        found = postings.get(f"t{number}")
        assert found is not None
        assert found.cases.tolist() == [n for n, t in enumerate(terms) if number in t.tolist()], number


def test_the_title_and_the_organisations_count_twice_in_a_case_s_bm25_bag(snapshot):
    """BM25 (our baseline's formula) is given each word of a case's title and organisations twice: what a
    case is called and who did it say more about it than a word of its summary; its everyday words not at
    all (they are counted apart, for the ranking). Checked on terms of one field only, so no other field's
    count blurs the weight."""
    from collections import Counter

    from bot.search.analyse import term_list_of_words
    from bot.search.index import BAGGED_TWICE, RANKED_ONLY, TEXT_FIELDS
    from bot.search.normalise import indexed_words

    index = snapshot.index
    names = {number: term for term, number in index.term_ids.items()}
    checked: Counter[str] = Counter()
    for case, terms in zip(snapshot.kb.cases, index._analyse(list(snapshot.kb.cases), index._theme_terms)):
        bag = {names[int(t)]: int(c) for t, c in zip(terms.terms, terms.bag_counts) if c}
        everyday = {names[int(t)]: int(c) for t, c in zip(terms.terms, terms.everyday_counts) if c}
        per_field = {field: Counter(term_list_of_words(indexed_words(text), index.vocabulary))
                     for field, text in zip(TEXT_FIELDS, index._texts(case, index._named(case)))}
        for field, counted in per_field.items():
            alone = [t for t in counted if all(t not in other for f, other in per_field.items() if f != field)]
            for term in alone:
                times = 2 if field in BAGGED_TWICE else 0 if field in RANKED_ONLY else 1
                assert bag.get(term, 0) == counted[term] * times, (case.id, field, term)
                assert everyday.get(term, 0) == counted[term] * (field in RANKED_ONLY), (case.id, field, term)
                checked[field] += 1
    assert checked["title"] > 50 and checked["organisations"] > 50 and checked["summary"] > 500, checked
    assert checked["everyday"] > 50, "BM25 leaves out everyday words"


def test_a_base_of_one_case_weighs_its_terms_as_bm25_does_for_one_document(tmp_path):
    """The idf is BM25's for as many documents as the base has cases, however few (one case: N = 1)."""
    directory = copy_knowledge(tmp_path)
    for path in sorted((directory / "case-studies").glob("*.yaml"))[1:]:
        path.unlink()
    index = Snapshot.build(directory).index
    assert index.size == 1
    term = next(t for t in index.term_ids if index.postings.get(t) is not None)
    assert index.idf[term] == idf(1, 1)


def test_every_weight_comes_back_as_given_however_many_distinct_weights_there_are():
    """Each entry keeps its weight's place in a table of the distinct weights (a byte while they are 256
    or fewer, more bytes after): each must read back as exactly the float given."""
    rng = np.random.default_rng(7)
    for distinct in (1, 3, 256, 257, 5000):
        values = rng.random(distinct)
        terms = [np.arange(n % 5, dtype=np.int32) for n in range(6000)]
        weights = [values[rng.integers(0, distinct, len(t))] for t in terms]
        postings = PostingsTable({f"t{n}": n for n in range(5)}, terms, weights,
                                 [np.zeros(len(t), dtype=np.int8) for t in terms],
                                 [np.ones(len(t), dtype=np.int32) for t in terms])
        for term in range(4):
            found = postings.get(f"t{term}")
            assert found is not None
            assert found.weights.tolist() == [float(w[term]) for w in weights if len(w) > term], distinct


def test_a_reload_past_65536_cases_widens_the_case_numbers():
    """Case numbers are held in two bytes while they fit: a reload that adds the 70,000th case widens the
    kept ones rather than wrapping the new number round (patched by splicing, a big table, and not)."""
    from bot.search.postings import Renumbering

    one = [np.array([0], dtype=np.int32)]
    for size in (1, 1000):
        table = PostingsTable({"bins": 0}, one * size, [np.ones(1)] * size, [np.zeros(1, dtype=np.int8)] * size, one * size)
        patched = table.updated({"bins": 0}, Renumbering(np.arange(size, dtype=np.int32), [69_999], 70_000),
                                one, [np.ones(1)], [np.zeros(1, dtype=np.int8)], one)
        found = patched.get("bins")
        assert found is not None and found.cases.tolist() == [*range(size), 69_999], size
