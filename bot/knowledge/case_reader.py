"""Reading a batch of case files: each one's text read, fingerprinted, parsed and checked into a CaseStudy.

One batch is the unit a load works in, whether this process reads it or a second one does beside it (see
parallel_reading): what a case file becomes depends only on its text and on what is fixed for the whole
load (the theme and contact ids, the register), which a reader holds.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..errors import Problem
from .interning import Interner
from .registry import Registry
from .schema import CaseStudy
from .validate import read_case
from .yamlfile import parse_yaml, read_text

Read = tuple[str, bytes | None, CaseStudy | None]
"""(label, fingerprint, case) for each file read: the case None if the file is not valid (its problems are
reported), the fingerprint None too if its text could not even be read."""


@dataclass(frozen=True)
class CaseReader:
    """What checking a case file needs besides the file: the same for every file of one load."""

    root: str
    theme_ids: frozenset[str]
    contact_ids: frozenset[str]
    registry: Registry

    def read(self, items: Iterable[tuple[str, str | None]], problems: list[Problem], interner: Interner,
             known: Mapping[str, CaseStudy] | None = None) -> list[Read]:
        """Each (label, text) item read: the file at `label` under the root when its text is None (a file),
        else that text (a case the database holds). A file whose text hashes as its case in `known` does is
        left out: that case stands as it was."""
        found: list[Read] = []
        for label, text in items:
            # The path as text: a Path interns its parts, and 10,000 file names grew the interpreter's table of
            # interned strings by 0.9 MB, never given back (as did interning the tags: see validate.labels).
            read = text if text is not None else read_text(f"{self.root}/{label}", label)
            if isinstance(read, Problem):
                problems.append(read)
                found.append((label, None, None))
                continue
            fingerprint = hashlib.sha256(read.encode()).digest()
            was = known.get(label) if known else None
            if was is not None and was.fingerprint == fingerprint:
                continue  # the same text as when last read (touched, or changed too recently to trust)
            found.append((label, fingerprint, self._case(read, label, problems, interner, fingerprint)))
        return found

    def _case(self, text: str, label: str, problems: list[Problem], interner: Interner,
              fingerprint: bytes) -> CaseStudy | None:
        file = parse_yaml(text, label)
        if isinstance(file, Problem):
            problems.append(file)
            return None
        return read_case(file, problems, self.theme_ids, self.contact_ids, self.registry, interner, fingerprint)
