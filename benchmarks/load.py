"""Load test: the real server under concurrent Slack and Teams traffic, with a reload in the middle.

Starts `practice-bot serve` on 127.0.0.1 in its own process (Slack and Teams on, Slack's Web API and the
Bot Connector played by our recording fakes on loopback), then for each level of concurrent senders sends
correctly signed slash commands, app_mention events and Teams message activities for a bounded time, and
asks the admin endpoint to reload the knowledge base halfway through. Prints requests/s, p50/p99
acknowledgement latency, errors, and how many answers reached the fakes. Each level is run twice: with the
senders back to back (each sends again as soon as it is acknowledged, which saturates the server, so the
latency is mostly time in the queue), and with each sender sending one request every --every seconds, as
people in a chat do (the arrival rate is then fixed, and the latency is what the server adds).

First it measures server CPU per request, one kind of request at a time, for our server and for the
bare-framework floors of `floors.py` (a fixed aiohttp reply, a bare bolt app acking the slash command or
taking the event, the same bolt app replying "hello", a bare Agents SDK bot replying), each in its own
process on the same fakes, taking turns in the same run, and prints the ratios against the issue's targets.
CPU is the server's processes' user+system time from /proc (workers included), so the load generator
sharing the machine does not count.

    python benchmarks/load.py [--seconds 5] [--levels 1,10,50,200] [--every 1] [--workers 1,2,4]
                              [--database-url URL] [--cpu-seconds 4] [--cpu-senders 10]

With --workers, the whole run is repeated with `serve --workers N` for each N (SO_REUSEPORT), and a summary
gives the best requests/s per worker count. --database-url runs the servers on that database (PostgreSQL:
the shared answered-event record is then PostgreSQL's), else each run has its own SQLite file.

All traffic stays on loopback; every loop is bounded in time.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.bot_connector import BOT, USER, connector_answer  # noqa: E402
from tests.fakes.slack_api import BOT_USER_ID, SIGNING_SECRET, TEAM_ID, FakeSlackApi, signature, slack_env  # noqa: E402
from tests.support.loopback import FakeServer, running  # noqa: E402

ADMIN_TOKEN = "load-test-admin-token"
QUESTIONS = [
    "who saved money on refuse routing?", "Wigan bins", "telecare savings", "virtual parking permits",
    "ransomware recovery", "how much did Hammersmith and Fulham save?", "what is the capital of France?",
]
TEAMS_PEOPLE = 50
"""Teams messages come from this many people; the first message of each is kept as where to reach them."""
TARGETS = {50: ("p99 < 100 ms and zero errors", lambda r: r["p99"] < 100 and r["errors"] == 0),
           200: ("zero errors", lambda r: r["errors"] == 0)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Traffic:
    """Builds the three kinds of request a chat platform sends, each one unique and correctly signed."""

    KINDS = ("slash", "event", "teams")
    IDS = itertools.count(1)
    """One sequence for every Traffic of the run: a server seeing an event id twice would drop it as a retry."""

    def __init__(self, server_url: str, slack_api_url: str, connector_url: str, kinds: tuple[str, ...] = KINDS):
        self.kinds = kinds
        self.server_url = server_url
        self.slack_api_url = slack_api_url
        self.connector_url = connector_url + "/"

    def next(self, n: int) -> tuple[str, bytes, dict[str, str]]:
        kind = self.kinds[n % len(self.kinds)]
        question = QUESTIONS[n % len(QUESTIONS)]
        unique = next(self.IDS)
        if kind == "slash":
            body = urlencode({"team_id": TEAM_ID, "channel_id": "C1", "user_id": "U1", "command": "/practice",
                              "text": question, "response_url": f"{self.slack_api_url}/response/{unique}",
                              "trigger_id": f"t.{unique}"})
            return "/slack/events", body.encode(), self._signed(body, "application/x-www-form-urlencoded")
        if kind == "event":
            ts = f"1710000000.{unique:06d}"
            body = json.dumps({"type": "event_callback", "team_id": TEAM_ID, "api_app_id": "A1",
                               "event_id": f"Ev{unique:010d}", "event_time": int(time.time()),
                               "event": {"type": "app_mention", "user": "U1", "channel": "C1", "ts": ts,
                                         "text": f"<@{BOT_USER_ID}> {question}"}})
            return "/slack/events", body.encode(), self._signed(body, "application/json")
        person = unique % TEAMS_PEOPLE  # each in their own personal chat with the bot, as in Teams
        activity = {"type": "message", "id": f"act-{unique}", "channelId": "msteams", "text": question,
                    "serviceUrl": self.connector_url, "recipient": BOT,
                    "from": {**USER, "id": f"29:load-{person}", "aadObjectId": f"aad-load-{person}"},
                    "conversation": {"id": f"a:load-{person}", "conversationType": "personal"}}
        return "/api/messages", json.dumps(activity).encode(), {"Content-Type": "application/json"}

    @staticmethod
    def _signed(body: str, content_type: str) -> dict[str, str]:
        stamp = str(int(time.time()))
        return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
                "X-Slack-Signature": signature(SIGNING_SECRET, stamp, body)}


async def send_for(http: aiohttp.ClientSession, traffic: Traffic, senders: int, seconds: float,
                   requests: int | None = None, every: float = 0.0) -> tuple[list[float], int]:
    """`senders` concurrent senders for `seconds` (or until `requests` were sent); the acknowledgement
    latencies (ms) and the count of failed requests.

    With `every` 0 (back to back) each sender sends its next request as soon as the last is acknowledged: the
    server is kept saturated, and latency is mostly the queue (senders / throughput). With `every` > 0 each
    sender sends one request every `every` seconds, as people do, the senders' turns spread evenly over the
    interval; a sender whose request takes longer than that sends the next at once."""
    latencies: list[float] = []
    errors = 0
    counter = itertools.count()
    started_at = time.perf_counter()
    deadline = started_at + seconds

    async def sender(index: int) -> None:
        nonlocal errors
        turn = started_at + every * index / senders
        while time.perf_counter() < deadline:
            if every:
                await asyncio.sleep(max(0.0, turn - time.perf_counter()))
                turn += every
                if time.perf_counter() >= deadline:
                    return
            n = next(counter)
            if requests is not None and n >= requests:
                return
            path, body, headers = traffic.next(n)
            started = time.perf_counter()
            try:
                async with http.post(traffic.server_url + path, data=body, headers=headers) as response:
                    await response.read()
                    ok = response.status < 300
            except (aiohttp.ClientError, asyncio.TimeoutError):
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not ok

    await asyncio.gather(*(sender(index) for index in range(senders)))
    return latencies, errors


async def run_level(http: aiohttp.ClientSession, traffic: Traffic, senders: int, seconds: float,
                    reload: Reloader, server_pid: int, every: float = 0.0) -> dict:
    """One level of load, with where the machine's CPU went during it: the server's processes, and this
    process (the senders and the fake Slack API and Bot Connector), each as cores' worth (1.0: one core).
    This process's own collector is off while it sends: its full passes paused every sender for up to
    0.3 s, which read as the server's latency (a level's garbage is collected after it)."""
    gc.collect()
    gc.disable()
    try:
        started, own, server = time.perf_counter(), time.process_time(), process_cpu_seconds(server_pid)
        reloading = asyncio.create_task(reload.after(seconds / 2))
        latencies, errors = await send_for(http, traffic, senders, seconds, every=every)
        elapsed = time.perf_counter() - started
    finally:
        gc.enable()
    cores = {"server_cores": (process_cpu_seconds(server_pid) - server) / elapsed,
             "generator_cores": (time.process_time() - own) / elapsed}
    reload_ok = await reloading
    latencies.sort()
    return {
        "senders": senders, "every": every, "requests": len(latencies), "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies), "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)],
        "errors": errors, "reload_ok": reload_ok, **cores,
    }


class Reloader:
    """Edits one case file and asks the server's admin endpoint to reload, mid-run."""

    def __init__(self, http: aiohttp.ClientSession, server_url: str, knowledge: Path):
        self.http = http
        self.server_url = server_url
        self.file = knowledge / "case-studies" / "wigan-in-cab-waste.yaml"
        self.original = self.file.read_text()
        self.count = 0

    async def after(self, delay: float) -> bool:
        await asyncio.sleep(delay)
        self.count += 1
        self.file.write_text(self.original.replace("summary: >-", f"summary: >-\n  Load test revision {self.count}.", 1))
        headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        async with self.http.post(self.server_url + "/admin/reload", headers=headers) as response:
            return response.status == 200


