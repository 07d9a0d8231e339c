"""Turning parsed YAML into schema objects, collecting every problem instead of stopping at the first.

A curator fixing a knowledge base wants the whole list of what is wrong, each with file and line, in one run
of `practice-bot check`.
"""
from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from .interning import Interner
from .money import parse_money
from .schema import OUTCOME_KINDS, REGIONS, CaseStudy, Contact, FollowUp, Outcome, Resolved, Source, Theme
from .web_address import is_web_address
from .yamlfile import YamlFile

if TYPE_CHECKING:
    from .registry import Registry

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED_CASE_FIELDS = ("id", "title", "organisations", "region", "themes", "summary", "outcomes", "sources", "contact")
OPTIONAL_CASE_FIELDS = ("year", "technologies", "tags", "everyday", "as_of", "as_of_basis", "follow_up")
KNOWN_CASE_FIELDS = frozenset(REQUIRED_CASE_FIELDS + OPTIONAL_CASE_FIELDS)
DATE_PATTERN = re.compile(r"^(19|20)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
EARLIEST_YEAR = 1990
TEXT_LENGTH = 2000
"""The longest a text value may be, unless its field says otherwise (a title)."""


class Checker:
    """Collects problems for one file while reading its fields."""

    def __init__(self, file: YamlFile, problems: list[Problem], shared: Interner | None = None):
        self.file = file
        self.problems = problems
        self.shared = shared if shared is not None else Interner()
        """The load's table of repeated values (see interning): a case's labels, regions, year and amounts
        are the same objects as another case's equal ones."""

    def fail(self, message: str, *keys: Any) -> None:
        self.problems.append(self.file.problem(message, *keys))

    def text(self, value: Any, *keys: Any, required: bool = True, max_len: int = TEXT_LENGTH) -> str | None:
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{_name(keys)} must be non-empty text", *keys)
            return None
        if len(value) > max_len:
            self.fail(f"{_name(keys)} is longer than {max_len} characters", *keys)
        return " ".join(value.split())

    def text_list(self, value: Any, *keys: Any, required: bool = True) -> tuple[str, ...]:
        if value is None and not required:
            return ()
        if not isinstance(value, list) or (required and not value):
            self.fail(f"{_name(keys)} must be a {'non-empty ' if required else ''}list", *keys)
            return ()
        spaced = [" ".join(item.split()) if isinstance(item, str) else "" for item in value]
        if all(spaced) and max(map(len, value), default=0) <= TEXT_LENGTH:  # all fine (nearly always): as `text` has them
            return tuple(spaced)
        items = tuple(self.text(item, *keys, i) for i, item in enumerate(value))
        return tuple(item for item in items if item)

    def labels(self, value: Any, *keys: Any, required: bool = True) -> tuple[str, ...]:
        """As `text_list`, each item and the tuple shared (see interning): theme ids, tags, technologies and
        organisations repeat across the cases, and as one copy per case they held 5 MB of a 10,000-case
        base (and their tuples, most of them repeated whole, 2 MB). Not sys.intern: the interpreter's table
        of interned strings grows with the 10,000 tags and never shrinks."""
        return self.shared(tuple(map(self.shared, self.text_list(value, *keys, required=required))))

    def mappings(self, value: Any, *keys: Any, what: str):
        """(index, item) for each mapping in a non-empty list; a missing list or a non-mapping is reported."""
        if not isinstance(value, list) or not value:
            self.fail(f"{_name(keys)} must be a non-empty list of {what}", *keys)
            return
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item
            else:
                self.fail(f"each item must be a mapping of {what}", *keys, i)

    def date(self, value: Any, *keys: Any, required: bool = True) -> str | None:
        """A date as a source gives it: a year, a month or a day, written ISO-style and quoted."""
        if value is None and not required:
            return None
        if not isinstance(value, str) or not DATE_PATTERN.match(value):
            self.fail(f"{_name(keys)} must be a quoted date \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"", *keys)
            return None
        return value

    def url(self, value: Any, *keys: Any) -> str | None:
        url = self.text(value, *keys)
        if url is None:
            return None
        if not is_web_address(url):
            self.fail(f"{_name(keys)} is not a valid http(s) URL: {url!r}", *keys)
            return None
        return url


def _name(keys: tuple[Any, ...]) -> str:
    """How a message names the value at `keys` ("sources[1].url"); no keys is the whole file (themes.yaml's list)."""
    parts = [f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys]
    return "".join(parts).lstrip(".") or "the file"


def read_case(file: YamlFile, problems: list[Problem], themes: AbstractSet[str], contacts: AbstractSet[str],
              registry: Registry | None = None, shared: Interner | None = None,
              fingerprint: bytes = b"") -> CaseStudy | None:
    """A CaseStudy from one file (whose text hashes to `fingerprint`), or None after recording why it is not
    valid; its repeated values shared with the other cases `shared` has seen."""
    data = file.data
    check = Checker(file, problems, shared)
    before = len(problems)
    if not isinstance(data, dict):
        check.fail("a case study file must hold one mapping (id:, title:, ...)")
        return None
    for field in REQUIRED_CASE_FIELDS:
        if field not in data:
            check.fail(f"missing required field '{field}'")
    for field in data:
        if field not in KNOWN_CASE_FIELDS:
            check.fail(f"unknown field '{field}' (known: {', '.join(REQUIRED_CASE_FIELDS + OPTIONAL_CASE_FIELDS)})", field)

    case_id = check.text(data.get("id"), "id")
    if case_id and not ID_PATTERN.match(case_id):
        check.fail(f"id {case_id!r} must be lowercase letters, digits and hyphens", "id")
    name = file.label.rpartition("/")[2].removesuffix(".yaml")  # (no Path: see load_knowledge's read_text call)
    if case_id and name != case_id:
        check.fail(f"id {case_id!r} must match the file name ({name}.yaml)", "id")

    regions = _regions(check, data.get("region"))
    year = data.get("year")
    this_year = datetime.date.today().year
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not EARLIEST_YEAR <= year <= this_year):
        check.fail(f"year must be a whole year between {EARLIEST_YEAR} and {this_year}, or null", "year")
        year = None
    year = check.shared(year)

    case_themes = check.labels(data.get("themes"), "themes")
    for i, theme in enumerate(case_themes):
        if theme not in themes:
            check.fail(f"unknown theme {theme!r} (see themes.yaml)", "themes", i)
    contact = sys.intern(check.text(data.get("contact"), "contact") or "")
    if contact and contact not in contacts:
        check.fail(f"unknown contact {contact!r} (see contacts.yaml)", "contact")

    organisations = check.labels(data.get("organisations"), "organisations")
    case = CaseStudy(
        id=case_id or "",
        title=check.text(data.get("title"), "title", max_len=120) or "",
        organisations=organisations,
        regions=regions,
        year=year,
        themes=case_themes,
        summary=check.text(data.get("summary"), "summary") or "",
        outcomes=_outcomes(check, data.get("outcomes")),
        technologies=check.labels(data.get("technologies"), "technologies", required=False),
        sources=_sources(check, data.get("sources")),
        contact=contact,
        tags=check.labels(data.get("tags"), "tags", required=False),
        everyday=check.labels(data.get("everyday"), "everyday", required=False),
        as_of=check.date(data.get("as_of"), "as_of", required=False),
        as_of_confirmed=_as_of_basis(check, data.get("as_of_basis")),
        follow_up=_follow_up(check, data.get("follow_up")),
        file=file.label,
        resolved=_resolved(check, data.get("organisations"), registry),
        fingerprint=fingerprint,
    )
    return case if len(problems) == before else None


def _resolved(check: Checker, names: Any, registry: Registry | None) -> tuple[Resolved, ...]:
    """Each organisation resolved in the register; one that resolves to nothing, or to several records, is a
    problem at its line. Without a register (a synthetic base) nothing is resolved."""
    if registry is None or registry.empty or not isinstance(names, list):
        return ()
    resolved = []
    for i, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            continue
        name = " ".join(name.split())  # as the case keeps it
        found = registry.resolve(name)
        if isinstance(found, Resolved):
            resolved.append(found)
        elif found is None:
            check.fail(f"organisation {name!r} is neither a council in authorities/ (by any of its names) nor a body in "
                       "organisations.yaml", "organisations", i)
        else:
            check.fail(f"organisation {name!r} could be {' or '.join(found.candidates)}: use the official name",
                       "organisations", i)
    return tuple(resolved)


def _regions(check: Checker, value: Any) -> tuple[str, ...]:
    regions = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, list) else ()
    if not regions:
        check.fail("region must be a region name or a list of them", "region")
    for region in regions:
        if region not in REGIONS:
            check.fail(f"unknown region {region!r} (known: {', '.join(REGIONS)})", "region")
    return check.shared(tuple(sys.intern(r) for r in regions if isinstance(r, str)))


