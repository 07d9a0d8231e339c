"""Short forms of one, two or three words ("lbhf", "h f", "h and f") are each read as the name they stand for,
wherever they come in a question, the longest first; words that start no short form pass through as asked.
And the short forms made from an organisation's name ("KCC") that are indexed with its cases."""
from __future__ import annotations

import pytest

from bot.search.english import english_words
from bot.search.index import initialisms
from bot.search.vocabulary import compile_vocabulary, expand_aliases


def vocabulary():
    return compile_vocabulary((), {"lbhf": "hammersmith and fulham", "h f": "hammersmith and fulham",
                                   "h and f": "hammersmith and fulham", "ni": "northern ireland"})


FULL = ["hammersmith", "and", "fulham"]


@pytest.mark.parametrize("asked", [["lbhf"], ["h", "f"], ["h", "and", "f"]])
@pytest.mark.parametrize("before, after", [([], []), (["bins"], []), ([], ["bins"]), (["our", "bins"], ["in", "ni"])])
def test_a_short_form_of_any_length_anywhere_is_read_as_its_name(asked, before, after):
    tokens = [(w, 1.0) for w in (*before, *asked, *after)]
    expected = [*before, *FULL, *(["northern", "ireland"] if after == ["in", "ni"] else after)]
    if after == ["in", "ni"]:
        expected.insert(len(before) + len(FULL), "in")
    assert [w for w, _q in expand_aliases(tokens, vocabulary())] == expected


def test_the_longest_short_form_wins_and_a_partial_one_is_left_as_asked():
    assert [w for w, _q in expand_aliases([("h", 1.0), ("and", 1.0), ("f", 1.0)], vocabulary())] == FULL
    assert [w for w, _q in expand_aliases([("h", 1.0), ("and", 1.0)], vocabulary())] == ["h", "and"]
    assert [w for w, _q in expand_aliases([("h", 1.0)], vocabulary())] == ["h"]
    assert expand_aliases([("f", 0.9), ("h", 0.8), ("f", 0.7)], vocabulary()) == [
        ("f", 0.9), ("hammersmith", 0.7), ("and", 0.7), ("fulham", 0.7)]


def test_a_word_that_starts_a_short_form_but_completes_none_passes_through_anywhere():
    asked = [("our", 1.0), ("h", 1.0), ("and", 1.0), ("bins", 1.0), ("h", 0.9)]
    assert expand_aliases(asked, vocabulary()) == asked


def test_an_organisations_initials_are_short_forms_whether_it_writes_and_or_an_ampersand():
    """"KCC", "TfGM", "NPT": the initials of the whole name and of the name without its kind or its "for",
    the same for "Hammersmith & Fulham" as for "Hammersmith and Fulham"."""
    english = english_words()
    assert initialisms(("Kent County Council", "Transport for Greater Manchester", "Neath Port Talbot Council"),
                       english) == {"kcc", "tfgm", "tgm", "npt", "nptc"}
    assert initialisms(("Hammersmith & Fulham Council",), english) == {"hafc", "hfc"}
    assert initialisms(("Hammersmith and Fulham Council",), english) == {"hafc", "hfc"}


def test_a_two_word_name_with_a_short_capitalised_word_has_its_initials_and_one_word_has_none():
    """"DG Cities" is "DGC" (a capitalised short word stays whole); a one-word name has no initials to give."""
    english = english_words()
    assert initialisms(("DG Cities", "Socitm"), english) == {"dgc"}
