"""Timing and memory of our search and of the BM25 baseline: load, reload and peak memory (per-question time: latency.py)."""
from __future__ import annotations

import contextlib
import gc
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

from .common import ENTRY
from .latency import Latency, _clear_caches, _time_questions

# --------------------------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------------------------

# Memory is measured in fresh child processes after all timing (tracemalloc slows Python down several times
# and inflates RSS, so it gets its own process; two children run at once since no timing is going on).

def _memory_child(mode: str, engine: str, source: str) -> None:
    """One engine's memory, built from `source` in this fresh process. BM25's texts are read before its
    build, so its peak and held are its index alone; what the texts hold is reported beside them, since a
    bot built on BM25 must keep them to show an answer (ours holds its cases within its own figures)."""
    from bot.store import Snapshot

    texts: list[str] = []
    if engine == "ours":
        build = lambda: Snapshot.build(Path(source))  # noqa: E731
    else:
        import bm25s  # noqa: F401  (imports are not part of what is measured)
        import Stemmer  # noqa: F401
        from bm25s.tokenization import Tokenizer  # noqa: F401

        build = lambda: Bm25.build(texts)  # noqa: E731
    gc.collect()
    if mode == "rss":
        texts.extend(_texts(engine, source))
        before = _peak_rss_mb()
        kept = build()  # noqa: F841
        print(json.dumps({"rss_mb": _peak_rss_mb() - before}))
        return
    tracemalloc.start()
    texts.extend(_texts(engine, source))
    texts_mb = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.reset_peak()
    kept = build()  # noqa: F841
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"peak_mb": peak / 2**20 - texts_mb, "held_mb": current / 2**20 - texts_mb,
                      **({"texts_mb": texts_mb} if engine != "ours" else {})}))


def _texts(engine: str, source: str) -> list[str]:
    """The texts BM25 indexes, as the run wrote them; none for ours (it reads its own case files)."""
    return [] if engine == "ours" else json.loads(Path(source).read_text(encoding="utf-8"))


