"""The mutmut and pytest side of `benchmarks/mutation.py`: make the mutants, then try each against its tests.

mutmut writes every mutant of a file into one copy of it under `mutants/` and picks one at run time from
`MUTANT_UNDER_TEST`. Its own `mutmut run` first maps every test to the functions it reaches (about ten
minutes here) and then runs that whole selection per mutant, minutes per survivor for the index or the
loader; a module's own test files, named in `pyproject.toml`, decide the same in seconds. So this uses
mutmut only to generate (its functions, as `mutmut run` calls them) and runs pytest itself, one forked
process per mutant from a parent that has already imported pytest and the libraries the tests use.
"""
from __future__ import annotations

import contextlib
import importlib
import io
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from mutmut.__main__ import create_file_mutants
from mutmut.configuration import config
from mutmut.mutation.data import SourceFileMutationData
from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir, walk_mutatable_files, walk_source_files

from benchmarks.mutation_score import KILLED, NO_TESTS, SURVIVED, TIMEOUT

MUTANTS = Path("mutants")


def test_table() -> dict[str, list[str]]:
    """`[tool.practice-bot.mutation.tests]`: the one place that says which test files reach each module."""
    if sys.version_info >= (3, 11):
        from tomllib import loads
    else:  # mutmut's own fallback on Python 3.10
        from toml import loads
    tests: dict[str, list[str]] = loads(Path("pyproject.toml").read_text("utf-8"))["tool"]["practice-bot"]["mutation"]["tests"]
    return tests


def mutatable_modules() -> list[str]:
    """Every file `[tool.mutmut] only_mutate` selects, as a path: the default set of a run."""
    return sorted(str(p) for p in walk_mutatable_files())


def generate(paths: Sequence[str]) -> dict[str, list[str]]:
    """Write the mutants of `paths` into `mutants/` and return each one's mutant names, in file order.

    Run from the checkout's root. Other source files are copied as they are when the copy is older, so a
    run never tests against code that has changed since (mutmut itself only copies files that are missing);
    the copy keeps the source's time, which tells mutmut it has not mutated it yet. A file whose mutants
    are newer than its source is left as it is (mutmut's own rule), so a second run starts at once.
    """
    wanted = set(paths)
    with contextlib.redirect_stdout(io.StringIO()):
        copy_src_dir()
        copy_also_copy_files()
        for source in walk_source_files():
            copy = MUTANTS / source
            if str(source) in wanted:
                result = create_file_mutants(source)
                if result.error:
                    raise result.error
            elif source.stat().st_mtime > copy.stat().st_mtime:
                shutil.copy2(source, copy)
    names: dict[str, list[str]] = {}
    for path in paths:
        data = SourceFileMutationData(path=Path(path))
        data.load()
        names[path] = list(data.exit_code_by_key)
    return names


def mutated_line(name: str, path: str) -> str | None:
    """The line(s) a mutant puts in, stripped, as `mutmut show NAME` prints them after `+`.

    Several lines are joined with " / "; None when there is no such mutant (any more) or it adds no line.
    """
    try:
        diff = get_diff_for_mutant(name, path=path)
    except FileNotFoundError:
        return None
    added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return " / ".join(added) if added else None


def pytest_args(test_files: Sequence[str]) -> list[str]:
    """mutmut's own pytest options (`[tool.mutmut] pytest_add_cli_args`: `-x`, the slow tests left out) and
    the module's test files, so both ways of running agree on what a mutant is tried against."""
    return [*config().pytest_add_cli_args, *test_files]


class Runner:
    """Runs pytest in `mutants/` once per mutant, each in a process forked from this one.

    `enter` imports pytest and the test files once, for the libraries they pull in, then forgets the
    project's own modules (`bot`, `tests`): each child imports those again with its mutant already switched
    on, so a mutant of code that runs at import (a table built when a module loads) is tried too.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.log = Path(tempfile.mkstemp(prefix="mutation-", suffix=".log")[1])

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
        """One pytest session with `mutant` switched on ("" for none): its outcome and how long it took.

        pytest's exit status 1 (a test failed), 2 (collection broke, e.g. the mutant cannot be imported) and
        3 (an internal error) are kills; 5 is no test collected. The child leads its own process group, so
        a timeout ends whatever it started too.
        """
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            status = 4
            try:
                os.setpgid(0, 0)
                fd = os.open(self.log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(fd, 1)
                os.dup2(fd, 2)
                os.environ["MUTANT_UNDER_TEST"] = mutant
                import pytest

                status = int(pytest.main(pytest_args(test_files)))
            finally:
                os._exit(status)
        with contextlib.suppress(OSError):  # as the child does, so a timeout right away still finds its group
            os.setpgid(pid, pid)
        while True:
            done, wait_status = os.waitpid(pid, os.WNOHANG)
            elapsed = time.monotonic() - start
            if done:
                break
            if elapsed > timeout:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return TIMEOUT, elapsed
            time.sleep(0.05)
        code = os.waitstatus_to_exitcode(wait_status)
        if code == 0:
            return SURVIVED, elapsed
        if code == 5:
            return NO_TESTS, elapsed
        if code == 4:
            raise RuntimeError(f"pytest refused its arguments {pytest_args(test_files)}:\n{self.output()}")
        return KILLED, elapsed

    def output(self) -> str:
        """The last child's output, for a clean run that failed."""
        return self.log.read_text(errors="replace")[-4000:]
