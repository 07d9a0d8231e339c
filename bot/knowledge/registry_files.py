"""Finding and reading a knowledge base's register: authorities/ (councils) and organisations.yaml (bodies).

A knowledge base without either (a synthetic benchmark base, an old copy) has an empty register and its
organisations are not checked; one with either must resolve every organisation its cases name.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from .authorities import read_additions, read_register
from .organisations import read_organisations
from .registry import Registry, name_key
from .schema import Body, Council
from .yamlfile import read_text, read_yaml

AUTHORITIES_CSV = "authorities/uk-local-authorities.csv"
ADDITIONS_FILE = "authorities/additions.yaml"
ORGANISATIONS_FILE = "organisations.yaml"


def has_register(root: Path) -> bool:
    return (root / AUTHORITIES_CSV).exists() or (root / ORGANISATIONS_FILE).exists()


def read_registry(root: Path, problems: list[Problem]) -> tuple[Registry, str]:
    """The register and the text it was read from (what case validation now also depends on)."""
    if not has_register(root):
        return Registry(), ""
    texts = []
    councils: list[Council] = []
    other_names: dict[str, tuple[str, int]] = {}
    bodies: tuple[Body, ...] = ()
    csv_text = read_text(root / AUTHORITIES_CSV, AUTHORITIES_CSV) if (root / AUTHORITIES_CSV).exists() else ""
    if isinstance(csv_text, Problem):
        problems.append(csv_text)
    elif csv_text:
        texts.append(csv_text)
        councils += read_register(csv_text, AUTHORITIES_CSV, problems)
    if (root / ADDITIONS_FILE).exists():
        additions = read_yaml(root / ADDITIONS_FILE, ADDITIONS_FILE)
        if isinstance(additions, Problem):
            problems.append(additions)
        else:
            texts.append(additions.text)
            extra, other_names = read_additions(additions, problems)
            councils += extra
    if (root / ORGANISATIONS_FILE).exists():
        organisations = read_yaml(root / ORGANISATIONS_FILE, ORGANISATIONS_FILE)
        if isinstance(organisations, Problem):
            problems.append(organisations)
        else:
            texts.append(organisations.text)
            bodies = read_organisations(organisations, problems)
    registry = Registry(tuple(councils), bodies, {name: code for name, (code, _line) in other_names.items()})
    _cross_check(registry, other_names, problems)
    return registry, "\0".join(texts)


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
