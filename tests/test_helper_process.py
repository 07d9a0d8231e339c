"""Sharing work with a helper process: every batch done once, in order, whichever process did it; and a
failure in this process's own share leaves no helper behind."""
from __future__ import annotations

import logging
import os
import pickle
import sys
import time
from pathlib import Path
from typing import IO, Any

import pytest

from bot import helper_process
from bot.helper_process import ResultPickler, share_out


class Squares:
    """A Work for the tests: a batch of numbers squared, with the id of the process that did it. A batch
    holding -1 fails, in whichever process. `done_here` counts the batches this copy did."""

    def __init__(self) -> None:
        self.done_here = 0

    def work(self, batch: list[int]) -> list[tuple[int, int]]:
        if -1 in batch:
            raise ValueError("a batch that fails")
        self.done_here += 1
        return [(n * n, os.getpid()) for n in batch]

    def result_pickler(self, file: IO[bytes]) -> ResultPickler:
        return ResultPickler(file, protocol=pickle.HIGHEST_PROTOCOL)

    def result_unpickler(self, file: Any, sent: dict[int, list[int]]) -> pickle.Unpickler:
        return pickle.Unpickler(file)


class SlowElsewhere(Squares):
    """Squares, slowly in any process but the one that made it: this process has to wait for the helper."""

    def __init__(self) -> None:
        super().__init__()
        self.origin = os.getpid()

    def work(self, batch: list[int]) -> list[tuple[int, int]]:
        if os.getpid() != self.origin:
            time.sleep(0.05)
        return super().work(batch)


def _children() -> set[str]:
    return set(Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split())


def test_every_batch_is_done_once_in_order_by_one_process_or_the_other(caplog):
    batches = [list(range(start, start + 50)) for start in range(0, 20_000, 50)]
    work = Squares()
    with caplog.at_level(logging.DEBUG, logger="practice_bot.helper"):
        results = share_out(work, batches, "squaring")
    assert [square for result in results for square, _pid in result] == [n * n for n in range(20_000)]
    by_helper = sum(1 for result in results if result[0][1] != os.getpid())
    assert 0 < by_helper < 400 and work.done_here + by_helper == 400  # each batch once, by one or the other
    assert caplog.messages[-1] == f"squaring: 400 batches, the helper process {by_helper}, left over 0"


def test_a_slow_helper_is_waited_for(caplog):
    work = SlowElsewhere()
    with caplog.at_level(logging.DEBUG, logger="practice_bot.helper"):
        results = share_out(work, [[n] for n in range(20)], "squaring")
    assert [result[0][0] for result in results] == [n * n for n in range(20)]
    by_helper = sum(1 for result in results if result[0][1] != os.getpid())
    assert by_helper > 0 and caplog.messages[-1] == f"squaring: 20 batches, the helper process {by_helper}, left over 0"


def test_a_helper_that_stops_reading_is_given_up_and_its_batches_done_here(tmp_path, monkeypatch, caplog):
    """Batches bigger than the pipe to a helper that never reads: this process waits PATIENCE_S for room,
    then does them itself."""
    script = tmp_path / "helper.sh"
    script.write_text("#!/bin/sh\nsleep 30\n")
    script.chmod(0o700)
    monkeypatch.setattr(sys, "executable", str(script))
    monkeypatch.setattr(helper_process, "PATIENCE_S", 0.5)
    batches = [list(range(3)), list(range(300_000))]  # the helper's, the last, pickles to over the pipe's 1 MiB
    with caplog.at_level(logging.WARNING, logger="practice_bot.helper"):
        results = share_out(Squares(), batches, "squaring")
    assert [len(result) for result in results] == [3, 300_000] and results[1][2] == (4, os.getpid())
    assert caplog.messages == ["squaring in one process: the helper stopped reading"]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads a process's children from /proc")
def test_a_batch_that_fails_here_fails_the_work_and_leaves_no_helper():
    before = _children()
    with pytest.raises(ValueError, match="a batch that fails"):
        share_out(Squares(), [[-1], [2], [3], [4]], "squaring")
    assert _children() == before
