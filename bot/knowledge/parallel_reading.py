"""Reading a cold load's case files with a second process beside this one.

Reading, parsing and checking case files is pure Python: one core's worth, some 8,000 files a second, was
half of a cold start at 10,000 cases while the machine's other core sat idle. So a load with many files to
read starts a helper process that reads batches from the end of the list while this process reads from the
front; they meet wherever the two happen to, so neither waits on the other however busy the machine is.

The helper is a fresh interpreter running this module's `serve`, not a fork: forking a
process with threads (a server reloading) can copy a lock held by another thread and hang the child. What
passes between the two is pickled, over the helper's standard input and output: trusted data, made by this
program on both sides. Councils and bodies in the read cases are sent by their key and found again in this
process's register, so that every case still shares the register's records.

Nothing depends on the helper: if it cannot start, fails or stops answering, this process reads the batches
it has not returned, and the load is the same, only slower.
"""
from __future__ import annotations

import fcntl
import io
import logging
import os
import pickle
import select
import struct
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ..errors import Problem
from .case_reader import CaseReader, Read
from .interning import Interner
from .registry import Registry
from .schema import Body, CaseStudy, Council, Money

log = logging.getLogger("practice_bot.loading")

PARALLEL_FROM = 2000
"""Files to read from which a helper is started: it takes a fifth of a second to start, the time this
process reads some 1,500 files in."""
BATCH = 100
"""Files per batch: small enough that the two processes meet within a few milliseconds of each other and
that a batch's result (some 200 KB) fits the pipe, large enough that the work per batch is noise."""
PIPE_BYTES = 1 << 20
"""The pipe the helper writes to: a few batches' results (Linux's most, unless raised, is 1 MiB)."""
IN_FLIGHT = 2
"""Batches sent ahead to the helper, so it never waits for this process to look up from its own batch."""
PATIENCE_S = 60.0
"""How long to wait for one batch from a helper before reading the rest here: a batch takes milliseconds."""
_FRAME = struct.Struct("!Q")
_SHARED_TYPES = frozenset({str, tuple, int, Money})
"""The kinds of value the interner shares (None and True, one object each anyway, need no mark)."""


def read_cases(reader: CaseReader, items: Sequence[tuple[str, str | None]], problems: list[Problem],
               interner: Interner, known: Mapping[str, CaseStudy]) -> list[Read]:
    """`reader.read` of every item, in order, with a helper process taking a share when there are many
    and none is `known` (a reload, which reads few, compares what it reads with the cases it has). The
    problems are reported in the order reading them one by one would report them."""
    if known or len(items) < PARALLEL_FROM or _cores() < 2 or os.name != "posix":  # (select on pipes: POSIX)
        return reader.read(items, problems, interner, known)
    batches = [items[start:start + BATCH] for start in range(0, len(items), BATCH)]
    done: list[tuple[list[Read], list[Problem]] | None] = [None] * len(batches)
    helper = _Helper.start(reader, interner)
    front, back = 0, len(batches)
    while front < back:
        while helper is not None and helper.alive and helper.pending < IN_FLIGHT and front < back - 1:
            back -= 1
            helper.send(back, batches[back])
        found: list[Problem] = []
        done[front] = (reader.read(batches[front], found, interner), found)
        front += 1
        if helper is not None:
            for index, result in helper.received(wait=False):
                done[index] = result
    if helper is not None:
        for index, result in helper.finish():
            done[index] = result
    log.debug("read %d case files, the helper process %d", len(items),
              sum(len(batch) for batch, outcome in zip(batches[front:], done[front:]) if outcome is not None))
    reads: list[Read] = []
    for batch, outcome in zip(batches, done):
        if outcome is None:  # the helper's share that never came back
            found = []
            reads += reader.read(batch, found, interner)
            problems += found
        else:
            reads += outcome[0]
            problems += outcome[1]
    return reads


