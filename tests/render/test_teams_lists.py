"""Text in a Teams card never turns into a list, a heading, a quote or a code block because of how its lines
start: "1. Title" or "- item" would be clipped as a list, "# x" shown as a heading, four spaces as code. The
text still reads as typed (less the indentation)."""
from __future__ import annotations

import re

import pytest

from bot.render import teams_escape

from .test_escaping import teams_unescape

STARTS_A_BLOCK = re.compile(r"^(?:\d+[.)]|[-+#>])(?:\s|$)|^[ \t]")


@pytest.mark.parametrize("text", [
    "1. Title\n2) Second\n10. Tenth",
    "- item\n+ more\n# Heading\n> quoted\n-",
    "Steps:\n1. ask\n- then answer",
    "we saved 1.5m - a lot > expected",
])
def test_a_line_that_starts_like_a_list_heading_or_quote_is_shown_as_typed(text):
    safe = teams_escape.escape(text)
    assert [line for line in safe.split("\n") if STARTS_A_BLOCK.match(line)] == [], safe
    assert teams_unescape(safe) == text


def test_indentation_is_dropped_so_no_line_becomes_a_code_block():
    text = "Outcomes:\n    saved money\n\t\tfewer complaints\n  - indented item"
    safe = teams_escape.escape(text)
    assert [line for line in safe.split("\n") if STARTS_A_BLOCK.match(line)] == [], safe
    assert teams_unescape(safe) == "Outcomes:\nsaved money\nfewer complaints\n- indented item"


def test_numbers_and_dashes_inside_a_line_are_left_alone():
    assert teams_escape.escape("Phase 2. Then 3) and a - b") == "Phase 2. Then 3) and a - b"
