"""Reading one YAML file, and finding the line of any value in it for error messages.

Parsing uses libyaml's fast loader when present (a reload of 10,000 files must stay quick), and builds the
strings, lists and mappings that knowledge files are made of itself (see `_data`); line numbers are only
worked out, from a second parse into nodes, for a file that has something to report.
"""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem

if TYPE_CHECKING:
    import yaml


@cache
def _loader() -> type[yaml.SafeLoader]:
    """The loader, made on first use: importing PyYAML compiles its patterns (tens of milliseconds), which a
    start from the snapshot cache, or a reload after editing one case of many, mostly does not need.

    It is the safe loader (libyaml's when present), with a value its tag refuses reported on its line: PyYAML
    raises a bare ValueError for a date the calendar lacks ("2026-13-01") or "!!int many", and KeyError for
    "!!bool maybe", which would escape every YAMLError handler and stop the whole load over one typo. Only
    the constructors that can raise them are wrapped, so strings, lists and mappings (nearly every node) are
    built at full speed."""
    import yaml

    fast: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    implicit, scalar, sequence = fast.yaml_implicit_resolvers, yaml.ScalarNode, yaml.SequenceNode

    class Loader(fast):  # type: ignore[valid-type,misc]
        def resolve(self, kind: type[yaml.Node], value: Any, implied: tuple[bool, bool]) -> str:
            """The tag of an untagged node, as PyYAML's resolver gives it, less its steps for path and
            wildcard resolvers, which the safe loader has none of: the parser asks for every node's, and
            PyYAML's way (a list made per scalar, a look-up of the path resolvers) was a twentieth of a cold
            load. A plain scalar's tag is the first of the patterns for its first character it matches."""
            if kind is scalar:
                if implied[0]:
                    for tag, pattern in implicit.get(value[:1], ()):
                        if pattern.match(value):
                            return tag
                return _STR
            return _SEQ if kind is sequence else _MAP

        def construct_checked(self, node: yaml.ScalarNode) -> Any:
            try:
                return fast.yaml_constructors[node.tag](self, node)
            except (ValueError, KeyError) as exc:
                kind = node.tag.rsplit(":", 1)[-1]
                raise yaml.constructor.ConstructorError(
                    None, None, f"{node.value!r} is not a valid {kind}", node.start_mark) from exc

    for kind in ("bool", "int", "float", "timestamp"):
        Loader.add_constructor(f"tag:yaml.org,2002:{kind}", Loader.construct_checked)
    return Loader


PathKey = str | int


class YamlFile:
    """A parsed YAML file that can say on which line a value (addressed by keys and indexes) starts."""

    def __init__(self, label: str, text: str, data: Any):
        self.label = label
        self.text = text
        self.data = data
        self._root: yaml.Node | None = None

    def line_of(self, *keys: PathKey) -> int:
        """The 1-based line of the value at `keys` (or of the deepest part of it that exists)."""
        if self._root is None:
            import yaml

            self._root = yaml.compose(self.text, Loader=_loader())
        node: yaml.Node | None = self._root
        for key in keys:
            if node is None:
                break
            child = _child(node, key)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1 if node is not None else 1  # an empty file: its first line

    def problem(self, message: str, *keys: PathKey) -> Problem:
        return Problem(self.label, self.line_of(*keys), message)


def _child(node: yaml.Node, key: PathKey) -> yaml.Node | None:
    import yaml

    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None


MAX_FILE_BYTES = 256 * 1024
"""A case file is a few KB; a file past this is refused unread (a 50 MB file would stall every reload)."""


