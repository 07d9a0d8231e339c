"""Reading the register of UK councils: mySociety's table (CSV) and our own additions to it (YAML).

The table is copied into the knowledge base (authorities/), never read from outside it, so a deployment
needs nothing but its own knowledge folder. Problems name the file and line like every other knowledge file.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from typing import Any

from rapidfuzz.distance import OSA

from ..errors import Problem
from .schema import NATIONS, Council
from .validate import DATE_PATTERN, Checker
from .yamlfile import YamlFile

COLUMNS = ("local-authority-code", "official-name", "nice-name", "alt-names", "gss-code", "start-date", "end-date",
           "replaced-by", "nation", "region", "local-authority-type-name", "gov-uk-slug", "pop-2020", "county-la",
           "combined-authority")
AREA_COLUMNS = ("county-la", "combined-authority")
"""The columns naming, by code, the areas a council lies within (see Council.within)."""
AUTHORITY_KIND = re.compile(r"\s+(?:Mayoral\s+)?(?:Combined\s+(?:County\s+)?Authority|MCA|CCA)$", re.IGNORECASE)
"""How the register ends some combined authorities' short names ("South Yorkshire Mayoral Combined Authority",
"East Midlands CCA"): the area is the rest."""
CODE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")


def read_register(text: str, label: str, problems: list[Problem]) -> tuple[Council, ...]:
    """Councils from the CSV text; a missing column or a bad value is a problem naming its line."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        problems.append(Problem(label, 1, f"missing column(s): {', '.join(missing)}"))
        return ()
    councils = []
    areas: dict[int, tuple[tuple[str, int], ...]] = {}
    for row in reader:
        line = reader.line_num
        code, official, nice = row["local-authority-code"].strip(), row["official-name"], row["nice-name"]
        if not CODE.match(code) or not official.strip() or not nice.strip():
            problems.append(Problem(label, line, "each council needs a code, an official name and a nice name"))
            continue
        if row["nation"] not in NATIONS:
            problems.append(Problem(label, line, f"unknown nation {row['nation']!r}"))
            continue
        dates = {field: row[field].strip() or None for field in ("start-date", "end-date")}
        if any(d and not DATE_PATTERN.match(d) for d in dates.values()):
            problems.append(Problem(label, line, "dates must be YYYY-MM-DD"))
            continue
        try:
            population = int(float(row["pop-2020"])) if row["pop-2020"].strip() else None
        except ValueError:
            problems.append(Problem(label, line, f"pop-2020 {row['pop-2020']!r} is not a number"))
            continue
        councils.append(Council(
            code=code, official_name=official, nice_name=nice, nation=row["nation"],
            region=row["region"].strip() or None, type_name=row["local-authority-type-name"],
            alt_names=split_names(row["alt-names"], (official, nice)), gss_code=row["gss-code"].strip() or None,
            start_date=dates["start-date"], end_date=dates["end-date"],
            replaced_by=tuple(c.strip() for c in row["replaced-by"].split(",") if c.strip()),
            gov_uk_slug=row["gov-uk-slug"].strip() or None, population=population,
        ))
        areas[len(councils) - 1] = tuple((code, line) for column in AREA_COLUMNS if (code := (row[column] or "").strip()))
    return _with_areas(councils, areas, label, problems)


def _with_areas(councils: list[Council], areas: dict[int, tuple[tuple[str, int], ...]], label: str,
                problems: list[Problem]) -> tuple[Council, ...]:
    """The councils with the names of the areas they lie within (`areas`: per council, by its position, the
    codes of its county and combined authority, each with the line naming it); a code of no council is a
    problem."""
    names = {c.code: AUTHORITY_KIND.sub("", c.nice_name) for c in councils}
    for i, codes in areas.items():
        for code, line in codes:
            if code not in names:
                problems.append(Problem(label, line, f"{code!r} names no council of the register"))
        within = tuple(dict.fromkeys(names[code] for code, _line in codes if code in names))
        if within or councils[i].within:
            councils[i] = replace(councils[i], within=within)
    return tuple(councils)


