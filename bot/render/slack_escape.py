"""Making any text safe to show in Slack's mrkdwn, so a question or a case study can never ping or spoof.

Slack reads `<!channel>`, `<!here>`, `<@U123>` and `<http://evil|trusted>` as control sequences; escaping
`&`, `<` and `>` (Slack's own rule) shows them as typed instead. A bare "@channel" or "@here" is broken
with a zero-width space, in case a client or a later `parse=full` turns it into a broadcast. Slack clients
also turn bare addresses ("https://evil.example", "www.evil.example") into live links; a zero-width space
after the scheme and before each dot of such an address keeps it readable and dead.
"""
from __future__ import annotations

import re
from functools import lru_cache

ZERO_WIDTH_SPACE = "\u200b"
BROADCASTS = re.compile(r"@(?=(channel|here|everyone)\b)", re.IGNORECASE)
USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
DOMAIN_END = r"\.(?:uk|com|org|net|gov|io|info|scot|wales|cymru|london|eu|co)\b"
ADDRESS = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]{1,15}://|www\.)[^\s<>]{0,2000}|(?<![@\w.-])[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}"
                     + DOMAIN_END)
"""A bare web address or domain name, as Slack would auto-link it (not the domain of an email address, which
Slack shows as a mailto link: the contact's address must stay usable)."""
ADDRESS_HINT = re.compile(r"(?i)://|www\.|" + DOMAIN_END)
"""What every ADDRESS match contains. Searching for it is a scan; ADDRESS tries a domain name at every word
and was most of rendering an answer's blocks, which mostly have no address at all."""
CACHED_TEXTS = 4096
"""Escaped texts kept: the cases' titles, names, summaries and figures come back in answer after answer."""


@lru_cache(maxsize=CACHED_TEXTS)
def escape(text: str) -> str:
    """Text shown exactly as written, with no mentions, broadcasts or links of its own."""
    escaped = _controls(text)
    if ADDRESS_HINT.search(escaped):
        escaped = ADDRESS.sub(_dead_address, escaped)
    return BROADCASTS.sub("@" + ZERO_WIDTH_SPACE, escaped)


def _controls(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _dead_address(match: re.Match[str]) -> str:
    return match.group(0).replace("://", ":" + ZERO_WIDTH_SPACE + "//").replace(".", ZERO_WIDTH_SPACE + ".")


def plain(text: str) -> str:
    """For `plain_text` fields, which Slack never parses for links: only broadcasts need breaking."""
    return BROADCASTS.sub("@" + ZERO_WIDTH_SPACE, text)


def link(url: str, label: str) -> str:
    """A link whose label and address are both escaped, so neither can end the link early."""
    safe_url = _controls(url).replace("|", "%7C")
    return f"<{safe_url}|{escape(label)}>"


def mention(user_id: str) -> str:
    """A user mention, only for a real Slack user id; anything else is shown as text."""
    return f"<@{user_id}>" if USER_ID.fullmatch(user_id) else escape(user_id)
