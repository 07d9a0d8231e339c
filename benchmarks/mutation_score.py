"""The arithmetic of `benchmarks/mutation.py`, apart from mutmut and pytest so tests can feed it fixtures.

Which mutants a run checks (an even, repeatable sample), which survivors are equivalent (listed in
`docs/mutation/equivalent/MODULE.tsv` and still the same change), and the score per module against the
issue's 90 %.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

THRESHOLD = 90.0

# What a mutant's test run came to. Only KILLED counts for the score: a timeout is not a kill (the user
# would see a hang, not an error, and the run cannot tell the two apart), nor is a module no test reaches.
KILLED, SURVIVED, TIMEOUT, NO_TESTS = "killed", "survived", "timeout", "no tests"


def sample(names: Sequence[str], every: int) -> list[str]:
    """Every `every`-th mutant in mutmut's order (the file's order), starting with the first.

    Spread over the whole file, so each function keeps its share, and the same on every run, so a sampled
    figure can be checked again.
    """
    if every < 1:
        raise ValueError(f"--sample must be 1 or more, not {every}")
    return list(names[::every])


@dataclass(frozen=True)
class Equivalence:
    """A survivor someone judged no user or operator could tell apart, and the change they judged."""

    name: str
    line: str
    reason: str


def read_equivalences(text: str, source: str = "") -> dict[str, Equivalence]:
    """The lines `mutant<TAB>mutated line<TAB>reason` of one module's file; `#` lines and blank lines skipped.

    A line without all three fields is refused with its place: an equivalence without its mutated line
    could never go stale, and one without a reason cannot be re-reviewed.
    """
    listed: dict[str, Equivalence] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        fields = raw.split("\t")
        if len(fields) != 3 or not all(f.strip() for f in fields):
            raise ValueError(f"{source}:{number}: expected mutant<TAB>mutated line<TAB>reason, got {raw!r}")
        name, line, reason = (f.strip() for f in fields)
        listed[name] = Equivalence(name, line, reason)
    return listed


def equivalence_file(directory: Path, module: str) -> Path:
    """Where a module's equivalent survivors are listed: one file per module, named by its dotted name."""
    return directory / f"{module}.tsv"


def still_equivalent(listed: Equivalence | None, mutated_line: str | None) -> bool:
    """Whether a listed equivalence still describes the mutant of that name.

    mutmut numbers mutants in file order, so after an edit the same name can be another change; only the
    mutated line shows it is the one that was judged. A stale one is checked like any other mutant.
    """
    return listed is not None and mutated_line is not None and listed.line == mutated_line.strip()


@dataclass
class ModuleTally:
    """One module's figures, as the table prints them."""

    module: str
    mutants: int
    sampled: int = 0
    killed: int = 0
    equivalent: int = 0
    timeouts: list[str] = field(default_factory=list)
    survived: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    def record(self, name: str, outcome: str) -> None:
        """Count one checked mutant; everything but a kill is named, so `mutmut show NAME` finds it."""
        if outcome == KILLED:
            self.killed += 1
        elif outcome == TIMEOUT:
            self.timeouts.append(name)
        else:
            self.survived.append(name)

    @property
    def score(self) -> float | None:
        """killed / (sampled - equivalent), in per cent; None when nothing was left to kill."""
        counted = self.sampled - self.equivalent
        return 100.0 * self.killed / counted if counted else None

    @property
    def passed(self) -> bool:
        """At or above the threshold; a module with nothing to kill passes (there is nothing to miss)."""
        score = self.score
        return score is None or score >= THRESHOLD


def total(tallies: Iterable[ModuleTally]) -> ModuleTally:
    """All modules together: the sums, so the total score weighs each mutant once (not each module)."""
    whole = ModuleTally("total", 0)
    for t in tallies:
        whole.mutants += t.mutants
        whole.sampled += t.sampled
        whole.killed += t.killed
        whole.equivalent += t.equivalent
        whole.timeouts += t.timeouts
        whole.survived += t.survived
        whole.stale += t.stale
    return whole


def table(tallies: Sequence[ModuleTally]) -> str:
    """The per-module table and the total, then every survivor, timeout and stale equivalence by name."""
    rows = [("module", "mutants", "sampled", "killed", "equivalent", "survived", "timeouts", "score", "")]
    for t in [*tallies, total(tallies)]:
        score = t.score
        rows.append((
            t.module, str(t.mutants), str(t.sampled), str(t.killed), str(t.equivalent), str(len(t.survived)),
            str(len(t.timeouts)), "-" if score is None else f"{score:.1f} %", "PASS" if t.passed else "FAIL",
        ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
             for r in rows]
    for t in tallies:
        for label, names in (("survived", t.survived), ("timeout", t.timeouts),
                             ("stale equivalence (re-review)", t.stale)):
            lines += [f"{label}: {name}" for name in names]
    return "\n".join(lines)


def module_name(path: str) -> str:
    """`bot/search/names.py` as mutmut names it in its mutants: `bot.search.names`."""
    dotted = path.removesuffix(".py").replace("/", ".")
    return dotted.removesuffix(".__init__")


def unknown_modules(paths: Iterable[str], tests: Mapping[str, Sequence[str]]) -> list[str]:
    """The modules asked for that the test table does not list: running them against nothing proves nothing."""
    return [p for p in paths if not tests.get(p)]
