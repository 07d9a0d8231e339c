"""Counting letters first leaves out only words too far to be a correction."""
from __future__ import annotations

import random

import pytest
from rapidfuzz.distance import OSA

from bot.search.spelling import KnownWords, letter_masks


def test_letter_masks_mark_each_character_once():
    masks = letter_masks(["kent", "a1a", "z9"])
    assert masks.tolist() == [1 << 10 | 1 << 4 | 1 << 13 | 1 << 19, 1 << 0 | 1 << 27, 1 << 25 | 1 << 35]


def test_words_added_on_reload_are_found_even_at_a_length_no_known_word_has():
    """A reload's edited case may bring the base's first word of its length ("telecommunications"): the
    patched list finds it as a list built from nothing would, and forgets the words removed."""
    words = KnownWords(["bins", "waste"]).updated({"telecommunications", "bans"}, {"waste"})
    assert words.near("telecommunicatoins", 2) == ["telecommunications"]
    assert sorted(words.near("bins", 1)) == ["bans", "bins"]
    assert words.near("wastes", 1) == []


def test_removing_a_word_never_known_changes_nothing():
    """A reload may report as gone a word that was never correctable (a stop word, a name's small word)."""
    words = KnownWords(["bins"]).updated(set(), {"telecommunications"})
    assert words.near("bins", 0) == ["bins"]


@pytest.mark.parametrize("edits", [1, 2])
def test_every_word_within_the_edits_is_kept_and_few_others(edits):
    rng = random.Random(edits)
    known = sorted({"".join(rng.choice("abcdeilnorst0") for _ in range(rng.randint(2, 10))) for _ in range(4000)})
    words = KnownWords(known)
    for _ in range(200):
        base = rng.choice(known)
        typed = list(base)
        for _ in range(rng.randint(0, edits + 1)):
            i = rng.randrange(len(typed))
            typed[i:i + 1] = rng.choice(([], [rng.choice("abcz9")], [rng.choice("abcz9"), typed[i]]))
        word = "".join(typed) or "a"
        near = words.near(word, edits)
        within = [w for w in known if OSA.distance(word, w) <= edits]
        assert set(within) <= set(near), word
        assert all(abs(len(w) - len(word)) <= edits for w in near)
    assert len(words.near("abcde", edits)) < len(known) / 4


def test_near_is_by_length_and_letters_not_order():
    """A string of digits pasted into a case is near its own length; anagrams are near each other at no
    edits (a superset: the caller counts the edits afterwards)."""
    words = KnownWords(["0" * 300, "123" * 100, "ab", "ba", "abc"])
    assert words.near("0" * 299, 1) == ["0" * 300]
    assert sorted(words.near("ab", 0)) == ["ab", "ba"]