def with_areas_corrected(councils: tuple[Council, ...], file: YamlFile, problems: list[Problem]) -> tuple[Council, ...]:
    """The councils with our additions' `areas` in place of what the register says they lie within, where it is
    wrong: each entry {code, within: [codes], why}."""
    check = Checker(file, problems)
    data = file.data if isinstance(file.data, dict) else {}
    position = {c.code: i for i, c in enumerate(councils)}
    areas: dict[int, tuple[tuple[str, int], ...]] = {}
    for i, item in check.mappings(data["areas"], "areas", what="{code, within, why}") if "areas" in data else ():
        code = check.text(item.get("code"), "areas", i, "code")
        within = check.text_list(item.get("within"), "areas", i, "within")
        check.text(item.get("why"), "areas", i, "why")
        if code is not None and code not in position:
            check.fail(f"{code!r} names no council of the register", "areas", i, "code")
        elif code is not None:
            areas[position[code]] = tuple((area, file.line_of("areas", i, "within")) for area in within)
    return _with_areas(list(councils), areas, file.label, problems) if areas else councils


def split_names(value: str, whole: tuple[str, ...]) -> tuple[str, ...]:
    """The register's comma-separated alternative names. Some names hold a comma themselves ("Armagh City,
    Banbridge and Craigavon"), so the council's own names are taken out whole before splitting the rest.
    The register also records misspellings met in data ("glasgow city coucil", "south ayshire"): those are
    left out, since every word of a name is one the bot knows, and a known "coucil" was no longer corrected
    to "council" in a question, nor "ayshire" to "ayrshire"."""
    rest = value
    found = []
    for name in sorted({n for n in whole if "," in n}, key=len, reverse=True):
        pattern = re.compile(re.escape(name), re.IGNORECASE)
        found += pattern.findall(rest)
        rest = pattern.sub(",", rest)
    found += [part.strip() for part in rest.split(",") if part.strip()]
    own = {word for name in whole for word in _NAME_WORD.findall(name.lower())}
    return tuple(name for name in dict.fromkeys(found) if not _misspells(name, own))


_NAME_WORD = re.compile(r"[a-z]+")


def _misspells(name: str, own: set[str]) -> bool:
    """A word of `name` is one slip from a word of the council's own names (`own`) and not its plural or
    singular ("cuty" for city, "ease" for east; "highlands" is a name of The Highland Council)."""
    return any(len(word) >= 4 and word not in own and any(OSA.distance(word, o) == 1 and word not in (o + "s", o[:-1])
                                                          for o in own)
               for word in _NAME_WORD.findall(name.lower()))


def read_additions(file: YamlFile, problems: list[Problem]) -> tuple[tuple[Council, ...], dict[str, tuple[str, int]]]:
    """Our own additions: former councils the register lacks, and other names (name -> (code, line)) that
    cases use for councils it lists. Whether each code exists is checked once everything is read."""
    check = Checker(file, problems)
    data = file.data if isinstance(file.data, dict) else None
    if data is None:
        check.fail("additions.yaml must be a mapping with 'names' and 'councils'")
        return (), {}
    names: dict[str, tuple[str, int]] = {}
    for i, item in check.mappings(data["names"], "names", what="{name, code, why}") if "names" in data else ():
        name = check.text(item.get("name"), "names", i, "name")
        code = check.text(item.get("code"), "names", i, "code")
        check.text(item.get("why"), "names", i, "why")
        if name and code:
            names[name] = (code, file.line_of("names", i, "code"))
    councils = []
    for i, item in check.mappings(data["councils"], "councils", what="council records") if "councils" in data else ():
        council = _council(check, item, i)
        if council:
            councils.append(council)
    return tuple(councils), names


def _council(check: Checker, item: dict[str, Any], i: int) -> Council | None:
    keys = ("councils", i)
    code = check.text(item.get("code"), *keys, "code")
    if code and not (CODE.match(code) and code.startswith("PB-")):
        check.fail(f"code {code!r} must start with PB- (the register's codes are its own)", *keys, "code")
    nation = item.get("nation")
    if nation not in NATIONS:
        check.fail(f"nation must be one of {', '.join(NATIONS)}", *keys, "nation")
    check.text(item.get("why"), *keys, "why")
    replaced_by = check.text_list(item.get("replaced-by"), *keys, "replaced-by", required=False)
    council = Council(
        code=code or "", official_name=check.text(item.get("official-name"), *keys, "official-name") or "",
        nice_name=check.text(item.get("nice-name"), *keys, "nice-name") or "", nation=nation or "",
        region=check.text(item.get("region"), *keys, "region", required=False),
        type_name=check.text(item.get("type"), *keys, "type") or "",
        alt_names=check.text_list(item.get("alt-names"), *keys, "alt-names", required=False),
        start_date=check.date(item.get("start-date"), *keys, "start-date", required=False),
        end_date=check.date(item.get("end-date"), *keys, "end-date", required=False),
        replaced_by=replaced_by,
    )
    complete = council.code and council.official_name and council.nice_name and council.type_name and nation in NATIONS
    return council if complete else None
