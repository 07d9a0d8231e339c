"""Questions the knowledge base could not answer, so curators know what to add next.

`GapRecorder` is a store observer: it offers each unanswered question for the next insert (one a second,
carrying every question asked meanwhile; see `grouped.py`) and returns at once, so answering never waits
for the database. Only the question text, the platform, the organisation (workspace or tenant) and the time are
kept (never who asked), and only for the retention period.
`gap_report` groups similar wordings with rapidfuzz, most asked first.
"""
from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..search.normalise import is_stop_word, stem, words
from ..store import ReloadReport
from .grouped import GroupWriter
from .storage import Gap, Storage, now

RETENTION_SETTING = "PRACTICE_BOT_GAP_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 90
SIMILARITY_CUTOFF = 80
"""token_set_ratio at or above which two wordings count as the same question."""

log = logging.getLogger(__name__)


def retention_days(env: Mapping[str, str]) -> int:
    return int(env.get(RETENTION_SETTING) or DEFAULT_RETENTION_DAYS)


CLEANUP_EVERY = datetime.timedelta(hours=1)
"""Old gaps are deleted at most this often: retention is counted in days, and a delete per question would
double the database work of every unanswered question."""


GAP_WRITE_SECONDS = 1.0
"""Unanswered questions are written at most once a second per process, together: curators read them days
later, and an insert per question cost more CPU than answering it."""


class GapRecorder:
    """Records unanswered questions. Register it in `KnowledgeStore.observers`; questions must be observed
    on the event loop's thread (as `commands.handle` does)."""

    def __init__(self, storage: Storage, retention_days: int = DEFAULT_RETENTION_DAYS):
        self.storage = storage
        self.retention = datetime.timedelta(days=retention_days)
        self._inserts = GroupWriter(self._record, linger=GAP_WRITE_SECONDS)
        self._last_cleanup: datetime.datetime | None = None

    def question(self, platform: str, query: str, answered: bool, seconds: float, organisation: str = "") -> None:
        question = " ".join(query.split())
        if answered or not question:
            return
        self._inserts.offer(Gap(question, platform, now(), organisation))

    def reloaded(self, trigger: str, report: ReloadReport) -> None:
        """Reloads are not gaps."""

    async def flush(self) -> None:
        """Wait for the inserts offered so far (at shutdown, and in tests)."""
        await self._inserts.flush()

    async def _record(self, asked: list[Gap]) -> list[None]:
        """Nobody waits on an insert, so its failure is logged here rather than raised."""
        try:
            await self.storage.add_gaps(asked)
            moment = now()
            if self._last_cleanup is None or moment - self._last_cleanup > CLEANUP_EVERY:
                self._last_cleanup = moment
                await self.storage.drop_gaps_before(moment - self.retention)
        except Exception:  # noqa: BLE001 - a lost gap must never disturb answering
            log.exception("could not record %d unanswered question(s)", len(asked))
        return [None] * len(asked)


@dataclass(frozen=True)
class GapGroup:
    """Similar unanswered questions: how often they were asked, the commonest wording, and all wordings."""

    count: int
    example: str
    wordings: tuple[str, ...]


async def gap_report(storage: Storage, days: int, retention_days: int = DEFAULT_RETENTION_DAYS,
                     organisation: str | None = None) -> list[GapGroup]:
    """The unanswered questions of the last `days` days in groups of similar wording, most asked first;
    with `organisation` ("slack:T123", "teams:<tenant>"), only those asked there. Gaps older than the
    retention period are dropped first."""
    moment = now()
    await storage.drop_gaps_before(moment - datetime.timedelta(days=retention_days))
    gaps = await storage.gaps_since(moment - datetime.timedelta(days=days), organisation)
    return group_questions([gap.question for gap in gaps])


def group_questions(questions: list[str]) -> list[GapGroup]:
    """Each wording, most frequent first, joins the first group whose example it resembles, else starts one.

    Wordings are compared as the search reads them (stems, no stop words), so "gully inspection" and
    "inspect gullies" are one question."""
    counts = Counter(questions)
    examples: list[str] = []
    members: list[list[str]] = []
    for wording, _count in counts.most_common():
        key = _comparable(wording)
        match = process.extractOne(key, examples, scorer=fuzz.token_set_ratio, score_cutoff=SIMILARITY_CUTOFF)
        if match is None:
            examples.append(key)
            members.append([wording])
        else:
            members[match[2]].append(wording)
    groups = [GapGroup(sum(counts[w] for w in words), words[0], tuple(words)) for words in members]
    return sorted(groups, key=lambda group: -group.count)


def _comparable(question: str) -> str:
    stems = [stem(word) for word in words(question) if not is_stop_word(word)]
    return " ".join(stems) or question.casefold()
