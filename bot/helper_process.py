"""Sharing a cold build's work with a second process beside this one.

Reading case files and analysing their words are pure Python: one core's worth, while the machine's other
core sat idle, was a cold start at 10,000 cases. So a build with much to do starts a helper process that
takes batches from the end of the list while this process takes them from the front; they meet wherever
the two happen to, so neither waits on the other however busy the machine is.

The helper is a fresh interpreter running `serve`, not a fork: forking a process with threads (a server
reloading) can copy a lock held by another thread and hang the child. What passes between the two is
pickled, over the helper's standard input and output: trusted data, made by this program on both sides.
The work itself (a `Work`) is sent first: what each batch is done with, and how its results are pickled
there and read back here.

Nothing depends on the helper: if it cannot start, fails or stops answering, this process does the batches
it has not returned, and the result is the same, only slower.
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
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Generic, Protocol, TypeVar, cast

log = logging.getLogger("practice_bot.helper")

B = TypeVar("B")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

PIPE_BYTES = 1 << 20
"""The pipes to and from the helper: a few batches' results (Linux's most, unless raised, is 1 MiB)."""
IN_FLIGHT = 2
"""Batches sent ahead to the helper, so it never waits for this process to look up from its own batch."""
PATIENCE_S = 60.0
"""How long to wait on the helper for one batch (or room to send one) before doing the rest here: a batch
takes milliseconds."""
_FRAME = struct.Struct("!Q")


class ResultPickler(pickle.Pickler):
    """How the helper pickles results: plainly, unless a Work says otherwise (one pickler for every result,
    so an object sent once is recalled from its memo after)."""

    def answering(self, index: int, batch: Any) -> None:
        """Called before each result of `batch` (number `index`) is pickled."""


class Work(Protocol[B, R_co]):
    """What is shared out: picklable, as the helper is sent it first."""

    def work(self, batch: B) -> R_co:
        """The batch done (in whichever process)."""

    def result_pickler(self, file: IO[bytes]) -> ResultPickler:
        """The helper's pickler for results, writing to `file`."""

    def result_unpickler(self, file: Any, sent: dict[int, B]) -> pickle.Unpickler:
        """This process's unpickler for them (`sent`: each batch sent, by its number)."""


def share_out(work: Work[B, R], batches: Sequence[B], what: str) -> list[R]:
    """`work.work` of every batch, in order: the last ones done by a helper process while this one does the
    first, when the machine has a core to spare. (`what` names the work in the log.)"""
    if len(batches) < 2 or _cores() < 2 or os.name != "posix":  # (waiting on pipes: POSIX)
        return [work.work(batch) for batch in batches]
    done: list[R | None] = [None] * len(batches)
    helper = _Helper.start(work, what)
    front, back = 0, len(batches)
    try:
        while front < back:
            while helper is not None and helper.alive and helper.pending < IN_FLIGHT and front < back - 1:
                back -= 1
                helper.send(back, batches[back])
            done[front] = work.work(batches[front])
            front += 1
            if helper is not None:
                for index, result in helper.received(wait=False):
                    done[index] = result
        if helper is not None:
            for index, result in helper.finish():
                done[index] = result
    finally:  # (this process's own batch may fail: the helper is not left waiting for more)
        if helper is not None:
            helper.close()
    left = [n for n, result in enumerate(done) if result is None]
    """The batches nobody has done: what the helper was sent and never returned."""
    log.debug("%s: %d batches, the helper process %d, left over %d", what, len(batches),
              len(batches) - front - len(left), len(left))
    for n in left:
        done[n] = work.work(batches[n])
    return cast(list[R], done)  # (every batch is done by now)


