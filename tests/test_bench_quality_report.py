"""The search benchmark's verdict on issue 11's "ahead of BM25 with its cut-off on both" target."""
import pytest

from benchmarks.search.quality import Score
from benchmarks.search.report import print_quality


def _report(capsys, ours: Score, rival: Score) -> str:
    quality = {"ours": {"held-out": ours}, "BM25": {"held-out": rival},
               "BM25 + cut-off": {"held-out": rival, "cut": 5.0}}
    print_quality(quality, 300)
    return next(line for line in capsys.readouterr().out.splitlines() if "ahead of BM25" in line)


@pytest.mark.parametrize(("top1", "declined", "rival_declined", "verdict"), [
    (90, 20, 19, "PASS"),   # ahead on both
    (90, 20, 20, "PASS"),   # both decline every question they should: level at the ceiling is the best there is
    (90, 19, 19, "FAIL"),   # level below the ceiling is not ahead
    (90, 18, 19, "FAIL"),   # behind on declines
    (60, 20, 19, "FAIL"),   # behind on top-1
])
def test_ahead_of_bm25_with_its_cut_off_needs_both_and_level_counts_only_at_100(capsys, top1, declined,
                                                                                rival_declined, verdict):
    ours = Score(answerable=100, top1=top1, top3=top1, to_decline=20, declined=declined)
    rival = Score(answerable=100, top1=60, top3=60, to_decline=20, declined=rival_declined)
    assert _report(capsys, ours, rival).split()[0] == verdict
