"""Per-question latency: each kind of question (plain, typo, comparison) timed apart, caches cleared.

What is timed is one call answering one question (ours: `answer`, the whole answering path; BM25: tokenize
+ retrieve). Our memoised stems and spelling corrections are forgotten before every question, outside the
clock, so a question pays for its own words; BM25's tokenizer keeps its word -> stem map, which is part of
its vocabulary. The garbage collector stays on, and its full collections are counted because they set p99;
what the engine built is frozen out of them first, as a server's knowledge base is (timing.settled).
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


MIN_SAMPLES_PER_KIND = 500
"""A p99 from fewer samples is one of the last few: with 29 comparison questions x 3 passes it was the
second slowest of 87, so one garbage collection decided it. A kind with few questions gets more passes."""


def _passes_per_kind(questions: list[tuple[str, str]], passes: int) -> dict[str, int]:
    """How many passes each kind of question gets: `passes`, or enough for MIN_SAMPLES_PER_KIND samples."""
    counts = {kind: sum(1 for k, _q in questions if k == kind) for kind in QUESTION_KINDS}
    return {kind: max(passes, -(-MIN_SAMPLES_PER_KIND // n)) for kind, n in counts.items() if n}


def _time_questions(run, questions: list[tuple[str, str]], warmup: list[tuple[str, str]], passes: int, row,
                    before_each=None) -> None:
    """Time `run` on every (kind, question), `passes` times (more for a kind with few questions, still mixed
    with the others), after a warm-up; `before_each` (untimed) runs before every question, so a cache a
    question fills does not make the next one cheaper. The all-kinds median and p99 are of the first
    `passes` passes, so every question weighs the same in them."""
    for _kind, q in warmup:
        run(q)
    per_kind = _passes_per_kind(questions, passes)
    samples: dict[str, list[float]] = {kind: [] for kind in QUESTION_KINDS}
    every: list[float] = []
    clock = time.perf_counter
    with FullCollections() as collections:
        for number in range(max(per_kind.values(), default=0)):
            for kind, q in questions:
                if number >= per_kind[kind]:
                    continue
                if before_each:
                    before_each()
                start = clock()
                run(q)
                elapsed = clock() - start
                samples[kind].append(elapsed)
                if number < passes:
                    every.append(elapsed)
    row.median_ms, row.p99_ms = _ms_stats(every)
    row.by_kind = {kind: Latency(*_ms_stats(times), max(times) * 1000, len(times)) for kind, times in samples.items() if times}
    row.full_gcs, row.full_gc_s, row.samples = collections.count, collections.seconds, len(every)


def _clear_caches(snapshot) -> None:
    """Forget corrected spellings (memoised per index), word stems and WordNet entries read (memoised per
    process), so every timed question pays for its words as a new question would."""
    from bot.search.normalise import stem
    from bot.search.thesaurus import THESAURUS

    stem.cache_clear()
    THESAURUS.cache_clear()
    cache_clear = getattr(getattr(snapshot.index, "correct", None), "cache_clear", None)
    if cache_clear:
        cache_clear()
