"""The mutation command's own arithmetic (`benchmarks/mutation_score.py`), on hand-made figures.

What an operator reads off `benchmarks/mutation.py`: which mutants were checked, which survivors still
count as equivalent, each module's score and whether it passes the issue's 90 %.
"""
from __future__ import annotations

import pytest

from benchmarks.mutation_score import (
    KILLED,
    NO_TESTS,
    SURVIVED,
    TIMEOUT,
    Equivalence,
    ModuleTally,
    module_name,
    read_equivalences,
    sample,
    still_equivalent,
    table,
    total,
    unknown_modules,
)

NAMES = [f"bot.search.names.x_groups__mutmut_{i}" for i in range(1, 24)]


def test_a_sample_takes_every_nth_mutant_from_the_first_spread_over_the_whole_file():
    chosen = sample(NAMES, 5)
    assert chosen == [NAMES[0], NAMES[5], NAMES[10], NAMES[15], NAMES[20]]
    assert sample(NAMES, 5) == chosen  # the same on every run, so a sampled figure can be checked again


@pytest.mark.parametrize("every", [1, 2, 3, 7, 23, 40])
def test_a_sample_has_one_mutant_in_every_n_and_none_twice(every):
    chosen = sample(NAMES, every)
    assert len(chosen) == -(-len(NAMES) // every)
    assert len(set(chosen)) == len(chosen)
    assert all(NAMES.index(b) - NAMES.index(a) == every for a, b in zip(chosen, chosen[1:]))


def test_a_sample_of_every_mutant_is_all_of_them_and_nonsense_is_refused():
    assert sample(NAMES, 1) == NAMES
    with pytest.raises(ValueError, match="--sample"):
        sample(NAMES, 0)


def test_equivalences_are_read_by_name_with_their_line_and_reason_skipping_comments_and_blank_lines():
    text = (
        "# bot.search.amounts: the survivors nobody can see\n"
        "\n"
        "bot.search.amounts.x_totals__mutmut_1\t  if key in self._cache:  \tthe cache only saves time\n"
        "bot.search.amounts.x_totals__mutmut_15\tpounds = np.array(values)\tthe values are floats anyway\n"
    )
    listed = read_equivalences(text)
    assert listed == {
        "bot.search.amounts.x_totals__mutmut_1": Equivalence(
            "bot.search.amounts.x_totals__mutmut_1", "if key in self._cache:", "the cache only saves time"),
        "bot.search.amounts.x_totals__mutmut_15": Equivalence(
            "bot.search.amounts.x_totals__mutmut_15", "pounds = np.array(values)", "the values are floats anyway"),
    }


@pytest.mark.parametrize("line", [
    "bot.search.amounts.x_totals__mutmut_1\tif key in self._cache:",  # no reason: nobody could re-review it
    "bot.search.amounts.x_totals__mutmut_1\t\tthe cache only saves time",  # no line: it could never go stale
    "bot.search.amounts.x_totals__mutmut_1 if key in self._cache: the cache only saves time",  # spaces, not tabs
])
def test_an_equivalence_without_its_three_fields_is_refused_with_its_place(line):
    with pytest.raises(ValueError, match=r"amounts\.tsv:2:"):
        read_equivalences("# header\n" + line + "\n", "amounts.tsv")


def test_an_equivalence_counts_only_while_the_mutant_still_makes_the_change_that_was_judged():
    judged = Equivalence("m__mutmut_3", "if council is None and council.code in groups:", "why")
    assert still_equivalent(judged, "  if council is None and council.code in groups:\n")
    # the code changed: mutmut's third mutant of the function is now another change, to be checked again
    assert not still_equivalent(judged, "if council is not None or council.code in groups:")
    assert not still_equivalent(judged, None)  # no such mutant any more
    assert not still_equivalent(None, "if council is None and council.code in groups:")  # never judged


def test_the_score_is_killed_over_sampled_less_equivalent_and_every_survivor_and_timeout_is_named():
    tally = ModuleTally("bot/search/hits.py", mutants=45, sampled=20, equivalent=2)
    outcomes = [KILLED] * 16 + [SURVIVED, TIMEOUT]
    for i, outcome in enumerate(outcomes):
        tally.record(f"hits.x_f__mutmut_{i}", outcome)
    assert tally.killed == 16
    assert tally.survived == ["hits.x_f__mutmut_16"]
    assert tally.timeouts == ["hits.x_f__mutmut_17"]  # a hang is not a kill
    assert tally.score == pytest.approx(100 * 16 / 18)
    assert not tally.passed  # 88.9 %


def test_a_module_passes_at_exactly_ninety_per_cent_and_fails_just_below():
    at = ModuleTally("a.py", 10, sampled=10, killed=9)
    below = ModuleTally("b.py", 1000, sampled=1000, killed=899)
    assert at.score == pytest.approx(90.0) and at.passed
    assert not below.passed


def test_a_mutant_no_test_reaches_is_a_survivor():
    tally = ModuleTally("a.py", 1, sampled=1)
    tally.record("a.x_f__mutmut_1", NO_TESTS)
    assert tally.survived == ["a.x_f__mutmut_1"] and tally.score == 0.0 and not tally.passed


def test_a_module_with_only_equivalent_mutants_checked_has_no_score_and_passes():
    tally = ModuleTally("a.py", 3, sampled=1, equivalent=1)
    assert tally.score is None and tally.passed


def test_the_total_weighs_each_mutant_once_not_each_module():
    small = ModuleTally("small.py", 2, sampled=2, killed=0, survived=["s1", "s2"])
    large = ModuleTally("large.py", 100, sampled=100, killed=98, equivalent=1, survived=["l1"])
    whole = total([small, large])
    assert (whole.mutants, whole.sampled, whole.killed, whole.equivalent) == (102, 102, 98, 1)
    assert whole.score == pytest.approx(100 * 98 / 101)  # not the mean of 0 % and 99 %
    assert whole.survived == ["s1", "s2", "l1"]


def test_the_table_prints_each_module_the_total_and_every_name_to_look_at():
    tallies = [
        ModuleTally("bot/search/hits.py", 45, sampled=45, killed=40, equivalent=4, survived=["hits.x_f__mutmut_9"]),
        ModuleTally("bot/search/names.py", 27, sampled=9, killed=7, timeouts=["names.x_g__mutmut_5"],
                    survived=["names.x_g__mutmut_22"], stale=["names.x_g__mutmut_22"]),
    ]
    lines = table(tallies).splitlines()
    assert lines[0].split() == ["module", "mutants", "sampled", "killed", "equivalent", "survived", "timeouts", "score"]
    assert lines[1].split() == ["bot/search/hits.py", "45", "45", "40", "4", "1", "0", "97.6", "%", "PASS"]
    assert lines[2].split() == ["bot/search/names.py", "27", "9", "7", "0", "1", "1", "77.8", "%", "FAIL"]
    assert lines[3].split() == ["total", "72", "54", "47", "4", "2", "1", "94.0", "%", "PASS"]
    assert lines[4:] == [
        "survived: hits.x_f__mutmut_9",
        "survived: names.x_g__mutmut_22",
        "timeout: names.x_g__mutmut_5",
        "stale equivalence (re-review): names.x_g__mutmut_22",
    ]


def test_modules_are_named_as_mutmut_names_their_mutants():
    assert module_name("bot/search/names.py") == "bot.search.names"
    assert module_name("bot/commands/__init__.py") == "bot.commands"


def test_a_module_without_test_files_is_named_rather_than_run_against_nothing():
    tests = {"bot/search/hits.py": ["tests/test_hit_list.py"], "bot/search/names.py": []}
    assert unknown_modules(["bot/search/hits.py", "bot/search/names.py", "bot/admin.py"], tests) == [
        "bot/search/names.py", "bot/admin.py"]
