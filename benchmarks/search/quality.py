"""Answer quality on the real knowledge base: ours, BM25, and BM25 with its best score cut-off.

The same questions, the same 301 cases, one run. Each system answers every question of the tuning part
(tests/data/questions-tune.yaml) and of the held-out part (questions-heldout.yaml):

- top-1: the best result's organisations contain an expected name (a declined answerable question counts
  as wrong); top-3: one of the first three does; declined: questions to decline that got no answer;
- BM25 (bm25s, snowball stemmer, English stop words, over title + organisations + summary + outcomes + tags)
  cannot decline: it answers whenever any question word occurs in a case;
- BM25 + cut-off declines below a score cut-off, tuned on the tuning part (the cut-off with the best
  balanced accuracy: answerable questions right at top-1 and the others declined, weighted alike) and then
  applied unchanged to the held-out part.

Time per question is the median over one pass after a warm-up, measured the same way for each system.
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from .common import QUESTIONS
from .timing import Bm25, case_text


@dataclass
class Score:
    answerable: int = 0
    top1: int = 0
    top3: int = 0
    to_decline: int = 0
    declined: int = 0
    near: int = 0
    near_declined: int = 0
    times: list[float] = field(default_factory=list)

    def pct(self, name: str) -> float:
        total = self.answerable if name in ("top1", "top3") else self.to_decline
        return 100.0 * getattr(self, name) / total if total else 0.0

    @property
    def median_ms(self) -> float:
        return 1000 * statistics.median(self.times) if self.times else 0.0


def read_parts(also: tuple[Path, ...] = ()):
    """The tune and held-out parts, then each further question file as a part named by its stem: scored
    by every system, with BM25's cut-off still tuned on the tune part only."""
    from bot.evaluate import read_expectations

    parts = {"tune": read_expectations(QUESTIONS / "questions-tune.yaml"),
             "held-out": read_expectations(QUESTIONS / "questions-heldout.yaml")}
    parts.update((path.stem, read_expectations(path)) for path in also)
    return parts


NEAR_DOMAIN_MARK = "# --- must decline: near-domain"


def near_domain_questions() -> set[str]:
    """Questions listed under the files' near-domain heading (reported apart from the off-topic ones)."""
    import yaml

    out: set[str] = set()
    for name in ("questions-tune.yaml", "questions-heldout.yaml"):
        text = (QUESTIONS / name).read_text(encoding="utf-8")
        if NEAR_DOMAIN_MARK in text:
            tail = text.split(NEAR_DOMAIN_MARK, 1)[1].split("\n", 1)[1].split("\n# ---", 1)[0]
            out.update(item["question"] for item in (yaml.safe_load(tail) or []))
    return out


def _record(score: Score, expectation, ranked: list[tuple[str, ...]], near: set[str]) -> None:
    if expectation.organisations:
        score.answerable += 1
        score.top1 += bool(ranked) and expectation.matches(ranked[0])
        score.top3 += any(expectation.matches(orgs) for orgs in ranked[:3])
    else:
        score.to_decline += 1
        score.declined += not ranked
        if expectation.question in near:
            score.near += 1
            score.near_declined += not ranked


def measure_quality(snapshot, also: tuple[Path, ...] = ()) -> dict[str, dict[str, Score]]:
    """{system: {part: Score}} for ours, BM25 and BM25 + cut-off, on the snapshot's cases."""
    from bot.answers import answer

    parts = read_parts(also)
    near = near_domain_questions()
    cases = snapshot.kb.cases
    bm25 = Bm25.build([case_text(c) for c in cases])
    clock = time.perf_counter
    for items in parts.values():  # warm-up: caches, imports, first numpy calls
        for e in items[:20]:
            answer(e.question, snapshot)
            bm25.search(e.question, k=3)
    out: dict[str, dict[str, Score]] = {"ours": {}, "BM25": {}, "BM25 + cut-off": {}}
    found_bm25: dict[str, list] = {}
    for part, items in parts.items():
        ours, plain = Score(), Score()
        found_bm25[part] = []
        for e in items:
            start = clock()
            result = answer(e.question, snapshot)
            ours.times.append(clock() - start)
            _record(ours, e, [r.case.organisations for r in result.results], near)
            start = clock()
            found = bm25.search(e.question, k=3)
            plain.times.append(clock() - start)
            found_bm25[part].append(found)
            _record(plain, e, [cases[d].organisations for d, _s in found], near)
        out["ours"][part], out["BM25"][part] = ours, plain
    cut = best_cutoff(parts["tune"], found_bm25["tune"], cases)
    for part, items in parts.items():
        score = Score(times=list(out["BM25"][part].times))
        for e, found in zip(items, found_bm25[part]):
            kept = found if found and found[0][1] >= cut else []
            _record(score, e, [cases[d].organisations for d, _s in kept], near)
        out["BM25 + cut-off"][part] = score
    out["BM25 + cut-off"]["cut"] = cut  # type: ignore[assignment]
    return out


def best_cutoff(items, found, cases) -> float:
    """The BM25 score cut-off with the best balanced accuracy on these (tuning) questions."""
    tops = sorted({s for f in found for _d, s in f[:1]} | {0.0})
    best, best_value = 0.0, -1.0
    answerable = sum(1 for e in items if e.organisations) or 1
    to_decline = sum(1 for e in items if not e.organisations) or 1
    for cut in tops:
        right = declined = 0
        for e, f in zip(items, found):
            answered = bool(f) and f[0][1] >= cut
            if e.organisations:
                right += answered and e.matches(cases[f[0][0]].organisations)
            else:
                declined += not answered
        value = right / answerable + declined / to_decline
        if value > best_value:
            best, best_value = cut, value
    return best
