"""The sharing loop's commands: follow what interests you, and ask to be introduced to the people who did
the work. They need the sharing desk (a database), like the other sharing commands."""
from __future__ import annotations

from ..knowledge.schema import Council
from ..reply import Reply
from ..sharing.records import Follow
from ..sharing.replies import ConnectFormReply, FollowingReply
from ..sharing.targets import read_target
from .core import case_named
from .registry import NOTHING, REGISTRY, WORDS, Command, CommandRequest, Shape
from .replies import NotFoundReply, NoticeReply

ID_AND_PURPOSE = Shape("ID [PURPOSE]", lambda rest: bool(rest) and not rest.startswith(("-", "?")))
REFERENCE_AND_VERDICT = Shape("REF yes|no|forwarded", lambda rest: rest.upper().startswith("IN-") and " " in rest)
FOLLOWABLE = ("a theme (e.g. waste), a nation or region (e.g. Wales, North West) or an organisation the "
              "library names (e.g. \"West Suffolk\")")


@REGISTRY.command("follow", WORDS, "hear about new case studies on a theme, nation, region or organisation",
                  usage="follow NAME", needs_sharing=True, menu=True)
async def follow(request: CommandRequest) -> Reply:
    assert request.sharing is not None
    target = read_target(request.command.argument, request.snapshot.kb)
    if target is None:
        return NotFoundReply("thing to follow", request.command.argument, (FOLLOWABLE,))
    actor = request.actor
    added = await request.sharing.loop.follow(Follow(actor.platform, actor.user_id, target.kind, target.value,
                                                     target.label))
    message = (f"You now follow {target.label}: you will get one message when a case study about it is added."
               if added else f"You already follow {target.label}.")
    return FollowingReply(tuple(await request.sharing.loop.follows_of(actor.platform, actor.user_id)), message)


@REGISTRY.command("unfollow", WORDS, "stop hearing about a theme, region or organisation", needs_sharing=True,
                  listed=False)
async def unfollow(request: CommandRequest) -> Reply:
    assert request.sharing is not None
    actor, loop = request.actor, request.sharing.loop
    target = read_target(request.command.argument, request.snapshot.kb)
    removed = target is not None and await loop.unfollow(actor.platform, actor.user_id, target.kind, target.value)
    message = f"You no longer follow {target.label}." if removed and target else \
        f"You were not following {request.command.argument!r}."
    return FollowingReply(tuple(await loop.follows_of(actor.platform, actor.user_id)), message)


@REGISTRY.command("following", NOTHING, "what you follow", needs_sharing=True)
async def following(request: CommandRequest) -> Reply:
    assert request.sharing is not None
    actor = request.actor
    return FollowingReply(tuple(await request.sharing.loop.follows_of(actor.platform, actor.user_id)))


FROM = Shape("am from NAME", lambda rest: rest.lower().startswith("am from ") and len(rest) > 8)


@REGISTRY.command("i", FROM, "say which council you work for, so 'councils like mine' means your peers",
                  usage="i am from COUNCIL", needs_sharing=True)
async def i_am_from(request: CommandRequest) -> Reply:
    assert request.sharing is not None
    name = request.command.argument[len("am from "):].strip().strip("\"'“”")
    found = request.snapshot.kb.registry.lookup(name)
    if not isinstance(found, Council):
        return NotFoundReply("council", name, ("a UK council's name, e.g. i am from Rugby",))
    current = request.snapshot.kb.registry.successors(found)[:1] or (found,)
    council = current[0]
    await request.sharing.loop.set_council(request.actor.platform, request.actor.user_id, council.code)
    size = f", about {council.population:,} people" if council.population else ""
    return NoticeReply(f"Noted: you are from {council.official_name} ({council.type_name}{size}). Ask about "
                       "'councils like mine' to see what councils of that kind and size have done.")


@REGISTRY.command("connect", ID_AND_PURPOSE, "ask to be introduced to the people who did a case study",
                  usage="connect ID [PURPOSE]", needs_sharing=True, menu=True)
async def connect(request: CommandRequest) -> Reply:
    assert request.sharing is not None
    case_id, _, purpose = request.command.argument.partition(" ")
    case = case_named(CommandRequest(Command("show", case_id), request.store, request.actor))
    if isinstance(case, NotFoundReply):
        return case
    if not purpose.strip():
        return ConnectFormReply(case)
    return await request.sharing.introductions.request(case, request.actor, purpose)


@REGISTRY.command("connections", NOTHING, "your introduction requests and what became of them", needs_sharing=True)
async def connections(request: CommandRequest) -> Reply:
    assert request.sharing is not None
    return await request.sharing.introductions.of(request.actor)


@REGISTRY.command("introduce", REFERENCE_AND_VERDICT, "answer an introduction request", needs_sharing=True,
                  listed=False, usage="introduce REF yes|no|forwarded")
async def introduce(request: CommandRequest) -> Reply:
    assert request.sharing is not None
    reference, _, verdict = request.command.argument.partition(" ")
    return await request.sharing.introductions.settle(reference, verdict.strip(), request.actor)


