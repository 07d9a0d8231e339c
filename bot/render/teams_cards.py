"""Adaptive Cards for every Reply, as Microsoft Teams shows them.

Schema 1.4, because 1.5 fails to render in some Teams clients. Every card carries the plain-text rendering
as `fallbackText` for clients without cards, and stays under Teams' 40 KB message limit. Buttons send the
same text commands a user could type ("show ID", "like ID", "contact ID", "theme ID"), so a click and a
typed command take one path through `commands.handle`. All text from questions and case studies goes
through `teams_escape.escape`, so it can never become a link, a mention or formatting.
"""
from __future__ import annotations

import json
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
from ..headline import headline, short_organisations
from ..knowledge.schema import CaseStudy, Contact
from ..settings import parse_bool
from ..sharing.form import CONSENT, LONG_TEXT, REGION, SHARE_FORM_FIELDS, THEMES, FormField
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
)
from ..sharing.submission import Submission
from .answer_text import contact_line, dated, outcome_line, region_year
from .teams_escape import escape
from .text import render_text
from .words import (
    ABOUT,
    ALSO_RELEVANT,
    FEEDBACK_VERDICTS,
    as_of_sentence,
    best_figure,
    clip,
    corrections_text,
    feedback_command,
    next_line,
    no_match_text,
    organisations_text,
    routes,
    short_name,
    submission_text,
    why_text,
)

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.4"
MAX_CARD_BYTES = 40_000
MAX_LISTED_CASES = 10
"""Teams refuses messages over about 40 KB; the card is the message's bulk."""
MAX_TEXT_CHARS = 2_000
"""One text block is cut here: a runaway summary must not crowd out the rest of the answer."""
MAX_FALLBACK_CHARS = 6_000
SHORTENED = "(Shortened to fit a Teams message: ask 'show ID' for one case study in full.)"
SHARE_FORM = "share"
"""`data.form` of the share form's submit button: how the adapter tells a filled-in form from a command."""
SHARE_ACTION = "Share your practice"
MAX_REVIEW_ITEMS = 10
"""Pending submissions shown in full on one review card; 'review' again after deciding shows the rest."""
MAX_REASON = 1_000

Element = dict[str, Any]
Content = tuple[list[Element], list[Element]]
"""A card's body and its card-level actions."""


def render_card(reply: object, *, greeting: str | None = None) -> Element:
    """The whole Adaptive Card for `reply`, optionally headed by a greeting (the welcome card)."""
    body, actions = card_content(reply)
    if greeting:
        body = [text_block(greeting, size="Large", weight="Bolder"), *body]
    card = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "fallbackText": escape(clip(render_text(reply), MAX_FALLBACK_CHARS)),
        "body": body,
        "actions": actions,
    }
    return _within_limit(card)


def card_size(card: Element) -> int:
    """Bytes of the card as sent, the measure Teams' limit applies to."""
    return len(json.dumps(card, ensure_ascii=False).encode("utf-8"))


@singledispatch
def card_content(reply: object) -> Content:
    raise TypeError(f"no Teams card for {type(reply).__name__}")


@card_content.register
def _(reply: Answer) -> Content:
    """At a glance: the one-sentence answer, the best case with its figure and buttons (rows of at most
    three short labels, so none is cut on a 320 px phone), the next ones a line each (a row opens its
    details), the contact once, and Helpful / Not helpful. No numbered titles: Teams reads "1. Title" as a
    Markdown list."""
    if not reply.answered:
        return _no_match(reply)
    body = [text_block(headline(reply) or "", weight="Bolder")]
    if reply.corrections:
        body.append(text_block(corrections_text(reply), isSubtle=True, spacing="Small"))
    body.append(_best(reply.results[0], reply))
    rest = reply.results[1:]
    if rest:
        body.append(_container([text_block(ALSO_RELEVANT, weight="Bolder"),
                                *(_next_row(result, reply) for result in rest)]))
    body.append(text_block(f"More help: {contact_line(reply.contact)}", isSubtle=True, separator=True))
    body += button_rows([submit(label, feedback_command(reply, verdict)) for verdict, label in FEEDBACK_VERDICTS.items()])
    return body, []


