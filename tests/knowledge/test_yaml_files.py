"""Reading one knowledge file: what a curator is told, and on which line, when a file is too big, unreadable,
not UTF-8, not YAML or uses anchors; and on which line a value starts, which every validation message names."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import KnowledgeError, Problem
from bot.knowledge.loader import load_knowledge
from bot.knowledge.yamlfile import MAX_FILE_BYTES, YamlFile, parse_yaml, read_text, read_yaml

from .helpers import case_file, copy_knowledge

LABEL = "case-studies/example.yaml"
CASE = """\
id: example
title: Fish & chips, 5 * 3 portions
outcomes:
  - kind: saving
    amount: £20,000
  - kind: other
    text: >
      Fewer complaints
sources:
  - url: https://example.org
"""


def written(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "example.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def parsed(text: str) -> YamlFile:
    result = parse_yaml(text, LABEL)
    assert isinstance(result, YamlFile), result
    return result


def problem_in(text: str) -> str:
    result = parse_yaml(text, LABEL)
    assert isinstance(result, Problem), result
    return str(result)


def test_a_file_is_read_with_its_label_and_text(tmp_path):
    path = written(tmp_path, CASE)
    file = read_yaml(path, LABEL)
    assert isinstance(file, YamlFile)
    assert (file.label, file.text) == (LABEL, CASE)
    assert file.data["title"] == "Fish & chips, 5 * 3 portions", "& and * in text are not anchors"
    assert file.data["outcomes"][1]["text"] == "Fewer complaints\n"


@pytest.mark.parametrize("keys, line", [
    ((), 1),
    (("title",), 2),
    (("outcomes",), 4),
    (("outcomes", 0), 4),
    (("outcomes", 1, "kind"), 6),
    (("outcomes", 1, "text"), 7),
    (("sources", 0, "url"), 10),
])
def test_each_value_is_found_on_its_line(keys, line):
    assert parsed(CASE).line_of(*keys) == line


@pytest.mark.parametrize("keys, line", [
    (("summary",), 1),  # no such field: the file's start
    (("outcomes", 2), 4),  # past the end of the list: the list
    (("outcomes", -1), 4),  # not an index a curator means: the list
    (("outcomes", "kind"), 4),  # a field of a list: the list
    (("title", 0), 2),  # an index into text: the text
    (("outcomes", 0, "amount", "pounds"), 5),  # deeper than the file goes: the deepest part there
    ((0,), 1),  # an index into a mapping: the file's start
])
def test_a_value_that_is_not_there_is_placed_at_the_deepest_part_that_is(keys, line):
    assert parsed(CASE).line_of(*keys) == line


def test_a_problem_names_the_file_and_the_line_of_its_value():
    file = parsed(CASE)
    assert file.problem("unknown kind 'other'", "outcomes", 1, "kind") == Problem(LABEL, 6, "unknown kind 'other'")
    assert str(file.problem("missing summary")) == f"{LABEL}:1: missing summary"


@pytest.mark.parametrize("text", ["", "# only a comment\n"], ids=["empty", "comment"])
def test_an_empty_file_places_everything_on_its_first_line(text):
    file = parsed(text)
    assert file.data is None
    assert file.line_of("title") == 1


@pytest.mark.parametrize("text", [
    "", "# only a comment\n", "plain\n", "[a, 'b', 1, 2.5, null, true, 2026-01-02]\n",
    "id: x\nyear: 2019\nnothing:\nkeys: {1: one, null: none, true: yes, 2.5: half}\n",
    "id: x\nid: y\n", "base: {<<: {a: 1, b: 2}, b: 3}\n", "=: value key\n", "a: !!str 12\nb: !!set {x, y}\n",
    "a: !!binary aGVsbG8=\nb: !!omap [{x: 1}, {y: 2}]\nc: !!map {k: v}\nd: !!seq [s]\n",
    "deep: " + "[" * 900 + "x" + "]" * 900 + "\n", "deep: " + "{k: " * 900 + "x" + "}" * 900 + "\n",
    "[~, '', \"\", yes, No, OFF, 0x1F, 0o17, 017, 1_000, '12', +.inf, -1.5e3, 1:20, 2001-12-14t21:59:43.10-05:00, 2026-13]\n",
], ids=["empty", "comment", "scalar", "list", "typed", "repeated-key", "merge", "value-key", "tags", "more-tags",
        "deep-list", "deep-mapping", "scalars"])
def test_a_file_is_built_as_pyyaml_builds_it(text):
    """Strings, lists and mappings are built by our own code; anything else, and the deepest nesting, is left
    to PyYAML's construction: either way the data is what PyYAML's safe loader (libyaml's) makes of the text."""
    import yaml

    assert parsed(text).data == yaml.load(text, Loader=yaml.CSafeLoader)


def test_the_safe_loader_has_no_path_or_wildcard_resolvers():
    """Our loader's `resolve` leaves out PyYAML's steps for them (see yamlfile._loader)."""
    import yaml

    assert not yaml.CSafeLoader.yaml_path_resolvers and None not in yaml.CSafeLoader.yaml_implicit_resolvers


def test_a_key_that_yaml_reads_as_a_number_is_found_by_its_text():
    assert parsed("id: x\n2020: first\n").line_of("2020") == 2


@pytest.mark.parametrize("text, expected", [
    ("id: x\ntitle: [a, b\n", f"{LABEL}:3: invalid YAML: did not find expected ',' or ']'"),
    ("id: x\ntitle: a: b\n", f"{LABEL}:2: invalid YAML: mapping values are not allowed in this context"),
    ("id: x\ntitle: 'unclosed\n", f"{LABEL}:3: invalid YAML: found unexpected end of stream"),
    ("id: x\ntitle: !!set a\n", f"{LABEL}:2: invalid YAML: expected a mapping node, but found scalar"),
    ("id: x\ntitle: !!str [a]\n", f"{LABEL}:2: invalid YAML: expected a scalar node, but found sequence"),
    ("id: x\n[a]: b\n", f"{LABEL}:2: invalid YAML: found unhashable key"),
    ("id: x\ntitle: !custom a\n", f"{LABEL}:2: invalid YAML: could not determine a constructor for the tag '!custom'"),
], ids=["unclosed-list", "colon-in-value", "unclosed-quote", "wrong-node", "wrong-scalar", "unhashable-key", "unknown-tag"])
def test_yaml_that_does_not_parse_is_named_with_the_line_and_the_reason(text, expected):
    assert problem_in(text) == expected


@pytest.mark.parametrize("text, line", [
    ("id: x\nbase: &base\n  kind: saving\n", 2),
    ("id: x\n\ntitle: *missing\n", 3),
    ("id: x\nsources: [&a {url: x}, *a]\n", 2),
], ids=["anchor", "alias", "both"])
def test_anchors_and_aliases_are_refused_on_the_line_of_the_first(text, line):
    assert problem_in(text) == f"{LABEL}:{line}: YAML anchors and aliases (& and *) are not allowed in knowledge files"


@pytest.mark.parametrize("character, shown", [("\x07", "U+0007"), ("\x1b", "U+001B"), ("\ufffe", "U+FFFE")],
                         ids=["bell", "escape", "non-character"])
def test_a_character_yaml_forbids_is_named_by_code_point_on_its_line(character, shown):
    text = f"id: x\ntitle: fine\nsummary: bad {character} here\n"
    assert problem_in(text) == f"{LABEL}:3: invalid YAML: character {shown} is not allowed in YAML"
    assert problem_in("\n" + text) == f"{LABEL}:4: invalid YAML: character {shown} is not allowed in YAML"


def test_an_impossible_date_is_a_problem_on_its_line_and_the_other_cases_are_still_served(tmp_path):
    """A date YAML reads as a date but the calendar refuses ("2026-13-01") is a curator's typo like any
    other: named with its file and line, and on a reload only that file is left out."""
    directory = copy_knowledge(tmp_path)
    path = case_file(directory, "wigan-in-cab-waste")
    lines = path.read_text().splitlines()
    lines.insert(2, "reviewed: 2026-13-01")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    assert [str(p) for p in caught.value.problems] == [
        "case-studies/wigan-in-cab-waste.yaml:3: invalid YAML: '2026-13-01' is not a valid timestamp"]
    served = load_knowledge(directory, strict=False)
    assert served.case("wigan-in-cab-waste") is None and served.case("hammersmith-fulham-self-service")


@pytest.mark.parametrize("text, line, expected", [
    ("id: x\ncount: !!int many\n", 2, "'many' is not a valid int"),
    ("id: x\nshare: !!float half\n", 2, "'half' is not a valid float"),
    ("id: x\n\nconsent: !!bool maybe\n", 3, "'maybe' is not a valid bool"),
], ids=["int", "float", "bool"])
def test_a_value_that_does_not_fit_its_tag_is_a_problem_on_its_line(text, line, expected):
    assert problem_in(text) == f"{LABEL}:{line}: invalid YAML: {expected}"


def test_a_file_at_the_size_limit_is_read_and_one_byte_more_is_refused_unread(tmp_path):
    at_limit = "#" * (MAX_FILE_BYTES - 1) + "\n"
    assert read_text(written(tmp_path, at_limit), LABEL) == at_limit
    too_big = read_text(written(tmp_path, at_limit + "\n"), LABEL)
    assert too_big == Problem(LABEL, None, "the file is larger than 256 KiB")
    assert str(too_big) == f"{LABEL}: the file is larger than 256 KiB"


def test_a_file_that_cannot_be_read_says_why(tmp_path):
    assert read_yaml(tmp_path / "gone.yaml", LABEL) == Problem(LABEL, None, "cannot read the file: No such file or directory")


@pytest.mark.parametrize("content, line, byte", [
    (b"\xfe id: x\n", 1, "0xFE"),
    (b"id: x\ntitle: caf\xe9\nsummary: fine\n", 2, "0xE9"),
    (b"id: x\n\n\nsummary: \x80\n", 4, "0x80"),
    (b"\nid: x\ntitle: caf\xe9\n", 3, "0xE9"),
], ids=["first-byte", "latin-1", "fourth-line", "after-a-blank-first-line"])
def test_bytes_that_are_not_utf8_are_named_with_their_line_and_value(tmp_path, content, line, byte):
    assert read_yaml(written(tmp_path, content), LABEL) == Problem(LABEL, line, f"not UTF-8 text (byte {byte})")
