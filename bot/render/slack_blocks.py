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
    CaseReply,
    ContactReply,
    HelpReply,
    NotFoundReply,
    NoticeReply,
    RefusalReply,
    ReloadReply,
    SimilarReply,
    StatusReply,
    ThemeReply,
    ThemesReply,
)
from ..curation.digest import DigestReply
from ..headline import answering_outcome, headline, short_organisations
from ..knowledge.base import KnowledgeBase
from ..knowledge.schema import CaseStudy, Outcome
from ..reply import Reply
from ..settings import parse_bool
from ..sharing.form import CONSENT as CONSENT_KIND
from ..sharing.form import EMAIL, LONG_TEXT, MAX_THEMES, REGION, SHARE_FORM_FIELDS, THEMES, URL, FormField
from ..sharing.records import OWNER
from ..sharing.replies import (
    ConnectFormReply,
    ConnectionsReply,
    DecisionNoticeReply,
    DecisionReply,
    FollowingReply,
    FollowNoticeReply,
    GapsReply,
    IntroductionOutcomeReply,
    IntroductionReply,
    IntroductionRequestReply,
    IntroductionSettledReply,
    ReasonFormReply,
    ReviewListReply,
    ReviewRequestReply,
    ShareFormReply,
    SubmittedReply,
    confidential,
)
from ..sharing.submission import Submission
from .answer_text import contact_line, dated, region_year
from .slack_escape import escape, link, mention, plain
from .text import render_text
from .words import (
    ABOUT,
    FEEDBACK_VERDICTS,
    MAX_NEXT_LINES,
    as_of_sentence,
    clip,
    corrections_text,
    feedback_command,
    next_line,
    no_match_text,
    organisations_text,
    routes,
    submission_text,
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
MAX_LISTED_CASES = 10
"""New cases in one follow notice shown with buttons; a batch larger than this is rare and stays readable."""
"""Blocks of content per page, leaving room for the "More results" / "Share" buttons and a context line."""
SUMMARY_CHARS = 300
"""An answer shows the start of each summary; "Details" shows the whole case."""
HOME_CASES = 5
HOW_TO_ASK = ("Mention me in a channel, send me a direct message, or type `/practice QUESTION` "
              "(only you see the answer). `/practice help` lists every command.")

DETAILS, MORE_LIKE_THIS, CONTACT = "details", "more_like_this", "contact"
MORE_RESULTS, SHARE = "more_results", "share"
COMMAND = "command"
"""A button whose value is the command text it runs (connect, follow, introduce): pressing it is the same as
typing it, so the registry's checks apply exactly as to typed text."""
CONNECT = "connect"
SHARE_PRACTICE, APPROVE, REJECT = "share_practice", "approve_submission", "reject_submission"
CASE_ACTIONS = {DETAILS: "show", MORE_LIKE_THIS: "like", CONTACT: "contact", CONNECT: "connect"}
"""Buttons on a case study and the command each one stands for; the button's value is the case id."""
REVIEW_ACTIONS = {APPROVE: "approve", REJECT: "reject"}
"""Buttons on a submission under review and the command each one stands for; the value is its reference."""
VALUE_ACTIONS = {**CASE_ACTIONS, **REVIEW_ACTIONS}
BUTTON_LABELS = {DETAILS: "Details", MORE_LIKE_THIS: "More like this", CONTACT: "Contact", CONNECT: "Connect me"}
FEEDBACK_ACTIONS = {"helpful": "feedback_helpful", "unhelpful": "feedback_unhelpful"}
"""Helpful / Not helpful on every answer; the value is the feedback command (verdict, case ids, question).
Two action ids, since Slack wants them unique within a block."""
ACTION_IDS = (*VALUE_ACTIONS, MORE_RESULTS, SHARE, SHARE_PRACTICE, COMMAND, *FEEDBACK_ACTIONS.values())
SHARE_FORM, REASON_FORM, PROMPT_FORM = "share_form", "reject_reason", "one_line"
"""The callback ids of the modals whose submissions the adapter handles; PROMPT_FORM asks one line that
completes a command (connect's purpose), carried in its private_metadata."""
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
    if action_id == COMMAND or action_id in FEEDBACK_ACTIONS.values():
        return Press(value)
    data = json.loads(value)
    return Press(str(data["command"]), max(1, int(data["page"])))


@dataclass(frozen=True)
class SlackMessage:
    text: str
    """Plain fallback for notifications and clients that cannot show blocks (escaped too)."""
    blocks: list[Block]

    def fields(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def slack_message(reply: Reply, *, command: str, page: int = 1, shareable: bool = False,
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
    return SlackMessage(clip(escape(fallback_text(reply)), MAX_FALLBACK_CHARS), shown)


def fallback_text(reply: object) -> str:
    """The plain text that goes with the blocks (notifications, clients without blocks): for an answer its
    one sentence, so the message says the contact once, in the blocks."""
    if isinstance(reply, Answer) and reply.answered:
        return headline(reply) or render_text(reply)
    if isinstance(reply, SimilarReply) and reply.answer.answered:
        return f"Case studies like '{reply.case.title}': " + (headline(reply.answer) or "")
    return render_text(reply)


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
    """The "Share your practice" modal, drawn from the form's one definition: one input a field, its block
    id the field's name, so the errors `desk.submit` returns per field map straight onto the blocks Slack
    shows them under."""
    blocks = [_section(escape(render_text(replace(reply, errors={}))))]
    for field in SHARE_FORM_FIELDS:
        label = "Contact" if field.kind == CONSENT_KIND else field.label
        blocks.append(_input(field.name, label, _form_element(field, reply), hint=_form_hint(field),
                             optional=field.optional))
    return _form_modal(SHARE_FORM, "Share your practice", blocks, private_metadata)


def _form_hint(field: FormField) -> str | None:
    return field.hint if field.kind not in (THEMES, REGION, CONSENT_KIND) else None


def _form_element(field: FormField, reply: ShareFormReply) -> Block:
    values = reply.values
    if field.kind == THEMES:
        options = {theme.id: _option(theme.label, theme.id) for theme in reply.themes}
        element: Block = {"type": "multi_static_select", "options": list(options.values()),
                          "max_selected_items": MAX_THEMES, "placeholder": {"type": "plain_text", "text": field.hint}}
        chosen = [options[t] for t in _listed(values.get(field.name)) if t in options]
        if chosen:
            element["initial_options"] = chosen
        return element
    if field.kind == REGION:
        regions = {region: _option(region, region) for region in reply.regions}
        element = {"type": "static_select", "options": list(regions.values()),
                   "placeholder": {"type": "plain_text", "text": field.hint}}
        if values.get(field.name) in regions:
            element["initial_option"] = regions[values[field.name]]
        return element
    if field.kind == CONSENT_KIND:
        element = {"type": "checkboxes", "options": [_option(field.label, CONSENT)]}
        if parse_bool(values.get(field.name)):
            element["initial_options"] = element["options"]
        return element
    kind = {URL: "url_text_input", EMAIL: "email_text_input"}.get(field.kind, "plain_text_input")
    return _text_input(values, field.name, kind=kind, multiline=field.kind == LONG_TEXT,
                       min_length=field.min_length, max_length=field.max_length)


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
    """At a glance: the one-sentence answer first, the best case with its figure, source and buttons, the next
    ones a line each, the contact once, and Helpful / Not helpful. At most 11 blocks (Slack shows a phone
    screen of about 12); 'Details' shows a case in full."""
    if not reply.answered:
        return [_section(escape(no_match_text(reply))), _share_invitation()]
    blocks = [_section(escape(headline(reply) or ""))]
    if reply.corrections:
        blocks.append(_context(escape(corrections_text(reply))))
    best = reply.results[0]
    case = best.case
    lines = [f"*{escape(case.title)}*", escape(f"{short_organisations(case)} · {region_year(case)}")]
    figure = answering_outcome(best, reply.intent)
    if figure:
        lines.append(_outcome(figure))
    lines.append(f"Source: {link(case.source.url, case.source.title)}{escape(dated(case))}")
    blocks += [_section("\n".join(lines)), _case_buttons(case, (DETAILS, MORE_LIKE_THIS, CONNECT))]
    rest = reply.results[1:]
    for result in rest[:MAX_NEXT_LINES]:
        blocks.append(_next_line(result, reply))
    if rest[MAX_NEXT_LINES:]:
        more = [_next_text(r, reply) for r in rest[MAX_NEXT_LINES:]]
        blocks.append(_section(f"*{len(more)} more:*\n" + "\n".join(f"• {line}" for line in more)))
    blocks.append(_context(escape(f"More help: {contact_line(reply.contact)}")))
    blocks.append(_feedback_buttons(reply))
    return blocks


def _next_text(result: Result, answer: Answer) -> str:
    title, organisations, figure = next_line(result, answer)
    return f"*{escape(title)}* · {escape(organisations)}" + (f" · *{escape(figure)}*" if figure else "")


def _next_line(result: Result, answer: Answer) -> Block:
    """A further result on one line (title, organisation, figure when it answers), with its Details button."""
    block = _section(_next_text(result, answer))
    block["accessory"] = _button("Details", DETAILS, result.case.id)
    return block


def _feedback_buttons(answer: Answer) -> Block:
    return _actions([_button(label, FEEDBACK_ACTIONS[verdict], feedback_command(answer, verdict))
                     for verdict, label in FEEDBACK_VERDICTS.items()])


def _result(result: Result) -> list[Block]:
    """One result in full (summary, follow-up, contact, why it matched): the pre-glance layout, kept for
    anything that wants a case in full beside others."""
    case = result.case
    lines = [f"*{escape(case.title)}*", escape(f"{organisations_text(case)} ({region_year(case)})")]
    if result.outcome:
        lines.append(_outcome(result.outcome))
    lines.append(escape(clip(case.summary, SUMMARY_CHARS)))
    lines.append(f"Source: {link(case.source.url, case.source.title)}{escape(dated(case))}")
    lines += [f"Follow up: {link(route.url, route.name)}" for route in routes(case)]
    lines.append(f"Contact: {escape(contact_line(result.contact))}")
    buttons = _case_buttons(case, (DETAILS, MORE_LIKE_THIS, CONTACT, CONNECT))
    return [_section("\n".join(lines)), _context(escape(why_text(result))), buttons, _DIVIDER]


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
                   + ([escape(as_of_sentence(case))] if case.as_of else [])),
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
    follow = _actions([_button(f"Follow {reply.theme.label}", COMMAND, f"follow {reply.theme.id}")])
    return [heading, follow, *[_case_line(case) for case in reply.cases]]


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


@render_blocks.register(IntroductionReply)
@render_blocks.register(IntroductionSettledReply)
@render_blocks.register(IntroductionOutcomeReply)
@render_blocks.register(ConnectionsReply)
@render_blocks.register(ConnectFormReply)
def _(reply: Reply) -> list[Block]:
    return _sections([escape(line) for line in render_text(reply).split("\n")])


@render_blocks.register
def _(reply: FollowingReply) -> list[Block]:
    blocks = _sections([escape(line) for line in render_text(reply).split("\n")])
    if reply.follows:
        blocks.append(_actions([_button(f"Unfollow {f.label}", COMMAND, f"unfollow {f.label}")
                                for f in reply.follows[:5]]))
    return blocks


@render_blocks.register
def _(reply: FollowNoticeReply) -> list[Block]:
    blocks = [_section(f"*New in Practice Bot* on what you follow ({escape(', '.join(reply.because))})")]
    for case in reply.cases[:MAX_LISTED_CASES]:
        blocks += [_case_line(case), _case_buttons(case, (DETAILS, CONNECT))]
    blocks.append(_context("Say `following` to see what you follow, or `unfollow NAME` to stop."))
    return blocks


@render_blocks.register
def _(reply: IntroductionRequestReply) -> list[Block]:
    i = reply.introduction
    blocks = _sections([escape(line) for line in render_text(reply).split("\n")[:2]])
    if i.routed_to == OWNER:
        buttons = [_button("Share my contact details", COMMAND, f"introduce {i.reference} yes", style="primary"),
                   _button("Decline", COMMAND, f"introduce {i.reference} no")]
    else:
        buttons = [_button("Passed on", COMMAND, f"introduce {i.reference} forwarded", style="primary")]
    return [*blocks, _actions(buttons)]


def prompt_form_view(reply: ConnectFormReply, *, private_metadata: str) -> dict[str, Any]:
    """'Connect me': one line on what the asker wants to learn (block id "reason", as for reject's modal)."""
    blocks = [_section(f"Ask to be introduced to the people behind *{escape(reply.case.title)}*."),
              _input(REASON, "What would you like to learn from them?", _text_input({}, REASON, max_length=300),
                     hint="One line; it goes to the person who shared the case, or to the curators.")]
    return _form_modal(PROMPT_FORM, "Connect me", blocks, private_metadata, submit="Send")


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
    """A text input, filled in with what was typed before (a form sent back with its errors). Only Slack's
    plain text input takes length limits; the URL and email inputs are checked by `validate` alone."""
    element: Block = {"type": kind}
    if multiline:
        element["multiline"] = True
    if min_length and kind == "plain_text_input":
        element["min_length"] = min_length
    if max_length and kind == "plain_text_input":
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
    return {"text": {"type": "plain_text", "text": clip(plain(label), MAX_OPTION_CHARS)}, "value": value}


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
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(mrkdwn, MAX_SECTION_CHARS)}}


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(plain(text), MAX_HEADER_CHARS)}}


def _context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(mrkdwn, MAX_SECTION_CHARS)}]}


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



_DIVIDER: Block = {"type": "divider"}


@render_blocks.register
def _(reply: DigestReply) -> list[Block]:
    heading, *rest = reply.lines()
    return [_header(heading), *_sections([escape(line) for line in rest])]
