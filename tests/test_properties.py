"""Property-based tests: whatever people type, the parser and ranker answer without raising; whatever a
curator saves, the loader either loads it or names the file and line."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answers import MAX_QUESTION_CHARS, answer
from bot.commands import REGISTRY, parse
from bot.errors import KnowledgeError
from bot.knowledge.loader import load_knowledge

from .conftest import KNOWLEDGE

QUICK = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])
"""The same examples on every run and in every checkout: a property test must not depend on luck or on what
an earlier run left in .hypothesis/."""

CHAT_WORDS = ["refuse", "£1m", "over", "<!channel>", "bins", "&", "'", "-", "savings", "ß", "🗑️", "\n"]
chat_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=600
) | st.lists(st.sampled_from(CHAT_WORDS), max_size=40).map(" ".join)


@QUICK
@given(chat_text)
def test_any_text_gets_an_answer_object(snapshot, text):
    result = answer(text, snapshot)
    assert len(result.query) <= MAX_QUESTION_CHARS
    assert result.answered == bool(result.results)
    assert all(0.0 <= r.score <= 1.0 for r in result.results)
    scores = [r.score for r in result.results]
    assert scores == sorted(scores, reverse=True)


@QUICK
@given(chat_text)
def test_any_text_parses_to_a_command(text):
    command = parse(text)
    assert command.name in REGISTRY.names | {"ask"}  # the parser's own registry: no list to drift


ARGUMENT_OF_SHAPE = {"": "", "ID": "wigan-in-cab-waste", "[ID]": "", "NAME": "waste", "[DAYS]": "30",
                     "REF REASON": "PB-2026-0001 needs figures", "ID [PURPOSE]": "wigan-in-cab-waste how crews took to it",
                     "REF yes|no|forwarded": "IN-2026-0001 yes", "am from NAME": "am from Rugby",
                     "helpful|unhelpful IDS QUESTION": "helpful wigan-in-cab-waste Wigan bins"}


@pytest.mark.parametrize("name", sorted(REGISTRY.names))
def test_every_registered_command_parses_to_itself_in_any_case(name):
    """The registry's own commands, with an argument of the shape each declares: no list kept by hand."""
    argument = ARGUMENT_OF_SHAPE[REGISTRY[name].shape.usage]
    for word in (name, name.upper(), name.title()):
        typed = f"  {word} {argument} ".rstrip() if argument else f" {word} "
        command = parse(typed)
        assert (command.name, command.argument) == (name, argument), typed


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


def _knowledge_with(tmp_path: Path, text: str) -> Path:
    directory = tmp_path / "kb"
    (directory / "case-studies").mkdir(parents=True, exist_ok=True)
    for name in ("themes.yaml", "contacts.yaml", "vocabulary.yaml"):
        (directory / name).write_text((KNOWLEDGE / name).read_text())
    (directory / "case-studies" / "case.yaml").write_text(text)
    return directory


@QUICK
@given(st.one_of(yaml_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True)), st.text(max_size=300)))
def test_any_case_file_loads_or_is_reported_with_its_file(tmp_path, text):
    directory = _knowledge_with(tmp_path, text)
    try:
        kb = load_knowledge(directory)
    except KnowledgeError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file == "case-studies/case.yaml"
            assert problem.line is not None and problem.line >= 1, problem
    else:
        assert [c.id for c in kb.cases] == ["case"]


@QUICK
@given(st.sampled_from(["title", "summary", "region", "year", "themes", "outcomes", "sources", "contact"]), yaml_values)
def test_a_real_case_with_one_field_replaced_loads_or_names_the_line(tmp_path, field, value):
    original = yaml.safe_load((KNOWLEDGE / "case-studies" / "wigan-in-cab-waste.yaml").read_text())
    original["id"] = "case"
    original[field] = value
    directory = _knowledge_with(tmp_path, yaml.safe_dump(original, allow_unicode=True, sort_keys=False))
    try:
        load_knowledge(directory)
    except KnowledgeError as error:
        assert all(p.file == "case-studies/case.yaml" and p.line for p in error.problems), error
