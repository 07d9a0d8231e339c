"""Block Kit for every Reply: what a Slack user sees, with the same structure as render/text.py.

Every piece of question or case study text goes through `slack_escape`, so nothing can ping or spoof.
Buttons carry command texts ("show ID", "like ID", "contact ID", or a command and page), so a press is
answered by the same `commands.handle` as a typed message. Slack's limits (50 blocks a message, 3,000
characters a section) are kept by packing lists into sections and by pages with a "More results" button.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import singledispatch
from typing import Any

from ..answers import Answer, Result
from ..commands import (
    CaseReply, ContactReply, HelpReply, NoticeReply, NotFoundReply, RefusalReply, ReloadReply, SimilarReply,
    StatusReply, ThemeReply, ThemesReply,
)
from ..knowledge.base import KnowledgeBase
from ..knowledge.schema import CaseStudy, Outcome
from ..sharing.replies import (
    confidential,
    DecisionNoticeReply, DecisionReply, GapsReply, ReasonFormReply, ReviewListReply, ReviewRequestReply,
    ShareFormReply, SubmittedReply,
)
from ..sharing.submission import (
    MAX_CONTACT, MAX_ORGANISATION, MAX_SUMMARY, MAX_THEMES, MAX_TITLE, MIN_SUMMARY, Submission,
)
from .slack_escape import escape, link, mention, plain
from .text import FULL_RESULTS, contact_line, dated, region_year, render_text
from .words import (
    ABOUT, ALSO_RELEVANT, as_of_text, corrections_text, no_match_text, organisations_text, routes, submission_text,
    why_text,
)

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_BUTTON_VALUE_CHARS = 2000
MAX_FALLBACK_CHARS = 3000
MAX_OPTION_CHARS = 75
PAGE_BLOCKS = MAX_BLOCKS - 2
"""Blocks of content per page, leaving room for the "More results" / "Share" buttons and a context line."""
SUMMARY_CHARS = 300
"""An answer shows the start of each summary; "Details" shows the whole case."""
HOME_CASES = 5
HOW_TO_ASK = ("Mention me in a channel, send me a direct message, or type `/practice QUESTION` "
              "(only you see the answer). `/practice help` lists every command.")

DETAILS, MORE_LIKE_THIS, CONTACT = "details", "more_like_this", "contact"
MORE_RESULTS, SHARE = "more_results", "share"
SHARE_PRACTICE, APPROVE, REJECT = "share_practice", "approve_submission", "reject_submission"
CASE_ACTIONS = {DETAILS: "show", MORE_LIKE_THIS: "like", CONTACT: "contact"}
"""Buttons on a case study and the command each one stands for; the button's value is the case id."""
REVIEW_ACTIONS = {APPROVE: "approve", REJECT: "reject"}
"""Buttons on a submission under review and the command each one stands for; the value is its reference."""
VALUE_ACTIONS = {**CASE_ACTIONS, **REVIEW_ACTIONS}
BUTTON_LABELS = {DETAILS: "Details", MORE_LIKE_THIS: "More like this", CONTACT: "Contact"}
ACTION_IDS = (*VALUE_ACTIONS, MORE_RESULTS, SHARE, SHARE_PRACTICE)
SHARE_FORM, REASON_FORM = "share_form", "reject_reason"
"""The callback ids of the two modals whose submissions the adapter handles."""
INPUT_ACTION = "value"
"""The action id of every modal input; its block id is the form field's name."""
REASON = "reason"
CONSENT = "yes"


@dataclass(frozen=True)
class Press:
    """What a pressed button asks for: a command text for `commands.handle`, and the page of its reply."""

    command: str
    page: int = 1


