"""Which words count as real English, so spelling correction leaves them as asked: the dictionary's head
words, their regular plurals ("parcels", "churches", "berries"), and the knowledge base's own words and their
plurals. Anything else ("kioskz", "wibblys") is a typo the bot may correct."""
from __future__ import annotations

import pytest

from bot.search.english import is_english


@pytest.mark.parametrize("word", ["parcel", "kiosk", "library", "church"])
def test_a_dictionary_head_word_is_english(word):
    assert is_english(word)


@pytest.mark.parametrize("plural", ["parcels", "cats", "vans", "churches", "wishes", "berries", "libraries"])
def test_a_regular_plural_of_a_head_word_is_english(plural):
    """Plain "s" (four letters is long enough: "cats"), "es" after a hissing sound, "ies" for a "y": of the
    real list (which has most plurals itself) and of a list of head words only."""
    heads = frozenset({"parcel", "cat", "van", "church", "wish", "berry", "library"})
    assert is_english(plural) and is_english(plural, known=heads) and not is_english(plural, known=frozenset())


@pytest.mark.parametrize("british", ["modernise", "modernised", "prioritising", "centralises", "analysed", "paralyse",
                                     "organisations"])
def test_a_british_ise_spelling_of_an_english_word_is_english(british):
    """The lists spell "-ize" ("modernize"); "modernise" is as English, and was read as "modern" and "ise"."""
    american = british.replace("is", "iz", 1) if "ys" not in british else british.replace("ys", "yz")
    heads = frozenset({american})
    assert is_english(british, known=heads) and not is_english(british, known=frozenset()) and is_english(british)


def test_a_british_spelling_is_read_as_itself_not_as_the_base_s_words(snapshot):
    from bot.search.analyse import parse_question

    index = snapshot.index
    units = parse_question("modernise council tax", index.vocabulary, index.correct).units
    assert "modernise" in [u.text for u in units] and "ise" not in [u.text for u in units]


@pytest.mark.parametrize("word", ["kioskz", "wibblys", "zqxs", "iss", "ths"])
def test_a_word_that_is_no_head_word_or_plural_of_one_is_not_english(word):
    """A real word with a stray letter is a typo; three letters ending in "s" are too short to read as a plural
    ("iss" is not "is")."""
    assert not is_english(word)


def test_the_knowledge_bases_own_words_and_their_plurals_count_as_real():
    own = frozenset({"chatbot", "telecare"})
    assert not is_english("chatbot") and not is_english("chatbots")
    assert is_english("chatbot", own) and is_english("chatbots", own) and is_english("telecare", own)
    assert not is_english("wibblys", own)


@pytest.mark.parametrize("word, expected", [
    ("runs", True), ("stopped", True), ("scared", True), ("scaring", True), ("rooting", True),  # plain, doubled, "e" dropped
    ("ads", False),  # a head word's ending needs three letters before it: "ad" + "s" is too short to tell
    ("glassed", False), ("zebraed", False),  # "glass" is no head word here, nor is "zebra"; "glas" neither
])
def test_an_inflection_is_a_head_word_with_a_regular_ending_after_three_letters_or_more(word, expected):
    from bot.search.english import inflects

    assert inflects(word, frozenset({"run", "stop", "scare", "root", "ad"})) is expected


def test_the_english_list_survives_the_snapshot_cache():
    """The cache pickles the index with its English list: read back, it knows the same words."""
    import pickle

    from bot.search.english import english_words

    words = english_words()
    again = pickle.loads(pickle.dumps(words))
    assert len(again) == len(words) > 100_000
    assert "parcel" in again and "kiosk" in again and "wibbly" not in again
