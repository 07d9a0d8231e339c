"""Block Kit for every Reply: what a Slack user sees, with the same structure as render/text.py.

Every piece of question or case study text goes through `slack_escape`, so nothing can ping or spoof.
Buttons carry command texts ("show ID", "like ID", "contact ID", or a command and page), so a press is
answered by the same `commands.handle` as a typed message. Slack's limits (50 blocks a message, 3,000
characters a section) are kept by packing lists into sections and by pages with a "More results" button.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import singledispatch
from typing import Any

from ..answers import Answer, Result
from ..commands import (
    CaseReply, ContactReply, HelpReply, NotFoundReply, RefusalReply, ReloadReply, SimilarReply, StatusReply,
    ThemeReply, ThemesReply,
)
from ..knowledge.base import KnowledgeBase
from ..knowledge.schema import CaseStudy, Outcome
from .slack_escape import escape, link, mention, plain
from .text import FULL_RESULTS, contact_line, region_year, render_text
from .words import ABOUT, ALSO_RELEVANT, corrections_text, no_match_text, why_text

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_BUTTON_VALUE_CHARS = 2000
MAX_FALLBACK_CHARS = 3000
PAGE_BLOCKS = MAX_BLOCKS - 2
"""Blocks of content per page, leaving room for the "More results" / "Share" buttons and a context line."""
SUMMARY_CHARS = 300
"""An answer shows the start of each summary; "Details" shows the whole case."""
HOME_CASES = 5
HOW_TO_ASK = ("Mention me in a channel, send me a direct message, or type `/practice QUESTION` "
              "(only you see the answer). `/practice help` lists every command.")

DETAILS, MORE_LIKE_THIS, CONTACT = "details", "more_like_this", "contact"
MORE_RESULTS, SHARE = "more_results", "share"
CASE_ACTIONS = {DETAILS: "show", MORE_LIKE_THIS: "like", CONTACT: "contact"}
"""Buttons on a case study and the command each one stands for; the button's value is the case id."""
BUTTON_LABELS = {DETAILS: "Details", MORE_LIKE_THIS: "More like this", CONTACT: "Contact"}
ACTION_IDS = (*CASE_ACTIONS, MORE_RESULTS, SHARE)


@dataclass(frozen=True)
class Press:
    """What a pressed button asks for: a command text for `commands.handle`, and the page of its reply."""

    command: str
    page: int = 1


def read_press(action_id: str, value: str) -> Press:
    """The inverse of the buttons made here: case buttons hold an id, page buttons a command and page."""
    if action_id in CASE_ACTIONS:
        return Press(f"{CASE_ACTIONS[action_id]} {value}")
    data = json.loads(value)
    return Press(str(data["command"]), max(1, int(data["page"])))


