"""Loading a knowledge base directory: themes, contacts, vocabulary and one YAML file per case study.

Everything is parsed and validated before anything is returned, so a caller either gets a complete,
consistent KnowledgeBase or a KnowledgeError listing every problem with its file and line.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..errors import KnowledgeError, Problem
from .base import KnowledgeBase
from .schema import CaseStudy
from .validate import read_case, read_contacts, read_themes, read_vocabulary
from .yamlfile import YamlFile, read_yaml

CASES_DIR = "case-studies"
THEMES_FILE = "themes.yaml"
CONTACTS_FILE = "contacts.yaml"
VOCABULARY_FILE = "vocabulary.yaml"
ENV_VAR = "PRACTICE_BOT_KNOWLEDGE"


def default_directory() -> Path:
    """Where the knowledge base is when none is named: $PRACTICE_BOT_KNOWLEDGE, ./knowledge, or the checkout's."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    here = Path.cwd() / "knowledge"
    if (here / CASES_DIR).is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "knowledge"


def load_knowledge(directory: Path | str | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base at `directory`; raise KnowledgeError on any problem."""
    root = Path(directory) if directory is not None else default_directory()
    problems: list[Problem] = []
    if not (root / CASES_DIR).is_dir():
        raise KnowledgeError([Problem(str(root), None, f"not a knowledge base: no {CASES_DIR}/ folder")])

    digest = hashlib.sha256()
    themes_file = _read(root, THEMES_FILE, problems, digest)
    contacts_file = _read(root, CONTACTS_FILE, problems, digest)
    vocabulary_file = _read(root, VOCABULARY_FILE, problems, digest)
    themes = read_themes(themes_file, problems) if themes_file else ()
    contacts = read_contacts(contacts_file, problems) if contacts_file else ()
    synonyms, aliases = read_vocabulary(vocabulary_file, problems) if vocabulary_file else ((), {})

    theme_ids = {t.id for t in themes}
    contact_ids = {c.id for c in contacts}
    cases: list[CaseStudy] = []
    fingerprints: dict[str, str] = {}
    seen: dict[tuple[str, str], CaseStudy] = {}
    for path in sorted((root / CASES_DIR).glob("*.yaml")):
        file = _read(root, f"{CASES_DIR}/{path.name}", problems, digest)
        if file is None:
            continue
        case = read_case(file, problems, theme_ids, contact_ids)
        if case is not None and _is_unique(case, file, seen, problems):
            cases.append(case)
            fingerprints[case.id] = hashlib.sha256(file.text.encode()).hexdigest()
    if not cases and not problems:
        problems.append(Problem(f"{root}/{CASES_DIR}", None, "no case study files (*.yaml)"))
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(
        directory=root,
        cases=tuple(cases),
        themes=themes,
        contacts=contacts,
        synonyms=synonyms,
        aliases=aliases,
        version=digest.hexdigest()[:12],
        fingerprints=fingerprints,
    )


def _read(root: Path, relative: str, problems: list[Problem], digest: "hashlib._Hash") -> YamlFile | None:
    result = read_yaml(root / relative, relative)
    if isinstance(result, Problem):
        problems.append(result)
        return None
    digest.update(relative.encode())
    digest.update(result.text.encode())
    return result


def _is_unique(case: CaseStudy, file: YamlFile, seen: dict[tuple[str, str], CaseStudy], problems: list[Problem]) -> bool:
    """Ids must be unique (they are the key for `show`); so must titles, or users cannot tell cases apart."""
    unique = True
    for field in ("id", "title"):
        key = (field, getattr(case, field).casefold())
        if key in seen:
            problems.append(file.problem(f"duplicate {field} {getattr(case, field)!r}, also in {seen[key].file}", field))
            unique = False
        else:
            seen[key] = case
    return unique
