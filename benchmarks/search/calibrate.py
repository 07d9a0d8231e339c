#!/usr/bin/env python3
"""Fit the answering engine's confidence model on the tuning questions and print its weights.

    .venv/bin/python benchmarks/search/calibrate.py            # prints CONFIDENCE_* lines for bot/answers.py

A logistic regression (numpy, L2, classes weighted equally) over `Signals.features()` of each question's best
case: answerable questions are positives, the ones to decline negatives. The data are
tests/data/questions-tune.yaml with the dev and our questions, and a quarter of the "<theme> in <region>"
questions the base can answer; questions-heldout.yaml is never read here.
The threshold printed is the probability with the best balanced accuracy (answerable questions answered
and the others declined count alike, as the targets do).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
TUNING = ("questions-tune.yaml", "dev-questions.yaml", "our-questions.yaml")


def tuning_rows(snapshot):
    from bot.answers import read_question
    from bot.evaluate import read_expectations

    xs, ys = [], []
    for name in TUNING:
        for e in read_expectations(ROOT / "tests" / "data" / name):
            reading = read_question(e.question, snapshot)
            if reading.comparison_only or reading.signals is None:
                continue  # answered by the comparison, or nothing matched at all: no decision to learn
            xs.append(reading.signals.features())
            ys.append(1.0 if e.organisations else 0.0)
    for question in theme_in_region_questions(snapshot)[::4]:  # a quarter: the test of this form keeps the rest unseen
        reading = read_question(question, snapshot)
        if reading.signals is not None:
            xs.append(reading.signals.features())
            ys.append(1.0)
    return np.array(xs), np.array(ys)


def theme_in_region_questions(snapshot) -> list[str]:
    """"<theme> in <nation or region>" for every pair with at least two cases: a form of question the
    question files hold few of, whose answer the base certainly has (its cases are classified so)."""
    from bot.search.rank import REGION_WORDS

    names = {regions[0]: name for name, regions in REGION_WORDS.items() if len(regions) == 1}
    cases = snapshot.kb.cases
    return [f"{theme.label} in {name}" for theme in snapshot.kb.themes for region, name in names.items()
            if sum(1 for c in cases if theme.id in c.themes and region in c.regions) >= 2]


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.01, steps: int = 20000, rate: float = 0.5):
    weight = np.where(y > 0, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1))
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = weight * (p - y)
        w -= rate * (x.T @ g + l2 * w)
        b -= rate * g.sum()
    return w, b


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    candidates = np.linspace(0.2, 0.8, 61)
    pos, neg = y > 0, y == 0
    scores = [((p[pos] >= t).mean() + (p[neg] < t).mean()) / 2 for t in candidates]
    return float(candidates[int(np.argmax(scores))])


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from bot.search.rank import FEATURE_NAMES
    from bot.store import Snapshot

    snapshot = Snapshot.build(ROOT / "knowledge")
    x, y = tuning_rows(snapshot)
    w, b = fit(x, y)
    p = 1 / (1 + np.exp(-(x @ w + b)))
    t = best_threshold(p, y)
    print(f"# {len(y)} tuning questions ({int(y.sum())} answerable); right at threshold {t:.2f}:"
          f" {((p >= t) == (y > 0)).mean():.3f}")
    print("# " + ", ".join(FEATURE_NAMES))
    print("CONFIDENCE_WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")")
    print(f"CONFIDENCE_BIAS = {b:.3f}")
    print(f"CONFIDENCE_THRESHOLD = {t:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
