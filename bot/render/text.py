"""Plain text for every Reply: the CLI's output and the fallback for chat clients that cannot show cards."""
from __future__ import annotations

import datetime
import time
from functools import singledispatch

from ..answers import Answer
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
from ..sharing.records import ACCEPTED, DECLINED, OWNER
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
from .answer_text import answer_text, contact_line, full_answer_text, outcome_line, region_year, route_line
from .words import (
    ABOUT,
    as_of_sentence,
    decision_notice,
    organisations_text,
    routes,
    submission_text,
)


@singledispatch
def render_text(reply: object) -> str:
    raise TypeError(f"no text rendering for {type(reply).__name__}")


render_text.register(Answer, answer_text)


def render_full_text(reply: object) -> str:
    """An answer in full (`practice-bot ask --full`); other replies as `render_text` has them."""
    return full_answer_text(reply) if isinstance(reply, Answer) else render_text(reply)


@render_text.register
def _(reply: CaseReply) -> str:
    case = reply.case
    lines = [case.title, f"{organisations_text(case)} ({region_year(case)})", "", case.summary, "", "Outcomes:"]
    lines += [f"  - {outcome_line(o)}" for o in case.outcomes]
    if case.technologies:
        lines.append(f"Technologies: {', '.join(case.technologies)}")
    lines.append(f"Themes: {', '.join(case.themes)}")
    lines.append("Sources:")
    lines += [f"  - {s.title} <{s.url}>" for s in case.sources]
    if case.as_of:
        lines.append(as_of_sentence(case) + (" (the month a curator confirmed the source)" if case.as_of_confirmed else ""))
    lines += [f"Follow up: {route_line(route)}" for route in routes(case)]
    lines.append(f"Contact: {contact_line(reply.contact)}")
    lines.append(f"[id: {case.id}]")
    return "\n".join(lines)


@render_text.register
def _(reply: SimilarReply) -> str:
    if not reply.answer.answered:
        return f"No other case studies are close to '{reply.case.title}'. Try 'themes' to browse."
    return f"Case studies like '{reply.case.title}':\n\n" + render_text(reply.answer)


@render_text.register
def _(reply: HelpReply) -> str:
    width = max(len(c) for c, _ in reply.commands)
    lines = [ABOUT, ""]
    lines += [f"  {c.ljust(width)}  {d}" for c, d in reply.commands]
    lines += ["", f"Contact: {contact_line(reply.contact)}"]
    return "\n".join(lines)


@render_text.register
def _(reply: ThemesReply) -> str:
    width = max(len(t.id) for t, _ in reply.counts)
    return "Themes (case studies):\n" + "\n".join(f"  {t.id.ljust(width)}  {t.label} ({n})" for t, n in reply.counts)


@render_text.register
def _(reply: ThemeReply) -> str:
    lines = [f"{reply.theme.label}: {len(reply.cases)} case studies"]
    lines += [f"  - {c.title} ({organisations_text(c)}) [{c.id}]" for c in reply.cases]
    return "\n".join(lines)


@render_text.register
def _(reply: ContactReply) -> str:
    if reply.case:
        found = routes(reply.case)
        direct = "; ".join(route_line(route) for route in found) if found else f"{organisations_text(reply.case)} directly"
        return f"To follow up '{reply.case.title}', contact {direct}, or ask {contact_line(reply.contact)}."
    return f"For help finding or sharing digital practice: {contact_line(reply.contact)}."


@render_text.register
def _(reply: ReloadReply) -> str:
    return reply.report.summary


@render_text.register
def _(reply: StatusReply) -> str:
    loaded = datetime.datetime.fromtimestamp(reply.loaded_at).isoformat(timespec="seconds")
    return "\n".join([
        f"Knowledge base version {reply.version}: {reply.cases} case studies in {reply.themes} themes.",
        f"Loaded {loaded}; last reload {uptime_since(reply.last_reload)} "
        f"({reply.reloads} reloads, {reply.failures} failed).",
        f"Last error: {reply.last_error or 'none'}",
    ])


@render_text.register
def _(reply: RefusalReply) -> str:
    return (f"Sorry, '{reply.command}' is for Practice Bot admins only, and nothing has been changed. "
            f"If you think you should be one, ask your workspace admin.")


@render_text.register
def _(reply: NotFoundReply) -> str:
    hint = f" Did you mean: {', '.join(reply.suggestions)}?" if reply.suggestions else ""
    return f"No {reply.what} called '{reply.asked}'.{hint}"


@render_text.register
def _(reply: NoticeReply) -> str:
    return reply.message


@render_text.register
def _(reply: ShareFormReply) -> str:
    lines = ["Share your organisation's practice: fill in the form (organisation, title, what you did, outcomes "
             "with figures, themes, region, a link to evidence, and a contact). An admin reviews it before it "
             "is added."]
    lines += [f"  - {field}: {message}" for field, message in reply.errors.items()]
    return "\n".join(lines)


@render_text.register
def _(reply: SubmittedReply) -> str:
    return (f"Thank you! Your case study '{reply.submission.title}' is submitted as {reply.submission.reference}. "
            "An admin will review it, and you will hear the outcome here.")


