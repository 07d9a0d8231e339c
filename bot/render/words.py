"""Wording shared by every renderer, so Slack, Teams and the terminal say the same things the same way."""
from __future__ import annotations

import calendar

from ..answers import Answer, Result
from ..knowledge.routes import follow_up_routes
from ..knowledge.schema import CaseStudy, FollowUp
from ..sharing.submission import Submission

ALSO_RELEVANT = "Also relevant:"
ABOUT = ("Practice Bot finds UK public-sector digital case studies: who did what, what it achieved, the "
         "source and who to contact.")

FIELD_NAMES = {
    "title": "title", "organisations": "organisation", "outcome kinds": "stated outcome", "tags": "keywords",
    "regions": "region", "technologies": "technology", "outcomes": "outcomes", "summary": "summary",
    "themes": "theme",
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


def as_of_text(case: CaseStudy) -> str | None:
    """"as of 2016", "as of May 2021", "as of 14 May 2021": how current the case's figures are."""
    if not case.as_of:
        return None
    parts = case.as_of.split("-")
    if len(parts) == 1:
        return f"as of {parts[0]}"
    month = calendar.month_name[int(parts[1])]
    return f"as of {month} {parts[0]}" if len(parts) == 2 else f"as of {int(parts[2])} {month} {parts[0]}"


def routes(case: CaseStudy) -> tuple[FollowUp, ...]:
    """Who to follow the case up with besides Socitm: its own route, else its councils' GOV.UK pages."""
    return follow_up_routes(case)[:MAX_ROUTES]


def why_text(result: Result) -> str:
    """'Matched: refuse (title), saved money (stated outcome)': why this case was chosen."""
    parts = [f"{r.words} ({FIELD_NAMES.get(r.field, r.field)})" for r in result.reasons]
    return "Matched: " + ", ".join(parts) if parts else "Matched"


def corrections_text(answer: Answer) -> str:
    """'(Read 'rooting' as 'routing'.)': the spelling the bot corrected, so users see what it understood."""
    return "(Read " + ", ".join(f"'{asked}' as '{read}'" for asked, read in answer.corrections) + ".)"


def no_match_text(answer: Answer) -> str:
    """The honest 'I don't know', with where to look next and who to ask."""
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
