"""What a curator is told for each kind of mistake: the exact message, file and line, every problem at once.

Each edit changes one real case study (or one shared file) and expects the whole list of problems, so a
message that loses its field name, a check that stops reporting, or a line that points elsewhere fails."""
from __future__ import annotations

import copy
import datetime
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.errors import KnowledgeError
from bot.knowledge.loader import load_knowledge

from ..conftest import KNOWLEDGE

CASE = "wigan-in-cab-waste"
THIS_YEAR = datetime.date.today().year


def case_data() -> dict[str, Any]:
    """The real case, less its everyday words: the expected lines below count the fields before them as
    dumped, and an optional field's length would move every one (the field is checked on its own)."""
    data = yaml.safe_load((KNOWLEDGE / "case-studies" / f"{CASE}.yaml").read_text())
    data.pop("everyday", None)
    return data


def base_with(tmp_path: Path, case: dict[str, Any] | str | None = None, **shared: Any) -> Path:
    """A knowledge base of the real shared files (or `shared` replacements) and one case file."""
    directory = tmp_path / "kb"
    (directory / "case-studies").mkdir(parents=True)
    for name in ("themes", "contacts", "vocabulary"):
        target = directory / f"{name}.yaml"
        if name in shared:
            target.write_text(shared[name] if isinstance(shared[name], str) else yaml.safe_dump(shared[name], sort_keys=False))
        else:
            shutil.copy(KNOWLEDGE / f"{name}.yaml", target)
    text = case if isinstance(case, str) else yaml.safe_dump(case if case is not None else case_data(), sort_keys=False,
                                                             allow_unicode=True, width=1000)
    (directory / "case-studies" / f"{CASE}.yaml").write_text(text)
    return directory