def _outcomes(check: Checker, value: Any) -> tuple[Outcome, ...]:
    outcomes = []
    for i, item in check.mappings(value, "outcomes", what="{kind, amount, text}"):
        kind = item.get("kind")
        if kind not in OUTCOME_KINDS:
            check.fail(f"outcome kind {kind!r} must be one of {', '.join(OUTCOME_KINDS)}", "outcomes", i, "kind")
        amount = item.get("amount")
        if amount is not None and not isinstance(amount, str):
            check.fail("amount must be text as the source states it (quote it), or null", "outcomes", i, "amount")
            amount = str(amount)
        amount = check.shared(amount)  # "£1m", "£50,000 a year": stated alike across cases
        unknown = set(item) - {"kind", "amount", "text", "evidence"}
        if unknown:
            check.fail(f"unknown outcome field(s): {', '.join(sorted(unknown))}", "outcomes", i)
        outcomes.append(
            Outcome(
                kind=sys.intern(kind) if kind in OUTCOME_KINDS else "other",
                amount=amount,
                text=check.text(item.get("text"), "outcomes", i, "text") or "",
                money=check.shared(parse_money(amount)),
                evidence=check.text(item.get("evidence"), "outcomes", i, "evidence", required=False),
            )
        )
    return tuple(outcomes)


