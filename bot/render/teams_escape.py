"""Making any text safe to show in an Adaptive Card TextBlock, which Teams reads as a subset of Markdown.

A question or a case study must never become a link (`[trusted](http://evil)`, a bare `http://evil`),
a mention (`<at>Everyone</at>`) or formatting it did not ask for (`*`, `_`). Markdown's own rule is used:
a backslash before a punctuation character shows that character as typed. Bare addresses are broken the
same way (`http\\://`), so Teams' auto-linking cannot pick them up.
"""
from __future__ import annotations

import re
from functools import lru_cache

MARKDOWN_CHARACTERS = str.maketrans({c: "\\" + c for c in "\\*_[]<>"})
"""Emphasis, link brackets and tags: the Markdown Teams renders in cards. Other punctuation is left alone."""
BARE_ADDRESS = re.compile(r"(?i)\b(https?|ftp|mailto|www)(:|\.)")
LINE_START = re.compile(r"^[ \t]+", re.MULTILINE)
"""Indentation: four spaces make a Markdown code block (clipped, in a monospace box)."""
LIST_MARKER = re.compile(r"^(\d+)([.)])(?=\s)|^([-+#>])(?=\s|$)", re.MULTILINE)
"""'1. Title' or '- item' at a line's start: Teams reads them as a list (and clips it) or a heading."""
CACHED_TEXTS = 4096
"""Escaped texts kept: the cases' titles, names, summaries and figures come back in answer after answer, and
escaping them again was a third of building a card (str.translate with a table is slow on long texts)."""


@lru_cache(maxsize=CACHED_TEXTS)
def escape(text: str) -> str:
    """Text shown exactly as written, with no links, mentions or formatting of its own."""
    indented = text[:1] in (" ", "\t") or "\n " in text or "\n\t" in text
    escaped = (LINE_START.sub("", text) if indented else text).translate(MARKDOWN_CHARACTERS)
    escaped = LIST_MARKER.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", escaped)
    return BARE_ADDRESS.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", escaped)
