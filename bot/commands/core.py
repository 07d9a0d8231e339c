"""The knowledge commands: asking, browsing themes and cases, contacts, and the operators' reload and status.

Each handler is registered with its argument shape and help text; the order of registration is the order
of the help reply.
"""
from __future__ import annotations

from rapidfuzz import fuzz, process

from ..answers import answer, similar
from ..knowledge.schema import CaseStudy
from ..reply import Reply
from ..sharing.reviewer import OPERATOR, ORG_ADMIN
from .registry import MAYBE_ONE_WORD, NOTHING, ONE_WORD, REGISTRY, WORDS, CommandRequest
from .replies import (
    CaseReply,
    ContactReply,
    HelpReply,
    NotFoundReply,
    NoticeReply,
    ReloadReply,
    SimilarReply,
    StatusReply,
    ThemeReply,
    ThemesReply,
)

QUESTION_HELP = ("QUESTION", "ask in plain words, e.g. who saved money on refuse routing?")


def ask(request: CommandRequest) -> Reply:
    """Anything that is not a command: a question for the search."""
    return answer(request.command.argument, request.snapshot)


@REGISTRY.command("help", NOTHING, "what the bot can do", aliases=("?",), menu=True)
def help_(request: CommandRequest) -> Reply:
    lines = (QUESTION_HELP, *((spec.how, spec.help) for spec in REGISTRY.listed()))
    return HelpReply(lines, request.snapshot.kb.general_contact)


@REGISTRY.command("thanks", NOTHING, "a short reply to thanks", listed=False)
def thanks(request: CommandRequest) -> Reply:
    return NoticeReply("You're welcome. If you have done something worth sharing, say 'share'.")


@REGISTRY.command("themes", NOTHING, "the themes, with how many case studies each has", menu=True)
def themes(request: CommandRequest) -> Reply:
    return ThemesReply(tuple(request.snapshot.kb.theme_counts()))


@REGISTRY.command("theme", WORDS, "the case studies of one theme, e.g. theme waste", bare="themes", menu=True)
def theme(request: CommandRequest) -> Reply:
    kb = request.snapshot.kb
    found = kb.theme_named(request.command.argument)
    if found is None:
        return NotFoundReply("theme", request.command.argument, tuple(t.id for t in kb.themes))
    return ThemeReply(found, kb.cases_in_theme(found.id))


@REGISTRY.command("show", ONE_WORD, "one case study in full", menu=True)
def show(request: CommandRequest) -> Reply:
    kb = request.snapshot.kb
    case = case_named(request)
    return case if isinstance(case, NotFoundReply) else CaseReply(case, kb.contact(case.contact))


@REGISTRY.command("like", ONE_WORD, "case studies similar to one you found")
def like(request: CommandRequest) -> Reply:
    case = case_named(request)
    return case if isinstance(case, NotFoundReply) else SimilarReply(case, similar(case, request.snapshot))


@REGISTRY.command("contact", MAYBE_ONE_WORD, "who to contact: Socitm, or the route for one case study",
                  usage="contact [ID]", aliases=("contacts",), menu=True)
def contact(request: CommandRequest) -> Reply:
    kb = request.snapshot.kb
    if not request.command.argument:
        return ContactReply(kb.general_contact)
    case = case_named(request)
    return case if isinstance(case, NotFoundReply) else ContactReply(kb.contact(case.contact), case)


@REGISTRY.command("reload", NOTHING, "operators: re-read the knowledge base, on every instance", roles=(OPERATOR,), menu=True)
async def reload(request: CommandRequest) -> Reply:
    return ReloadReply(await request.store.reload_async(trigger=request.actor.platform))


@REGISTRY.command("status", NOTHING, "admins: knowledge base version, size and last reload",
                  roles=(OPERATOR, ORG_ADMIN), menu=True)
def status(request: CommandRequest) -> Reply:
    store, snapshot = request.store, request.snapshot
    kb = snapshot.kb
    return StatusReply(
        version=kb.version, cases=len(kb.cases), themes=len(kb.themes), loaded_at=snapshot.loaded_at,
        last_reload=store.status.last_reload, last_error=store.status.last_error,
        reloads=store.status.reloads, failures=store.status.failures,
    )


def case_named(request: CommandRequest) -> CaseStudy | NotFoundReply:
    kb = request.snapshot.kb
    asked = request.command.argument
    case = kb.case(asked.strip().lower())
    if case is None:
        nearest = process.extract(asked.lower(), [c.id for c in kb.cases], scorer=fuzz.WRatio, limit=3, score_cutoff=50)
        return NotFoundReply("case study", asked, tuple(match for match, _score, _i in nearest))
    return case
