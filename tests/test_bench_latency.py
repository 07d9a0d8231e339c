"""The search benchmark's timing plan: a p99 is only as good as the number of timings under it."""
from types import SimpleNamespace

from benchmarks.search.latency import MIN_SAMPLES_PER_KIND, QUESTION_KINDS, _time_questions


def _timed(questions, passes):
    asked: list[str] = []
    row = SimpleNamespace()
    _time_questions(asked.append, questions, [], passes, row)
    return asked, row


def test_a_kind_with_few_questions_is_timed_often_enough_for_its_p99_and_stays_mixed_with_the_others():
    questions = [("plain", f"plain {i}") for i in range(600)] + [("comparison", f"compare {i}") for i in range(7)]
    asked, row = _timed(questions, passes=3)
    assert row.by_kind["comparison"].count >= MIN_SAMPLES_PER_KIND
    assert row.by_kind["comparison"].count < MIN_SAMPLES_PER_KIND + 7  # no more passes than it needs
    assert row.by_kind["plain"].count == 3 * 600  # enough already: the passes asked for
    assert "typo" not in row.by_kind
    # every pass that times plain questions also times comparisons among them, not all comparisons at the end
    first_plain_pass = asked[: len(questions)]
    assert first_plain_pass == [q for _k, q in questions]


def test_the_all_kinds_figures_weigh_every_question_the_same():
    questions = [(kind, f"{kind} {i}") for kind in QUESTION_KINDS for i in range(10 if kind == "plain" else 2)]
    _asked, row = _timed(questions, passes=4)
    assert row.samples == 4 * len(questions)
    assert sum(latency.count for latency in row.by_kind.values()) > row.samples
