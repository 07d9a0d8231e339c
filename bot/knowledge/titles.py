"""The cases' titles as a reload checks a new title against them: one 64-bit hash each, not the title.

Titles must be unique (casefolded), and a reload that adds or edits a case checks its title against the
kept ones without casefolding every title again (that was a tenth of a reload after one edit at 10,000
cases). A set of casefolded titles did that but was a second copy of every title: 1.5 MB held at 10,000
cases, where these hashes are 80 KB. Two titles with the same hash are equal or (rarely) collide; either
way the check answers "may repeat" and the loader compares the titles themselves, so a collision costs
time, never a wrong answer. The hashes are a multiset, so removing one of two colliding titles leaves the
other's hash. They are a digest, not Python's hash(): the snapshot cache carries them to other processes.
"""
from __future__ import annotations

from collections.abc import Iterable
from hashlib import blake2b

import numpy as np

from .schema import CaseStudy


class TitleHashes:
    """The hashes of some cases' casefolded titles, sorted (a multiset)."""

    def __init__(self, hashes: np.ndarray):
        self.hashes = hashes

    @classmethod
    def of(cls, cases: Iterable[CaseStudy]) -> TitleHashes:
        return cls(np.sort(_hashes(cases)))

    def patched(self, removed: Iterable[CaseStudy], added: Iterable[CaseStudy]) -> TitleHashes | None:
        """These titles less those of `removed` (one of each) and with those of `added`; None when an added
        title may repeat a kept or another added one (the loader then compares the titles themselves)."""
        kept = self.hashes
        gone = np.sort(_hashes(removed))
        if len(gone):
            at = np.searchsorted(kept, gone) + _repeats_before(gone)  # where one hash of each removed title is
            if (at >= len(kept)).any() or (kept[np.minimum(at, len(kept) - 1)] != gone).any():
                return None  # a removed title not among these: the loader checks them all
            kept = np.delete(kept, at)
        new = np.sort(_hashes(added))
        if (new[1:] == new[:-1]).any() or np.isin(new, kept).any():
            return None
        return TitleHashes(np.sort(np.concatenate((kept, new))))


def title_key(title: str) -> int:
    """A title's 64-bit hash as compared for uniqueness (casefolded)."""
    return int.from_bytes(blake2b(title.casefold().encode(), digest_size=8).digest(), "little")


def _hashes(cases: Iterable[CaseStudy]) -> np.ndarray:
    return np.fromiter((title_key(case.title) for case in cases), dtype=np.uint64)


def _repeats_before(ordered: np.ndarray) -> np.ndarray:
    """For each of sorted `ordered` (not empty: `patched` asks only when something is removed), how many equal
    ones come before it: the second of two equal removed hashes is the next place's, not the first's again."""
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return np.arange(len(ordered)) - np.repeat(starts, np.diff(np.r_[starts, len(ordered)]))