def _cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Helper(Generic[B, R]):
    """The helper process, seen from this one: batches go in over its input, results come back over its
    output, taken in between this process's own batches (no thread: one would wait for the interpreter's
    lock at each piece of a result, five milliseconds each time, while the helper waited on a full pipe)."""

    def __init__(self, process: subprocess.Popen, work: Work[B, R], what: str):
        assert process.stdin is not None and process.stdout is not None
        self.process = process
        self.what = what
        self.alive = True
        self.pending = 0
        """Batches sent and not yet answered."""
        self.input, self.output = process.stdin.fileno(), process.stdout.fileno()
        for pipe in (self.input, self.output):
            os.set_blocking(pipe, False)
            _widen(pipe)
        self.buffer = bytearray()
        """What has come from the helper and is not yet a whole result."""
        self.sent: dict[int, B] = {}
        self.frame = _Frame()
        self.unpickler = work.result_unpickler(self.frame, self.sent)
        """One for every result, as the helper has one pickler."""

    @classmethod
    def start(cls, work: Work[B, R], what: str) -> _Helper[B, R] | None:
        package_root = str(Path(__file__).resolve().parents[1])  # this code, whatever the working directory holds
        try:
            process = subprocess.Popen([sys.executable, "-c", _HELPER_CODE, package_root], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except (OSError, ValueError) as exc:
            log.warning("%s in one process: the helper did not start (%s)", what, type(exc).__name__)
            return None
        helper = cls(process, work, what)
        helper._write(work)
        return helper

    def send(self, index: int, batch: B) -> None:
        self._write((index, batch))
        self.sent[index] = batch
        self.pending += 1

    def received(self, wait: bool) -> list[tuple[int, R]]:
        """The results in so far (with `wait`, at least the next one, unless the helper fails first)."""
        got: list[tuple[int, R]] = []
        while self.pending and self.alive:
            frame = self._next_frame()
            if frame is None:
                if not self._take(wait=wait and not got):
                    break
                continue
            self.pending -= 1
            self.frame.data = io.BytesIO(frame)
            try:
                got.append(self.unpickler.load())
            except Exception as exc:  # noqa: BLE001  (whatever the helper sent wrong, its batches are done here)
                self._give_up(f"sent what could not be read ({type(exc).__name__})")
        return got

    def finish(self) -> list[tuple[int, R]]:
        """Every result still due."""
        got: list[tuple[int, R]] = []
        while self.pending and self.alive:
            got += self.received(wait=True)
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
        log.warning("%s in one process: the helper %s", self.what, why)
        self.alive = False
        self.close()

    def close(self) -> None:
        """Tell the helper to end (its input closed), and wait for it, killing it if it will not (again:
        nothing). The
        unpickler's memo, a reference to everything it made, is emptied now: an unpickler with a
        persistent_load is in a cycle with it, and the collector is paused while a base is built."""
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


class _Frame:
    """The result being read, as the file the one unpickler reads from."""

    def __init__(self) -> None:
        self.data = io.BytesIO()

    def read(self, size: int = -1) -> bytes:
        return self.data.read(size)

    def readline(self) -> bytes:
        return self.data.readline()


def _framed(data: bytes) -> bytes:
    return _FRAME.pack(len(data)) + data


def _read_frame(stream: IO[bytes]) -> bytes | None:
    head = stream.read(_FRAME.size)
    if len(head) < _FRAME.size:
        return None
    size = _FRAME.unpack(head)[0]
    data = stream.read(size)
    return data if len(data) == size else None


_HELPER_CODE = ("import sys; sys.path.insert(0, sys.argv[1]); from bot.helper_process import serve; "
                "serve(sys.stdin.buffer, sys.stdout.buffer)")


def serve(source: IO[bytes], sink: IO[bytes]) -> None:
    """The helper's side: the Work, then batches, each answered with its result, until the input ends. The
    collector is off: this process lives for one build and makes no cyclic garbage. It then ends at once,
    without the interpreter's tidying up (nothing of its own needs it; freeing every object of a build,
    one by one, was 30 ms that the other process waited for)."""
    import gc

    gc.disable()
    _answer(source, sink)
    sink.flush()
    os._exit(0)


def _answer(source: IO[bytes], sink: IO[bytes]) -> None:
    first = _read_frame(source)
    if first is None:
        return
    work: Work = pickle.loads(first)
    out = io.BytesIO()
    pickler = work.result_pickler(out)
    while (frame := _read_frame(source)) is not None:
        index, batch = pickle.loads(frame)
        result = work.work(batch)
        out.seek(0)
        out.truncate()
        pickler.answering(index, batch)
        pickler.dump((index, result))
        sink.write(_framed(out.getvalue()))
        sink.flush()
