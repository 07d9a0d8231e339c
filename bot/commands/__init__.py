"""The chat commands every platform offers, parsed and answered without knowing the platform.

Slack's `/practice theme waste`, a Teams message "theme waste" and a card button that sends "show ID" all
arrive here as text; the result is a Reply that each platform's renderer turns into its own format. Which
commands exist, what they take and who may run them is the registry's (`registry.py`), filled by
`core.py` and `sharing.py`.
"""
from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from ..answers import Answer, answer
from ..errors import BotError, NotAuthorised
from ..reply import Reply
from ..search.peers import asks_for_peers
from ..sharing.reviewer import Reviewer
from ..store import KnowledgeStore
from . import core, loop  # noqa: F401 - importing them registers their commands
from . import sharing as _sharing_commands  # noqa: F401 - registers the sharing commands
from .core import ask
from .registry import REGISTRY, Command, CommandRequest, clean
from .replies import (
    CaseReply,
    ContactReply,
    FeedbackReply,
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

if TYPE_CHECKING:
    from ..sharing.desk import SharingDesk

__all__ = [
    "Answer", "CaseReply", "FeedbackReply", "Command", "ContactReply", "HelpReply", "NoticeReply", "NotFoundReply",
    "RefusalReply",
    "ReloadReply", "Reply", "SimilarReply", "StatusReply", "ThemeReply", "ThemesReply", "handle", "parse",
    "respond", "REGISTRY",
]

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

They match the message reduced to lowercase words, so no pattern needs runs of non-word characters: two of
those in a row backtrack quadratically on a long run of punctuation."""
NON_WORDS = re.compile(r"[\W_]+")


def parse(text: str) -> Command:
    """Split chat text into a command and its argument; anything that is not a command is a question.

    A command word only counts when its argument has the registered shape, so "status of planning appeals"
    or "contact centre savings" are still questions.
    """
    cleaned = clean(text)
    if not cleaned:
        return Command("help", "")
    command = REGISTRY.match(cleaned)
    if command is not None:
        return command
    words = NON_WORDS.sub(" ", cleaned).strip().lower()
    for pattern, name in SMALL_TALK:
        if pattern.fullmatch(words):
            return Command(name, "")
    return Command("ask", cleaned)


async def handle(text: str, store: KnowledgeStore, *, is_admin: bool, platform: str = "unknown", user_id: str = "",
                 sharing: SharingDesk | None = None, organisation: str = "",
                 roles: frozenset[str] = frozenset()) -> Reply:
    """Answer one chat message or command. Reload runs in a worker thread; nothing here blocks answering.

    `platform` labels the question for the store's observers (metrics by platform); `platform` and `user_id`
    say who is acting for the sharing commands, which need the server's `sharing` desk; `organisation`
    ("slack:T123") is where they act from and `roles` what `bot.access` lets them do."""
    started = time.perf_counter()
    request = CommandRequest(parse(text), store, Reviewer(platform, user_id, is_admin, organisation, roles), sharing)
    if request.command.name == "ask":
        reply = await ask_as_peer(request) if asks_for_peers(request.command.argument) else ask(request)
        if isinstance(reply, Answer):
            store.observe_question(platform, reply.query, reply.answered, time.perf_counter() - started,
                                   organisation=organisation)
        return reply
    try:
        return await REGISTRY.run(request, refuse=_refusal, unavailable=_sharing_off)
    except NotAuthorised:
        return _refusal(request)
    except BotError as error:
        return NoticeReply(str(error))


async def ask_as_peer(request: CommandRequest) -> Reply:
    """'Councils like mine': the asker's council (from 'i am from ...') sets the peers; without one, say how."""
    council = None
    if request.sharing is not None:
        code = await request.sharing.loop.council_of(request.actor.platform, request.actor.user_id)
        council = request.snapshot.kb.registry.council(code) if code else None
    if council is None:
        return NoticeReply("To find councils like yours, first say which council you work for, e.g. "
                           "'i am from Rugby'. Then ask again.")
    return answer(request.command.argument, request.snapshot, like=council)


def respond(command: Command, store: KnowledgeStore) -> Reply:
    """A command answered at once from the current snapshot, for the CLI (whose user owns the files)."""
    request = CommandRequest(command, store, Reviewer("cli", "", is_admin=True))
    return ask(request) if command.name == "ask" else REGISTRY.run_now(request)


def _refusal(request: CommandRequest) -> Reply:
    return RefusalReply(request.command.name, request.snapshot.kb.general_contact)


def _sharing_off(request: CommandRequest) -> Reply:
    if request.command.name == "feedback":
        return FeedbackReply("Thank you. (This server keeps no database, so feedback is not recorded here.)")
    return NoticeReply("Sharing practice is not set up on this server yet. To share a case study meanwhile, "
                       f"contact {request.snapshot.kb.general_contact.name}.")
