"""A cold load with many case files reads them in two processes, with the same result as one process reading
them all: the same cases in the same order, the same problems, the register's records and the shared values
still shared; and the same again whatever goes wrong with the helper process."""
from __future__ import annotations

import logging
import re
import stat
import sys
from pathlib import Path

import pytest

from bot import helper_process
from bot.knowledge.case_reader import CaseReader
from bot.knowledge.interning import Interner
from bot.knowledge.loader import load_knowledge
from bot.knowledge.parallel_reading import PARALLEL_FROM, read_cases

from .helpers import FICTIONAL_COUNCIL, case_file, copy_knowledge, own_copies, write_case

COUNCILS = ("Bristol City Council", "Leeds City Council", "Fife Council", "Cardiff Council", FICTIONAL_COUNCIL)
BROKEN = {"aaa-not-yaml": "title: [unclosed\n", "mmm-unknown-theme": None, "zzz-not-utf8": b"title: caf\xe9\n"}
"""Files no case can be read from, named to fall among the first files, the middle and the last: some read
here, some by the helper."""


@pytest.fixture(scope="module")
def big_base(tmp_path_factory) -> Path:
    root = copy_knowledge(tmp_path_factory.mktemp("big"))
    have = len(list((root / "case-studies").glob("*.yaml")))
    for n in range(PARALLEL_FROM + 100 - have):
        write_case(root, f"hovercraft-{n:05d}", COUNCILS[n % len(COUNCILS)], title=f"Hovercraft lending, scheme {n}",
                   tags=("hovercraft", f"scheme {n % 7}"), outcomes=({"kind": "saving", "amount": f"£{n % 9}m",
                                                                     "text": "Fewer boats hired"},))
    for name, content in BROKEN.items():
        if content is None:
            write_case(root, name, COUNCILS[0])
            path = case_file(root, name)
            path.write_text(path.read_text().replace("digital-inclusion", "no-such-theme"))
        elif isinstance(content, bytes):
            case_file(root, name).write_bytes(content)
        else:
            case_file(root, name).write_text(content)
    return root


def _reader_and_items(root: Path) -> tuple[CaseReader, list[tuple[str, str | None]]]:
    kb = load_knowledge(root, strict=False)
    reader = CaseReader(str(root), frozenset(t.id for t in kb.themes), frozenset(c.id for c in kb.contacts), kb.registry)
    labels = sorted(f"case-studies/{path.name}" for path in (root / "case-studies").glob("*.yaml"))
    return reader, [(label, None) for label in labels]


def _one_process(reader: CaseReader, items) -> tuple[list, list]:
    problems: list = []
    return reader.read(items, problems, Interner()), problems


def test_two_processes_read_what_one_would(big_base, caplog):
    reader, items = _reader_and_items(big_base)
    problems: list = []
    with caplog.at_level(logging.DEBUG, logger="practice_bot.helper"):
        reads = read_cases(reader, items, problems, Interner(), {})
    batches, helped = (int(n) for n in re.fullmatch(r"reading case files: (\d+) batches, the helper process (\d+), "
                                                    r"left over 0", caplog.messages[-1]).groups())
    assert 0 < helped < batches, caplog.messages  # both took a share
    assert (reads, problems) == _one_process(reader, items)
    assert [str(p).split(":")[0] for p in problems] == [f"case-studies/{name}.yaml" for name in sorted(BROKEN)]


def test_the_helpers_cases_share_the_register_and_the_repeated_values(big_base):
    kb = load_knowledge(big_base, strict=False)
    assert len(kb.cases) == PARALLEL_FROM + 100 and len(kb.problems) == len(BROKEN)
    assert [c.file for c in kb.cases] == sorted(c.file for c in kb.cases)
    councils = [r.council for c in kb.cases for r in c.resolved if r.council is not None]
    assert len(councils) > PARALLEL_FROM / 2
    assert all(council is kb.registry.council(council.code) for council in councils)
    assert own_copies(kb) == []
    labels = set(map(id, kb.stamps.labels))
    assert all(id(case.file) in labels for case in kb.cases if case.file.startswith("case-studies/"))


def _fake_helper(tmp_path: Path, body: str) -> str:
    script = tmp_path / "helper.sh"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.mark.parametrize("helper, why", [
    ("/nonexistent/python", {"did not start (FileNotFoundError)"}),
    ("exit 3", {"stopped reading (exit status 3)", "ended (exit status 3)"}),  # (whichever this process sees first)
    ("exec 1>&-; cat > /dev/null", {"closed its output"}),
    (r"printf '\000\000\000\000\000\000\000\005hello'; cat > /dev/null", {"sent what could not be read (UnpicklingError)"}),
    (r"printf '\000\000\000\000\000\000\000\005hel'; cat > /dev/null", {"stopped answering"}),  # half a result
    ("sleep 30", {"stopped answering"}),
])
def test_whatever_the_helper_does_the_load_is_the_same(big_base, tmp_path, monkeypatch, caplog, helper, why):
    reader, items = _reader_and_items(big_base)
    expected = _one_process(reader, items)
    monkeypatch.setattr(sys, "executable", helper if helper.startswith("/") else _fake_helper(tmp_path, helper))
    monkeypatch.setattr(helper_process, "PATIENCE_S", 0.5)  # "sleep 30": not a minute's wait in a test
    problems: list = []
    with caplog.at_level(logging.WARNING, logger="practice_bot.helper"):
        reads = read_cases(reader, items, problems, Interner(), {})
    assert (reads, problems) == expected
    assert caplog.messages in ([f"reading case files in one process: the helper {reason}"] for reason in why)


def test_a_reload_reads_in_this_process(big_base, caplog):
    """A reload compares what it reads with the cases it has: no helper, however many files changed."""
    reader, items = _reader_and_items(big_base)
    known_reads, _ = _one_process(reader, items[:2])  # (the first file is a broken one)
    known = {label: case for label, _fingerprint, case in known_reads if case is not None}
    assert len(known) == 1
    problems: list = []
    with caplog.at_level(logging.DEBUG, logger="practice_bot.helper"):
        reads = read_cases(reader, items, problems, Interner(), known)
    assert caplog.messages == []
    assert [label for label, _f, _c in reads] == [label for label, _ in items if label not in known]
