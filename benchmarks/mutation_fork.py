"""Forked pytest sessions, one per mutant, for `benchmarks/mutation.py`: the part that needs no mutmut.

A session per mutant in a fresh interpreter spends most of its time importing; forking from a parent that
has already imported pytest and the libraries the tests use starts each in milliseconds, and several can
run side by side on a machine with cores to spare.
"""
from __future__ import annotations

import contextlib
import importlib
import io
import os
import signal
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from benchmarks.mutation_score import KILLED, NO_TESTS, SURVIVED, TIMEOUT

MUTANTS = Path("mutants")


class Runner:
    """Runs pytest in `mutants/` once per mutant, each in a process forked from this one, `jobs` at a time.

    `enter` imports pytest and the test files once, for the libraries they pull in, then forgets the
    project's own modules (`bot`, `tests`): each child imports those again with its mutant already switched
    on, so a mutant of code that runs at import (a table built when a module loads) is tried too. Children
    share nothing a test writes (pytest's `tmp_path`, ports the system picks), so several can run at once;
    each writes its output to a log of its own.
    """

    def __init__(self, root: Path, pytest_options: Sequence[str]) -> None:
        self.root = root
        self.pytest_options = list(pytest_options)
        self.logs = Path(tempfile.mkdtemp(prefix="mutation-"))
        self.last_log = self.logs / "0.log"

    def enter(self, test_files: Sequence[str]) -> None:
        """Work from `mutants/`, where `bot` is the mutated copy, and import what the tests need."""
        os.chdir(self.root / MUTANTS)
        here = str(self.root.resolve())
        sys.path[:] = [str((self.root / MUTANTS).resolve()), *(p for p in sys.path if p and Path(p).resolve() != Path(here))]
        os.environ["MUTANT_UNDER_TEST"] = ""
        import pytest  # noqa: F401  (imported for the children)

        for test_file in test_files:
            with contextlib.suppress(Exception), contextlib.redirect_stdout(io.StringIO()):
                importlib.import_module(test_file.removesuffix(".py").replace("/", "."))
        bot = sys.modules.get("bot")
        if bot is not None and not str(bot.__file__).startswith(str((self.root / MUTANTS).resolve())):
            raise RuntimeError(f"bot was imported from {bot.__file__}, not from mutants/: nothing would be mutated")
        for module in [m for m in sys.modules if m.split(".")[0] in ("bot", "tests")]:
            del sys.modules[module]

    def run(self, mutant: str, test_files: Sequence[str], timeout: float) -> tuple[str, float]:
        """One pytest session with `mutant` switched on ("" for none): its outcome and how long it took."""
        for _, outcome, seconds in self.run_all([mutant], test_files, timeout, jobs=1):
            return outcome, seconds
        raise AssertionError("run_all yields once per mutant")

    def run_all(
        self, mutants: Sequence[str], test_files: Sequence[str], timeout: float, jobs: int
    ) -> Iterator[tuple[str, str, float]]:
        """Each mutant's (name, outcome, seconds) as it finishes, with up to `jobs` sessions at once.

        pytest's exit status 1 (a test failed), 2 (collection broke, e.g. the mutant cannot be imported) and
        3 (an internal error) are kills; 5 is no test collected; 4 (a usage error, which is also how pytest
        reports a conftest that fails to import) stops the run for the clean run and is a kill for a mutant.
        A child leads its own process group, so a timeout ends whatever it started too.
        """
        waiting = list(reversed(mutants))
        running: dict[int, tuple[str, float, int]] = {}  # pid: (mutant, start, slot)
        free_slots = list(range(jobs))
        while waiting or running:
            while waiting and free_slots:
                mutant, slot = waiting.pop(), free_slots.pop()
                running[self._start(mutant, test_files, slot)] = (mutant, time.monotonic(), slot)
            time.sleep(0.05)
            for pid, (mutant, start, slot) in list(running.items()):
                outcome = self._reap(pid, time.monotonic() - start > timeout)
                if outcome is None:
                    continue
                del running[pid]
                free_slots.append(slot)
                self.last_log = self._log(slot)
                if outcome == "refused":
                    if not mutant:
                        refused = [*self.pytest_options, *test_files]
                        raise RuntimeError(f"pytest refused its arguments {refused}:\n{self.output()}")
                    outcome = KILLED  # the clean run got past this point: the mutant broke a conftest's import
                yield mutant, outcome, time.monotonic() - start

    def _log(self, slot: int) -> Path:
        return self.logs / f"{slot}.log"

    def _start(self, mutant: str, test_files: Sequence[str], slot: int) -> int:
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            status = 4
            try:
                os.setpgid(0, 0)
                log = open(os.open(self._log(slot), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", buffering=1)
                os.dup2(log.fileno(), 1)
                os.dup2(log.fileno(), 2)
                sys.stdout = sys.stderr = log  # also when the parent's are not the process's own (pytest's capture)
                os.environ["MUTANT_UNDER_TEST"] = mutant
                import pytest

                status = int(pytest.main([*self.pytest_options, *test_files]))
            finally:
                os._exit(status)
        with contextlib.suppress(OSError):  # as the child does, so a timeout right away still finds its group
            os.setpgid(pid, pid)
        return pid

    @staticmethod
    def _reap(pid: int, overdue: bool) -> str | None:
        """The child's outcome if it has ended (killing it first when `overdue`), else None."""
        done, wait_status = os.waitpid(pid, os.WNOHANG)
        if not done:
            if not overdue:
                return None
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return TIMEOUT
        code = os.waitstatus_to_exitcode(wait_status)
        return {0: SURVIVED, 5: NO_TESTS, 4: "refused"}.get(code, KILLED)

    def output(self) -> str:
        """The last finished child's output, for a clean run that failed."""
        return self.last_log.read_text(errors="replace")[-4000:]
