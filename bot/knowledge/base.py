"""A loaded, validated knowledge base: immutable, so a reload swaps it whole."""
from __future__ import annotations

from dataclasses import InitVar, dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from ..errors import Problem
from .registry import CouncilFacts, Registry, council_facts
from .schema import CaseStudy, Contact, Theme
from .stamps import FileStamps, Signature
from .titles import TitleHashes


@dataclass(frozen=True)
class Changes:
    """How a load differs from the base it patched: what a reload reports, without comparing every case."""

    since: str
    """The version of the base it patched."""
    left: dict[str, bytes]
    """Case id -> fingerprint, of the cases that left (an edited case leaves and comes)."""
    came: dict[str, bytes]
    """Case id -> fingerprint, of the cases that came."""


@dataclass(frozen=True)
class KnowledgeBase:
    directory: Path
    cases: tuple[CaseStudy, ...]
    themes: tuple[Theme, ...]
    contacts: tuple[Contact, ...]
    synonyms: tuple[tuple[str, ...], ...]
    aliases: dict[str, str]
    version: str
    files: dict[str, CaseStudy] = field(default_factory=dict)
    """Case file (relative path) -> the case read from it (with the hash of its text): a reload reuses
    unchanged files and reports what changed. Also how a case is found by id (see `case`)."""
    stamps: FileStamps = field(default_factory=FileStamps)
    """Each case file's inode, size, modification and change times when read: a reload does not even read a
    file whose signature is unchanged."""
    read_at: int = 0
    """When this load began (ns since the epoch): a file changed after that is read again on reload."""
    shared_fingerprint: str = ""
    """Hash of what validating a case depends on besides its file (themes and contacts)."""
    problems: tuple[Problem, ...] = ()
    """Case files left out because they are broken (only when loaded with strict=False)."""
    registry: Registry = field(default_factory=Registry)
    """The councils (mySociety's register) and other bodies that case organisations resolve to."""
    registry_text: str = ""
    """The text the register was read from: a reload keeps the register while its files hold this text."""
    shared_texts: tuple[str | None, ...] = ()
    """The texts of themes.yaml, contacts.yaml and vocabulary.yaml (loader.SHARED_FILES) as last read: a
    reload keeps what was read from a file whose text is unchanged instead of parsing it again."""
    files_digest: int = 0
    """The XOR of one hash of label and fingerprint per entry of `files`: their share of the version, which a
    reload patches with the files that changed."""
    changes: Changes | None = None
    """How this load differs from the previous one it patched (None if it patched none)."""
    title_hashes: InitVar[TitleHashes | None] = None
    """The cases' titles (see titles), when the loader has them: it patches the previous load's (building
    them afresh, with a look-up of the cases by id, was a tenth of a reload after one edit at 10,000 cases)."""

    @property
    def broken_files(self) -> frozenset[str]:
        return frozenset(problem.file for problem in self.problems)

    def __post_init__(self, title_hashes: TitleHashes | None) -> None:
        object.__setattr__(self, "_titles", title_hashes if title_hashes is not None else TitleHashes.of(self.cases))
        object.__setattr__(self, "_themes", {t.id: t for t in self.themes})
        object.__setattr__(self, "_contacts", {c.id: c for c in self.contacts})

    @property
    def titles(self) -> TitleHashes:
        """The cases' titles, as hashes (all different titles: the loader leaves out a case repeating one)."""
        return self._titles  # type: ignore[attr-defined]

    @property
    def signatures(self) -> dict[str, Signature]:
        """Case file -> its signature, for the files a reload need not read again if it is unchanged."""
        return self.stamps.signatures()

    @property
    def fingerprints(self) -> dict[str, bytes]:
        """Case id -> hash of its file."""
        return {case.id: case.fingerprint for case in self.cases}

    @property
    def case_fingerprints(self) -> list[bytes]:
        """The hash of each case's file, in case order."""
        return [case.fingerprint for case in self.cases]

    def case(self, case_id: str) -> CaseStudy | None:
        """The case with this id, found by its file's label: a case's id is its file's name, and a case
        approved from chat is served only while no file has its id. (A second table, by id, was 0.2 MB at
        10,000 cases and a copy of it on every reload.)"""
        return self.files.get(f"{CASES_DIR}/{case_id}.yaml") or self.files.get(f"{DATABASE_LABEL}/{case_id}.yaml")

    def theme(self, theme_id: str) -> Theme | None:
        return self._themes.get(theme_id)  # type: ignore[attr-defined]

    def contact(self, contact_id: str) -> Contact:
        """The contact for a case; Socitm's general contact when the id is unknown."""
        contacts = self._contacts  # type: ignore[attr-defined]
        return contacts.get(contact_id) or contacts.get(DEFAULT_CONTACT) or self.contacts[0]

    @property
    def general_contact(self) -> Contact:
        return self.contact(DEFAULT_CONTACT)

    def theme_named(self, name: str) -> Theme | None:
        """A theme by id, label or close spelling ("waste", "Waste and street scene", "cyber secruity")."""
        wanted = name.strip().lower()
        if not wanted:
            return None
        for theme in self.themes:
            if wanted in (theme.id, theme.label.lower()):
                return theme
        choices = {theme.id: f"{theme.id} {theme.label} {' '.join(theme.words)}".lower() for theme in self.themes}
        found = process.extractOne(wanted, choices, scorer=fuzz.partial_ratio, score_cutoff=THEME_MATCH_CUTOFF)
        return self.theme(found[2]) if found else None

    def council_facts(self, case: CaseStudy) -> tuple[CouncilFacts, ...]:
        """Nation, region, type and population of each council a case names (for filters)."""
        return tuple(council_facts(r.council, r.successors) for r in case.resolved if r.council is not None)

    def cases_in_theme(self, theme_id: str) -> tuple[CaseStudy, ...]:
        return tuple(c for c in self.cases if theme_id in c.themes)

    def theme_counts(self) -> list[tuple[Theme, int]]:
        return [(t, len(self.cases_in_theme(t.id))) for t in self.themes]


CASES_DIR = "case-studies"
DATABASE_LABEL = "database"
"""Cases approved from chat live in the database; they are labelled `database/<id>.yaml` in errors."""
DEFAULT_CONTACT = "socitm"
THEME_MATCH_CUTOFF = 70