def _best(result: Result, answer: Answer) -> Element:
    case = result.case
    items = [
        text_block(case.title, size="Medium", weight="Bolder"),
        text_block(f"{short_organisations(case)} · {region_year(case)}", isSubtle=True, spacing="None"),
    ]
    figure = best_figure(result, answer)
    if figure:
        items.append(labelled("Outcome", figure))
    items.append(text_block(f"Source: {case.source.title}{dated(case)}", isSubtle=True, size="Small"))
    items += button_rows([submit("Details", f"show {case.id}"), _open_url("Source", case.source.url)])
    items += button_rows([submit("More like this", f"like {case.id}"), submit("Connect me", f"connect {case.id}")])
    return _container(items)


def _next_row(result: Result, answer: Answer) -> Element:
    """A further result on one line: its title, organisation and the figure when it answers; tapping it
    opens its details."""
    title, organisations, figure = next_line(result, answer)
    text = f"**{escape(clip(title, MAX_TEXT_CHARS))}** · {escape(organisations)}" + (
        f" · **{escape(figure)}**" if figure else "")
    return {"type": "Container", "spacing": "Small", "selectAction": submit(title, f"show {result.case.id}"),
            "items": [{"type": "TextBlock", "text": text, "wrap": True}]}


def _result(number: int, result: Result) -> Element:
    """One result in full, for callers that want the pre-glance layout (nothing in the bot uses it now)."""
    case = result.case
    items = [
        text_block(case.title, size="Medium", weight="Bolder"),
        text_block(f"{organisations_text(case)} ({region_year(case)})", isSubtle=True, spacing="None"),
    ]
    if result.outcome:
        items.append(labelled("Outcome", outcome_line(result.outcome)))
    items += [
        text_block(case.summary),
        *_follow_up(case),
        labelled("Contact", contact_line(result.contact)),
        text_block(why_text(result), isSubtle=True, size="Small"),
        *button_rows([_open_url("Source", case.source.url), *_case_actions(case)]),
    ]
    return _container(items)


def _no_match(reply: Answer) -> Content:
    themes = [submit(theme.label, f"theme {theme.id}") for theme in reply.nearest_themes]
    return [*_lines(no_match_text(reply)), *button_rows(themes),
            *button_rows([submit(SHARE_ACTION, "share"), *_contact_actions(reply.contact)])], []


@card_content.register
def _(reply: CaseReply) -> Content:
    case = reply.case
    body = [
        text_block(case.title, size="Large", weight="Bolder"),
        text_block(f"{organisations_text(case)} ({region_year(case)})", isSubtle=True, spacing="None"),
        text_block(case.summary),
        text_block("Outcomes", weight="Bolder"),
        *(text_block(f"• {outcome_line(outcome)}", spacing="Small") for outcome in case.outcomes),
    ]
    if case.technologies:
        body.append(labelled("Technologies", ", ".join(case.technologies)))
    body += [
        labelled("Themes", ", ".join(case.themes)),
        *_follow_up(case),
        labelled("Contact", contact_line(reply.contact)),
        text_block(f"id: {case.id}", isSubtle=True, size="Small"),
        *(text_block(f"Source{_nth(n, case.sources)}: {source.title}", isSubtle=True, size="Small", spacing="Small")
          for n, source in enumerate(case.sources, 1)),
        *button_rows([_open_url(f"Source{_nth(n, case.sources)}", source.url) for n, source in enumerate(case.sources, 1)]),
        *button_rows(_case_actions(case)[1:]),  # no 'Details' button on the details themselves
    ]
    return body, []


def _nth(number: int, items: tuple) -> str:
    """'' for the only one, else ' 2': 'Source', or 'Source 1', 'Source 2' (short labels fit a phone)."""
    return "" if len(items) == 1 else f" {number}"


@card_content.register
def _(reply: SimilarReply) -> Content:
    if not reply.answer.answered:
        return _lines(render_text(reply)), [submit("Themes", "themes")]
    body, actions = card_content(reply.answer)
    return [text_block(f"Case studies like '{reply.case.title}':", weight="Bolder"), *body], actions


