"""The mutation command's forked pytest sessions (`benchmarks/mutation_fork.py`), on a probe test file.

What the score rests on: a failing test is a kill, a passing run a survivor, a run past its time a timeout
(not a kill), a file with no test is named as such, and with two jobs a slow mutant does not hold up the
others. The probe reads `MUTANT_UNDER_TEST` as mutmut's trampolines do.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.mutation_fork import Runner
from benchmarks.mutation_score import KILLED, NO_TESTS, SURVIVED, TIMEOUT

PROBE = '''
import os
import time


def test_probe():
    mutant = os.environ["MUTANT_UNDER_TEST"]
    if mutant == "slow":
        time.sleep(120)
    assert mutant != "kill"
'''

OPTIONS = ["-q", "-p", "no:cacheprovider"]


@pytest.fixture
def probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Runner:
    (tmp_path / "test_probe.py").write_text(PROBE)
    (tmp_path / "test_nothing.py").write_text("VALUE = 1\n")
    monkeypatch.chdir(tmp_path)
    return Runner(tmp_path, OPTIONS)


@pytest.fixture
def timeout(probe: Runner) -> float:
    """Well above a clean run on this machine as it is now (as the command sets it), well below the sleep."""
    outcome, seconds = probe.run("", ["test_probe.py"], 100)
    assert outcome == SURVIVED
    return 3 * seconds + 4


def test_each_mutant_is_told_once_as_killed_survived_or_timed_out(probe: Runner, timeout: float) -> None:
    runs = probe.run_all(["quiet", "kill", "slow"], ["test_probe.py"], timeout, jobs=2)
    outcomes = {name: outcome for name, outcome, _ in runs}
    assert outcomes == {"quiet": SURVIVED, "kill": KILLED, "slow": TIMEOUT}


def test_with_two_jobs_a_slow_mutant_does_not_hold_up_the_next(probe: Runner, timeout: float) -> None:
    finished = [name for name, _, _ in probe.run_all(["slow", "kill", "quiet"], ["test_probe.py"], timeout, jobs=2)]
    assert finished[-1] == "slow" and sorted(finished) == ["kill", "quiet", "slow"]


def test_one_job_runs_the_mutants_in_turn(probe: Runner) -> None:
    finished = [name for name, _, _ in probe.run_all(["kill", "quiet", "kill"], ["test_probe.py"], 100, jobs=1)]
    assert finished == ["kill", "quiet", "kill"]


def test_a_clean_run_survives_and_its_output_can_be_read(probe: Runner) -> None:
    outcome, seconds = probe.run("", ["test_probe.py"], 100)
    assert outcome == SURVIVED and seconds > 0
    assert "1 passed" in probe.output()


def test_a_file_without_tests_is_not_counted_as_a_kill(probe: Runner) -> None:
    assert probe.run("kill", ["test_nothing.py"], 100)[0] == NO_TESTS


def test_a_mutant_that_breaks_a_conftest_s_import_is_a_kill(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest reports a conftest that cannot be imported as a usage error (status 4), as it does options it
    refuses: after a clean run passed, that is the mutant's doing (a table built at import that now fails)."""
    (tmp_path / "conftest.py").write_text(
        "import os\nif os.environ['MUTANT_UNDER_TEST'] == 'broken':\n    raise TypeError('unhashable')\n")
    (tmp_path / "test_probe.py").write_text(PROBE)
    monkeypatch.chdir(tmp_path)
    runner = Runner(tmp_path, OPTIONS)
    assert runner.run("", ["test_probe.py"], 100)[0] == SURVIVED
    assert runner.run("broken", ["test_probe.py"], 100)[0] == KILLED


def test_arguments_pytest_refuses_stop_the_run_with_its_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RuntimeError, match="refused its arguments"):
        Runner(tmp_path, ["--no-such-option"]).run("", ["test_probe.py"], 100)