def _sources(check: Checker, value: Any) -> tuple[Source, ...]:
    sources = []
    for i, item in check.mappings(value, "sources", what="{url, title}"):
        unknown = set(item) - {"url", "title", "date"}
        if unknown:
            check.fail(f"unknown source field(s): {', '.join(sorted(unknown))}", "sources", i)
        url = check.url(item.get("url"), "sources", i, "url")
        title = check.text(item.get("title"), "sources", i, "title")
        date = check.date(item.get("date"), "sources", i, "date", required=False)
        if url and title:
            sources.append(Source(url=url, title=title, date=date))
    return tuple(sources)


def _as_of_basis(check: Checker, value: Any) -> bool:
    """`as_of_basis: confirmed` marks an as_of that no source dates: the month a curator confirmed the case."""
    if value is not None and value != "confirmed":
        check.fail("as_of_basis may only be 'confirmed' (leave it out when as_of is a source's date)", "as_of_basis")
    return value == "confirmed"


def _follow_up(check: Checker, value: Any) -> FollowUp | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"name", "url"}:
        check.fail("follow_up must be a mapping {name, url}", "follow_up")
        return None
    name = check.text(value.get("name"), "follow_up", "name")
    url = check.url(value.get("url"), "follow_up", "url")
    return FollowUp(name=name, url=url) if name and url else None


def read_themes(file: YamlFile, problems: list[Problem]) -> tuple[Theme, ...]:
    check = Checker(file, problems)
    themes = []
    for i, item in check.mappings(file.data, what="themes {id, label, words}"):
        theme_id = check.text(item.get("id"), i, "id")
        if theme_id and not ID_PATTERN.match(theme_id):
            check.fail(f"theme id {theme_id!r} must be lowercase letters, digits and hyphens", i, "id")
        label = check.text(item.get("label"), i, "label")
        words = check.text_list(item.get("words"), i, "words", required=False)
        if theme_id and label:
            themes.append(Theme(id=theme_id, label=label, words=words))
    _no_repeats(check, [t.id for t in themes], "theme id")
    return tuple(themes)


def read_contacts(file: YamlFile, problems: list[Problem]) -> tuple[Contact, ...]:
    check = Checker(file, problems)
    contacts = []
    for i, item in check.mappings(file.data, what="contacts {id, name, ...}"):
        if not isinstance(item.get("source"), dict):
            check.fail("each contact must name its source {url, title}", i)
        else:
            check.url(item["source"].get("url"), i, "source", "url")
        contact = Contact(
            id=check.text(item.get("id"), i, "id") or "",
            name=check.text(item.get("name"), i, "name") or "",
            role=check.text(item.get("role"), i, "role", required=False),
            phone=check.text(str(item["phone"]) if item.get("phone") else None, i, "phone", required=False),
            email=check.text(item.get("email"), i, "email", required=False),
            url=check.url(item["url"], i, "url") if item.get("url") else None,
        )
        if contact.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", contact.email):
            check.fail(f"email {contact.email!r} does not look like an email address", i, "email")
        if not (contact.phone or contact.email or contact.url):
            check.fail("a contact needs at least a phone, an email or a url", i)
        contacts.append(contact)
    _no_repeats(check, [c.id for c in contacts], "contact id")
    return tuple(contacts)


def read_vocabulary(file: YamlFile, problems: list[Problem]) -> tuple[tuple[tuple[str, ...], ...], dict[str, str]]:
    """Synonym groups (first word names the group) and aliases (short form -> full name)."""
    check = Checker(file, problems)
    data = file.data
    if not isinstance(data, dict):
        check.fail("vocabulary.yaml must be a mapping with 'synonyms' and 'aliases'")
        return (), {}
    groups = []
    synonyms = data.get("synonyms")
    if not isinstance(synonyms, list):
        check.fail("synonyms must be a list of word lists", "synonyms")
        synonyms = []
    group_of: dict[str, int] = {}
    """Phrase -> the first group it is in: a phrase in two groups would silently mean only one of them."""
    for i, group in enumerate(synonyms):
        words = check.text_list(group, "synonyms", i)
        if len(words) < 2:
            check.fail("a synonym group needs at least two words", "synonyms", i)
        groups.append(tuple(w.lower() for w in words))
        for phrase in groups[-1]:
            first = group_of.setdefault(phrase, i)
            if first != i:
                check.fail(f"{phrase!r} is also in synonym group {first + 1} (a phrase can mean one thing)", "synonyms", i)
    aliases = data.get("aliases") or {}
    if not isinstance(aliases, dict):
        check.fail("aliases must be a mapping of short form: full name", "aliases")
        aliases = {}
    clean_aliases = {}
    for short, full in aliases.items():
        if not isinstance(short, str) or not isinstance(full, str) or not full.strip():
            check.fail(f"alias {short!r} must map text to text", "aliases", str(short))
            continue
        clean_aliases[short.lower()] = full.lower()
    return tuple(groups), clean_aliases


def _no_repeats(check: Checker, ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            check.fail(f"{what} {item!r} is used twice", i)
        seen.add(item)
