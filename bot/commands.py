"""The chat commands every platform offers, parsed and answered without knowing the platform.

Slack's `/practice theme waste`, a Teams message "theme waste" and a card button that sends "show ID" all
arrive here as text; the result is a Reply object that each platform's renderer turns into its own format.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from rapidfuzz import fuzz, process

from .answers import Answer, answer, similar
from .errors import BotError, NotAuthorised
from .inbound import bounded
from .knowledge.schema import CaseStudy, Contact, Theme
from .store import KnowledgeStore, ReloadReport

from .sharing.reviewer import Reviewer

if TYPE_CHECKING:
    from .sharing.desk import SharingDesk

COMMANDS = (
    ("QUESTION", "ask in plain words, e.g. who saved money on refuse routing?"),
    ("help", "what the bot can do"),
    ("themes", "the themes, with how many case studies each has"),
    ("theme NAME", "the case studies of one theme, e.g. theme waste"),
    ("show ID", "one case study in full"),
    ("like ID", "case studies similar to one you found"),
    ("contact [ID]", "who to contact: Socitm, or the route for one case study"),
    ("share", "share your organisation's practice: a short form, reviewed before it is added"),
    ("reload", "admins: re-read the knowledge base files"),
    ("status", "admins: knowledge base version, size and last reload"),
    ("review", "admins: submissions waiting for review"),
    ("approve REF", "admins: add a submission to the knowledge base"),
    ("reject REF REASON", "admins: turn a submission down, saying why"),
    ("gaps [DAYS]", "admins: the questions nobody could answer lately"),
)
ADMIN_COMMANDS = frozenset({"reload", "status"})
SHARING_COMMANDS = frozenset({"share", "review", "approve", "reject", "gaps"})
"""Answered by the sharing desk (bot/sharing), which the server starts when a database is configured."""
THEME_MATCH_CUTOFF = 70


@dataclass(frozen=True)
class HelpReply:
    commands: tuple[tuple[str, str], ...]
    contact: Contact


@dataclass(frozen=True)
class ThemesReply:
    counts: tuple[tuple[Theme, int], ...]


@dataclass(frozen=True)
class ThemeReply:
    theme: Theme
    cases: tuple[CaseStudy, ...]


@dataclass(frozen=True)
class CaseReply:
    case: CaseStudy
    contact: Contact


@dataclass(frozen=True)
class SimilarReply:
    case: CaseStudy
    answer: Answer


@dataclass(frozen=True)
class ContactReply:
    contact: Contact
    case: CaseStudy | None = None


@dataclass(frozen=True)
class ReloadReply:
    report: ReloadReport


@dataclass(frozen=True)
class StatusReply:
    version: str
    cases: int
    themes: int
    loaded_at: float
    last_reload: float | None
    last_error: str | None
    reloads: int
    failures: int


@dataclass(frozen=True)
class RefusalReply:
    """An admin command from someone who is not an admin: polite, and nothing changes."""

    command: str
    contact: Contact


@dataclass(frozen=True)
class NoticeReply:
    """A short message: something could not be done, and why (no submission with that reference, ...)."""

    message: str


@dataclass(frozen=True)
class NotFoundReply:
    """A `show`/`theme` argument that matches nothing; suggestions are the nearest valid names."""

    what: str
    asked: str
    suggestions: tuple[str, ...]


Reply = Union[Answer, HelpReply, ThemesReply, ThemeReply, CaseReply, SimilarReply, ContactReply, ReloadReply,
              StatusReply, RefusalReply, NotFoundReply, NoticeReply, object]
"""Also the sharing desk's replies (bot/sharing/replies.py), not imported here to keep the CLI light."""


@dataclass(frozen=True)
class Command:
    name: str
    argument: str


NO_ARGUMENT = frozenset({"help", "themes", "reload", "status", "contact", "share", "review", "gaps"})
ID_ARGUMENT = frozenset({"show", "like", "contact", "approve"})
REFERENCE = re.compile(r"PB-\d{4}-\d+", re.IGNORECASE)
SMALL_TALK = (
    (re.compile(r"(hi|hello|hey|hiya|good (morning|afternoon|evening))( bot| practice bot)?"), "help"),
    (re.compile(r"(thanks|thank you|thanks a lot|cheers|ta)( bot| practice bot)?"), "thanks"),
    (re.compile(r"(what can you do|what do you do|how do(es)? (this|it|you) work|can you help( me)?|help me)"), "help"),
    (re.compile(r"(.* )?(who (should|do|can) i (contact|ask|speak to|talk to)|who to (contact|ask)|contact details"
                r"|(phone|telephone) number|email address|how (do|can) i (contact|reach) (you|socitm|someone))( .*)?"),
     "contact"),
)
"""What people say to a bot that is not a question about practice: greetings and thanks get the help text,
'who do I contact' gets the contact, rather than case studies that happen to mention contact centres.

They match the message reduced to lowercase words (`_words`), so no pattern needs runs of `\\W*`: two of those
in a row backtrack quadratically on a long run of punctuation."""
NON_WORDS = re.compile(r"[\W_]+")


