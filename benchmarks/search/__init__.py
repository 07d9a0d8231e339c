"""The search benchmark, in parts: generation (synthetic bases and questions), timing (speed and memory
of ours and BM25), quality (top-1, top-3 and declines on the tuning and held-out questions, with BM25 and
BM25 with its best cut-off), report (the tables), cli (the command). Run it as benchmarks/bench_search.py."""
