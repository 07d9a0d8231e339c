"""Server CPU per request, ours and the bare-framework floors' (floors.py) taking turns on the same fakes."""
from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp

from tests.fakes.slack_api import FakeSlackApi
from tests.support.loopback import FakeServer

from .processes import ROOT, free_port, process_cpu_seconds, wait_listening
from .traffic import TEAMS_PEOPLE, Traffic, send_for


@dataclass(frozen=True)
class Fakes:
    """Slack's Web API and the Bot Connector, shared by every server of the run."""

    slack: FakeSlackApi
    connector: FakeServer
    slack_api_url: str
    connector_url: str

    def seen(self) -> int:
        return len(self.slack.server.requests) + len(self.connector.requests)

    async def settled(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Until no answer has reached the fakes for `quiet` seconds: work after the acknowledgement is done."""
        deadline = time.monotonic() + timeout
        last = -1
        while self.seen() != last and time.monotonic() < deadline:
            last = self.seen()
            await asyncio.sleep(quiet)


@dataclass(frozen=True)
class Target:
    """One server to measure with one kind of request."""

    url: str
    pid: int
    kind: str


async def cpu_per_request(http: aiohttp.ClientSession, fakes: Fakes, targets: dict[str, Target], senders: int,
                          seconds: float, rounds: int = 4) -> dict[str, float]:
    """Milliseconds of server CPU per request for each target, answers sent to the fakes included. The
    targets take turns, `rounds` times each, so that load from elsewhere on the machine (which makes each
    request cost more CPU: caches, frequency) falls on ours and the floors alike. After a warm-up (imports
    done lazily, bolt's first auth.test, the first connections, every Teams sender's first message, which is
    kept as their conversation reference)."""
    traffic = {name: Traffic(t.url, fakes.slack_api_url, fakes.connector_url, (t.kind,)) for name, t in targets.items()}
    for name in targets:
        await send_for(http, traffic[name], senders, 30.0, requests=2 * TEAMS_PEOPLE)
    await fakes.settled()
    used = dict.fromkeys(targets, 0.0)
    sent = dict.fromkeys(targets, 0)
    for _ in range(rounds):
        for name, target in targets.items():
            before = process_cpu_seconds(target.pid)
            latencies, errors, _ = await send_for(http, traffic[name], senders, seconds / rounds)
            await fakes.settled()
            used[name] += process_cpu_seconds(target.pid) - before
            sent[name] += len(latencies)
            if errors:
                print(f"  ({name}: {errors} of {len(latencies)} requests failed)")
    return {name: used[name] * 1000 / max(1, sent[name]) for name in targets}


FLOORS = {"slash": ("bolt", 3.0, "bare bolt AsyncApp acking the slash command"),
          "event": ("bolt", 3.0, "bare bolt AsyncApp taking the app_mention event"),
          "teams": ("agents", 1.5, "bare Agents SDK bot replying")}
"""Per kind of request: the floor server (floors.py), the target ratio (issue 15) and what the floor is."""
REPLYING = {"slash": "bolt-reply", "event": "bolt-reply"}
"""Slack's floors do not reply, where ours must and the Teams floor does: each is also measured against the
bare bolt app that replies "hello" (floors.py), which leaves the answer's own cost as the difference."""


@asynccontextmanager
async def floor_servers(fakes: Fakes, kinds: tuple[str, ...]) -> AsyncIterator[dict[str, Target]]:
    """The bare-framework servers, idle until measured: "fixed" (aiohttp alone, sent slash commands'
    bodies) and, per kind of request, "floor KIND"."""
    plan = {"fixed": ("aiohttp", "slash"), **{f"floor {kind}": (FLOORS[kind][0], kind) for kind in kinds},
            **{f"replying {kind}": (REPLYING[kind], kind) for kind in kinds if kind in REPLYING}}
    servers: dict[str, tuple[int, subprocess.Popen]] = {}
    try:
        for server_kind in {server_kind for server_kind, _ in plan.values()}:
            port = free_port()
            servers[server_kind] = port, subprocess.Popen(
                [sys.executable, str(ROOT / "benchmarks" / "floors.py"), server_kind, str(port), fakes.slack_api_url],
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for port, _ in servers.values():
            await wait_listening(port)
        yield {name: Target(f"http://127.0.0.1:{servers[server_kind][0]}", servers[server_kind][1].pid, kind)
               for name, (server_kind, kind) in plan.items()}
    finally:
        for _, process in servers.values():
            process.terminate()
            process.wait(timeout=20)