@card_content.register
def _(reply: HelpReply) -> Content:
    facts = [{"title": escape(command), "value": escape(description)} for command, description in reply.commands]
    body = [
        text_block(ABOUT),
        {"type": "FactSet", "facts": facts},
        labelled("Contact", contact_line(reply.contact)),
    ]
    return [*body, *button_rows([submit("Themes", "themes"), submit(SHARE_ACTION, "share"),
                                 *_contact_actions(reply.contact)])], []


@card_content.register
def _(reply: ThemesReply) -> Content:
    rows = [_row(f"{theme.label} ({count})", f"theme {theme.id}") for theme, count in reply.counts]
    return [text_block("Themes (case studies)", weight="Bolder"), *rows], []


@card_content.register
def _(reply: ThemeReply) -> Content:
    heading = text_block(f"{reply.theme.label}: {len(reply.cases)} case studies", weight="Bolder")
    return [heading, *(_case_row(case) for case in reply.cases)], [submit(f"Follow {reply.theme.label}",
                                                                         f"follow {reply.theme.id}")]


@card_content.register
def _(reply: ContactReply) -> Content:
    actions = [submit("Details", f"show {reply.case.id}")] if reply.case else []
    found = routes(reply.case) if reply.case else ()
    actions += [_open_url(f"Follow up{_nth(n, found)}", route.url) for n, route in enumerate(found, 1)]
    return [*_lines(render_text(reply)), *button_rows(actions + _contact_actions(reply.contact))], []


@card_content.register
def _(reply: NotFoundReply) -> Content:
    command = "theme" if reply.what == "theme" else "show"
    return _lines(render_text(reply)), [submit(name, f"{command} {name}") for name in reply.suggestions]


@card_content.register(ReloadReply)
@card_content.register(StatusReply)
@card_content.register(RefusalReply)
@card_content.register(NoticeReply)
@card_content.register(SubmittedReply)
@card_content.register(DecisionReply)
@card_content.register(DecisionNoticeReply)
@card_content.register(GapsReply)
@card_content.register(IntroductionReply)
@card_content.register(IntroductionSettledReply)
@card_content.register(IntroductionOutcomeReply)
@card_content.register(ConnectionsReply)
def _(reply: object) -> Content:
    return _lines(render_text(reply)), []


@card_content.register
def _(reply: FollowingReply) -> Content:
    return _lines(render_text(reply)), [submit(f"Unfollow {f.label}", f"unfollow {f.label}") for f in reply.follows[:4]]


@card_content.register
def _(reply: FollowNoticeReply) -> Content:
    body = [text_block(f"New in Practice Bot on what you follow ({', '.join(reply.because)})", weight="Bolder")]
    for case in reply.cases[:MAX_LISTED_CASES]:
        body.append(_container([text_block(case.title, weight="Bolder"), text_block(", ".join(case.organisations)),
                                {"type": "ActionSet", "actions": [submit("Details", f"show {case.id}"),
                                                                  submit("Connect me", f"connect {case.id}")]}]))
    return body, []


@card_content.register
def _(reply: IntroductionRequestReply) -> Content:
    i = reply.introduction
    if i.routed_to == OWNER:
        actions = [submit("Share my contact", f"introduce {i.reference} yes"), submit("Decline", f"introduce {i.reference} no")]
    else:
        actions = [submit("Passed on", f"introduce {i.reference} forwarded")]
    return _lines("\n".join(render_text(reply).split("\n")[:2])), actions


@card_content.register
def _(reply: ConnectFormReply) -> Content:
    body = [
        text_block(f"Ask to be introduced to the people behind '{reply.case.title}'", weight="Bolder"),
        {"type": "Input.Text", "id": "reason", "label": "What would you like to learn from them?", "maxLength": 300,
         "placeholder": "One line, e.g. how they got crews to use it"},
    ]
    return body, [{"type": "Action.Submit", "title": "Send", "data": {"command": f"connect {reply.case.id}"}}]


