"""The mutmut side of `benchmarks/mutation.py`: make the mutants, name them, show what each changes.

mutmut writes every mutant of a file into one copy of it under `mutants/` and picks one at run time from
`MUTANT_UNDER_TEST`. Its own `mutmut run` first maps every test to the functions it reaches (about ten
minutes here) and then runs that whole selection per mutant, minutes per survivor for the index or the
loader; a module's own test files, named in `pyproject.toml`, decide the same in seconds. So this uses
mutmut only to generate (its functions, as `mutmut run` calls them) and runs pytest itself, one forked
process per mutant (`benchmarks/mutation_fork.py`).
"""
from __future__ import annotations

import contextlib
import io
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from mutmut.__main__ import create_file_mutants
from mutmut.configuration import config
from mutmut.mutation.data import SourceFileMutationData
from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir, walk_mutatable_files, walk_source_files

from benchmarks.mutation_fork import MUTANTS


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


def pytest_options() -> list[str]:
    """mutmut's own pytest options (`[tool.mutmut] pytest_add_cli_args`: `-x`, the slow tests left out), so
    both ways of running agree on what a mutant is tried against."""
    return list(config().pytest_add_cli_args)
