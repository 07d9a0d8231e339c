"""The analysed words kept per case, packed: what a reload reuses must be exactly what was analysed."""
from __future__ import annotations

import pickle

import numpy as np

from bot.search.case_terms import AnalysedWords, CaseWords


def terms(seed: int) -> CaseWords:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(0, 6)), int(rng.integers(0, 4))
    return CaseWords(rng.integers(0, 99, n + 1).astype(np.int32), rng.integers(0, 99, m).astype(np.int32))


def same(a: CaseWords, b: CaseWords) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(vars(a).values(), vars(b).values()))


def test_packed_terms_read_back_as_analysed_and_survive_pickling():
    analysed = {f"key{i}": terms(i) for i in range(12)}
    packed = AnalysedWords.packed(analysed)
    for copy in (packed, pickle.loads(pickle.dumps(packed))):
        assert copy.keys() == analysed.keys() and len(copy) == 12
        assert all(same(copy[key], value) for key, value in analysed.items())
        assert copy.get("missing") is None


def test_patching_drops_adds_and_replaces_cases_as_a_fresh_pack_would():
    analysed = {f"key{i}": terms(i) for i in range(10)}
    added = {"key3": terms(100), "new": terms(101)}
    patched = AnalysedWords.packed(analysed).patched({"key1", "key7", "absent"}, added)
    expected = {k: v for k, v in analysed.items() if k not in ("key1", "key7")} | added
    assert patched.keys() == expected.keys()
    assert all(same(patched[key], value) for key, value in expected.items())
    assert AnalysedWords.packed({}).patched((), {}).keys() == set()


def test_a_pack_patched_with_only_removals_or_from_nothing_reads_back_its_cases():
    """A reload that only deletes files, and a first case added to an empty base, keep the arrays' types."""
    analysed = {f"key{i}": terms(i) for i in range(5)}
    fewer = AnalysedWords.packed(analysed).patched({"key2"}, {})
    assert all(same(fewer[key], value) for key, value in analysed.items() if key != "key2")
    first = AnalysedWords.packed({}).patched((), {"only": terms(7)})
    assert same(first["only"], terms(7))


def test_packed_ids_take_the_fewest_bytes_their_values_allow():
    """Ids below 255 pack as bytes; an id of 255 needs two (its next id must not wrap)."""
    small = AnalysedWords.packed({f"key{i}": terms(i) for i in range(12)})
    assert all(array.dtype == np.uint8 for array in small._joined)
    wide = CaseWords(np.array([255], dtype=np.int32), np.ones(1, dtype=np.int32))
    packed = AnalysedWords.packed({"wide": wide})
    assert packed._joined[0].dtype == np.uint16 and same(packed["wide"], wide)
