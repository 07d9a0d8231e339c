"""The last loaded snapshot of a knowledge base, kept on disk so the next start re-reads only what changed.

Parsing and analysing every case is most of a cold start (a second for 300 cases, tens of seconds for
10,000). A start instead unpickles the snapshot an earlier process built and hands it to `Snapshot.build`
as the `previous` snapshot, exactly as a reload does: a file whose signature (inode, size, times) is
unchanged is reused unread, anything else is read, validated and analysed again. So the cache can make a
start faster but never make an answer differ from a cold load's.

A pickle can run code when it is loaded, so a cache file is only loaded if this user owns it and nobody
else can write to it, and it is written where only this user can (a 0700 directory, temp file + rename,
so a crash leaves the old file or the new one). It is also keyed by the code that made it: a cache
written by another version of the bot (whose analysis may differ) is ignored and replaced.

Where: $PRACTICE_BOT_CACHE (a directory, or "off"), else $XDG_CACHE_HOME/practice-bot, else
~/.cache/practice-bot.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .knowledge.interning import Interner
from .knowledge.schema import CaseStudy, FollowUp, Money, Outcome, Source

if TYPE_CHECKING:
    from .store import Snapshot

log = logging.getLogger("practice_bot.cache")

CACHE_SETTING = "PRACTICE_BOT_CACHE"
OFF = "off"
MAGIC = b"practice-bot snapshot 1\n"


def default_cache_dir(env: Mapping[str, str] = os.environ) -> Path | None:
    """The cache directory the settings name; None when the cache is turned off."""
    chosen = env.get(CACHE_SETTING, "").strip()
    if chosen.lower() == OFF:
        return None
    if chosen:
        return Path(chosen)
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "practice-bot"


def code_fingerprint(package: Path = Path(__file__).parent) -> str:
    """What a cached snapshot's shape and analysis depend on: this package's source files (names, sizes,
    modification times), the Python version and the libraries whose objects it holds."""
    import numpy

    digest = hashlib.sha256(f"{sys.version}\0{numpy.__version__}\0".encode())
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


class SnapshotCache:
    """One cache file per knowledge base directory, in `folder`."""

    def __init__(self, folder: Path, fingerprint: str | None = None):
        self.folder = folder
        self.fingerprint = (fingerprint or code_fingerprint()).encode()

    def path_for(self, directory: Path) -> Path:
        name = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:24]
        return self.folder / f"{name}.pickle"

    def read(self, directory: Path) -> Snapshot | None:
        """The cached snapshot of `directory`, or None if there is none this process can trust and use."""
        from .store import Snapshot

        path = self.path_for(directory)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        with os.fdopen(fd, "rb") as file:
            if not _private(os.fstat(fd)):
                log.warning("ignoring snapshot cache %s: not owned by this user, or writable by others", path)
                return None
            if file.readline() != MAGIC or file.readline().rstrip(b"\n") != self.fingerprint:
                return None  # another version of the bot wrote it: the next write replaces it
            try:
                snapshot = _read_snapshot(file)
            except Exception as exc:  # a truncated or damaged file is only a slower start
                log.warning("ignoring snapshot cache %s: %s", path, type(exc).__name__)
                return None
        return snapshot if isinstance(snapshot, Snapshot) else None

    def write(self, snapshot: Snapshot) -> None:
        """Replace the cached snapshot of its directory; a failure is logged and costs only speed."""
        path = self.path_for(snapshot.kb.directory)
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".tmp-", delete=False) as file:
                try:
                    file.write(MAGIC + self.fingerprint + b"\n")
                    _write_snapshot(snapshot, file)
                    file.flush()
                    os.fsync(file.fileno())
                except BaseException:
                    os.unlink(file.name)
                    raise
            os.replace(file.name, path)
        except (OSError, pickle.PicklingError) as exc:
            log.warning("could not write snapshot cache %s: %s", path, exc)


def _private(stat: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else: nobody else could have put a pickle there."""
    uid = getattr(os, "getuid", lambda: stat.st_uid)()
    return stat.st_uid == uid and not stat.st_mode & 0o022


# Pickle spends some 20 us on each dataclass object it rebuilds and a few on a tuple, and a base of 10,000
# cases holds 50,000 case, outcome and source objects: a second of every start. So the cases are stored
# first, as tuples of their fields, rebuilt in one loop, and the snapshot (pickled second, with the same
# memo) refers to each case by its number.
def _place(cls: type, name: str) -> int:
    """Where a field is in the tuple of a `cls` object's fields."""
    return [f.name for f in fields(cls)].index(name)


_NESTED: dict[type, tuple[tuple[int, type, bool], ...]] = {
    cls: tuple((_place(cls, name), inner, many) for name, inner, many in nested)
    for cls, nested in {
        CaseStudy: (("outcomes", Outcome, True), ("sources", Source, True), ("follow_up", FollowUp, False)),
        Outcome: (("money", Money, False),),
    }.items()}
"""For each class stored as a tuple, its fields that hold more such objects: (place among its fields, class,
whether a tuple)."""
_FIELDS: dict[type, attrgetter] = {
    cls: attrgetter(*(f.name for f in fields(cls))) for cls in (CaseStudy, Outcome, Source, Money, FollowUp)}
"""For each class stored as a tuple, the tuple of an object's fields in their order (every class has two at
least, so the getter returns a tuple)."""
_SHARED: dict[type, tuple[int, ...]] = {CaseStudy: (_place(CaseStudy, "year"),), Outcome: (_place(Outcome, "money"),)}
"""For each class, the places of its fields whose values a load shares between cases (see interning) and the
tuples do not keep shared: pickle keeps one object for a string or a tuple it meets twice, not for an int
or an object rebuilt from a tuple."""


def _flat(cls: type, obj: Any) -> tuple:
    state = list(_FIELDS[cls](obj))
    for at, inner, many in _NESTED.get(cls, ()):
        value = state[at]
        if value is not None:
            state[at] = tuple([_flat(inner, v) for v in value]) if many else _flat(inner, value)
    return tuple(state)


def _rebuilt(cls: type, values: tuple, interner: Interner) -> Any:
    state = list(values)
    for at, inner, many in _NESTED.get(cls, ()):
        value = state[at]
        if value is not None:
            state[at] = tuple([_rebuilt(inner, v, interner) for v in value]) if many else _rebuilt(inner, value, interner)
    for at in _SHARED.get(cls, ()):
        state[at] = interner(state[at])
    return cls(*state)


class _Pickler(pickle.Pickler):
    def __init__(self, file: IO[bytes], cases: tuple[CaseStudy, ...]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._numbers = {id(case): number for number, case in enumerate(cases)}

    def persistent_id(self, obj: Any) -> int | None:
        return self._numbers.get(id(obj)) if type(obj) is CaseStudy else None


class _Unpickler(pickle.Unpickler):
    cases: list[CaseStudy] = []

    def persistent_load(self, pid: Any) -> CaseStudy:
        return self.cases[pid]


def _write_snapshot(snapshot: Snapshot, file: IO[bytes]) -> None:
    pickler = _Pickler(file, snapshot.kb.cases)
    pickler.dump(tuple(_flat(CaseStudy, case) for case in snapshot.kb.cases))
    pickler.dump(snapshot)


def _read_snapshot(file: IO[bytes]) -> Any:
    unpickler = _Unpickler(file)
    interner = Interner()
    unpickler.cases = [_rebuilt(CaseStudy, values, interner) for values in unpickler.load()]
    return unpickler.load()
