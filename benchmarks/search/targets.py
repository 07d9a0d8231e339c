"""The targets of issues 2 and 15, checked on the benchmark's rows: one PASS or FAIL line each."""
from __future__ import annotations

from .common import (
    KIND_SIZES,
    LOAD_TARGETS_S,
    MAX_QUESTION_MS,
    MEMORY_RATIO,
    P99_RATIO,
    RELOAD_TARGET_S,
    TARGETS_MS,
)
from .timing import Row


def _line(ok: bool, text: str) -> str:
    return f"  {'PASS' if ok else 'FAIL'}  {text}"


def check_targets(rows: list[Row]) -> list[str]:
    """The verdicts for every target whose size was measured in this run (sizes not run are not listed)."""
    ours = {r.cases: r for r in rows if r.engine == "ours"}
    bm25 = {r.cases: r for r in rows if r.engine == "bm25"}
    lines = []
    for size, limit in TARGETS_MS.items():
        if size in ours:
            r = ours[size]
            lines.append(_line(r.median_ms < limit, f"{size:,} cases: median {r.median_ms:.3f} ms < {limit:g} ms (issue 2)"))
    for size in KIND_SIZES:
        if size not in ours or size not in bm25:
            continue
        for kind, mine in ours[size].by_kind.items():
            theirs = bm25[size].by_kind[kind]
            lines.append(_line(mine.median_ms <= theirs.median_ms,
                               f"{size:,} cases, {kind}: median {mine.median_ms:.2f} ms <= BM25's {theirs.median_ms:.2f} ms"))
            lines.append(_line(mine.p99_ms <= P99_RATIO * theirs.p99_ms,
                               f"{size:,} cases, {kind}: p99 {mine.p99_ms:.2f} ms"
                               f" <= {P99_RATIO:g} x BM25's {theirs.p99_ms:.2f} ms"))
    size, limit = MAX_QUESTION_MS
    if size in ours:
        slowest = max(k.max_ms for k in ours[size].by_kind.values())
        lines.append(_line(slowest <= limit, f"{size:,} cases: slowest question {slowest:.1f} ms <= {limit:g} ms"))
    for size, limit in LOAD_TARGETS_S.items():
        if size in ours and ours[size].load_s is not None:
            load = ours[size].load_s
            lines.append(_line(load <= limit, f"{size:,} cases: cold load {load:.2f} s <= {limit:g} s"))
    for size, limit in LOAD_TARGETS_S.items():
        if size in ours and ours[size].cached_s is not None:
            cached = ours[size].cached_s
            lines.append(_line(cached <= limit, f"{size:,} cases: start from the snapshot cache {cached:.2f} s <= {limit:g} s"
                                                " (the cold load above is the first start)"))
    size, limit = RELOAD_TARGET_S
    if size in ours and ours[size].reload_s is not None:
        reload = ours[size].reload_s
        lines.append(_line(reload <= limit, f"{size:,} cases: reload after one edit {reload:.3f} s <= {limit:g} s"))
    for size, r in sorted(ours.items()):
        theirs = bm25.get(size)
        if size >= 1000 and theirs and r.held_mb and theirs.held_mb and theirs.texts_mb is not None:
            baseline = theirs.held_mb + theirs.texts_mb
            lines.append(_line(r.held_mb <= MEMORY_RATIO * baseline,
                               f"{size:,} cases: memory held {r.held_mb:.0f} MB <= {MEMORY_RATIO:g} x BM25's"
                               f" {baseline:.0f} MB (index {theirs.held_mb:.0f} + the texts it indexes"
                               f" {theirs.texts_mb:.0f}; against the index alone {r.held_mb / theirs.held_mb:.2f}x)"))
    return lines