def _cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Helper:
    """The helper process, seen from this one: batches go in over its input, results come back over its
    output, taken in between this process's own batches (no thread: one would wait for the interpreter's
    lock at each piece of a result, five milliseconds each time, while the helper waited on a full pipe)."""

    def __init__(self, process: subprocess.Popen, registry: Registry, interner: Interner):
        assert process.stdin is not None and process.stdout is not None
        self.process = process
        self.alive = True
        self.records = _records(registry)
        self.pending = 0
        """Batches sent and not yet answered."""
        self.input, self.output = process.stdin.fileno(), process.stdout.fileno()
        self.buffer = bytearray()
        """What has come from the helper and is not yet a whole result."""
        self.sent: dict[int, Sequence[tuple[str, str | None]]] = {}
        """Each batch sent, by its number."""
        self.frame = _Frame()
        self.unpickler = _Unpickler(self.frame, self.records, self.sent, interner)
        """One for every result, as the helper has one pickler: a value the helper's cases share (a theme's
        tuple, an organisation's name, an amount) is sent once and shared here too (see serve)."""
        for pipe in (self.input, self.output):
            os.set_blocking(pipe, False)
            _widen(pipe)

    @classmethod
    def start(cls, reader: CaseReader, interner: Interner) -> _Helper | None:
        package_root = str(Path(__file__).resolve().parents[2])  # this code, whatever the working directory holds
        try:
            process = subprocess.Popen([sys.executable, "-c", _HELPER_CODE, package_root], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except (OSError, ValueError) as exc:
            log.warning("reading case files in one process: the helper did not start (%s)", type(exc).__name__)
            return None
        helper = cls(process, reader.registry, interner)
        helper._write(reader)
        return helper

    def send(self, index: int, batch: Sequence[tuple[str, str | None]]) -> None:
        self._write((index, list(batch)))
        self.sent[index] = batch
        self.pending += 1

    def received(self, wait: bool) -> list[tuple[int, tuple[list[Read], list[Problem]]]]:
        """The results in so far (with `wait`, at least the next one, unless the helper fails first)."""
        got: list[tuple[int, tuple[list[Read], list[Problem]]]] = []
        while self.pending and self.alive:
            frame = self._next_frame()
            if frame is None:
                if not self._take(wait=wait and not got):
                    break
                continue
            self.pending -= 1
            try:
                self.frame.data = io.BytesIO(frame)
                got.append(self.unpickler.load())
            except Exception as exc:  # noqa: BLE001  (whatever the helper sent wrong, its batches are read here)
                self._give_up(f"sent what could not be read ({type(exc).__name__})")
        return got

    def finish(self) -> list[tuple[int, tuple[list[Read], list[Problem]]]]:
        """Every result still due; the helper is told to end, and ended."""
        got = self.received(wait=True) if self.pending else []
        while self.pending and self.alive:
            got += self.received(wait=True)
        self._close()
        return got

    def _next_frame(self) -> bytes | None:
        """The first whole result in the buffer, taken out of it."""
        if len(self.buffer) < _FRAME.size:
            return None
        end = _FRAME.size + _FRAME.unpack_from(self.buffer)[0]
        if len(self.buffer) < end:
            return None
        frame = bytes(self.buffer[_FRAME.size:end])
        del self.buffer[:end]
        return frame

    def _take(self, wait: bool) -> bool:
        """Whether more came from the helper: all it has written, waiting for some first if `wait`."""
        if wait and not select.select([self.output], [], [], PATIENCE_S)[0]:
            self._give_up("stopped answering")
            return False
        came = False
        while True:
            try:
                data = os.read(self.output, 1 << 20)
            except BlockingIOError:
                return came
            if not data:
                code = self.process.poll()
                self._give_up("closed its output" if code is None else f"ended (exit status {code})")
                return False
            self.buffer += data
            came = True

    def _write(self, value: Any) -> None:
        """Send `value`, waiting for room in the pipe no longer than PATIENCE_S at a time: a helper that has
        stopped reading must not stop this process too."""
        if not self.alive:
            return
        data = memoryview(_framed(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))
        while data:
            if not select.select([], [self.input], [], PATIENCE_S)[1]:
                self._give_up("stopped reading")
                return
            try:
                data = data[os.write(self.input, data):]
            except OSError:  # (BrokenPipeError: it has ended)
                self._give_up(f"stopped reading (exit status {self.process.poll()})")
                return

    def _give_up(self, why: str) -> None:
        log.warning("reading case files in one process: the helper %s", why)
        self.alive = False
        self._close()

    def _close(self) -> None:
        """Tell the helper to end (its input closed), and wait for it, killing it if it will not. The
        unpickler's memo, a reference to everything it made, is emptied now: the unpickler is in a cycle
        with its own persistent_load, and the collector is paused while a base is built (see gc_pause)."""
        self.unpickler.memo.clear()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _widen(pipe: int) -> None:
    """Let the pipe hold a few batches' results (Linux; elsewhere it keeps its size): at its usual 64 KiB
    the helper would wait, a quarter of a result written, until this process looked up from its own batch."""
    try:
        fcntl.fcntl(pipe, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except OSError:
        pass


def _records(registry: Registry) -> dict[tuple[str, str], Council | Body]:
    """The register's records by the key the helper sends them as."""
    return {**{("council", c.code): c for c in registry.councils}, **{("body", b.name): b for b in registry.bodies}}


SHARED = 0
"""The mark of a value the cases share (see _Pickler)."""


class _Pickler(pickle.Pickler):
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
        self.batches: list[Sequence[tuple[str, str | None]]] = []
        """Every batch answered: their labels kept alive, as the references to them need."""
        self.opening: object = None
        """The object just given a reference: pickled as itself inside it (a shared value's), not referred to."""

    def answering(self, index: int, batch: Sequence[tuple[str, str | None]]) -> None:
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


class _Frame:
    """The result being read, as the file the one unpickler reads from."""

    def __init__(self) -> None:
        self.data = io.BytesIO()

    def read(self, size: int = -1) -> bytes:
        return self.data.read(size)

    def readline(self) -> bytes:
        return self.data.readline()


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: _Frame, records: dict[tuple[str, str], Council | Body],
                 sent: dict[int, Sequence[tuple[str, str | None]]], interner: Interner):
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


def _framed(data: bytes) -> bytes:
    return _FRAME.pack(len(data)) + data


def _read_frame(stream: IO[bytes]) -> bytes | None:
    head = stream.read(_FRAME.size)
    if len(head) < _FRAME.size:
        return None
    size = _FRAME.unpack(head)[0]
    data = stream.read(size)
    return data if len(data) == size else None


_HELPER_CODE = ("import sys; sys.path.insert(0, sys.argv[1]); from bot.knowledge.parallel_reading import serve; "
                "serve(sys.stdin.buffer, sys.stdout.buffer)")


def serve(source: IO[bytes], sink: IO[bytes]) -> None:
    """The helper's side: a reader, then batches, each answered with its reads and problems, until the
    input ends. The collector is off: this process lives for one load and makes no cyclic garbage.

    One pickler writes every result, and its memo lasts: the values the cases share through the interner
    are pickled once, then referred to, so the other side's one unpickler rebuilds them shared (a pickler
    per result had each batch's cases hold copies of their own: 4 MB more held at 10,000 cases)."""
    import gc

    gc.disable()
    first = _read_frame(source)
    if first is None:
        return
    reader: CaseReader = pickle.loads(first)
    interner = Interner()
    out = io.BytesIO()
    pickler = _Pickler(out, interner, reader.registry)
    while (frame := _read_frame(source)) is not None:
        index, batch = pickle.loads(frame)
        problems: list[Problem] = []
        reads = reader.read(batch, problems, interner)
        out.seek(0)
        out.truncate()
        pickler.answering(index, batch)
        pickler.dump((index, (reads, problems)))  # a value an earlier result sent goes as a reference to it
        data = out.getvalue()
        sink.write(_framed(data))
        sink.flush()