# Sharing practice. Inputs carry the submitter's own words back as values, unescaped: an input's value is
# never read as Markdown, and escaping it would add backslashes to what they submit next time.

@card_content.register
def _(reply: ShareFormReply) -> Content:
    body = [
        text_block("Share your practice", size="Large", weight="Bolder"),
        text_block("Tell other public-sector organisations what you did and what it achieved. An admin reviews "
                   "it before it is added to Practice Bot."),
    ]
    if reply.errors:
        body.append(text_block("Please correct the fields marked below.", color="Attention", weight="Bolder"))
    for field in SHARE_FORM_FIELDS:
        body.append(_share_input(field, reply))
        if field.name in reply.errors:
            body.append(text_block(reply.errors[field.name], color="Attention", size="Small", spacing="None"))
    return body, [{"type": "Action.Submit", "title": "Submit for review", "data": {"form": SHARE_FORM}}]


def _share_input(field: FormField, reply: ShareFormReply) -> Element:
    """One input of the form's one definition, filled in with what was typed before."""
    name, value = field.name, reply.values.get(field.name)
    if field.kind == THEMES:
        chosen = value.split(",") if isinstance(value, str) else list(value or ())
        return {"type": "Input.ChoiceSet", "id": name, "label": f"{field.label} ({field.hint.lower()})",
                "isMultiSelect": True, "style": "expanded", "value": ",".join(str(theme).strip() for theme in chosen),
                "choices": [{"title": theme.label, "value": theme.id} for theme in reply.themes]}
    if field.kind == REGION:
        return {"type": "Input.ChoiceSet", "id": name, "label": field.label, "style": "compact",
                "placeholder": field.hint, "value": str(value or ""),
                "choices": [{"title": region, "value": region} for region in reply.regions]}
    if field.kind == CONSENT:
        agreed = parse_bool(value)
        return {"type": "Input.Toggle", "id": name, "title": field.label, "valueOn": "true", "valueOff": "false",
                "value": "true" if agreed else "false", "wrap": True}
    label = f"{field.label} (optional)" if field.optional else field.label
    element = {"type": "Input.Text", "id": name, "label": label, "placeholder": field.example or field.hint,
               "isMultiline": field.kind == LONG_TEXT, "value": str(value or "")}
    return {**element, "maxLength": field.max_length} if field.max_length else element


@card_content.register
def _(reply: ReviewRequestReply) -> Content:
    body = [text_block("New submission to review", size="Medium", weight="Bolder"), *_submission(reply.submission)]
    return body, _review_actions(reply.submission)


@card_content.register
def _(reply: ReviewListReply) -> Content:
    if not reply.submissions:
        return _lines(render_text(reply)), []
    shown = reply.submissions[:MAX_REVIEW_ITEMS]
    body = [text_block(f"{len(reply.submissions)} waiting for review", weight="Bolder")]
    for submission in shown:
        items = [*_submission(submission), {"type": "ActionSet", "actions": _review_actions(submission)}]
        body.append(_container(items))
    if len(reply.submissions) > len(shown):
        body.append(text_block(f"…and {len(reply.submissions) - len(shown)} more: decide these, then 'review' again.",
                               isSubtle=True))
    return body, []


@card_content.register
def _(reply: ReasonFormReply) -> Content:
    reference = reply.submission.reference
    body = [
        text_block(f"Why is {reference} ('{reply.submission.title}') turned down?", weight="Bolder"),
        {"type": "Input.Text", "id": "reason", "label": "Reason (the submitter will read it)", "isMultiline": True,
         "maxLength": MAX_REASON, "placeholder": "e.g. Please add a link to published figures"},
    ]
    return body, [{"type": "Action.Submit", "title": "Reject with this reason", "data": {"command": f"reject {reference}"}}]


def _submission(submission: Submission) -> list[Element]:
    """A submission as admins review it: the shared wording, every line escaped (all of it is user-supplied)."""
    heading, *details = submission_text(submission).split("\n")
    return [text_block(heading, weight="Bolder"), *(text_block(line, spacing="Small") for line in details)]


