"""Reading a cold load's case files in two processes (see helper_process): this one reads batches from the
front of the list while a helper reads from the end.

What this process already has is sent by reference, not copied: councils and bodies in the read cases by
their key (found again in this process's register, so every case still shares its records), labels by
their place in the batch, and the values the cases share through the interner marked as such.
"""
from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from typing import IO, Any

from ..errors import Problem
from ..helper_process import ResultPickler, share_out
from .case_reader import CaseReader, Read
from .interning import Interner
from .registry import Registry
from .schema import Body, CaseStudy, Council, Money

PARALLEL_FROM = 2000
"""Files to read from which a helper is started: it takes a tenth of a second to start, the time this
process reads some 800 files in."""
BATCH = 100
"""Files per batch: small enough that the two processes meet within a few milliseconds of each other and
that a batch's result (some 200 KB) fits the pipe, large enough that the work per batch is noise."""
SHARED = 0
"""The mark of a value the cases share (see _Pickler)."""
_SHARED_TYPES = frozenset({str, tuple, int, Money})
"""The kinds of value the interner shares (None and True, one object each anyway, need no mark)."""
Batch = Sequence[tuple[str, str | None]]


def read_cases(reader: CaseReader, items: Batch, problems: list[Problem], interner: Interner,
               known: Mapping[str, CaseStudy]) -> list[Read]:
    """`reader.read` of every item, in order, with a helper process taking a share when there are many
    and none is `known` (a reload, which reads few, compares what it reads with the cases it has). The
    problems are reported in the order reading them one by one would report them."""
    if known or len(items) < PARALLEL_FROM:
        return reader.read(items, problems, interner, known)
    reads: list[Read] = []
    batches = [items[start:start + BATCH] for start in range(0, len(items), BATCH)]
    for batch_reads, batch_problems in share_out(_Reading(reader, interner), batches, "reading case files"):
        reads += batch_reads
        problems += batch_problems
    return reads


class _Reading:
    """Reading batches of case files, each process into its own interner (the helper is sent a new one)."""

    def __init__(self, reader: CaseReader, interner: Interner):
        self.reader = reader
        self.interner = interner

    def __reduce__(self) -> tuple[type, tuple[CaseReader, Interner]]:
        return _Reading, (self.reader, Interner())

    def work(self, batch: Batch) -> tuple[list[Read], list[Problem]]:
        problems: list[Problem] = []
        return self.reader.read(batch, problems, self.interner), problems

    def result_pickler(self, file: IO[bytes]) -> ResultPickler:
        return _Pickler(file, self.interner, self.reader.registry)

    def result_unpickler(self, file: Any, sent: dict[int, Batch]) -> pickle.Unpickler:
        return _Unpickler(file, _records(self.reader.registry), sent, self.interner)


def _records(registry: Registry) -> dict[tuple[str, str], Council | Body]:
    """The register's records by the key the helper sends them as."""
    return {**{("council", c.code): c for c in registry.councils}, **{("body", b.name): b for b in registry.bodies}}


class _Pickler(ResultPickler):
    """What the other process has already is sent by reference, not copied: a council or body by its key
    (it has the same register), a file's label by its place in the batch (it sent the labels, and its file
    list holds them: a copy in each case was 1 MB more held at 10,000 cases). A value the cases share
    through the interner goes marked as one, for the other side's interner to give its own equal value
    for: each process's values shared, but each value in two copies, were another 1 MB.

    The pickler asks for every object it pickles, so the answer is one look-up by the object's id (each
    object kept alive meanwhile, so no other can take its id), and each reference is one tuple, pickled
    once and then recalled from the pickler's memo."""

    def __init__(self, file: IO[bytes], interner: Interner, registry: Registry):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.interner = interner
        self.marked = 0
        """How many of the interner's values have their reference."""
        self.references: dict[int, tuple] = {id(record): key for key, record in _records(registry).items()}
        self.batches: list[Batch] = []
        """Every batch answered: their labels kept alive, as the references to them need."""
        self.opening: object = None
        """The object just given a reference: pickled as itself inside it (a shared value's), not referred to."""

    def answering(self, index: int, batch: Batch) -> None:
        """Refer to this batch's labels, and to the values the interner has kept since the last batch."""
        self.batches.append(batch)
        self.references.update((id(label), ("label", index, place)) for place, (label, _text) in enumerate(batch))
        new = self.interner.values[self.marked:]
        self.references.update((id(value), (SHARED, value)) for value in new if type(value) in _SHARED_TYPES)
        self.marked += len(new)

    def persistent_id(self, obj: Any) -> tuple | None:  # noqa: D102
        reference = self.references.get(id(obj))
        if reference is None or obj is self.opening:
            return None
        self.opening = obj
        return reference


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: Any, records: dict[tuple[str, str], Council | Body],
                 sent: dict[int, Batch], interner: Interner):
        super().__init__(file)
        self.records = records
        self.sent = sent
        self.interner = interner
        self.found: dict[int, Any] = {}

    def persistent_load(self, pid: Any) -> Any:
        """The object a reference stands for; worked out once per reference (each comes as one tuple, kept
        in this unpickler's memo: its id stays its own)."""
        found = self.found.get(id(pid))
        if found is None:
            if pid[0] == SHARED:
                found = self.interner(pid[1])
            elif pid[0] == "label":
                found = self.sent[pid[1]][pid[2]][0]
            else:
                found = self.records[pid]
            self.found[id(pid)] = found
        return found