@render_text.register
def _(reply: ReviewRequestReply) -> str:
    return "New submission to review:\n" + submission_text(reply.submission)


@render_text.register
def _(reply: ReviewListReply) -> str:
    if not reply.submissions:
        return "No submissions are waiting for review."
    return f"{len(reply.submissions)} waiting for review:\n\n" + "\n\n".join(submission_text(s) for s in reply.submissions)


@render_text.register
def _(reply: ReasonFormReply) -> str:
    return (f"Why is {reply.submission.reference} ('{reply.submission.title}') turned down? "
            f"Send: reject {reply.submission.reference} REASON")


@render_text.register
def _(reply: DecisionReply) -> str:
    s = reply.submission
    if s.status == "approved":
        return f"Approved {s.reference}: added as case study {reply.case_id}. {reply.reload_summary or ''}".strip()
    return f"Rejected {s.reference}; the submitter will be told why."


@render_text.register
def _(reply: DecisionNoticeReply) -> str:
    return decision_notice(reply.submission, reply.reason)


@render_text.register
def _(reply: GapsReply) -> str:
    if not reply.groups:
        return f"No unanswered questions in the last {reply.days} days."
    lines = [f"Most asked unanswered questions, last {reply.days} days:"]
    lines += [f"  {g.count:4d} x {g.example}" + (f" (+{g.similar} similar)" if g.similar else "") for g in reply.groups]
    return "\n".join(lines)


# The sharing loop: follows and introductions.

@render_text.register
def _(reply: FollowNoticeReply) -> str:
    lines = [f"New in Practice Bot, on what you follow ({', '.join(reply.because)}):"]
    lines += [f"  - {case.title} ({', '.join(case.organisations)}) [show {case.id}]" for case in reply.cases]
    lines.append("Say 'following' to see what you follow, or 'unfollow NAME' to stop.")
    return "\n".join(lines)


@render_text.register
def _(reply: FollowingReply) -> str:
    lines = [reply.message] if reply.message else []
    if reply.follows:
        lines.append("You follow: " + ", ".join(f.label for f in reply.follows) + ".")
    else:
        lines.append("You follow nothing yet. Try 'follow waste', 'follow Wales' or 'follow \"West Suffolk\"'.")
    return "\n".join(lines)


@render_text.register
def _(reply: ConnectFormReply) -> str:
    return (f"What would you like to learn from the people behind '{reply.case.title}'? Reply with "
            f"'connect {reply.case.id} ' and one line, e.g. how they got staff to use it.")


@render_text.register
def _(reply: IntroductionReply) -> str:
    who = ("the person who shared it, who agreed to be contacted" if reply.introduction.routed_to == OWNER
           else "the curators, who will pass it to the organisation")
    return (f"Your request {reply.introduction.reference} to be introduced about '{reply.case.title}' has gone to "
            f"{who}. You will hear here when they answer; 'connections' shows its status. Your contact "
            "details are not shared with anyone unless you share them.")


@render_text.register
def _(reply: IntroductionRequestReply) -> str:
    i = reply.introduction
    lines = [f"Introduction request {i.reference} about '{reply.case.title}':",
             f"Someone from {i.asker_organisation or 'another organisation'} ({i.asker_platform}) would like to "
             f"learn: {i.purpose}"]
    if i.routed_to == OWNER:
        lines.append(f"Share your contact details with them: 'introduce {i.reference} yes'; or decline: "
                     f"'introduce {i.reference} no'. Nothing is shared unless you say yes.")
    else:
        lines.append(f"Curators: pass it to {', '.join(reply.case.organisations)} through your usual route, then "
                     f"'introduce {i.reference} forwarded' so the asker is told.")
    return "\n".join(lines)


@render_text.register
def _(reply: IntroductionSettledReply) -> str:
    return f"Thank you: {reply.introduction.reference} is {reply.introduction.status}, and the asker is being told."


@render_text.register
def _(reply: IntroductionOutcomeReply) -> str:
    i, title = reply.introduction, reply.case.title
    if i.status == ACCEPTED:
        return (f"Good news on {i.reference} ('{title}'): the person who shared it is happy to talk. "
                f"Contact: {', '.join(reply.contact)}.")
    if i.status == DECLINED:
        return (f"{i.reference} ('{title}'): the person who shared it cannot take this on just now. "
                "Say 'contact' for who else can help.")
    return f"{i.reference} ('{title}'): the curators have passed your request to the organisation."


@render_text.register
def _(reply: ConnectionsReply) -> str:
    if not reply.introductions:
        return "You have not asked to be introduced to anyone yet. Press 'Connect me' on a case study."
    return "\n".join(["Your introduction requests:"] + [f"  {i.reference}  {i.status:9}  {title}"
                                                       for i, title in reply.introductions])


def uptime_since(timestamp: float | None) -> str:
    """'3 minutes ago' style text for status replies."""
    if timestamp is None:
        return "never"
    seconds = int(time.time() - timestamp)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


@render_text.register
def _(reply: DigestReply) -> str:
    return "\n".join(reply.lines())