def read_press(action_id: str, value: str) -> Press:
    """The inverse of the buttons made here: case buttons hold an id, page buttons a command and page."""
    if action_id in VALUE_ACTIONS:
        return Press(f"{VALUE_ACTIONS[action_id]} {value}")
    if action_id == SHARE_PRACTICE:
        return Press("share")
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
                  shared_by: str | None = None, decided_by: str | None = None) -> SlackMessage:
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
    if shareable and not confidential(reply):
        buttons.append(_button("Share to channel", SHARE, _page_value(command, page), style="primary"))
    if buttons:
        shown.append(_actions(buttons))
    for label, who in (("Shared by", shared_by), ("Decided by", decided_by)):
        if who:
            shown.append(_context(f"{label} {mention(who)}"))
    return SlackMessage(_cut(escape(render_text(reply)), MAX_FALLBACK_CHARS), shown)


def home_view(kb: KnowledgeBase) -> dict[str, Any]:
    """The App Home tab: what the bot does, the themes with counts, the newest cases, and Socitm."""
    newest = sorted(kb.cases, key=lambda case: (-(case.year or 0), case.id))[:HOME_CASES]
    blocks = [
        _header("Practice Bot"), _section(escape(ABOUT)), _section(HOW_TO_ASK), _share_invitation(), _DIVIDER,
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


def share_form_view(reply: ShareFormReply, *, private_metadata: str) -> dict[str, Any]:
    """The "Share your practice" modal: one input a form field, its block id the field's name, so the errors
    `desk.submit` returns per field map straight onto the blocks Slack shows them under."""
    values = reply.values
    theme_options = {theme.id: _option(theme.label, theme.id) for theme in reply.themes}
    region_options = {region: _option(region, region) for region in reply.regions}
    themes = {
        "type": "multi_static_select", "options": list(theme_options.values()), "max_selected_items": MAX_THEMES,
        "placeholder": {"type": "plain_text", "text": "Choose up to five"},
    }
    chosen = [theme_options[t] for t in _listed(values.get("themes")) if t in theme_options]
    if chosen:
        themes["initial_options"] = chosen
    region = {"type": "static_select", "options": list(region_options.values()),
              "placeholder": {"type": "plain_text", "text": "Choose a region"}}
    if values.get("region") in region_options:
        region["initial_option"] = region_options[values["region"]]
    consent = {"type": "checkboxes", "options": [_option("I agree to be contacted about this case study", CONSENT)]}
    if values.get("consent") is True:
        consent["initial_options"] = consent["options"]
    blocks = [
        _section(escape(render_text(replace(reply, errors={})))),
        _input("organisation", "Organisation", _text_input(values, "organisation", max_length=MAX_ORGANISATION)),
        _input("title", "Title", _text_input(values, "title", max_length=MAX_TITLE),
               hint="A short headline that says what you did."),
        _input("summary", "What you did", _text_input(values, "summary", multiline=True, min_length=MIN_SUMMARY,
                                                       max_length=MAX_SUMMARY)),
        _input("outcomes", "Outcomes", _text_input(values, "outcomes", multiline=True),
               hint="One per line, with figures where you have them, e.g. Saved £120,000 a year."),
        _input("themes", "Themes", themes),
        _input("region", "Region", region),
        _input("evidence_url", "Source or evidence link", _text_input(values, "evidence_url", kind="url_text_input"),
               hint="A public web page that shows what you did: a report, news item or blog post."),
        _input("contact_name", "Contact name", _text_input(values, "contact_name", max_length=MAX_CONTACT)),
        _input("contact_role", "Contact role", _text_input(values, "contact_role", max_length=MAX_CONTACT),
               optional=True),
        _input("contact_email", "Contact email", _text_input(values, "contact_email", kind="email_text_input"),
               optional=True),
        _input("consent", "Contact", consent, optional=True),
    ]
    return _form_modal(SHARE_FORM, "Share your practice", blocks, private_metadata)


def reason_form_view(reply: ReasonFormReply, *, private_metadata: str) -> dict[str, Any]:
    """Reject's modal: the submission, and the reason the submitter will read (block id "reason")."""
    blocks = [
        *_submission_blocks(reply.submission),
        _input(REASON, "Why is it turned down?", _text_input({}, REASON, multiline=True),
               hint="The submitter reads this, so say what would make it acceptable."),
    ]
    return _form_modal(REASON_FORM, "Reject submission", blocks, private_metadata, submit="Reject")


def read_inputs(state_values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The inverse of the modals made here: each block id (form field) to its value, as `desk.submit` takes
    them: text, one option's value, a list of options' values, or for the consent checkbox a bool."""
    fields: dict[str, Any] = {}
    for block_id, actions in state_values.items():
        state = actions.get(INPUT_ACTION, {})
        if state.get("type") == "checkboxes":
            fields[block_id] = any(o.get("value") == CONSENT for o in state.get("selected_options") or ())
        elif "selected_options" in state:
            fields[block_id] = [option["value"] for option in state["selected_options"] or ()]
        elif "selected_option" in state:
            fields[block_id] = (state["selected_option"] or {}).get("value")
        else:
            fields[block_id] = state.get("value") or ""
    return fields


@singledispatch
def render_blocks(reply: object) -> list[Block]:
    raise TypeError(f"no Block Kit rendering for {type(reply).__name__}")


@render_blocks.register
def _(reply: Answer) -> list[Block]:
    if not reply.answered:
        return [_section(escape(no_match_text(reply))), _share_invitation()]
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
    lines = [f"*{escape(case.title)}*", escape(f"{organisations_text(case)} ({region_year(case)})")]
    if result.outcome:
        lines.append(_outcome(result.outcome))
    lines.append(escape(_cut(case.summary, SUMMARY_CHARS)))
    lines.append(f"Source: {link(case.source.url, case.source.title)}{escape(dated(case))}")
    lines += [f"Follow up: {link(route.url, route.name)}" for route in routes(case)]
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
        _section(escape(f"{organisations_text(case)} ({region_year(case)})")),
        _section(escape(case.summary)),
        *_sections(["*Outcomes*", *[f"• {_outcome(o)}" for o in case.outcomes]]),
        *_sections(["*Sources*", *[f"• {link(s.url, s.title)}" for s in case.sources]]
                   + ([escape("A" + as_of_text(case)[1:])] if case.as_of else [])),
        *_sections([f"*Follow up:* {link(route.url, route.name)}" for route in routes(case)]),
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


@render_blocks.register
def _(reply: ContactReply) -> list[Block]:
    """Who to follow a case up with: its routes as links (plain text would defang them), then Socitm."""
    found = routes(reply.case) if reply.case else ()
    if not found:
        return [_section(escape(render_text(reply)))]
    return _sections([f"To follow up *{escape(reply.case.title)}*, contact:",  # type: ignore[union-attr]
                      *[f"• {link(route.url, route.name)}" for route in found],
                      f"or ask {escape(contact_line(reply.contact))}."])


@render_blocks.register(ReloadReply)
@render_blocks.register(StatusReply)
@render_blocks.register(RefusalReply)
@render_blocks.register(NotFoundReply)
@render_blocks.register(NoticeReply)
@render_blocks.register(SubmittedReply)
@render_blocks.register(DecisionNoticeReply)
def _(reply: object) -> list[Block]:
    """Replies that are a few sentences: the plain-text wording, escaped, in one section."""
    return [_section(escape(render_text(reply)))]


@render_blocks.register
def _(reply: ShareFormReply) -> list[Block]:
    """Where no modal can open (a DM or mention has no trigger): the invitation, with a button that opens it."""
    return [_section(escape(render_text(reply))), _actions([_share_practice_button()])]


@render_blocks.register
def _(reply: ReviewRequestReply) -> list[Block]:
    return [_section("*New submission to review*"), *_submission_blocks(reply.submission),
            _review_buttons(reply.submission)]


@render_blocks.register
def _(reply: ReviewListReply) -> list[Block]:
    if not reply.submissions:
        return [_section(escape(render_text(reply)))]
    blocks = [_section(f"*{len(reply.submissions)} waiting for review*")]
    for submission in reply.submissions:
        blocks += [_DIVIDER, *_submission_blocks(submission), _review_buttons(submission)]
    return blocks


@render_blocks.register
def _(reply: ReasonFormReply) -> list[Block]:
    """Where no modal can open: how to give the reason, and a Reject button that opens the reason form."""
    return [_section(escape(render_text(reply))), _actions([_button("Reject", REJECT, reply.submission.reference,
                                                                    style="danger")])]


@render_blocks.register
def _(reply: DecisionReply) -> list[Block]:
    """The decision, above the submission it was about (this replaces the review message's buttons)."""
    return [_section(escape(render_text(reply))), *_submission_blocks(reply.submission)]


@render_blocks.register
def _(reply: GapsReply) -> list[Block]:
    if not reply.groups:
        return [_section(escape(render_text(reply)))]
    lines = [f"• *{group.count}* × {escape(group.example)}" + (f" (+{group.similar} similar)" if group.similar else "")
             for group in reply.groups]
    return _sections([f"*Most asked unanswered questions, last {reply.days} days*", *lines])


def _submission_blocks(submission: Submission) -> list[Block]:
    """A submission as admins review it; every line is the submitter's own text, so all of it is escaped."""
    heading, *details = submission_text(submission).splitlines()
    return _sections([f"*{escape(heading)}*", *[escape(line) for line in details]])


def _review_buttons(submission: Submission) -> Block:
    return _actions([_button("Approve", APPROVE, submission.reference, style="primary"),
                     _button("Reject", REJECT, submission.reference, style="danger")])


def _share_practice_button() -> Block:
    return _button("Share your practice", SHARE_PRACTICE, "share", style="primary")


def _share_invitation() -> Block:
    block = _section("*Done something worth sharing?* Tell us in a short form; an admin reviews it before it "
                     "joins the knowledge base.")
    block["accessory"] = _share_practice_button()
    return block


def _form_modal(callback_id: str, title: str, blocks: list[Block], private_metadata: str,
                submit: str = "Submit") -> dict[str, Any]:
    return {
        "type": "modal", "callback_id": callback_id, "private_metadata": private_metadata,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def _input(block_id: str, label: str, element: Block, *, hint: str | None = None, optional: bool = False) -> Block:
    block = {"type": "input", "block_id": block_id, "optional": optional,
             "label": {"type": "plain_text", "text": label}, "element": {**element, "action_id": INPUT_ACTION}}
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _text_input(values: dict[str, Any], name: str, *, kind: str = "plain_text_input", multiline: bool = False,
                min_length: int | None = None, max_length: int | None = None) -> Block:
    """A text input, filled in with what was typed before (a form sent back with its errors)."""
    element: Block = {"type": kind}
    if multiline:
        element["multiline"] = True
    if min_length:
        element["min_length"] = min_length
    if max_length:
        element["max_length"] = max_length
    typed = "\n".join(_listed(values.get(name))) if name == "outcomes" else str(values.get(name) or "")
    if typed:
        element["initial_value"] = typed
    return element


def _listed(value: Any) -> list[str]:
    """A list field as adapters send it: a list, or text with one item a line."""
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return [str(item) for item in value or ()]


def _option(label: str, value: str) -> Block:
    return {"text": {"type": "plain_text", "text": _cut(plain(label), MAX_OPTION_CHARS)}, "value": value}


def _outcome(outcome: Outcome) -> str:
    """The amount in bold before what it was for: the figure a reader is looking for."""
    return f"*{escape(outcome.amount)}*: {escape(outcome.text)}" if outcome.amount else escape(outcome.text)


def _case_line(case: CaseStudy) -> Block:
    """One case in a list: title and organisations, with a Details button."""
    block = _section(f"*{escape(case.title)}*\n{escape(organisations_text(case))}")
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
