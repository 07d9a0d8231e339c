"""Our BM25 gives bit-for-bit the scores `bm25s` gives for the same bags of terms (it replaced it)."""
from __future__ import annotations

import math
import random
from collections import Counter

import bm25s
import numpy as np
import pytest

from bot.search.bm25 import Bm25
from bot.search.postings import PostingsTable, Renumbering


def corpus(seed: int, size: int) -> list[list[str]]:
    """Bags of terms with a skewed vocabulary (some terms everywhere, most rare), some bags empty."""
    rng = random.Random(seed)
    vocabulary = [f"t{n}" for n in range(300)]
    return [[vocabulary[min(int(rng.paretovariate(0.7)) - 1, 299)] for _ in range(rng.choice((0, 1, 5, 40, 120)))]
            for _ in range(size)]


def postings(term_ids: dict[str, int], terms: list[np.ndarray], counts: list[np.ndarray]) -> PostingsTable:
    """A postings table of these terms and BM25 counts (weights and fields, which BM25 does not read, alike)."""
    return PostingsTable(term_ids, terms, [np.ones(len(t)) for t in terms], [np.zeros(len(t), dtype=np.int8) for t in terms],
                         counts)


def bm25(term_ids: dict[str, int], terms: list[np.ndarray], counts: list[np.ndarray]) -> Bm25:
    return Bm25(postings(term_ids, terms, counts), term_ids, len(terms))


def ours(bags: list[list[str]]) -> Bm25:
    term_ids: dict[str, int] = {"never-in-a-bag": 0}
    terms, counts = [], []
    for bag in bags:
        counted = Counter(bag)
        terms.append(np.array([term_ids.setdefault(t, len(term_ids)) for t in counted], dtype=np.int32))
        counts.append(np.array(list(counted.values()), dtype=np.int32))
    return bm25(term_ids, terms, counts)


@pytest.mark.parametrize(("seed", "size"), [(1, 1), (2, 7), (3, 300), (4, 2000)])
def test_scores_equal_bm25s(seed, size):
    bags = corpus(seed, size)
    theirs = bm25s.BM25()
    theirs.index([bag or [""] for bag in bags], show_progress=False)
    mine = ours(bags)
    rng = random.Random(seed)
    queries = [["t0"], ["t1", "t0"], ["t299", "unknown", "t5"], ["never-in-a-bag", "t3"]]
    queries += [[f"t{rng.randrange(320)}" for _ in range(rng.randint(1, 6))] for _ in range(30)]
    for query in queries:
        assert np.array_equal(mine.get_scores(query), theirs.get_scores(query)), query


def test_the_ranking_s_score_adds_the_everyday_words_bm25_weight():
    """The ranking's score is the confidence's (still `bm25s`'s, everyday words or not) plus, for each term a
    case's everyday words say, those mentions weighed as BM25 weighs a term: the idf over the cases that say
    it in either, the case's own text's length. A term only everyday words say counts for the ranking alone."""
    own, everyday = corpus(5, 400), corpus(6, 400)
    term_ids: dict[str, int] = {}
    terms, counts, said = [], [], []
    for bag, extra in zip(own, everyday):
        counted, extra_counted = Counter(bag), Counter(extra)
        listed = list(dict.fromkeys([*counted, *extra_counted]))
        terms.append(np.array([term_ids.setdefault(t, len(term_ids)) for t in listed], dtype=np.int32))
        counts.append(np.array([counted[t] for t in listed], dtype=np.int32))
        said.append(np.array([extra_counted[t] for t in listed], dtype=np.int32))
    mine = Bm25(PostingsTable(term_ids, terms, [np.ones(len(t)) for t in terms],
                              [np.zeros(len(t), dtype=np.int8) for t in terms], counts, said), term_ids, len(terms))
    theirs = bm25s.BM25()
    theirs.index([bag or [""] for bag in own], show_progress=False)
    lengths = [max(len(bag), 1) for bag in own]
    average = sum(lengths) / len(lengths)
    rng = random.Random(7)
    queries = [[f"t{rng.randrange(320)}" for _ in range(rng.randint(1, 6))] for _ in range(30)]
    only_everyday = [t for t in term_ids if not any(t in bag for bag in own)]
    assert only_everyday, "the corpus has terms only everyday words say"
    for query in [*queries, only_everyday[:2]]:
        confidence, ranking = mine.both_scores(query)
        assert np.array_equal(confidence, theirs.get_scores(query)), query
        assert np.array_equal(mine.get_scores(query), confidence)
        added = np.zeros(len(own))
        for term in query:  # a term asked twice counts twice, as in BM25's score
            df = sum(term in bag or term in extra for bag, extra in zip(own, everyday))
            idf = math.log(1 + (len(own) - df + 0.5) / (df + 0.5)) if df else 0.0
            for n, extra in enumerate(everyday):
                tf = extra.count(term)
                if tf:
                    added[n] += idf * tf / (1.5 * (0.25 + 0.75 * lengths[n] / average) + tf)
        assert np.allclose(ranking - confidence, added, rtol=1e-5, atol=1e-5), query


