"""The mutation score of the core modules, per module, against issue 17's 90 % (README, "Mutation testing").

    .venv/bin/python benchmarks/mutation.py [MODULE.py ...] [--sample N] [--jobs N] [--timeout SECONDS] [--mutant NAME ...]

With no module, every file `[tool.mutmut] only_mutate` selects. Each module's mutants (mutmut's) are tried
against the test files `[tool.practice-bot.mutation.tests]` lists for it, the fastest first, stopping at the
first failure; a mutant no test fails survives. Survivors someone judged equivalent (no user or operator
could see the change) are listed in `docs/mutation/equivalent/MODULE.tsv` and left out of the score while
their mutated line is still the one judged. Prints a table per module and exits non-zero if any module
scores below 90 %; `mutmut show NAME` prints any mutant it names as a diff.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.mutation_score import (  # noqa: E402
    ModuleTally,
    equivalence_file,
    module_name,
    read_equivalences,
    sample,
    still_equivalent,
    table,
    unknown_modules,
)

EQUIVALENT_DIR = ROOT / "docs" / "mutation" / "equivalent"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="source files, e.g. bot/search/names.py (default: all of only_mutate)")
    parser.add_argument("--sample", type=int, default=1, metavar="N", help="check every Nth mutant of each module")
    parser.add_argument("--timeout", type=float, metavar="SECONDS",
                        help="per mutant (default: four times the module's clean run, plus 20 s)")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="mutants tried at once (default 1; one a core is the most that helps)")
    parser.add_argument("--mutant", action="append", default=[], metavar="NAME",
                        help="check only these mutants (again, e.g. after a new test), as mutmut names them")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be 1 or more")

    os.chdir(ROOT)  # mutmut reads its settings from, and writes mutants/ under, the working directory
    from benchmarks.mutation_fork import Runner
    from benchmarks.mutation_run import generate, mutatable_modules, mutated_line, pytest_options, test_table

    tests = test_table()
    modules = args.modules or mutatable_modules()
    missing = unknown_modules(modules, tests)
    if missing:
        parser.error(f"no test files listed in [tool.practice-bot.mutation.tests] for {', '.join(missing)}")
    print(f"generating the mutants of {len(modules)} module(s)", file=sys.stderr)
    names = generate(modules)

    plans = []
    for path in modules:
        dotted = module_name(path)
        listed_file = equivalence_file(EQUIVALENT_DIR, dotted)
        listed = read_equivalences(listed_file.read_text(), str(listed_file)) if listed_file.exists() else {}
        chosen = sample(names[path], args.sample)
        if args.mutant:
            chosen = [n for n in chosen if n in args.mutant]
        tally = ModuleTally(path, len(names[path]), sampled=len(chosen))
        to_run = []
        for name in chosen:
            if name in listed and still_equivalent(listed[name], mutated_line(name, path)):
                tally.equivalent += 1
            else:
                if name in listed:
                    tally.stale.append(name)
                to_run.append(name)
        plans.append((path, tally, to_run))

    runner = Runner(ROOT, pytest_options())
    runner.enter(sorted({f for path in modules for f in tests[path]}))
    for path, tally, to_run in plans:
        if not to_run:  # nothing sampled, or only equivalents: no clean run needed
            continue
        files = tests[path]
        outcome, clean = runner.run("", files, timeout=3600)
        if outcome != "survived":
            print(runner.output(), file=sys.stderr)
            print(f"{path}: its tests fail ({outcome}) without any mutant; fix them first", file=sys.stderr)
            return 2
        timeout = args.timeout or 4 * clean + 20
        print(f"{path}: {len(to_run)} to run, clean run {clean:.1f} s, timeout {timeout:.0f} s", file=sys.stderr)
        for number, (name, outcome, seconds) in enumerate(runner.run_all(to_run, files, timeout, args.jobs), start=1):
            tally.record(name, outcome)
            print(f"  [{number}/{len(to_run)}] {outcome}: {name} ({seconds:.1f} s)", file=sys.stderr, flush=True)
    tallies = [tally for _, tally, _ in plans]
    print(table(tallies))
    return 0 if all(t.passed for t in tallies) else 1


if __name__ == "__main__":
    sys.exit(main())
