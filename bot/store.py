"""The knowledge base the running bot answers from, and reloading it without a restart.

A reload parses, validates and indexes the new files completely before one reference swap, so a question
in flight sees either the old snapshot or the new one, never a mix; on any error the old one keeps serving
and the caller gets the problems with file and line. Reloads are serialised by a lock; answering never
takes it.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .errors import KnowledgeError
from .gc_pause import collection_paused
from .knowledge.base import KnowledgeBase
from .knowledge.loader import default_directory, load_knowledge, trusted_files
from .search.index import SearchIndex
from .snapshot_cache import SnapshotCache, default_cache_dir

log = logging.getLogger("practice_bot.store")


@dataclass(frozen=True)
class Snapshot:
    """One knowledge base with its search index: what a question is answered from."""

    kb: KnowledgeBase
    index: SearchIndex
    loaded_at: float

    @classmethod
    def build(cls, directory: Path, previous: Snapshot | None = None,
              extra: Mapping[str, str] | None = None) -> Snapshot:
        """Load and index `directory` plus the `extra` cases (id -> text, from the database), leaving out
        (and listing) broken case files; with the `previous` snapshot, unchanged case files are reused."""
        with collection_paused():  # (see gc_pause: the collector's passes were a sixth of a large cold load)
            kb = load_knowledge(directory, previous.kb if previous else None, strict=False, extra=extra)
            if previous is not None and kb.version == previous.kb.version:
                index = previous.index.serving(kb)  # every file's text as before: so is every term of the index
            else:
                index = SearchIndex(kb, previous.index if previous else None)
        return cls(kb=kb, index=index, loaded_at=time.time())


@dataclass(frozen=True)
class ReloadReport:
    ok: bool
    version: str
    cases: int
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    error: KnowledgeError | None = None
    seconds: float = 0.0

    @property
    def summary(self) -> str:
        if not self.ok:
            return f"Reload failed; still serving version {self.version} ({self.cases} case studies).\n{self.error}"
        return (
            f"Reloaded version {self.version}: {self.cases} case studies "
            f"({len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed)."
        )


@dataclass
class ReloadStatus:
    last_reload: float | None = None
    last_error: str | None = None
    reloads: int = 0
    failures: int = 0
    history: list[ReloadReport] = field(default_factory=list)


class Observer(Protocol):
    """Told about questions and reloads; the server's metrics are one. The CLI registers none, so it never
    imports the metrics library."""

    def question(self, platform: str, query: str, answered: bool, seconds: float, organisation: str = "") -> None: ...

    def reloaded(self, trigger: str, report: ReloadReport) -> None: ...


class KnowledgeStore:
    """Holds the current Snapshot; `reload()` replaces it atomically or not at all."""

    def __init__(self, directory: Path | str | None = None, *, use_cache: bool = True):
        """With `use_cache`, start from the snapshot an earlier process left in the snapshot cache (see
        snapshot_cache: the settings may turn it off), re-reading only the files changed since."""
        self.directory = Path(directory) if directory is not None else default_directory()
        self.extra_cases: dict[str, str] = {}
        """Cases served besides the files (id -> YAML text): those approved from chat, which the sharing
        desk reads from the database (their source of truth) before each reload it asks for."""
        folder = default_cache_dir() if use_cache else None
        cache = SnapshotCache(folder) if folder is not None else None
        cached = cache.read(self.directory) if cache is not None else None
        self._snapshot = Snapshot.build(self.directory, cached)
        if cache is not None and _worth_caching(cached, self._snapshot):
            cache.write(self._snapshot)
        self._lock = threading.Lock()
        self.status = ReloadStatus()
        if self._snapshot.kb.problems:
            error = KnowledgeError(list(self._snapshot.kb.problems))
            log.error("serving %d case studies; left out broken files: %s", len(self._snapshot.kb.cases), error)
            self.status.last_error = str(error)
        self.observers: list[Observer] = []

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def reload(self, trigger: str = "manual") -> ReloadReport:
        """Re-read the directory; swap in the new snapshot only if it breaks nothing new.

        A file broken since start-up (already left out) does not block a reload that fixes or adds others;
        a file that breaks now does, and the old snapshot keeps serving. `trigger` says what asked for it
        (chat, signal, http) for the observers."""
        with self._lock:
            started = time.perf_counter()
            old = self._snapshot
            try:
                new = Snapshot.build(self.directory, old, self.extra_cases)
                newly_broken = [p for p in new.kb.problems if p.file not in old.kb.broken_files]
                if newly_broken:
                    raise KnowledgeError(newly_broken)
            except KnowledgeError as error:
                report = ReloadReport(False, old.kb.version, len(old.kb.cases), error=error,
                                      seconds=time.perf_counter() - started)
                self.status.failures += 1
                self.status.last_error = str(error)
            else:
                self._snapshot = new
                report = _compare(old.kb, new.kb, time.perf_counter() - started)
                self.status.reloads += 1
                self.status.last_reload = new.loaded_at
                self.status.last_error = str(KnowledgeError(list(new.kb.problems))) if new.kb.problems else None
            self.status.history = (self.status.history + [report])[-10:]
        for observer in self.observers:
            observer.reloaded(trigger, report)
        return report

    def trial(self, extra: Mapping[str, str]) -> Snapshot:
        """The snapshot the knowledge base would become with `extra` cases instead, built and not swapped
        in: how an approval checks a new case loads before it is recorded."""
        return Snapshot.build(self.directory, self._snapshot, extra)

    async def reload_async(self, trigger: str = "chat") -> ReloadReport:
        """Reload in a worker thread so the event loop keeps answering while files are read."""
        import asyncio  # here, not at the top: `practice-bot ask` never reloads and starts faster without it

        return await asyncio.to_thread(self.reload, trigger)

    def observe_question(self, platform: str, query: str, answered: bool, seconds: float,
                         organisation: str = "") -> None:
        """`organisation` ("slack:T123") is where it was asked, when the platform says."""
        for observer in self.observers:
            observer.question(platform, query, answered, seconds, organisation)

    def observe_feedback(self, platform: str, verdict: str) -> None:
        """A Helpful / Not helpful press, for the observers that count them (metrics)."""
        for observer in self.observers:
            counted = getattr(observer, "feedback", None)
            if counted is not None:
                counted(platform, verdict)


def _worth_caching(cached: Snapshot | None, built: Snapshot) -> bool:
    """Whether the cache is out of date: no snapshot was cached, or some file had to be read again (changed,
    or changed too close to when the cached snapshot was read to tell)."""
    if cached is None or cached.kb.version != built.kb.version:
        return True
    return trusted_files(cached.kb) < len(built.kb.signatures)


def _compare(old: KnowledgeBase, new: KnowledgeBase, seconds: float) -> ReloadReport:
    """The cases added, changed and removed: from what the loader patched when it patched `old` (comparing
    every case's fingerprint was a tenth of a reload after one edit at 10,000 cases), else from every case."""
    if new.changes is not None and new.changes.since == old.version:
        before, after = new.changes.left, new.changes.came
    else:
        before, after = old.fingerprints, new.fingerprints
    return ReloadReport(
        ok=True,
        version=new.version,
        cases=len(new.cases),
        added=tuple(sorted(after.keys() - before.keys())),
        changed=tuple(sorted(k for k in after.keys() & before.keys() if after[k] != before[k])),
        removed=tuple(sorted(before.keys() - after.keys())),
        seconds=seconds,
    )