def problems(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    return [str(p) for p in caught.value.problems]


def edited(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = case_data()
    edit(data)
    return data


def set_(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.__setitem__(key, value)


def drop(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.pop(key)


def outcome(i: int, **fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["outcomes"][i].update(fields)


def source(i: int, **fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["sources"][i].update(fields)


F = f"case-studies/{CASE}.yaml"

CASE_EDITS = {
    'id-pattern': (set_('id', 'Wigan_Bins'), ["case-studies/wigan-in-cab-waste.yaml:1: id 'Wigan_Bins' must be lowercase letters, digits and hyphens", "case-studies/wigan-in-cab-waste.yaml:1: id 'Wigan_Bins' must match the file name (wigan-in-cab-waste.yaml)"]),
    'id-not-file': (set_('id', 'wigan-other'), ["case-studies/wigan-in-cab-waste.yaml:1: id 'wigan-other' must match the file name (wigan-in-cab-waste.yaml)"]),
    'id-missing': (drop('id'), ["case-studies/wigan-in-cab-waste.yaml:1: missing required field 'id'", 'case-studies/wigan-in-cab-waste.yaml:1: id must be non-empty text']),
    'title-empty': (set_('title', '   '), ['case-studies/wigan-in-cab-waste.yaml:2: title must be non-empty text']),
    'title-long': (set_('title', 'T' * 121), ['case-studies/wigan-in-cab-waste.yaml:2: title is longer than 120 characters']),
    'title-number': (set_('title', 42), ['case-studies/wigan-in-cab-waste.yaml:2: title must be non-empty text']),
    'organisations-empty': (set_('organisations', []), ['case-studies/wigan-in-cab-waste.yaml:3: organisations must be a non-empty list']),
    'organisations-text': (set_('organisations', 'Wigan Council'), ['case-studies/wigan-in-cab-waste.yaml:3: organisations must be a non-empty list']),
    'organisations-blank-item': (set_('organisations', ['Wigan Council', '']), ['case-studies/wigan-in-cab-waste.yaml:5: organisations[1] must be non-empty text']),
    'region-unknown': (set_('region', 'Atlantis'), ["case-studies/wigan-in-cab-waste.yaml:5: unknown region 'Atlantis' (known: London, South East, South West, East of England, East Midlands, West Midlands, Yorkshire and the Humber, North West, North East, Scotland, Wales, Northern Ireland, UK-wide)"]),
    'region-empty-list': (set_('region', []), ['case-studies/wigan-in-cab-waste.yaml:5: region must be a region name or a list of them']),
    'region-number': (set_('region', 7), ['case-studies/wigan-in-cab-waste.yaml:5: region must be a region name or a list of them']),
    'region-list-one-unknown': (set_('region', ['North West', 'Mordor']), ["case-studies/wigan-in-cab-waste.yaml:6: unknown region 'Mordor' (known: London, South East, South West, East of England, East Midlands, West Midlands, Yorkshire and the Humber, North West, North East, Scotland, Wales, Northern Ireland, UK-wide)"]),
    'year-future': (set_('year', THIS_YEAR + 1), ['case-studies/wigan-in-cab-waste.yaml:6: year must be a whole year between 1990 and THIS_YEAR, or null']),
    'year-old': (set_('year', 1989), ['case-studies/wigan-in-cab-waste.yaml:6: year must be a whole year between 1990 and THIS_YEAR, or null']),
    'year-bool': (set_('year', True), ['case-studies/wigan-in-cab-waste.yaml:6: year must be a whole year between 1990 and THIS_YEAR, or null']),
    'year-text': (set_('year', '2019'), ['case-studies/wigan-in-cab-waste.yaml:6: year must be a whole year between 1990 and THIS_YEAR, or null']),
    'themes-unknown': (set_('themes', ['waste', 'dragons']), ["case-studies/wigan-in-cab-waste.yaml:11: unknown theme 'dragons' (see themes.yaml)"]),
    'themes-missing': (drop('themes'), ["case-studies/wigan-in-cab-waste.yaml:1: missing required field 'themes'", 'case-studies/wigan-in-cab-waste.yaml:1: themes must be a non-empty list']),
    'contact-unknown': (set_('contact', 'nobody'), ["case-studies/wigan-in-cab-waste.yaml:45: unknown contact 'nobody' (see contacts.yaml)"]),
    'summary-long': (set_('summary', 'S' * 2001), ['case-studies/wigan-in-cab-waste.yaml:22: summary is longer than 2000 characters']),
    'unknown-field': (set_('colour', 'blue'), ["case-studies/wigan-in-cab-waste.yaml:46: unknown field 'colour' (known: id, title, organisations, region, themes, summary, outcomes, sources, contact, year, technologies, tags, everyday, as_of, as_of_basis, follow_up)"]),
    'outcomes-empty': (set_('outcomes', []), ['case-studies/wigan-in-cab-waste.yaml:23: outcomes must be a non-empty list of {kind, amount, text}']),
    'outcomes-not-mapping': (set_('outcomes', ['saved money']), ['case-studies/wigan-in-cab-waste.yaml:24: each item must be a mapping of {kind, amount, text}']),
    'outcomes-second-not-mapping': (lambda d: d['outcomes'].insert(1, 'saved money'), ['case-studies/wigan-in-cab-waste.yaml:28: each item must be a mapping of {kind, amount, text}']),
    'outcome-kind-not-first': (lambda d: d['outcomes'].__setitem__(0, {'text': d['outcomes'][0]['text'], 'kind': 'savings'}), ["case-studies/wigan-in-cab-waste.yaml:25: outcome kind 'savings' must be one of saving, income, efficiency, satisfaction, other"]),
    'outcome-evidence-number': (outcome(1, evidence=5), ['case-studies/wigan-in-cab-waste.yaml:31: outcomes[1].evidence must be non-empty text']),
    'as-of-missing': (drop('as_of'), 'LOADS'),
    'outcome-kind': (outcome(0, kind='savings'), ["case-studies/wigan-in-cab-waste.yaml:24: outcome kind 'savings' must be one of saving, income, efficiency, satisfaction, other"]),
    'outcome-amount-number': (outcome(0, amount=5000), ['case-studies/wigan-in-cab-waste.yaml:25: amount must be text as the source states it (quote it), or null']),
    'outcome-unknown-fields': (outcome(0, colour='blue', size=3), ['case-studies/wigan-in-cab-waste.yaml:24: unknown outcome field(s): colour, size']),
    'outcome-text-missing': (outcome(0, text=None), ['case-studies/wigan-in-cab-waste.yaml:26: outcomes[0].text must be non-empty text']),
    'source-url': (source(1, url='ftp://x.org/a'), ["case-studies/wigan-in-cab-waste.yaml:43: sources[1].url is not a valid http(s) URL: 'ftp://x.org/a'"]),
    'source-url-space': (source(0, url='https://x.org/a b'), ["case-studies/wigan-in-cab-waste.yaml:41: sources[0].url is not a valid http(s) URL: 'https://x.org/a b'"]),
    'source-url-unsplittable': (source(0, url='https://[x.org/a'), ["case-studies/wigan-in-cab-waste.yaml:41: sources[0].url is not a valid http(s) URL: 'https://[x.org/a'"]),
    'source-title': (source(0, title=''), ['case-studies/wigan-in-cab-waste.yaml:42: sources[0].title must be non-empty text']),
    'source-date': (source(0, date='2019-13'), ['case-studies/wigan-in-cab-waste.yaml:43: sources[0].date must be a quoted date "YYYY", "YYYY-MM" or "YYYY-MM-DD"']),
    'source-date-ok': (source(0, date='2019-12-31'), 'LOADS'),
    'source-unknown': (source(0, author='me'), ['case-studies/wigan-in-cab-waste.yaml:41: unknown source field(s): author']),
    'sources-missing': (drop('sources'), ["case-studies/wigan-in-cab-waste.yaml:1: missing required field 'sources'", 'case-studies/wigan-in-cab-waste.yaml:1: sources must be a non-empty list of {url, title}']),
    'as-of-bad': (set_('as_of', '19-01'), ['case-studies/wigan-in-cab-waste.yaml:7: as_of must be a quoted date "YYYY", "YYYY-MM" or "YYYY-MM-DD"']),
    'as-of-number': (set_('as_of', 2019), ['case-studies/wigan-in-cab-waste.yaml:7: as_of must be a quoted date "YYYY", "YYYY-MM" or "YYYY-MM-DD"']),
    'as-of-basis': (set_('as_of_basis', 'guessed'), ["case-studies/wigan-in-cab-waste.yaml:8: as_of_basis may only be 'confirmed' (leave it out when as_of is a source's date)"]),
    'follow-up-text': (set_('follow_up', 'ring them'), ['case-studies/wigan-in-cab-waste.yaml:46: follow_up must be a mapping {name, url}']),
    'follow-up-extra': (set_('follow_up', {'name': 'Team', 'url': 'https://x.org', 'phone': '1'}), ['case-studies/wigan-in-cab-waste.yaml:47: follow_up must be a mapping {name, url}']),
    'follow-up-bad-url': (set_('follow_up', {'name': 'Team', 'url': 'x.org'}), ["case-studies/wigan-in-cab-waste.yaml:48: follow_up.url is not a valid http(s) URL: 'x.org'"]),
    'follow-up-no-name': (set_('follow_up', {'url': 'https://x.org'}), ['case-studies/wigan-in-cab-waste.yaml:47: follow_up.name must be non-empty text']),
    'technologies-text': (set_('technologies', 'GIS'), ['case-studies/wigan-in-cab-waste.yaml:36: technologies must be a list']),
    'tags-number-item': (set_('tags', ['waste', 5]), ['case-studies/wigan-in-cab-waste.yaml:15: tags[1] must be non-empty text']),
    'tags-long-item': (set_('tags', ['waste', 'T' * 2001]), ['case-studies/wigan-in-cab-waste.yaml:15: tags[1] is longer than 2000 characters']),
    'tags-blank-item': (set_('tags', ['waste', ' \n ']), ['case-studies/wigan-in-cab-waste.yaml:15: tags[1] must be non-empty text']),
    'everyday-number-item': (set_('everyday', ['bin rounds', 5]), ['case-studies/wigan-in-cab-waste.yaml:48: everyday[1] must be non-empty text']),
    'everyday-not-a-list': (set_('everyday', 'bin rounds'), ['case-studies/wigan-in-cab-waste.yaml:46: everyday must be a list']),
}


@pytest.mark.parametrize("edit, expected", CASE_EDITS.values(), ids=CASE_EDITS.keys())
def test_each_mistake_in_a_case_file_is_reported_exactly(tmp_path, edit, expected):
    directory = base_with(tmp_path, edited(edit))
    if expected == "LOADS":
        assert [c.id for c in load_knowledge(directory).cases] == [CASE]
    else:
        assert [p.replace(f"and {THIS_YEAR}, or null", "and THIS_YEAR, or null") for p in problems(directory)] == expected


def test_several_mistakes_are_all_reported_in_file_order(tmp_path):
    def edit(data):
        data["title"] = ""
        data["themes"] = ["dragons"]
        data["outcomes"][0]["kind"] = "savings"
    found = problems(base_with(tmp_path, edited(edit)))
    assert [p.split(": ", 1)[1] for p in found] == [
        "unknown theme 'dragons' (see themes.yaml)", "title must be non-empty text",
        "outcome kind 'savings' must be one of saving, income, efficiency, satisfaction, other"]


def test_a_case_file_that_is_not_a_mapping_is_reported(tmp_path):
    assert problems(base_with(tmp_path, "- just\n- a list\n")) == [
        f"{F}:1: a case study file must hold one mapping (id:, title:, ...)"]


def test_the_values_of_a_valid_case_are_tidied(tmp_path):
    data = case_data()
    data["title"] = "  Wigan   in-cab\tsoftware "
    data["organisations"] = ["  Wigan   Council "]
    data["region"] = "North West"
    data["year"] = 2019
    data["as_of_basis"] = "confirmed"
    data["follow_up"] = {"name": " Waste  team ", "url": "https://wigan.gov.uk/waste"}
    [case] = load_knowledge(base_with(tmp_path, data)).cases
    assert case.title == "Wigan in-cab software" and case.organisations == ("Wigan Council",)
    assert case.regions == ("North West",) and case.year == 2019 and case.as_of_confirmed
    assert (case.follow_up.name, case.follow_up.url) == ("Waste team", "https://wigan.gov.uk/waste")
    assert [s.url for s in case.sources] == [s["url"] for s in data["sources"]]
    assert [(o.kind, o.amount) for o in case.outcomes] == [(o["kind"], o.get("amount")) for o in data["outcomes"]]
    # the quote `sources check` looks for on the source page
    assert [o.evidence for o in case.outcomes] == [" ".join(o["evidence"].split()) for o in data["outcomes"]]
    assert all(o.evidence for o in case.outcomes)


def test_mistakes_about_the_id_are_reported_on_the_id_line_wherever_it_is(tmp_path):
    """Curators do not always put `id:` first: each message about the id points at its own line."""
    data = case_data()
    data.pop("id")
    data = {"title": data.pop("title"), "id": "Wigan_Bins", **data}
    assert problems(base_with(tmp_path, data)) == [
        f"{F}:2: id 'Wigan_Bins' must be lowercase letters, digits and hyphens",
        f"{F}:2: id 'Wigan_Bins' must match the file name ({CASE}.yaml)"]


def real(name: str) -> Any:
    return yaml.safe_load((KNOWLEDGE / f"{name}.yaml").read_text())


SHARED_EDITS = {
    "themes-not-list": ("themes", {"waste": "Waste"}, ['themes.yaml:1: the file must be a non-empty list of themes {id, label, words}', "case-studies/wigan-in-cab-waste.yaml:10: unknown theme 'waste' (see themes.yaml)", "case-studies/wigan-in-cab-waste.yaml:11: unknown theme 'self-service' (see themes.yaml)", "case-studies/wigan-in-cab-waste.yaml:12: unknown theme 'customer-service' (see themes.yaml)"]),
    "theme-bad-id": ("themes", lambda t: t[0].update(id="Customer Service"),
                     ["themes.yaml:1: theme id 'Customer Service' must be lowercase letters, digits and hyphens",
                      "case-studies/wigan-in-cab-waste.yaml:12: unknown theme 'customer-service' (see themes.yaml)"]),
    "theme-bad-id-last": ("themes", lambda t: t[-1].update(id="Green Things"),
                          ["themes.yaml:{line:- id: Green Things}: theme id 'Green Things' must be lowercase letters, digits and hyphens"]),
    "theme-twice": ("themes", lambda t: t.append(copy.deepcopy(t[0])), ["themes.yaml:{line:- id: customer-service}: theme id 'customer-service' is used twice"]),
    "theme-no-label": ("themes", lambda t: t[0].pop("label"), ['themes.yaml:1: [0].label must be non-empty text', "case-studies/wigan-in-cab-waste.yaml:12: unknown theme 'customer-service' (see themes.yaml)"]),
    "contact-no-source": ("contacts", lambda c: c[0].pop("source"), ['contacts.yaml:1: each contact must name its source {url, title}']),
    "contact-bad-source-url": ("contacts", lambda c: c.append({**copy.deepcopy(c[0]), "id": "other",
                                                               "source": {"url": "ftp://x.org", "title": "T"}}),
                               ["contacts.yaml:{line:    url: ftp://x.org}: [1].source.url is not a valid http(s) URL: 'ftp://x.org'"]),
    "contact-no-id": ("contacts", lambda c: c.append({k: v for k, v in copy.deepcopy(c[0]).items() if k != "id"}),
                      ["contacts.yaml:{line:- name: }: [1].id must be non-empty text"]),
    "contact-role-number": ("contacts", lambda c: c[0].update(role=5), ["contacts.yaml:3: [0].role must be non-empty text"]),
    "theme-words-text": ("themes", lambda t: t[0].update(words="bins"), ["themes.yaml:3: [0].words must be a list"]),
    "contact-blank-email": ("contacts", lambda c: c[0].update(email=""),
                            ["contacts.yaml:{line:  email: ''}: [0].email must be non-empty text"]),
    "contact-bad-url": ("contacts", lambda c: c[0].update(url="socitm.net"),
                        ["contacts.yaml:{line:  url: socitm.net}: [0].url is not a valid http(s) URL: 'socitm.net'"]),
    "contact-bad-email": ("contacts", lambda c: c[0].update(email="socitm at socitm"), ["contacts.yaml:6: email 'socitm at socitm' does not look like an email address"]),
    "contact-no-route": ("contacts", lambda c: [c[0].pop(k, None) for k in ("phone", "email", "url")], ['contacts.yaml:1: a contact needs at least a phone, an email or a url']),
    "contact-twice": ("contacts", lambda c: c.append(copy.deepcopy(c[0])), ["contacts.yaml:{line:- id: socitm}: contact id 'socitm' is used twice"]),
    "vocabulary-not-mapping": ("vocabulary", ["bins"], ["vocabulary.yaml:1: vocabulary.yaml must be a mapping with 'synonyms' and 'aliases'"]),
    "synonyms-not-list": ("vocabulary", lambda v: v.update(synonyms="bins"), ['vocabulary.yaml:1: synonyms must be a list of word lists']),
    "synonym-not-text": ("vocabulary", lambda v: v.update(synonyms=[["bins", "refuse"], ["hovercraft", 5]]),
                         ["vocabulary.yaml:{line:  - 5}: synonyms[1][1] must be non-empty text",
                          "vocabulary.yaml:{line:- - hovercraft}: a synonym group needs at least two words"]),
    "synonym-group-of-one": ("vocabulary", lambda v: v["synonyms"].append(["hovercraft"]), ['vocabulary.yaml:{line:- - hovercraft}: a synonym group needs at least two words']),
    "synonym-in-two-groups": ("vocabulary", lambda v: v["synonyms"].append(["hovercraft", "Bins"]),
                              ["vocabulary.yaml:{line:- - hovercraft}: 'bins' is also in synonym group 1 (a phrase can mean one thing)"]),
    "aliases-not-mapping": ("vocabulary", lambda v: v.update(aliases=["lbhf"]), ['vocabulary.yaml:{line:- lbhf}: aliases must be a mapping of short form: full name']),
    "alias-to-nothing": ("vocabulary", lambda v: v["aliases"].update(zz=""), ["vocabulary.yaml:{line:  zz:}: alias 'zz' must map text to text"]),
}


@pytest.mark.parametrize("file, change, expected", SHARED_EDITS.values(), ids=SHARED_EDITS.keys())
def test_each_mistake_in_a_shared_file_is_reported_exactly(tmp_path, file, change, expected):
    data = real(file)
    if callable(change):
        change(data)
    else:
        data = change
    directory = base_with(tmp_path, **{file: data})
    assert problems(directory) == [at_line(line, directory / f"{file}.yaml") for line in expected]


def at_line(expected: str, path: Path) -> str:
    """`{line:TEXT}` in an expected message is the last line of the written file starting with TEXT: the
    shared files grow as curators add themes and words, so the line is found, not hard-coded."""
    if "{line:" not in expected:
        return expected
    start = expected.index("{line:")
    end = expected.index("}", start)
    needle = expected[start + len("{line:"):end]
    lines = path.read_text().splitlines()
    number = max(i for i, line in enumerate(lines, 1) if line.startswith(needle))
    return expected[:start] + str(number) + expected[end + 1:]


@pytest.mark.parametrize("name, then", [
    ("themes", ["unknown theme 'waste' (see themes.yaml)", "unknown theme 'self-service' (see themes.yaml)",
                "unknown theme 'customer-service' (see themes.yaml)"]),
    ("contacts", ["unknown contact 'socitm' (see contacts.yaml)"]),
    ("vocabulary", []),
])
def test_a_missing_shared_file_is_named_and_stops_the_load_strict_or_not(tmp_path, name, then):
    """`check` names the missing file and still checks the cases against what is left; a server (not strict)
    refuses to start on it, since every case depends on the shared files."""
    directory = base_with(tmp_path)
    (directory / f"{name}.yaml").unlink()
    missing = f"{name}.yaml: cannot read the file: No such file or directory"
    found = problems(directory)
    assert found[0] == missing and [p.split(": ", 1)[1] for p in found[1:]] == then
    assert all(p.startswith(f"{F}:") for p in found[1:])
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory, strict=False)
    assert [str(p) for p in caught.value.problems] == [missing]
