"""Wording shared by every renderer, so Slack, Teams and the terminal say the same things the same way."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..answers import Answer, Result
from ..headline import (  # noqa: F401 - as_of_text and as_of_sentence re-exported for the renderers
    answering_outcome,
    as_of_sentence,
    as_of_text,
    short_organisations,
)
from ..knowledge.routes import follow_up_routes
from ..knowledge.schema import CaseStudy, FollowUp

if TYPE_CHECKING:  # a type only: `practice-bot ask` does not import the sharing desk
    from ..sharing.submission import Submission

ALSO_RELEVANT = "Also relevant:"
BEST_MATCH = "Best match:"
MAX_NEXT_LINES = 4
"""Further results shown one line each with their own Details button; the rest share one short list."""
SHORT_NAME = re.compile(r"\s*\(.*\)\s*$")
ABOUT = ("Practice Bot finds UK public-sector digital case studies: who did what, what it achieved, the "
         "source and who to contact.")

FIELD_NAMES = {
    "title": "title", "organisations": "organisation", "outcome kinds": "stated outcome", "tags": "keywords",
    "regions": "region", "areas": "area", "technologies": "technology", "outcomes": "outcomes", "summary": "summary",
    "themes": "theme", "name words": "organisation", "everyday": "everyday words for it",
}


MAX_ROUTES = 3
"""Follow-up routes shown for one case (a case of thirteen councils would otherwise list thirteen pages)."""


def organisations_text(case: CaseStudy) -> str:
    """The organisations as the case names them, an abolished council with the council(s) in its place now:
    "Forest Heath District Council, now West Suffolk Council"."""
    now = {r.name: r.successors for r in case.resolved if r.council is not None and r.council.abolished}
    if not any(now.values()):
        return ", ".join(case.organisations)
    parts = []
    for name in case.organisations:
        successors = now.get(name)
        parts.append(f"{name}, now {' and '.join(s.official_name for s in successors)}" if successors else name)
    return "; ".join(parts)


def routes(case: CaseStudy) -> tuple[FollowUp, ...]:
    """Who to follow the case up with besides Socitm: its own route, else its councils' GOV.UK pages."""
    return follow_up_routes(case)[:MAX_ROUTES]


def next_line(result: Result, answer: Answer) -> tuple[str, str, str | None]:
    """A further result as one line: its title, its organisations and the figure, only when the figure
    answers the question (a money question never shows '150 in total')."""
    outcome = answering_outcome(result, answer.intent) if answer.intent.outcome_kind or answer.intent.wants_money \
        else None
    return result.case.title, short_organisations(result.case), outcome.amount if outcome else None


def best_figure(result: Result, answer: Answer) -> str | None:
    """The best case's key figure, 'amount: what it was', when it answers the question."""
    outcome = answering_outcome(result, answer.intent)
    return f"{outcome.amount}: {outcome.text}" if outcome else None


def short_name(name: str) -> str:
    """'Socitm' for 'Socitm (Society of IT Management)': a button label that fits a phone."""
    return SHORT_NAME.sub("", name) or name


FEEDBACK_VERDICTS = {"helpful": "Helpful", "unhelpful": "Not helpful"}
MAX_FEEDBACK_IDS = 10
MAX_FEEDBACK_CHARS = 1_000


def feedback_command(answer: Answer, verdict: str) -> str:
    """The command a Helpful / Not helpful button sends: the verdict, the case ids shown and the question
    (never who pressed it). Kept short enough for any platform's button value."""
    ids = ",".join(r.case.id for r in answer.results[:MAX_FEEDBACK_IDS]) or "-"
    return f"feedback {verdict} {ids} {answer.query}"[:MAX_FEEDBACK_CHARS]


def why_text(result: Result) -> str:
    """'Matched: refuse (title), saved money (stated outcome)': why this case was chosen."""
    parts = [f"{r.words} ({FIELD_NAMES.get(r.field, r.field)})" for r in result.reasons]
    return "Matched: " + ", ".join(parts) if parts else "Matched"


def corrections_text(answer: Answer) -> str:
    """'(Read 'rooting' as 'routing'.)': the spelling the bot corrected, so users see what it understood."""
    return "(Read " + ", ".join(f"'{asked}' as '{read}'" for asked, read in answer.corrections) + ".)"


def no_match_text(answer: Answer) -> str:
    """The honest 'I don't know', with where to look next and who to ask; a topic the library is known to lack
    is named, so the asker knows not to try other words."""
    if answer.not_covered:
        topics = " or ".join(f"\"{topic}\"" for topic in answer.not_covered)
        lines = [f"The library has no case study about {topics} yet."]
    else:
        lines = [f"I don't have a case study that answers \"{answer.query}\" well."]
    if answer.nearest_themes:
        lines.append("Nearest themes: " + ", ".join(f"{t.label} (theme {t.id})" for t in answer.nearest_themes) + ".")
    else:
        lines.append("Try 'themes' to browse what the knowledge base covers.")
    c = answer.contact
    details = ", ".join(d for d in (c.phone, c.email) if d)
    lines.append(f"{c.name} may know who has done this: {details}.")
    return "\n".join(lines)


def submission_text(submission: Submission) -> str:
    """A submission as admins review it (plain text; renderers escape it for their platform)."""
    lines = [
        f"{submission.reference}: {submission.title}",
        f"Organisation: {submission.organisation} ({submission.region})",
        f"What they did: {submission.summary}",
        "Outcomes: " + "; ".join(submission.outcomes),
        f"Themes: {', '.join(submission.themes)}",
        f"Evidence: {submission.evidence_url}",
        f"Contact: {submission.contact_name}" + (f", {submission.contact_role}" if submission.contact_role else "")
        + (f", {submission.contact_email}" if submission.contact_email else "")
        + (" (agrees to be contacted)" if submission.consent else ""),
    ]
    return "\n".join(lines)


def decision_notice(submission: Submission, reason: str | None) -> str:
    """The outcome of a review, worded for the person who shared the case study."""
    if submission.status == "approved":
        return (f"Good news: your case study '{submission.title}' ({submission.reference}) has been approved and "
                f"is now in Practice Bot as '{submission.case_id}'. Thank you for sharing your practice!")
    return (f"Your case study '{submission.title}' ({submission.reference}) was not added this time. "
            f"The reviewer said: {reason or 'no reason given'}")


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis, for every platform's length limits."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