@dataclass(frozen=True)
class SlackMessage:
    text: str
    """Plain fallback for notifications and clients that cannot show blocks (escaped too)."""
    blocks: list[Block]

    def fields(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def slack_message(reply: object, *, command: str, page: int = 1, shareable: bool = False,
                  shared_by: str | None = None) -> SlackMessage:
    """One page of a reply, with "More results" when there is more and "Share to channel" when asked.

    `command` is the text the reply answers; the page buttons carry it back so the next page is computed
    the same way.
    """
    blocks = render_blocks(reply)
    start = (page - 1) * PAGE_BLOCKS
    shown = blocks[start:start + PAGE_BLOCKS] or [_section("There are no more results.")]
    buttons = []
    if len(blocks) > start + PAGE_BLOCKS:
        buttons.append(_button("More results", MORE_RESULTS, _page_value(command, page + 1)))
    if shareable:
        buttons.append(_button("Share to channel", SHARE, _page_value(command, page), style="primary"))
    if buttons:
        shown.append(_actions(buttons))
    if shared_by:
        shown.append(_context(f"Shared by {mention(shared_by)}"))
    return SlackMessage(_cut(escape(render_text(reply)), MAX_FALLBACK_CHARS), shown)


def home_view(kb: KnowledgeBase) -> dict[str, Any]:
    """The App Home tab: what the bot does, the themes with counts, the newest cases, and Socitm."""
    newest = sorted(kb.cases, key=lambda case: (-(case.year or 0), case.id))[:HOME_CASES]
    blocks = [
        _header("Practice Bot"), _section(escape(ABOUT)), _section(HOW_TO_ASK), _DIVIDER,
        *render_blocks(ThemesReply(tuple(kb.theme_counts()))), _DIVIDER,
        _section("*Recent case studies*"), *[_case_line(case) for case in newest], _DIVIDER,
        _context(escape(f"More help: {contact_line(kb.general_contact)}")),
    ]
    return {"type": "home", "blocks": blocks}


def modal_view(message: SlackMessage) -> dict[str, Any]:
    """A reply shown over App Home, where there is no conversation to answer in."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Practice Bot"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": message.blocks,
    }


@singledispatch
def render_blocks(reply: object) -> list[Block]:
    raise TypeError(f"no Block Kit rendering for {type(reply).__name__}")


@render_blocks.register
def _(reply: Answer) -> list[Block]:
    if not reply.answered:
        return [_section(escape(no_match_text(reply)))]
    blocks = [_context(escape(corrections_text(reply)))] if reply.corrections else []
    for result in reply.results[:FULL_RESULTS]:
        blocks += _result(result)
    rest = reply.results[FULL_RESULTS:]
    if rest:
        blocks += [_section(f"*{ALSO_RELEVANT}*"), *[_case_line(r.case) for r in rest]]
    blocks.append(_context(escape(f"More help: {contact_line(reply.contact)}")))
    return blocks


def _result(result: Result) -> list[Block]:
    case = result.case
    lines = [f"*{escape(case.title)}*", escape(f"{', '.join(case.organisations)} ({region_year(case)})")]
    if result.outcome:
        lines.append(_outcome(result.outcome))
    lines.append(escape(_cut(case.summary, SUMMARY_CHARS)))
    lines.append(f"Source: {link(case.source.url, case.source.title)}")
    lines.append(f"Contact: {escape(contact_line(result.contact))}")
    return [_section("\n".join(lines)), _context(escape(why_text(result))), _case_buttons(case, (DETAILS, MORE_LIKE_THIS, CONTACT)), _DIVIDER]


@render_blocks.register
def _(reply: CaseReply) -> list[Block]:
    case = reply.case
    details = [f"Themes: {', '.join(case.themes)}"]
    if case.technologies:
        details.append(f"Technologies: {', '.join(case.technologies)}")
    return [
        _header(case.title),
        _section(escape(f"{', '.join(case.organisations)} ({region_year(case)})")),
        _section(escape(case.summary)),
        *_sections(["*Outcomes*", *[f"• {_outcome(o)}" for o in case.outcomes]]),
        *_sections(["*Sources*", *[f"• {link(s.url, s.title)}" for s in case.sources]]),
        _section(f"*Contact:* {escape(contact_line(reply.contact))}"),
        _context(escape("   ".join(details) + f"   id: {case.id}")),
        _case_buttons(case, (MORE_LIKE_THIS, CONTACT)),
    ]


@render_blocks.register
def _(reply: SimilarReply) -> list[Block]:
    if not reply.answer.answered:
        return [_section(escape(render_text(reply)))]
    return [_section(f"Case studies like *{escape(reply.case.title)}*:"), *render_blocks(reply.answer)]


@render_blocks.register
def _(reply: HelpReply) -> list[Block]:
    commands = [f"• `{escape(name)}`  {escape(what)}" for name, what in reply.commands]
    return [
        _section(escape(ABOUT)),
        _section(HOW_TO_ASK),
        *_sections(commands),
        _context(escape(f"Contact: {contact_line(reply.contact)}")),
    ]


@render_blocks.register
def _(reply: ThemesReply) -> list[Block]:
    lines = [f"• *{escape(theme.label)}* ({count})  `theme {escape(theme.id)}`" for theme, count in reply.counts]
    return _sections(["*Themes* (case studies)", *lines])


@render_blocks.register
def _(reply: ThemeReply) -> list[Block]:
    heading = _section(f"*{escape(reply.theme.label)}*: {len(reply.cases)} case studies")
    return [heading, *[_case_line(case) for case in reply.cases]]


@render_blocks.register(ContactReply)
@render_blocks.register(ReloadReply)
@render_blocks.register(StatusReply)
@render_blocks.register(RefusalReply)
@render_blocks.register(NotFoundReply)
def _(reply: object) -> list[Block]:
    """Replies that are a few sentences: the plain-text wording, escaped, in one section."""
    return [_section(escape(render_text(reply)))]


def _outcome(outcome: Outcome) -> str:
    """The amount in bold before what it was for: the figure a reader is looking for."""
    return f"*{escape(outcome.amount)}*: {escape(outcome.text)}" if outcome.amount else escape(outcome.text)


def _case_line(case: CaseStudy) -> Block:
    """One case in a list: title and organisations, with a Details button."""
    block = _section(f"*{escape(case.title)}*\n{escape(', '.join(case.organisations))}")
    block["accessory"] = _button("Details", DETAILS, case.id)
    return block


def _case_buttons(case: CaseStudy, actions: tuple[str, ...]) -> Block:
    return _actions([_button(BUTTON_LABELS[action], action, case.id) for action in actions])


def _sections(lines: list[str]) -> list[Block]:
    """Lines packed into as few sections as Slack's 3,000 characters allow."""
    sections: list[str] = []
    for line in lines:
        if sections and len(sections[-1]) + 1 + len(line) <= MAX_SECTION_CHARS:
            sections[-1] += "\n" + line
        else:
            sections.append(line)
    return [_section(text) for text in sections]


def _section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cut(mrkdwn, MAX_SECTION_CHARS)}}


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": _cut(plain(text), MAX_HEADER_CHARS)}}


def _context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(mrkdwn, MAX_SECTION_CHARS)}]}


def _actions(buttons: list[Block]) -> Block:
    return {"type": "actions", "elements": buttons}


def _button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    button = {"type": "button", "text": {"type": "plain_text", "text": label}, "action_id": action_id,
              "value": value[:MAX_BUTTON_VALUE_CHARS]}
    if style:
        button["style"] = style
    return button


def _page_value(command: str, page: int) -> str:
    return json.dumps({"command": command[:MAX_BUTTON_VALUE_CHARS // 2], "page": page})


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


_DIVIDER: Block = {"type": "divider"}
