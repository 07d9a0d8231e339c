"""What a person typed in Slack, as the words they see: Slack's markup read the way its clients show it.

Slack sends a message's text in its own markup (https://docs.slack.dev/messaging/formatting-message-text):
mentions and links in angle brackets, `&`, `<` and `>` escaped as entities, emoji as `:shortcodes:`, and
`*bold*`, `_italic_`, `~strike~` and `` `code` `` marked with characters round the words. Read as they come,
":wave: who has done refuse routing?" asked about waves, and "*Fief* digital champions" hid the capital that
marks "Fief" as a mistyped name. The text is bounded before it comes here (inbound.bounded), and every
pattern below is a single pass without nesting.
"""
from __future__ import annotations

import re

SPECIAL = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
"""Slack's angle-bracket forms: a mention (`<@U123>`, `<#C123|general>`, `<!here>`, `<!subteam^S1|@team>`)
or a link (`<https://example.org|label>`, `<mailto:a@example.org>`)."""
EMOJI = re.compile(r":(?:[+-][a-z0-9_+'-]*|[a-z0-9_+'-]*[a-z][a-z0-9_+'-]*):")
"""An emoji shortcode as Slack writes it (`:wave:`, `:+1:`, `:slightly_smiling_face:`, `:skin-tone-2:`):
lower-case letters, digits and `_+'-` between colons, with a letter or opening with a sign (a time,
"10:30:45", has neither)."""
MARKERS = re.compile(r"(?<![\w*_~`])[*_~`]+(?=\w)|(?<=[\w.!?,)])[*_~`]+(?![\w*_~`])")
"""Formatting characters opening a word or closing one (`*bold*`, `_italic_`): not those inside a word
(`snake_case`)."""
ENTITY = re.compile("&(?:lt|gt|amp);")
ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
"""The three characters Slack escapes in what people type."""


def plain_text(text: str) -> str:
    """`text` as a person reads it in Slack: mentions, emoji and formatting marks left out, a link as its label
    (a bare link as nothing: an address is no words of the question), entities as their characters."""
    text = SPECIAL.sub(_special, text)
    text = EMOJI.sub(" ", text)
    text = MARKERS.sub("", text)
    return ENTITY.sub(lambda entity: ENTITIES[entity.group(0)], text)


def _special(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target[:1] in "@#!" or not label:
        return " "
    return f" {label} "
