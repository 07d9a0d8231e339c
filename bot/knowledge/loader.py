"""Loading a knowledge base directory: themes, contacts, vocabulary and one YAML file per case study.

Everything is parsed and validated before anything is returned, so a caller either gets a complete,
consistent KnowledgeBase or a KnowledgeError listing every problem with its file and line.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from itertools import chain, takewhile
from pathlib import Path
from typing import TypeVar

import numpy as np

from ..errors import KnowledgeError, Problem
from .base import CASES_DIR, DATABASE_LABEL, Changes, KnowledgeBase
from .case_reader import CaseReader
from .interning import Interner
from .parallel_reading import read_cases
from .registry_files import read_registry
from .schema import CaseStudy
from .stamps import FileStamps
from .validate import read_contacts, read_themes, read_vocabulary
from .yamlfile import YamlFile, parse_yaml, read_text

THEMES_FILE = "themes.yaml"
CONTACTS_FILE = "contacts.yaml"
VOCABULARY_FILE = "vocabulary.yaml"
SHARED_FILES = (THEMES_FILE, CONTACTS_FILE, VOCABULARY_FILE)
"""The files every case depends on, in the order KnowledgeBase.shared_texts keeps their texts."""
T = TypeVar("T")


def default_directory() -> Path:
    """Where the knowledge base is when none is named (the settings pass $PRACTICE_BOT_KNOWLEDGE as a name):
    ./knowledge, or the checkout's."""
    here = Path.cwd() / "knowledge"
    if (here / CASES_DIR).is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "knowledge"


