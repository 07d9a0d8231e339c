"""The one description of every chat command: its name, the shape of its argument, who may run it, its
help text and its handler, registered together (as bolt's `app.command()` registers matcher and handler).

Parsing, the help reply, the admin check, the Teams command menu and the Slack manifest's usage hint all
read this registry, so adding a command is one entry and one handler.
"""
from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..inbound import bounded
from ..reply import Reply
from ..sharing.reviewer import Reviewer
from ..store import KnowledgeStore, Snapshot

if TYPE_CHECKING:
    from ..sharing.desk import SharingDesk

REFERENCE = re.compile(r"PB-\d{4}-\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Shape:
    """What may follow a command word; text of any other shape after it makes the message a question, so
    "status of planning appeals" or "contact centre savings" are still asked, not run."""

    usage: str
    accepts: Callable[[str], bool]


NOTHING = Shape("", lambda rest: not rest)
ONE_WORD = Shape("ID", lambda rest: bool(rest) and " " not in rest)
MAYBE_ONE_WORD = Shape("[ID]", lambda rest: " " not in rest)
WORDS = Shape("NAME", bool)
MAYBE_DAYS = Shape("[DAYS]", lambda rest: not rest or rest.isdigit())
REFERENCE_AND_REASON = Shape("REF REASON", lambda rest: bool(REFERENCE.match(rest)))


@dataclass(frozen=True)
class Command:
    name: str
    argument: str


@dataclass(frozen=True)
class CommandRequest:
    """Everything a handler may use: the parsed command, the knowledge base, who is asking and where."""

    command: Command
    store: KnowledgeStore
    actor: Reviewer
    sharing: SharingDesk | None = None

    @property
    def snapshot(self) -> Snapshot:
        return self.store.snapshot


Handler = Callable[[CommandRequest], Reply | Awaitable[Reply]]


@dataclass(frozen=True)
class CommandSpec:
    name: str
    shape: Shape
    help: str
    handler: Handler
    roles: tuple[str, ...] = ()
    """Who may run it: anyone holding one of these roles (`sharing.reviewer`: operator, curator, a council's
    admin); empty for everyone. Others get a polite refusal and nothing changes."""
    needs_sharing: bool = False
    """Answered by the sharing desk, which exists only when a database is configured."""
    listed: bool = True
    """Shown in help and the platforms' command menus (small-talk replies such as 'thanks' are not)."""
    usage: str = ""
    """How help writes it, e.g. "theme NAME"; derived from the shape when empty."""
    menu: bool = False
    """One of the ten Teams shows in the bot's command menu."""

    @property
    def admin(self) -> bool:
        """Restricted to some people (help and the menus list these last)."""
        return bool(self.roles)

    @property
    def how(self) -> str:
        return self.usage or f"{self.name} {self.shape.usage}".strip()


class Registry:
    def __init__(self) -> None:
        self._specs: dict[str, CommandSpec] = {}
        self._aliases: dict[str, str] = {}
        self._bare: dict[str, str] = {}

    def command(self, name: str, shape: Shape, help: str, *, roles: tuple[str, ...] = (), needs_sharing: bool = False,
                listed: bool = True, usage: str = "", aliases: tuple[str, ...] = (),
                bare: str | None = None, menu: bool = False) -> Callable[[Handler], Handler]:
        """Register the decorated function as the handler of `name`. `bare` names the command a lone
        `name` runs instead (a lone "theme" lists the themes)."""

        def register(handler: Handler) -> Handler:
            self._specs[name] = CommandSpec(name, shape, help, handler, roles, needs_sharing, listed, usage, menu)
            self._aliases.update({alias: name for alias in aliases})
            if bare:
                self._bare[name] = bare
            return handler

        return register

    def __getitem__(self, name: str) -> CommandSpec:
        return self._specs[name]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self._specs)

    def listed(self) -> tuple[CommandSpec, ...]:
        return tuple(spec for spec in self._specs.values() if spec.listed)

    def match(self, text: str) -> Command | None:
        """The command `text` runs, or None when it is not a command of the right shape."""
        head, _, rest = text.partition(" ")
        name = head.lower().lstrip("/")
        name = self._aliases.get(name, name)
        if name in self._bare and not rest:
            return Command(self._bare[name], "")
        spec = self._specs.get(name)
        if spec is not None and spec.shape.accepts(rest):
            return Command(name, rest)
        return None

    async def run(self, request: CommandRequest, *, refuse: Callable[[CommandRequest], Reply],
                  unavailable: Callable[[CommandRequest], Reply]) -> Reply:
        """The one place that checks a command may run here and by this person, then runs it."""
        spec = self._specs[request.command.name]
        if spec.needs_sharing and request.sharing is None:
            return unavailable(request)
        if spec.roles and not request.actor.may(*spec.roles):
            return refuse(request)
        result = spec.handler(request)
        return await result if inspect.isawaitable(result) else result

    def run_now(self, request: CommandRequest) -> Reply:
        """A command whose handler needs no waiting (the CLI's `show` and `list`), without the checks: the
        CLI's user owns the files."""
        handler = self._specs[request.command.name].handler
        if inspect.iscoroutinefunction(handler):
            raise TypeError(f"'{request.command.name}' must be awaited")
        result = handler(request)
        assert isinstance(result, Reply)
        return result


REGISTRY = Registry()


def clean(text: str) -> str:
    return " ".join(bounded(text).split())