def parse(text: str) -> Command:
    """Split chat text into a command and its argument; anything that is not a command is a question.

    A command word only counts when its argument has the right shape, so "status of planning appeals" or
    "contact centre savings" are still questions.
    """
    cleaned = " ".join(bounded(text).split())
    if not cleaned:
        return Command("help", "")
    head, _, rest = cleaned.partition(" ")
    name = {"contacts": "contact", "?": "help"}.get(head.lower().lstrip("/"), head.lower().lstrip("/"))
    if name in NO_ARGUMENT and not rest:
        return Command(name, "")
    if name == "theme":
        return Command("theme", rest) if rest else Command("themes", "")
    if name in ID_ARGUMENT and rest and " " not in rest:
        return Command(name, rest)
    if name == "gaps" and rest.isdigit():
        return Command(name, rest)
    if name == "reject" and REFERENCE.match(rest):
        return Command(name, rest)
    words = NON_WORDS.sub(" ", cleaned).strip().lower()
    for pattern, command in SMALL_TALK:
        if pattern.fullmatch(words):
            return Command(command, "")
    return Command("ask", cleaned)


async def handle(text: str, store: KnowledgeStore, *, is_admin: bool, platform: str = "unknown", user_id: str = "",
                 sharing: "SharingDesk | None" = None) -> Reply:
    """Answer one chat message or command. Reload runs in a worker thread; nothing here blocks answering.

    `platform` labels the question for the store's observers (metrics by platform); `platform` and `user_id`
    say who is acting for the sharing commands, which need the server's `sharing` desk."""
    started = time.perf_counter()
    command = parse(text)
    if command.name in ADMIN_COMMANDS and not is_admin:
        return RefusalReply(command.name, store.snapshot.kb.general_contact)
    if command.name in SHARING_COMMANDS:
        return await _sharing(command, store, sharing, Reviewer(platform, user_id, is_admin))
    if command.name == "reload":
        return ReloadReply(await store.reload_async(trigger=platform))
    reply = respond(command, store)
    if isinstance(reply, Answer):
        store.observe_question(platform, reply.query, reply.answered, time.perf_counter() - started)
    return reply


async def _sharing(command: Command, store: KnowledgeStore, sharing: "SharingDesk | None", reviewer: Reviewer) -> Reply:
    if sharing is None:
        return NoticeReply("Sharing practice is not set up on this server yet. To share a case study meanwhile, "
                           f"contact {store.snapshot.kb.general_contact.name}.")
    try:
        return await sharing.run(command.name, command.argument, reviewer)
    except NotAuthorised:
        return RefusalReply(command.name, store.snapshot.kb.general_contact)
    except BotError as error:
        return NoticeReply(str(error))


def respond(command: Command, store: KnowledgeStore) -> Reply:
    """Every command but reload, answered from the current snapshot (also used by the CLI)."""
    snapshot = store.snapshot
    kb = snapshot.kb
    if command.name == "help":
        return HelpReply(COMMANDS, kb.general_contact)
    if command.name == "thanks":
        return NoticeReply("You're welcome. If you have done something worth sharing, say 'share'.")
    if command.name == "themes":
        return ThemesReply(tuple(kb.theme_counts()))
    if command.name == "theme":
        theme = find_theme(command.argument, kb.themes)
        if theme is None:
            return NotFoundReply("theme", command.argument, tuple(t.id for t in kb.themes))
        return ThemeReply(theme, kb.cases_in_theme(theme.id))
    if command.name in ("show", "like") or (command.name == "contact" and command.argument):
        case = kb.case(command.argument.strip().lower())
        if case is None:
            return NotFoundReply("case study", command.argument, _nearest_ids(command.argument, kb.cases))
        if command.name == "show":
            return CaseReply(case, kb.contact(case.contact))
        if command.name == "like":
            return SimilarReply(case, similar(case, snapshot))
        return ContactReply(kb.contact(case.contact), case)
    if command.name == "contact":
        return ContactReply(kb.general_contact)
    if command.name == "status":
        return StatusReply(
            version=kb.version, cases=len(kb.cases), themes=len(kb.themes), loaded_at=snapshot.loaded_at,
            last_reload=store.status.last_reload, last_error=store.status.last_error,
            reloads=store.status.reloads, failures=store.status.failures,
        )
    return answer(command.argument, snapshot)


def find_theme(name: str, themes: tuple[Theme, ...]) -> Theme | None:
    """A theme by id, label or close spelling ("waste", "Waste and street scene", "cyber secruity")."""
    wanted = name.strip().lower()
    for theme in themes:
        if wanted in (theme.id, theme.label.lower()):
            return theme
    choices = {theme.id: f"{theme.id} {theme.label} {' '.join(theme.words)}".lower() for theme in themes}
    found = process.extractOne(wanted, choices, scorer=fuzz.partial_ratio, score_cutoff=THEME_MATCH_CUTOFF)
    return next(t for t in themes if t.id == found[2]) if found and wanted else None


def _nearest_ids(asked: str, cases: tuple[CaseStudy, ...]) -> tuple[str, ...]:
    found = process.extract(asked.lower(), [c.id for c in cases], scorer=fuzz.WRatio, limit=3, score_cutoff=50)
    return tuple(match for match, _score, _i in found)


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