def load_knowledge(directory: Path | str | None = None, previous: KnowledgeBase | None = None, *,
                   strict: bool = True, extra: Mapping[str, str] | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base at `directory`; raise KnowledgeError on any problem.

    With `strict=False` (a server starting or reloading) a broken case file is left out and reported in the
    result's `problems`, so one bad file cannot stop every good one being served; a broken themes, contacts
    or vocabulary file, which every case depends on, still raises.

    With `previous` (the base being reloaded), a case file whose text is unchanged, under unchanged themes
    and contacts, is taken over as it was instead of being parsed and validated again, and one whose
    signature (inode, size, times) is unchanged is not even read: a reload after editing one file of
    10,000 reads and parses one.

    `extra` maps case ids to case texts that are not files: the cases approved from chat, which the
    database holds (the source of truth for them), served beside the curated files and checked the same way.
    """
    started = time.time_ns()
    root = Path(directory) if directory is not None else default_directory()
    problems: list[Problem] = []
    if not (root / CASES_DIR).is_dir():
        raise KnowledgeError([Problem(str(root), None, f"not a knowledge base: no {CASES_DIR}/ folder")])

    digest = hashlib.sha256()
    texts = tuple(_read_shared(root, name, problems, digest) for name in SHARED_FILES)
    kept = previous.shared_texts if previous is not None else (None,) * len(SHARED_FILES)
    themes_text, contacts_text, vocabulary_text = texts
    themes = previous.themes if previous and kept[0] == themes_text else \
        _parse_shared(themes_text, root, THEMES_FILE, read_themes, problems) or ()
    contacts = previous.contacts if previous and kept[1] == contacts_text else \
        _parse_shared(contacts_text, root, CONTACTS_FILE, read_contacts, problems) or ()
    synonyms, aliases = (previous.synonyms, previous.aliases) if previous and kept[2] == vocabulary_text else \
        _parse_shared(vocabulary_text, root, VOCABULARY_FILE, read_vocabulary, problems) or ((), {})
    registry, registry_text = read_registry(root, problems,
                                            (previous.registry, previous.registry_text) if previous else None)
    digest.update(registry_text.encode())
    if problems and not strict:
        raise KnowledgeError(problems)

    shared = _fingerprint(themes_text, contacts_text, registry_text)
    same_shared = previous is not None and previous.shared_fingerprint == shared
    reusable = previous.files if previous is not None and same_shared else {}
    stamps = FileStamps.of(root / CASES_DIR, f"{CASES_DIR}/")
    unchanged = stamps.unchanged(previous.stamps, previous.read_at - RACY_NS) if previous is not None and same_shared \
        else np.zeros(len(stamps.labels), dtype=bool)
    database = {f"{DATABASE_LABEL}/{case_id}.yaml": text for case_id, text in sorted((extra or {}).items())
                if not stamps.listed(f"{CASES_DIR}/{case_id}.yaml")}
    """The database's cases a curator has not since committed as a file (`submissions export`)."""
    files = dict(reusable)
    """Label -> case, patched: the previous load's, less what is gone, with what is read now."""
    gone = _gone(files, stamps, previous.stamps if previous is not None else None, database)
    removed: list[tuple[str, CaseStudy]] = [(label, files.pop(label)) for label in sorted(gone)]
    added: list[tuple[str, CaseStudy]] = []
    """The (label, case) pairs that left and came into `files`: what the titles and the version are patched with."""
    inserted = False
    broken: dict[str, bytes] = {}
    """Label -> fingerprint of each file read but not served: in the version, as the served ones are."""
    read_now = [stamps.labels[n] for n in np.flatnonzero(~unchanged).tolist()]
    reader = CaseReader(str(root), frozenset(t.id for t in themes), frozenset(c.id for c in contacts), registry)
    items = [(label, None) for label in read_now] + list(database.items())
    reads = read_cases(reader, items, problems, Interner(), reusable)
    for label, fingerprint, case in reads:
        if case is not None:
            replaced = files.get(label)
            if replaced is not None:
                removed.append((label, replaced))
            files[label] = case
            added.append((label, case))
            inserted |= replaced is None
            continue
        if fingerprint is not None:
            broken[label] = fingerprint
        if label in files:
            removed.append((label, files.pop(label)))
    if inserted and reusable:  # a new label went to the end: back to file order, then the database's
        files = {label: files[label] for label in chain(stamps.labels, database) if label in files}
    titles = previous.titles.patched([case for _label, case in removed], [case for _label, case in added]) \
        if previous is not None and reusable else None
    forget = [label for label in read_now if label not in files]
    if titles is None:  # a title may repeat another: every title is checked
        unique = _unique(files, root, extra or {}, problems)
        left_out = [(label, case) for label, case in files.items() if label not in unique]
        forget += [label for label, _case in left_out]
        broken.update((label, case.fingerprint) for label, case in left_out)
        came = {label for label, _case in added}
        removed += [(label, case) for label, case in left_out if label not in came]  # one that came did not
        added = [(label, case) for label, case in added if label in unique]
        files = unique
    files_digest = _files_digest(previous.files_digest if previous is not None and reusable else 0, chain(removed, added))
    digest.update(files_digest.to_bytes(32, "big"))
    digest.update(b"".join(label.encode() + fingerprint for label, fingerprint in sorted(broken.items())))
    cases = list(files.values())
    if not cases and not problems:
        problems.append(Problem(f"{root}/{CASES_DIR}", None, "no case study files (*.yaml)"))
    if problems and (strict or not cases):
        raise KnowledgeError(problems)
    return KnowledgeBase(
        directory=root,
        cases=tuple(cases),
        themes=themes,
        contacts=contacts,
        synonyms=synonyms,
        aliases=aliases,
        version=digest.hexdigest()[:12],
        files=files,
        stamps=stamps.forgetting(forget),
        read_at=started,
        shared_fingerprint=shared,
        problems=tuple(problems),
        registry=registry,
        registry_text=registry_text,
        shared_texts=texts,
        title_hashes=titles,
        files_digest=files_digest,
        changes=Changes(previous.version, {case.id: case.fingerprint for _label, case in removed},
                        {case.id: case.fingerprint for _label, case in added}) if previous is not None and reusable else None,
    )


RACY_NS = 2_000_000_000
"""A file modified this close to (or after) the previous load's start is read again whatever its signature
says: an edit within the file system's timestamp granularity of that read, keeping the size, would keep it."""


def trusted_files(previous: KnowledgeBase) -> int:
    """How many of the previous load's files a load need not read if unchanged: those last changed well
    before it began."""
    return previous.stamps.settled(previous.read_at - RACY_NS)


def _gone(files: dict[str, CaseStudy], stamps: FileStamps, before: FileStamps | None,
          database: Mapping[str, str]) -> Collection[str]:
    """The labels of `files` (the previous load's) that are neither listed in `stamps` nor in the database
    now. With the same files listed as `before` (the usual reload) only the database's cases, the last of
    `files`, can have gone: the others are not looked at (a set of 10,000 labels took longer)."""
    if before is not None and stamps.labels == before.labels:
        return [label for label in takewhile(lambda label: label.startswith(f"{DATABASE_LABEL}/"), reversed(files))
                if label not in database]
    return files.keys() - stamps.labels - database.keys()


def _files_digest(start: int, changes: Iterable[tuple[str, CaseStudy]]) -> int:
    """`start` XOR one hash of label and fingerprint per change: the served files' share of the version, kept
    with the base as the XOR of one such hash per file, so a reload patches it with the files that left and
    came (each in `changes` once), where hashing every label and fingerprint again was a twentieth of a
    reload after one edit at 10,000 cases."""
    for label, case in changes:
        start ^= int.from_bytes(hashlib.sha256(label.encode() + b"\0" + case.fingerprint).digest(), "big")
    return start


def _read_shared(root: Path, name: str, problems: list[Problem], digest: hashlib._Hash) -> str | None:
    """The text of a file every case depends on (None, with the problem noted, if it cannot be read)."""
    text = read_text(root / name, name)
    if isinstance(text, Problem):
        problems.append(text)
        return None
    digest.update(name.encode())
    digest.update(text.encode())
    return text


def _parse_shared(text: str | None, root: Path, name: str, reader: Callable[[YamlFile, list[Problem]], T],
                  problems: list[Problem]) -> T | None:
    """A shared file's contents, parsed and checked (None if it cannot be): only when its text differs from
    the previous load's, so a start from the cache or a reload after editing one case parses none of them."""
    if text is None:
        return None
    parsed = parse_yaml(text, name)
    if isinstance(parsed, Problem):
        problems.append(parsed)
        return None
    return reader(parsed, problems)


def _fingerprint(themes: str | None, contacts: str | None, registry_text: str) -> str:
    """What case validation depends on besides the case file itself (theme and contact ids, the register)."""
    return hashlib.sha256("\0".join((themes or "", contacts or "", registry_text)).encode()).hexdigest()


def _unique(files: dict[str, CaseStudy], root: Path, extra: Mapping[str, str],
            problems: list[Problem]) -> dict[str, CaseStudy]:
    """Titles must be unique, or users cannot tell cases apart (ids are unique already: each is its file's
    name, lower-case, and a database case whose id a file has is served from the file). Of two cases with
    the same title, the first in file order is kept and the other reported on its line. Checked at once for
    the whole base (a case at a time was a sixth of a reload at 10,000 cases)."""
    if len({case.title.casefold() for case in files.values()}) == len(files):
        return files
    seen: dict[str, CaseStudy] = {}
    return {label: case for label, case in files.items() if _is_unique(case, label, root, extra, seen, problems)}


def _is_unique(case: CaseStudy, label: str, root: Path, extra: Mapping[str, str],
               seen: dict[str, CaseStudy], problems: list[Problem]) -> bool:
    """The case's title is the first of its kind; a repeat is reported on its line (the file is read again
    for it: duplicates are rare, and keeping every file's parsed text for them would not be)."""
    key = case.title.casefold()
    if key not in seen:
        seen[key] = case
        return True
    in_database = label.removeprefix(f"{DATABASE_LABEL}/")
    text = extra[in_database.removesuffix(".yaml")] if in_database != label else read_text(root / label, label)
    file = parse_yaml(text, label) if isinstance(text, str) else text
    message = f"duplicate title {case.title!r}, also in {seen[key].file}"
    problems.append(file.problem(message, "title") if isinstance(file, YamlFile) else Problem(case.file, None, message))
    return False
