"""A loaded base holds each repeated value once: cases share equal tuples, names, years and amounts."""
from __future__ import annotations

import sys

from bot.knowledge.interning import Interner
from bot.knowledge.loader import load_knowledge

from ..conftest import KNOWLEDGE
from .helpers import own_copies


def test_an_interner_gives_back_the_first_of_equal_values():
    interner = Interner()
    first = ("waste", "recycling")
    assert interner(first) is first
    assert interner(tuple(["waste", "recycling"])) is first


def test_equal_values_of_different_types_stay_apart():
    interner = Interner()
    interner(1)
    assert interner(True) is True
    assert type(interner(1.0)) is float


def test_cases_share_their_equal_values():
    kb = load_knowledge(KNOWLEDGE)
    assert own_copies(kb) == []
    assert len({o.money for c in kb.cases for o in c.outcomes if o.money}) < sum(
        1 for c in kb.cases for o in c.outcomes if o.money), "the base repeats amounts, so sharing is tested"


def test_cases_hold_no_attribute_dictionary():
    """Slots: a dictionary per case, outcome and source was a twentieth of a 10,000-case base's memory."""
    case = load_knowledge(KNOWLEDGE).cases[0]
    for held in (case, case.outcomes[0], case.sources[0]):
        assert not hasattr(held, "__dict__")


def test_a_load_leaves_the_interpreters_interned_strings_alone():
    """Its table never shrinks: 10,000 cases' tags interned grew it for as long as the process lives."""
    tags = [tag for case in load_knowledge(KNOWLEDGE).cases for tag in case.tags if " " in tag]
    assert tags
    interned = [tag for tag in tags if sys.intern("".join(list(tag))) is tag]
    assert interned == []