def read_text(path: str | Path, label: str) -> str | Problem:
    """The file's text; a Problem (with the line, where there is one) if it is too big, unreadable or not UTF-8."""
    try:
        with open(path, "rb", buffering=0) as file:  # its size from the open file: one look-up of the path, not two
            if os.fstat(file.fileno()).st_size > MAX_FILE_BYTES:
                return Problem(label, None, f"the file is larger than {MAX_FILE_BYTES // 1024} KiB")
            data = file.read()
    except OSError as exc:
        return Problem(label, None, f"cannot read the file: {exc.strerror or type(exc).__name__}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Problem(label, line, f"not UTF-8 text (byte 0x{data[exc.start]:02X})")


def read_yaml(path: Path, label: str) -> YamlFile | Problem:
    """Parse `path`; a file that cannot be read or parsed becomes a Problem naming its line."""
    text = read_text(path, label)
    return text if isinstance(text, Problem) else parse_yaml(text, label)


def parse_yaml(text: str, label: str) -> YamlFile | Problem:
    """Parse one knowledge file. Anchors and aliases are refused before anything is built: no knowledge file
    needs them, and a few hundred bytes of nested aliases expand to gigabytes (a "billion laughs")."""
    import yaml

    try:
        if "&" in text or "*" in text:
            alias = _first_alias(text)
            if alias is not None:
                return Problem(label, alias, "YAML anchors and aliases (& and *) are not allowed in knowledge files")
        data = _load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return Problem(label, line, f"invalid YAML: {exc.problem or exc.context}")
    except yaml.reader.ReaderError as exc:  # a character YAML forbids; it knows the position, not the line
        line = text.count("\n", 0, exc.position) + 1
        return Problem(label, line, f"invalid YAML: character {_code_point(exc.character)} is not allowed in YAML")
    except yaml.YAMLError as exc:
        return Problem(label, 1, f"invalid YAML: {exc}")
    return YamlFile(label, text, data)


def _load(text: str) -> Any:
    """The document in `text`, as `yaml.load` with our loader makes it (one document at most, or None)."""
    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _data(node, loader, 0)
    finally:
        loader.dispose()


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))
_PLAIN_VALUES = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("null", "bool", "int", "float", "timestamp"))
"""The tags whose constructors make a value from a scalar node in one call (no generator, no state): called
directly, without construct_document's bookkeeping, which was a thirtieth of a cold load for the years and
nulls of case files."""
NESTING = 64
"""Deeper than this (no knowledge file is), a node is left to PyYAML's construction, which needs no Python
recursion for its depth."""


def _data(node: Any, loader: yaml.SafeLoader, depth: int) -> Any:
    """The value of `node` as the loader would construct it. A string, a list or a mapping with string keys
    (nearly every node of a knowledge file) is built here directly: PyYAML's generic construction, with its
    bookkeeping per node for aliases and recursive structures (which `parse_yaml` refuses anyway), was half of
    parsing a case file. Any other node (a number, a date, null, an explicit tag, a merge key) is the
    loader's to construct, with its checks and its errors. (`node` is a yaml.Node, typed Any: its kind, `id`,
    is declared by the subclasses only.)"""
    tag, kind = node.tag, node.id
    if depth < NESTING:
        if tag == _STR and kind == "scalar":
            return node.value
        if tag == _SEQ and kind == "sequence":
            return [_data(item, loader, depth + 1) for item in node.value]
        if tag == _MAP and kind == "mapping" and all(key.tag == _STR and key.id == "scalar" for key, _value in node.value):
            return {key.value: _data(value, loader, depth + 1) for key, value in node.value}
        if tag in _PLAIN_VALUES and kind == "scalar":  # a year, a null: the loader's constructor for it, alone
            return loader.yaml_constructors[tag](loader, node)
    return loader.construct_document(node)


def _first_alias(text: str) -> int | None:
    """The line of the first anchor or alias token, scanning tokens only (linear, nothing is expanded)."""
    import yaml

    for token in yaml.scan(text, Loader=_loader()):
        if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
            return token.start_mark.line + 1
    return None


def _code_point(character: int | str) -> str:
    return f"U+{character if isinstance(character, int) else ord(character):04X}"