def _review_actions(submission: Submission) -> list[Element]:
    return [
        submit("Approve", f"approve {submission.reference}"),
        submit("Reject", f"reject {submission.reference}"),
        _open_url("Open the evidence", submission.evidence_url),
    ]


def text_block(value: str, **style: Any) -> Element:
    """A wrapped TextBlock showing `value` exactly as written (escaped, and cut if very long)."""
    return {"type": "TextBlock", "text": escape(clip(value, MAX_TEXT_CHARS)), "wrap": True, **style}


def labelled(label: str, value: str) -> Element:
    """'**Outcome:** …': our own bold label, then the escaped value."""
    return {"type": "TextBlock", "text": f"**{label}:** {escape(clip(value, MAX_TEXT_CHARS))}", "wrap": True}


def submit(title: str, command: str) -> Element:
    """A button that sends `command` as if typed, as `value.command`. A plain Action.Submit: Teams' msteams
    messageBack works in Teams but throws in the Microsoft 365 Agents Playground before reaching the bot."""
    return {"type": "Action.Submit", "title": clip(title, 40), "data": {"command": command}}


MAX_ROW_BUTTONS = 3
"""Buttons in one row: four or five cut their labels to 'Dig…', 'S…' on a 320 px phone."""


def button_rows(actions: list[Element], size: int = MAX_ROW_BUTTONS) -> list[Element]:
    """Actions as ActionSets of at most `size` each, so every label fits a phone."""
    return [{"type": "ActionSet", "actions": actions[i:i + size]} for i in range(0, len(actions), size)]


def _case_actions(case: CaseStudy) -> list[Element]:
    return [
        submit("Details", f"show {case.id}"),
        submit("More like this", f"like {case.id}"),
        submit("Contact", f"contact {case.id}"),
        submit("Connect me", f"connect {case.id}"),
    ]


def _follow_up(case: CaseStudy) -> list[Element]:
    """How current the case is ("As of May 2021") and its follow-up routes, each a button to open."""
    items = [text_block(as_of_sentence(case), isSubtle=True, size="Small")] if case.as_of else []
    found = routes(case)
    if found:
        items += [labelled("Follow up", "; ".join(route.name for route in found)),
                  *button_rows([_open_url(f"Follow up{_nth(n, found)}", route.url) for n, route in enumerate(found, 1)])]
    return items


def _contact_actions(contact: Contact) -> list[Element]:
    return [_open_url(short_name(contact.name), contact.url)] if contact.url else []


def _open_url(title: str, url: str) -> Element:
    return {"type": "Action.OpenUrl", "title": clip(title, 40), "url": url}


def _case_row(case: CaseStudy) -> Element:
    return _row(f"{case.title} ({organisations_text(case)}) [{case.id}]", f"show {case.id}")


def _row(value: str, command: str) -> Element:
    """One line of a list that runs `command` when clicked."""
    return {"type": "Container", "items": [text_block(f"• {value}")], "selectAction": submit(value, command),
            "spacing": "Small"}


def _container(items: list[Element]) -> Element:
    return {"type": "Container", "items": items, "separator": True, "spacing": "Medium"}


def _lines(text: str) -> list[Element]:
    """Multi-line text as one block per line: Teams joins single newlines inside a TextBlock."""
    return [text_block(line.strip(), spacing="Small") for line in text.split("\n") if line.strip()]



def _within_limit(card: Element) -> Element:
    """Drop trailing body elements until the card fits Teams' limit, saying so; normally nothing is dropped."""
    if card_size(card) <= MAX_CARD_BYTES:
        return card
    body = list(card["body"])
    shortened = {**card, "body": body, "fallbackText": clip(card["fallbackText"], MAX_FALLBACK_CHARS // 4)}
    while len(body) > 1 and card_size({**shortened, "body": [*body, text_block(SHORTENED)]}) > MAX_CARD_BYTES:
        body.pop()
    shortened["body"] = [*body, text_block(SHORTENED, isSubtle=True)]
    return shortened


@card_content.register
def _(reply: DigestReply) -> Content:
    heading, *rest = reply.lines()
    return [text_block(heading, size="Medium", weight="Bolder"), *_lines("\n".join(rest))], []
