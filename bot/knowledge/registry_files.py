"""Finding and reading a knowledge base's register: authorities/ (councils) and organisations.yaml (bodies).

A knowledge base without either (a synthetic benchmark base, an old copy) has an empty register and its
organisations are not checked; one with either must resolve every organisation its cases name.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from .authorities import read_additions, read_register, with_areas_corrected
from .organisations import read_organisations
from .registry import Registry, name_key
from .schema import Body, Council
from .yamlfile import parse_yaml, read_text

AUTHORITIES_CSV = "authorities/uk-local-authorities.csv"
ADDITIONS_FILE = "authorities/additions.yaml"
ORGANISATIONS_FILE = "organisations.yaml"


def has_register(root: Path) -> bool:
    return (root / AUTHORITIES_CSV).exists() or (root / ORGANISATIONS_FILE).exists()


def read_registry(root: Path, problems: list[Problem], previous: tuple[Registry, str] | None = None) -> tuple[Registry, str]:
    """The register and the text it was read from (what case validation now also depends on). The `previous`
    register (and its text) is kept when the files still hold that text: building 400 councils from the CSV
    was a third of a start from the snapshot cache, and every reload paid it again."""
    if not has_register(root):  # the previous (empty) register kept: the index reuses what it built from it
        none = (Registry(), "")
        return previous if previous == none else none
    read = {name: read_text(root / name, name) for name in (AUTHORITIES_CSV, ADDITIONS_FILE, ORGANISATIONS_FILE)
            if (root / name).exists()}
    texts = {name: text for name, text in read.items() if isinstance(text, str)}
    problems += [text for text in read.values() if isinstance(text, Problem)]
    joined = "\0".join(text for text in texts.values() if text)
    if previous is not None and previous[1] == joined and len(texts) == len(read):
        return previous
    councils: list[Council] = []
    other_names: dict[str, tuple[str, int]] = {}
    bodies: tuple[Body, ...] = ()
    if texts.get(AUTHORITIES_CSV):
        councils += read_register(texts[AUTHORITIES_CSV], AUTHORITIES_CSV, problems)
    if ADDITIONS_FILE in texts:
        additions = parse_yaml(texts[ADDITIONS_FILE], ADDITIONS_FILE)
        if isinstance(additions, Problem):
            problems.append(additions)
        else:
            extra, other_names = read_additions(additions, problems)
            councils = list(with_areas_corrected((*councils, *extra), additions, problems))
    if ORGANISATIONS_FILE in texts:
        organisations = parse_yaml(texts[ORGANISATIONS_FILE], ORGANISATIONS_FILE)
        if isinstance(organisations, Problem):
            problems.append(organisations)
        else:
            bodies = read_organisations(organisations, problems, frozenset(c.type_name for c in councils))
    registry = Registry(tuple(councils), bodies, {name: code for name, (code, _line) in other_names.items()})
    _cross_check(registry, other_names, problems)
    return registry, joined


def _cross_check(registry: Registry, other_names: dict[str, tuple[str, int]], problems: list[Problem]) -> None:
    """Codes must exist and a body must not take a council's name: either would make a name mean two things."""
    codes = [c.code for c in registry.councils]
    for code in {c for c in codes if codes.count(c) > 1}:
        problems.append(Problem(AUTHORITIES_CSV, None, f"council code {code} is used twice"))
    for name, (code, line) in other_names.items():
        if registry.council(code) is None:
            problems.append(Problem(ADDITIONS_FILE, line, f"{name!r} names council code {code}, which is not in the register"))
    for council, code in registry.missing_codes():
        problems.append(Problem(AUTHORITIES_CSV, None, f"{council} is replaced by {code}, which is not in the register"))
    council_names = {name_key(n) for c in registry.councils for n in (c.official_name, c.nice_name)}
    for body in registry.bodies:
        if name_key(body.name) in council_names:
            problems.append(Problem(ORGANISATIONS_FILE, None, f"{body.name!r} is a council in the register, not a body"))