def _peak_rss_mb() -> float:
    """Peak RSS of this process. On Linux from /proc (VmHWM): ru_maxrss survives exec, so a child started by a
    big parent would report the parent's size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def measure_memory(jobs: list[tuple[Row, str, Path, float]], workers: int = 2) -> None:
    """Run (row, mode, source, expected cost) jobs in child processes, biggest first, `workers` at a time."""
    pending = sorted(jobs, key=lambda job: -job[3])
    running: list[tuple[Row, subprocess.Popen]] = []
    while pending or running:
        while pending and len(running) < workers:
            row, mode, source, _cost = pending.pop(0)
            child = subprocess.Popen(
                [sys.executable, str(ENTRY), "--memory-child", mode, row.engine, str(source)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            running.append((row, child))
        row, child = running.pop(0)
        out, err = child.communicate()
        try:
            for key, value in json.loads(out.strip().splitlines()[-1]).items():
                setattr(row, key, value)
        except (ValueError, IndexError):
            print(f"  memory measurement failed for {row.label} {row.engine}: {err.strip()[-300:]}", file=sys.stderr)


def case_text(case) -> str:
    """What BM25 indexes: title + organisations + summary + outcomes + tags + everyday words."""
    outcomes = " ".join(f"{o.amount or ''} {o.text}" for o in case.outcomes)
    return " ".join([case.title, " ".join(case.organisations), case.summary, outcomes, " ".join(case.tags),
                     " ".join(case.everyday)])


class Bm25:
    """The baseline: bm25s over the same texts, the same stemmer as ours (PyStemmer, Snowball English)."""

    def __init__(self, tokenizer, retriever):
        self.tokenizer = tokenizer
        self.retriever = retriever

    @classmethod
    def build(cls, texts: list[str]) -> Bm25:
        import bm25s
        import Stemmer
        from bm25s.tokenization import Tokenizer

        tokenizer = Tokenizer(stemmer=Stemmer.Stemmer("english"), stopwords="en")
        ids = tokenizer.tokenize(texts, return_as="ids", show_progress=False)
        retriever = bm25s.BM25()
        retriever.index(ids, show_progress=False)
        return cls(tokenizer, retriever)

    def search(self, question: str, k: int = 5) -> list[tuple[int, float]]:
        ids = self.tokenizer.tokenize([question], update_vocab=False, return_as="ids", show_progress=False)
        k = min(k, self.retriever.scores["num_docs"])
        docs, scores = self.retriever.retrieve(ids, k=k, show_progress=False, n_threads=0)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]


@dataclass
class Row:
    label: str
    cases: int
    engine: str
    load_s: float | None = None
    index_s: float | None = None
    reload_s: float | None = None
    cached_s: float | None = None
    median_ms: float = 0.0
    p99_ms: float = 0.0
    peak_mb: float | None = None
    held_mb: float | None = None
    texts_mb: float | None = None
    """BM25 only: what the texts it indexes hold (its held MB is the index alone; ours includes the cases)."""
    rss_mb: float | None = None
    full_gcs: int = 0
    full_gc_s: float = 0.0
    samples: int = 0
    accuracy: dict[str, str] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    dev_top1: tuple[int, int] = (0, 0)
    by_kind: dict[str, Latency] = field(default_factory=dict)


@contextlib.contextmanager
def _timing_calls(module, name: str, seconds: list[float]):
    """Time each call of module.name (here: the index build inside Snapshot.build), without changing it."""
    real = getattr(module, name, None)
    if real is None:
        yield
        return

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - start)

    setattr(module, name, timed)
    try:
        yield
    finally:
        setattr(module, name, real)


def measure_ours(label: str, directory: Path, questions, warmup, expectations, builds: int, passes: int) -> tuple[Row, object]:
    import bot.store
    from bot.answers import answer

    times: list[float] = []
    index_times: list[float] = []
    with _timing_calls(bot.store, "SearchIndex", index_times):
        for _ in range(builds):
            snapshot = None
            gc.collect()
            start = time.perf_counter()
            snapshot = bot.store.Snapshot.build(directory)
            times.append(time.perf_counter() - start)
    row = Row(label, len(snapshot.kb.cases), "ours", statistics.median(times))
    row.index_s = statistics.median(index_times) if len(index_times) == len(times) else None
    row.reload_s = _time_reloads(directory, snapshot, builds)
    row.cached_s = _time_cached_starts(directory, snapshot, builds)
    with settled():
        _time_questions(lambda q: answer(q, snapshot), questions, warmup, passes, row,
                        before_each=lambda: _clear_caches(snapshot))
    _accuracy_ours(row, snapshot, expectations)
    return row, snapshot


@contextlib.contextmanager
def settled():
    """While an engine's questions are timed, what is alive is out of the collector's passes, as a server
    keeps its knowledge base (bot.gc_pause.settle, after its start and each reload); both engines alike. The
    full passes left are over what the questions made, and are still counted. Let go after, so what is built
    next starts as before."""
    from bot.gc_pause import settle

    settle()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.collect()


def edited_case(directory: Path, count: int) -> Path:
    """The case file the reload timings edit: one in the middle of the base."""
    return sorted((directory / "case-studies").glob("*.yaml"))[count // 2]


@contextlib.contextmanager
def one_edit(path: Path, n: int):
    """`path` with its summary edited (as a curator would), restored afterwards."""
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("summary: >-", f"summary: >-\n  Edited {n}.", 1), encoding="utf-8")
        yield
    finally:
        path.write_text(original, encoding="utf-8")


def _time_reloads(directory: Path, snapshot, times: int) -> float:
    """What a running bot's reload costs after a curator edits one case file: Snapshot.build with the live
    snapshot as `previous` (what KnowledgeStore.reload does), median of `times` edits."""
    import bot.store

    path = edited_case(directory, len(snapshot.kb.cases))
    seconds = []
    for n in range(times):
        with one_edit(path, n):
            gc.collect()
            start = time.perf_counter()
            bot.store.Snapshot.build(directory, snapshot)
            seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def _time_cached_starts(directory: Path, snapshot, times: int) -> float:
    """What a restart costs when an earlier process left its snapshot in the snapshot cache (as every start
    of KnowledgeStore does): the cache read back and built on, no file changed; median of `times`."""
    import bot.store
    from bot.snapshot_cache import SnapshotCache

    seconds = []
    with tempfile.TemporaryDirectory(prefix="practice-bot-bench-cache-") as folder:
        cache = SnapshotCache(Path(folder))
        cache.write(snapshot)
        for _ in range(times):
            gc.collect()
            start = time.perf_counter()
            bot.store.Snapshot.build(directory, cache.read(directory))
            seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def measure_bm25(label: str, texts: list[str], cases, questions, warmup, expectations, builds: int, passes: int) -> Row:
    times = []
    for _ in range(builds):
        engine = None
        gc.collect()
        start = time.perf_counter()
        engine = Bm25.build(texts)
        times.append(time.perf_counter() - start)
    row = Row(label, len(texts), "bm25", None, statistics.median(times))
    with settled():
        _time_questions(engine.search, questions, warmup, passes, row)
    _accuracy_bm25(row, engine, cases, expectations)
    return row


def _accuracy_ours(row: Row, snapshot, expectations) -> None:
    from bot.evaluate import evaluate

    for name, items in expectations.items():
        report = evaluate(items, snapshot)
        if name != "held-out":  # its questions stay unseen: counted, never listed
            row.misses += report.failures
        row.accuracy[name] = f"{report.top1}/{report.answerable} top-1, {report.abstained}/{report.unanswerable} declined"
        if name == "dev":
            row.dev_top1 = (report.top1, report.answerable)


def _accuracy_bm25(row: Row, engine: Bm25, cases, expectations) -> None:
    for name, items in expectations.items():
        top1 = answerable = declined = unanswerable = 0
        for e in items:
            found = engine.search(e.question, k=1)
            if e.organisations:
                answerable += 1
                top1 += bool(found) and e.matches(cases[found[0][0]].organisations)
            else:
                unanswerable += 1
                declined += not found  # BM25 has no threshold: it only "declines" when no word matches at all
        row.accuracy[name] = f"{top1}/{answerable} top-1, {declined}/{unanswerable} declined*"
        if name == "dev":
            row.dev_top1 = (top1, answerable)