def start_server(port: int, knowledge: Path, slack_api_url: str, workers: int = 1,
                 database_url: str | None = None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CONNECTIONS__", "DATABASE_URL"))}
    env.update(slack_env(slack_api_url), PORT=str(port), HOST="127.0.0.1", TEAMS_ANONYMOUS="1",
               PRACTICE_BOT_KNOWLEDGE=str(knowledge),
               PRACTICE_BOT_DATABASE=str(knowledge.parent / "practice-bot.sqlite3"),
               PRACTICE_BOT_ADMIN_TOKEN=ADMIN_TOKEN, LOG_LEVEL="ERROR")
    if database_url:
        env.update(DATABASE_URL=database_url)
        env.pop("TEAMS_ANONYMOUS")  # anonymous Teams refuses a shared database
    profile = ["-m", "cProfile", "-o", os.environ["PROFILE_SERVER"]] if os.environ.get("PROFILE_SERVER") else []
    return subprocess.Popen([sys.executable, *profile, "-m", "bot.cli", "serve", "--workers", str(workers)], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def wait_healthy(http: aiohttp.ClientSession, url: str, workers: int = 1, timeout: float = 90.0) -> None:
    """Until every one of the server's `workers` processes answers: /readyz names the process that answered,
    each asked on a new connection, which the kernel gives to any worker (SO_REUSEPORT). Starting the load
    when only the first is up would pin the senders' kept-alive connections to that one."""
    deadline = time.monotonic() + timeout
    seen: set[int] = set()
    while time.monotonic() < deadline:
        try:
            async with http.get(url + "/readyz", headers={"Connection": "close"}) as response:
                if response.status == 200:
                    seen.add((await response.json())["pid"])
                    if len(seen) >= workers:
                        return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit(f"server did not become ready ({len(seen)} of {workers} workers answered)")


async def wait_listening(port: int, timeout: float = 30.0) -> None:
    """For the floors, which have no health endpoint: until the port accepts a connection."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.1)
    raise SystemExit(f"nothing listening on port {port}")


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """User+system CPU used so far by `pid` and its running descendants (a supervisor's workers), all
    threads included (aiosqlite's among them)."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue  # exited meanwhile
    return total


class Fakes:
    """Slack's Web API and the Bot Connector, shared by every server of the run."""

    def __init__(self, slack: FakeSlackApi, connector: FakeServer, slack_api_url: str, connector_url: str):
        self.slack = slack
        self.connector = connector
        self.slack_api_url = slack_api_url
        self.connector_url = connector_url

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
            latencies, errors = await send_for(http, traffic[name], senders, seconds / rounds)
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


async def run_server(http: aiohttp.ClientSession, fakes: Fakes, floors: dict[str, Target], args: argparse.Namespace,
                     levels: list[int], kinds: tuple[str, ...], workers: int) -> tuple[dict[str, float], list[dict]]:
    """One `serve --workers N` on a copy of the knowledge base: CPU per request per kind, taking turns with
    the floors, then the levels."""
    workdir = Path(tempfile.mkdtemp(prefix="practice-bot-load-"))
    knowledge = workdir / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge, ignore=shutil.ignore_patterns("*.md"))
    port = free_port()
    server = start_server(port, knowledge, fakes.slack_api_url, workers, args.database_url)
    url = f"http://127.0.0.1:{port}"
    try:
        await wait_healthy(http, url, workers)
        ours = {f"ours {kind}": Target(url, server.pid, kind) for kind in kinds}
        cpu = await cpu_per_request(http, fakes, {**floors, **ours}, args.cpu_senders, args.cpu_seconds)
        traffic = Traffic(url, fakes.slack_api_url, fakes.connector_url, kinds)
        reloader = Reloader(http, url, knowledge)
        rows = []
        for senders, every in itertools.product(levels, sorted({0.0, args.every})):
            before = fakes.seen()
            row = await run_level(http, traffic, senders, args.seconds, reloader, server.pid, every)
            await fakes.settled()  # let answers still in flight reach the fakes
            row["delivered"] = fakes.seen() - before
            rows.append(row)
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)
    return cpu, rows


async def main(args: argparse.Namespace) -> None:
    levels = [int(x) for x in args.levels.split(",")]
    kinds = tuple(args.kinds.split(","))
    if args.database_url:
        kinds = tuple(kind for kind in kinds if kind != "teams") or ("slash",)
    slack = FakeSlackApi()
    connector = FakeServer(respond=connector_answer)
    limits = aiohttp.TCPConnector(limit=max(levels + [args.cpu_senders]) + 10)
    async with running(slack.server.app()) as slack_api_url, running(connector.app()) as connector_url, \
            aiohttp.ClientSession(connector=limits, timeout=aiohttp.ClientTimeout(total=30)) as http:
        fakes = Fakes(slack, connector, slack_api_url, connector_url)
        summary = []
        async with floor_servers(fakes, kinds) as floors:
            for workers in [int(x) for x in args.workers.split(",")]:
                cpu, rows = await run_server(http, fakes, floors, args, levels, kinds, workers)
                print(f"== serve --workers {workers} ({'DATABASE_URL' if args.database_url else 'SQLite file'};"
                      f" kinds {','.join(kinds)})")
                print_cpu(cpu, kinds, args)
                print_table(rows, args.seconds, kinds)
                summary.append((workers, max(r["rps"] for r in rows if not r["every"]), sum(r["errors"] for r in rows)))
                print()
    if len(summary) > 1:
        print("workers  best req/s  errors  vs 1 worker")
        for count, rps, errors in summary:
            print(f"{count:>7} {rps:>11.1f} {errors:>7} {rps / summary[0][1]:>11.2f}x")


def print_cpu(cpu: dict[str, float], kinds: tuple[str, ...], args: argparse.Namespace) -> None:
    print(f"Server CPU per request (ms; {args.cpu_senders} senders; ours and the floors take turns, {args.cpu_seconds:g} s"
          " each in all; answers sent included):\n")
    print(f"{'kind':<6} {'ours':>6} {'floor':>6} {'ratio':>6}  target  {'':<4}  {'replying':>8} {'ratio':>6}  floor")
    for kind in kinds:
        ours, floor = cpu[f"ours {kind}"], cpu[f"floor {kind}"]
        _, target, label = FLOORS[kind]
        ratio = ours / floor if floor else float("inf")
        replying = cpu.get(f"replying {kind}")
        against = f"{replying:>8.2f} {ours / replying:>5.1f}x" if replying else f"{'-':>8} {'-':>6}"
        print(f"{kind:<6} {ours:>6.2f} {floor:>6.2f} {ratio:>5.1f}x  <={target:<4g}x  {'PASS' if ratio <= target else 'FAIL'}"
              f"  {against}  {label}")
    print(f"(aiohttp fixed reply, the web server alone: {cpu['fixed']:.2f} ms; replying: the bare bolt app replying"
          " \"hello\", floors.py bolt-reply)\n")


KIND_NAMES = {"slash": "Slack slash commands", "event": "app_mention events", "teams": "Teams messages"}


def print_table(rows: list[dict], seconds: float, kinds: tuple[str, ...]) -> None:
    print(f"Load: {seconds:g} s per level; {', '.join(KIND_NAMES[kind] for kind in kinds)} in turn;")
    print("one admin reload in the middle of each level. Latency = time to the HTTP acknowledgement. CPU in")
    print("cores' worth (1.0 = one core of the machine's): the server's processes, and the load generator with")
    print("the fake Slack API and Bot Connector, which share the machine. Each level twice: senders back to back")
    print("(each sends again once acknowledged: the server saturated, latency mostly queueing, senders / req/s),")
    print("and each sender sending once every few seconds as people do (the arrivals fixed, the latency the server's).\n")
    print(f"{'senders':>7} {'each sends':>12} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
          f" {'reload':>7} {'posts seen':>11} {'server CPU':>11} {'generator CPU':>14}")
    for r in rows:
        pace = f"every {r['every']:g} s" if r["every"] else "back to back"
        print(f"{r['senders']:>7} {pace:>12} {r['requests']:>9} {r['rps']:>8.1f} {r['p50']:>8.2f} {r['p99']:>8.2f} "
              f"{r['errors']:>7} {'ok' if r['reload_ok'] else 'FAILED':>7} {r['delivered']:>11}"
              f" {r['server_cores']:>11.2f} {r['generator_cores']:>14.2f}")
    print()
    for r in rows:
        if r["senders"] in TARGETS:
            label, check = TARGETS[r["senders"]]
            pace = f"each sending every {r['every']:g} s" if r["every"] else "back to back"
            print(f"target at {r['senders']} senders, {pace} ({label}): {'PASS' if check(r) else 'FAIL'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of each level (default 5)")
    parser.add_argument("--levels", default="1,10,50,200", help="concurrent senders per level")
    parser.add_argument("--kinds", default=",".join(Traffic.KINDS), help="request kinds to mix (slash,event,teams)")
    parser.add_argument("--workers", default="1", help="worker counts to compare, e.g. 1,2,4 (default 1)")
    parser.add_argument("--database-url", default=None,
                        help="run on this database (e.g. PostgreSQL); Teams traffic is left out, since the anonymous "
                             "Teams mode the load test uses refuses a shared database")
    parser.add_argument("--every", type=float, default=1.0,
                        help="each level is also run with each sender sending one request every this many seconds, "
                             "as people do, besides back to back (default 1; 0: back to back only)")
    parser.add_argument("--cpu-seconds", type=float, default=4.0, help="duration of each CPU measurement (default 4)")
    parser.add_argument("--cpu-senders", type=int, default=10, help="concurrent senders while measuring CPU (default 10)")
    asyncio.run(main(parser.parse_args()))
