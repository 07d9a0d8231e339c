"""Making any text safe to show in Slack's mrkdwn, so a question or a case study can never ping or spoof.

Slack reads `<!channel>`, `<!here>`, `<@U123>` and `<http://evil|trusted>` as control sequences; escaping
`&`, `<` and `>` (Slack's own rule) shows them as typed instead. A bare "@channel" or "@here" is broken
with a zero-width space, in case a client or a later `parse=full` turns it into a broadcast.
"""
from __future__ import annotations

import re

ZERO_WIDTH_SPACE = "\u200b"
BROADCASTS = re.compile(r"@(?=(channel|here|everyone)\b)", re.IGNORECASE)
USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


def escape(text: str) -> str:
    """Text shown exactly as written, with no mentions, broadcasts or links of its own."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return BROADCASTS.sub("@" + ZERO_WIDTH_SPACE, escaped)


def plain(text: str) -> str:
    """For `plain_text` fields, which Slack never parses for links: only broadcasts need breaking."""
    return BROADCASTS.sub("@" + ZERO_WIDTH_SPACE, text)


def link(url: str, label: str) -> str:
    """A link whose label and address are both escaped, so neither can end the link early."""
    safe_url = escape(url).replace("|", "%7C")
    return f"<{safe_url}|{escape(label)}>"


def mention(user_id: str) -> str:
    """A user mention, only for a real Slack user id; anything else is shown as text."""
    return f"<@{user_id}>" if USER_ID.fullmatch(user_id) else escape(user_id)
