"""The door every chat message passes first: a bound on its length, before any pattern or parser sees it.

Slack allows 40,000 characters in a message and Teams about 28 KB; nobody asks a question that long, and a
regular expression that is harmless on 300 characters can take seconds on a megabyte. So every adapter cuts
what a person typed to MAX_INBOUND_CHARS before stripping mentions, and the core cuts again before parsing.
"""
from __future__ import annotations

MAX_INBOUND_CHARS = 4000
"""Room for a few mentions and a long question; everything past this is dropped unread."""


def bounded(text: object) -> str:
    """`text` cut to MAX_INBOUND_CHARS; anything that is not text (a malformed payload) becomes ""."""
    return text[:MAX_INBOUND_CHARS] if isinstance(text, str) else ""
