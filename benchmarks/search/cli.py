"""The benchmark command: generate, time, measure quality, report."""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .common import KNOWLEDGE, QUESTIONS, ROOT, SEED, SIZES
from .generation import Generator, generated_questions, question_kind, write_knowledge_base
from .report import print_report, profile
from .timing import Row, _memory_child, case_text, measure_bm25, measure_memory, measure_ours


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated KB sizes")
    parser.add_argument("--keep", type=Path, help="write the generated knowledge bases here and keep them")
    parser.add_argument("--profile", action="store_true", help="cProfile a reload and the questions at the largest size")
    parser.add_argument("--quality-only", action="store_true", help="only the answer-quality table on the real base")
    parser.add_argument("--also", type=Path, action="append", default=[],
                        help="with --quality-only: a further question file scored as its own part (repeatable)")
    parser.add_argument("--no-memory", action="store_true",
                        help="skip the memory children (tracemalloc of a 100,000-case load takes longer than all the timing)")
    parser.add_argument("--memory-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # this checkout's bot, in the memory children too
    if args.memory_child:
        _memory_child(*args.memory_child)
        return 0
    from bot.evaluate import read_expectations
    from bot.store import Snapshot

    from .quality import measure_quality, read_parts
    from .report import print_quality

    started = time.perf_counter()
    if args.quality_only:
        snapshot = Snapshot.build(KNOWLEDGE)
        print_quality(measure_quality(snapshot, tuple(args.also)), len(snapshot.kb.cases))
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    expectations = {"dev": read_expectations(QUESTIONS / "dev-questions.yaml"),
                    "ours": read_expectations(QUESTIONS / "our-questions.yaml"), **read_parts()}
    forbidden = sorted({name for items in expectations.values() for e in items for name in e.organisations}
                       | {"Manchester", "France", "Outlook"})
    gen = Generator(SEED, forbidden)
    real_count = len(list((KNOWLEDGE / "case-studies").glob("*.yaml")))
    synthetic = gen.cases(max(size - real_count if size >= 1000 else size for size in sizes))
    real = Snapshot.build(KNOWLEDGE)
    questions = [(question_kind(e.question, real), e.question) for items in expectations.values() for e in items]
    questions += generated_questions(gen, 50, SEED + 2)
    warmup = generated_questions(gen, 20, SEED + 3)

    scratch = args.keep or Path(tempfile.mkdtemp(prefix="practice-bot-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    try:
        plan = [("real (knowledge/)", KNOWLEDGE)]
        for size in sizes:
            directory = scratch / f"kb-{size}"
            if directory.exists():
                shutil.rmtree(directory)
            with_real = size >= 1000
            write_knowledge_base(directory, synthetic[: size - real_count if with_real else size], with_real)
            plan.append((f"{size:,} ({f'{real_count} real + ' if with_real else ''}synthetic)", directory))
        print(f"Generated {len(sizes)} synthetic knowledge bases in {scratch} ({time.perf_counter() - started:.1f} s)")
        memory_jobs = []
        for label, directory in plan:
            count = len(list((directory / "case-studies").glob("*.yaml")))
            builds, passes = (1 if count > 50_000 else 3), (3 if count > 5000 else 5)
            t0 = time.perf_counter()
            row, snapshot = measure_ours(label, directory, questions, warmup, expectations, builds, passes)
            cases = snapshot.kb.cases
            texts = [case_text(c) for c in cases]
            snapshot = None
            bm25 = measure_bm25(label, texts, cases, questions, warmup, expectations, builds, passes)
            rows += [row, bm25]
            source = scratch / f"bm25-texts-{len(rows) // 2}.json"
            source.write_text(json.dumps(texts), encoding="utf-8")
            memory_jobs += [(row, "trace", directory, 5.0 * count), (row, "rss", directory, 1.0 * count),
                            (bm25, "trace", source, 0.5 * count), (bm25, "rss", source, 0.1 * count)]
            print(f"  timed {label}: {count:,} cases in {time.perf_counter() - t0:.1f} s", flush=True)
        t0 = time.perf_counter()
        quality = measure_quality(real)
        print(f"  answer quality measured on the real base in {time.perf_counter() - t0:.1f} s", flush=True)
        t0 = time.perf_counter()
        if not args.no_memory:
            measure_memory(memory_jobs)
            print(f"  memory measured in child processes in {time.perf_counter() - t0:.1f} s", flush=True)
        print_report(rows, len(questions), time.perf_counter() - started)
        print_quality(quality, len(real.kb.cases))
        if args.profile:
            profile(plan[-1][1], questions)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

