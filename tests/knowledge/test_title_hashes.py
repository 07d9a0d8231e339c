"""A reload checks new titles against the kept ones by hash: a repeat is always caught, a collision only
sends the loader to compare the titles themselves."""
from __future__ import annotations

import numpy as np

from bot.knowledge.schema import CaseStudy
from bot.knowledge.titles import TitleHashes, title_key


def case(title: str) -> CaseStudy:
    return CaseStudy(id=title.lower().replace(" ", "-"), title=title, organisations=(), regions=(), year=None,
                     themes=(), summary="", outcomes=(), technologies=(), sources=(), contact="")


KEPT = [case("Hovercraft lending"), case("Flood patrols"), case("Sandbag maps")]


def test_an_edit_that_keeps_its_title_patches_to_the_titles_of_a_fresh_count():
    edited = case("Flood patrols")
    patched = TitleHashes.of(KEPT).patched([KEPT[1]], [edited, case("Rain gauges")])
    assert patched is not None
    assert patched.hashes.tolist() == TitleHashes.of([KEPT[0], edited, KEPT[2], case("Rain gauges")]).hashes.tolist()


def test_a_title_repeating_a_kept_one_in_another_case_is_caught():
    assert TitleHashes.of(KEPT).patched([], [case("FLOOD patrols")]) is None


def test_two_added_cases_with_one_title_are_caught():
    assert TitleHashes.of(KEPT).patched([], [case("Rain gauges"), case("rain gauges")]) is None


def test_a_removed_title_that_is_not_held_sends_the_loader_to_check_them_all():
    assert TitleHashes.of(KEPT).patched([case("Never loaded")], []) is None


def test_of_two_titles_sharing_a_hash_removing_one_keeps_the_others():
    """As two different titles whose hashes collide: the hashes are a multiset."""
    twice = TitleHashes(np.array(sorted([title_key("Flood patrols")] * 2 + [title_key("Sandbag maps")]),
                                 dtype=np.uint64))
    left = twice.patched([KEPT[1]], [])
    assert left is not None and left.hashes.tolist() == sorted([title_key("Flood patrols"), title_key("Sandbag maps")])
    assert left.patched([], [case("Flood patrols")]) is None
    both = twice.patched([KEPT[1], KEPT[1]], [case("Flood patrols")])
    assert both is not None and len(both.hashes) == 2


def test_three_added_cases_two_of_them_sharing_a_title_are_caught():
    """Wherever the two fall among the added titles' hashes: here after the third."""
    low, high = sorted(["Rain gauges", "Tide tables"], key=title_key)
    assert TitleHashes.of(KEPT).patched([], [case(low), case(high), case(high.upper())]) is None


def test_removing_a_title_twice_past_another_removed_one_keeps_the_rest():
    """The repeats are counted within each run of equal hashes, wherever the run starts."""
    low, high = sorted(KEPT[:2], key=lambda c: title_key(c.title))
    other = case("Rain gauges")
    held = TitleHashes(np.array(sorted([title_key(c.title) for c in (low, high, high, KEPT[2], other)]), dtype=np.uint64))
    left = held.patched([low, high, high, KEPT[2]], [])
    assert left is not None and left.hashes.tolist() == [title_key(other.title)]


def test_a_title_removed_more_often_than_it_is_held_sends_the_loader_to_check_them_all():
    last = max(KEPT, key=lambda c: title_key(c.title))  # its second removal falls past the end of the hashes
    assert TitleHashes.of(KEPT).patched([last, last], []) is None
