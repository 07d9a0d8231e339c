#!/usr/bin/env python3
"""Search benchmark: speed, memory and dev-question accuracy of our search against a BM25 baseline.

Run from the repository root:

    .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/bench_search.py

In one run it:

1. generates SYNTHETIC knowledge bases of 50, 1,000 and 10,000 case studies (or --sizes) in temporary directories
   (every generated id starts with `synthetic-`, every source URL points at example.org; nothing is written to
   knowledge/). The 1,000 and 10,000 bases hold the real case studies plus synthetic ones up to the size;
   the 50 base is synthetic only (the real cases alone are measured on the "real" row). Generation is seeded,
   so every run measures the same texts;
2. measures, for our search: cold load time (`Snapshot.build` from nothing: read + parse + validate +
   index, median of 3 runs) and the index part of it (`SearchIndex(kb)`), reload time after one case file is
   edited (`Snapshot.build` with the live snapshot, as `KnowledgeStore.reload` does), per-question latency (median, p99 and
   slowest over several passes of a fixed question set after a warm-up, per kind of question: plain, typo,
   comparison; our stem and spelling caches are cleared before every question, outside the clock; the
   garbage collector stays on, and its full collections are counted because they set the p99) and peak
   memory (tracemalloc peak during load + index, and peak-RSS growth, each in a fresh child process after
   all timing is done);
3. measures the same for a BM25 baseline (`bm25s`, snowball stemmer, English stop words) over the same case
   texts (title + organisations + summary + outcomes + tags), and prints ours/BM25 ratios, which stay
   comparable on a noisy machine;
4. prints top-1 accuracy and abstention on the dev, our, tuning and held-out questions for both;
5. measures answer quality on the real knowledge base for ours, BM25 and BM25 with its best score cut-off
   (tuned on tests/data/questions-tune.yaml, scored on questions-heldout.yaml): top-1, top-3, declines
   correct and median time per question, for both parts (benchmarks/search/quality.py);
6. checks the targets from issues 2, 11 and 15 (benchmarks/search/common.py) and prints PASS/FAIL for each.
   The exit code is 0 either way: it is a report, not a test.

The code is the package benchmarks/search/ (generation, timing, latency, quality, targets,
report, cli); this file only runs it.

Options: --sizes 50,1000 (subset), --quality-only (only step 5), --keep DIR (keep the generated bases there, e.g. to run
`practice-bot check DIR/kb-1000`), --no-memory (skip the memory children), --profile (cProfile of a reload
after one edit and of the question set at the largest size).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