def test_no_cases_score_nothing():
    assert ours([]).get_scores(["t0"]).size == 0


def test_only_terms_some_case_contains_are_known():
    """A term numbered but in no case (its cases deleted, or numbered after the index was built: ids
    outlive reloads) is unknown and scores nothing, like a term never seen."""
    term_ids = {"deleted": 0, "bins": 1, "telecare": 2}
    index = bm25(term_ids, [np.array([1, 2], dtype=np.int32), np.array([2], dtype=np.int32)],
                 [np.array([1, 3], dtype=np.int32), np.array([1], dtype=np.int32)])
    term_ids["numbered later"] = 3
    term_ids["numbered later still"] = 4
    assert [term for term in term_ids if index.knows(term)] == ["bins", "telecare"]
    assert not index.knows("never seen")
    for term in ("deleted", "numbered later", "numbered later still", "never seen"):
        assert index.get_scores([term]).tolist() == [0.0, 0.0], term
    assert index.get_scores(["bins"])[0] > 0 and index.get_scores(["bins"])[1] == 0


def test_a_term_counted_zero_times_is_in_no_bag():
    """A case's terms that no text of it gives (a theme's, an outcome kind's) come with a count of 0: BM25
    leaves them out, so they score nothing and do not lengthen the case, however the index is built."""
    term_ids = {"bins": 0, "~waste": 1, "telecare": 2}
    with_zeros = bm25(term_ids, [np.array([0, 1], dtype=np.int32), np.array([1, 2], dtype=np.int32)],
                      [np.array([2, 0], dtype=np.int32), np.array([0, 1], dtype=np.int32)])
    bags = bm25(term_ids, [np.array([0], dtype=np.int32), np.array([2], dtype=np.int32)],
                [np.array([2], dtype=np.int32), np.array([1], dtype=np.int32)])
    assert not with_zeros.knows("~waste")
    for query in (["bins"], ["~waste"], ["telecare", "bins"]):
        assert with_zeros.get_scores(query).tolist() == bags.get_scores(query).tolist(), query
    table = postings(term_ids, [np.array([0], dtype=np.int32), np.array([2], dtype=np.int32)],
                     [np.array([2], dtype=np.int32), np.array([1], dtype=np.int32)])
    patched = Bm25(table.updated(term_ids, Renumbering(np.array([0, -1], dtype=np.int32), [1], 2),
                                 [np.array([1, 2], dtype=np.int32)], [np.ones(2)], [np.zeros(2, dtype=np.int8)],
                                 [np.array([0, 1], dtype=np.int32)]), term_ids, 2)
    assert not patched.knows("~waste")
    assert patched.get_scores(["telecare"]).tolist() == bags.get_scores(["telecare"]).tolist()


def test_a_count_too_big_for_the_kept_counts_type_widens_it():
    """Counts are held in a byte while they fit: a reload adding a case that says a word 300 times widens
    the kept counts rather than wrapping the new one round."""
    term_ids = {"bins": 0, "telecare": 1}
    table = postings(term_ids, [np.array([0, 1], dtype=np.int32)], [np.array([3, 1], dtype=np.int32)])
    added = [np.array([0], dtype=np.int32)], [np.ones(1)], [np.zeros(1, dtype=np.int8)], [np.array([300], dtype=np.int32)]
    patched = Bm25(table.updated(term_ids, Renumbering(np.array([0], dtype=np.int32), [1], 2), *added), term_ids, 2)
    built = bm25(term_ids, [np.array([0, 1], dtype=np.int32), np.array([0], dtype=np.int32)],
                 [np.array([3, 1], dtype=np.int32), np.array([300], dtype=np.int32)])
    assert patched.get_scores(["bins"]).tolist() == built.get_scores(["bins"]).tolist()
    assert patched.get_scores(["bins"])[1] > patched.get_scores(["bins"])[0]
