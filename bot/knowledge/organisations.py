"""Reading organisations.yaml: the bodies cases name that are not councils, each with a kind.

Police forces, NHS boards, audit offices and partnerships need a record as much as councils do: without one,
a misspelt name in a case file would silently become a new organisation nobody can find.
"""
from __future__ import annotations

from ..errors import Problem
from .schema import BODY_KINDS, NATIONS, Body
from .validate import Checker
from .yamlfile import YamlFile

FIELDS = frozenset({"name", "kind", "url", "nation", "alt-names", "members"})


def read_organisations(file: YamlFile, problems: list[Problem], council_types: frozenset[str]) -> tuple[Body, ...]:
    """The bodies; a partnership's `members` must be types of council the register has (`council_types`)."""
    check = Checker(file, problems)
    bodies = []
    seen: set[str] = set()
    for i, item in check.mappings(file.data, what="organisations {name, kind, url?, nation?, alt-names?, members?}"):
        unknown = set(item) - FIELDS
        if unknown:
            check.fail(f"unknown field(s): {', '.join(sorted(unknown))} (known: {', '.join(sorted(FIELDS))})", i)
        name = check.text(item.get("name"), i, "name")
        kind = item.get("kind")
        if kind not in BODY_KINDS:
            check.fail(f"kind {kind!r} must be one of {', '.join(BODY_KINDS)}", i, "kind")
        nation = item.get("nation")
        if nation is not None and nation not in NATIONS:
            check.fail(f"nation {nation!r} must be one of {', '.join(NATIONS)}", i, "nation")
        url = check.url(item["url"], i, "url") if "url" in item else None
        alt_names = check.text_list(item.get("alt-names"), i, "alt-names", required=False)
        members = check.text_list(item.get("members"), i, "members", required=False)
        if members and kind != "partnership":
            check.fail("only a partnership has members", i, "members")
        for n, member in enumerate(members):
            if member not in council_types:
                check.fail(f"members: {member!r} is no type of council in the register", i, "members", n)
        if name and name.casefold() in seen:
            check.fail(f"organisation {name!r} is listed twice", i, "name")
        if name and kind in BODY_KINDS:
            seen.add(name.casefold())
            bodies.append(Body(name=name, kind=kind, url=url, nation=nation, alt_names=alt_names, member_types=members))
    return tuple(bodies)
