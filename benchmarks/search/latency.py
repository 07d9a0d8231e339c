"""Per-question latency: each kind of question (plain, typo, comparison) timed apart, caches cleared.

What is timed is one call answering one question (ours: `answer`, the whole answering path; BM25: tokenize
+ retrieve). Our memoised stems and spelling corrections are forgotten before every question, outside the
clock, so a question pays for its own words; BM25's tokenizer keeps its word -> stem map, which is part of
its vocabulary. The garbage collector stays on, and its full collections are counted because they set p99.
"""
from __future__ import annotations

import gc
import statistics
import time
from dataclasses import dataclass


def _ms_stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p99 * 1000


class FullCollections:
    """Counts the garbage collector's full (generation 2) collections and the time they take."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.count += 1
            self.seconds += time.perf_counter() - self._start

    def __enter__(self):
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc):
        gc.callbacks.remove(self)


QUESTION_KINDS = ("plain", "typo", "comparison")


@dataclass
class Latency:
    """Per-question times of one kind of question, in ms."""

    median_ms: float
    p99_ms: float
    max_ms: float
    count: int


def _time_questions(run, questions: list[tuple[str, str]], warmup: list[tuple[str, str]], passes: int, row,
                    before_each=None) -> None:
    """Time `run` on every (kind, question), `passes` times, after a warm-up; `before_each` (untimed) runs
    before every question, so a cache a question fills does not make the next one cheaper."""
    for _kind, q in warmup:
        run(q)
    samples: dict[str, list[float]] = {kind: [] for kind in QUESTION_KINDS}
    clock = time.perf_counter
    with FullCollections() as collections:
        for _ in range(passes):
            for kind, q in questions:
                if before_each:
                    before_each()
                start = clock()
                run(q)
                samples[kind].append(clock() - start)
    every = [t for times in samples.values() for t in times]
    row.median_ms, row.p99_ms = _ms_stats(every)
    row.by_kind = {kind: Latency(*_ms_stats(times), max(times) * 1000, len(times)) for kind, times in samples.items() if times}
    row.full_gcs, row.full_gc_s, row.samples = collections.count, collections.seconds, len(every)


def _clear_caches(snapshot) -> None:
    """Forget corrected spellings (memoised per index) and word stems (memoised per process), so every timed
    question pays for its words as a new question would."""
    from bot.search.normalise import stem

    stem.cache_clear()
    cache_clear = getattr(getattr(snapshot.index, "correct", None), "cache_clear", None)
    if cache_clear:
        cache_clear()
