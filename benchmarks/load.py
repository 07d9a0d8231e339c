"""Load test: the real server under concurrent Slack and Teams traffic, with a reload in the middle.

Starts `practice-bot serve` on 127.0.0.1 in its own process (Slack and Teams on, Slack's Web API and the
Bot Connector played by our recording fakes on loopback), then for each level of concurrent senders sends
correctly signed slash commands, app_mention events and Teams message activities for a bounded time, and
asks the admin endpoint to reload the knowledge base halfway through. Prints requests/s, p50/p99
acknowledgement latency, errors, and how many answers reached the fakes.

    python benchmarks/load.py [--seconds 5] [--levels 1,10,50,200] [--workers 1,2,4] [--database-url URL]

With --workers, the whole run is repeated with `serve --workers N` for each N (SO_REUSEPORT), and a summary
gives the best requests/s per worker count. --database-url runs the servers on that database (PostgreSQL:
the shared answered-event record is then PostgreSQL's), else each run has its own SQLite file.

All traffic stays on loopback; every loop is bounded in time.
"""
from __future__ import annotations

import argparse
import asyncio
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
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.bot_connector import BOT, USER, connector_answer  # noqa: E402
from tests.fakes.slack_api import BOT_USER_ID, SIGNING_SECRET, TEAM_ID, FakeSlackApi, signature, slack_env  # noqa: E402
from tests.support.loopback import FakeServer, running  # noqa: E402

ADMIN_TOKEN = "load-test-token"
QUESTIONS = [
    "who saved money on refuse routing?", "Wigan bins", "telecare savings", "virtual parking permits",
    "ransomware recovery", "how much did Hammersmith and Fulham save?", "what is the capital of France?",
]
TARGETS = {50: ("p99 < 100 ms and zero errors", lambda r: r["p99"] < 100 and r["errors"] == 0),
           200: ("zero errors", lambda r: r["errors"] == 0)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Traffic:
    """Builds the three kinds of request a chat platform sends, each one unique and correctly signed."""

    KINDS = ("slash", "event", "teams")

    def __init__(self, server_url: str, slack_api_url: str, connector_url: str, kinds: tuple[str, ...] = KINDS):
        self.kinds = kinds
        self.server_url = server_url
        self.slack_api_url = slack_api_url
        self.connector_url = connector_url + "/"
        self.ids = itertools.count(1)

    def next(self, n: int) -> tuple[str, bytes, dict[str, str]]:
        kind = self.kinds[n % len(self.kinds)]
        question = QUESTIONS[n % len(QUESTIONS)]
        unique = next(self.ids)
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
        activity = {"type": "message", "id": f"act-{unique}", "channelId": "msteams", "text": question,
                    "serviceUrl": self.connector_url, "from": USER, "recipient": BOT,
                    "conversation": {"id": f"a:load-{unique % 50}", "conversationType": "personal"}}
        return "/api/messages", json.dumps(activity).encode(), {"Content-Type": "application/json"}

    @staticmethod
    def _signed(body: str, content_type: str) -> dict[str, str]:
        stamp = str(int(time.time()))
        return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
                "X-Slack-Signature": signature(SIGNING_SECRET, stamp, body)}


async def run_level(http: aiohttp.ClientSession, traffic: Traffic, senders: int, seconds: float,
                    reload: Reloader) -> dict:
    latencies: list[float] = []
    errors = 0
    counter = itertools.count()
    deadline = time.perf_counter() + seconds

    async def sender() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            path, body, headers = traffic.next(next(counter))
            started = time.perf_counter()
            try:
                async with http.post(traffic.server_url + path, data=body, headers=headers) as response:
                    await response.read()
                    ok = response.status < 300
            except (aiohttp.ClientError, asyncio.TimeoutError):
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not ok

    started = time.perf_counter()
    reloading = asyncio.create_task(reload.after(seconds / 2))
    await asyncio.gather(*(sender() for _ in range(senders)))
    elapsed = time.perf_counter() - started
    reload_ok = await reloading
    latencies.sort()
    return {
        "senders": senders, "requests": len(latencies), "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies), "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)],
        "errors": errors, "reload_ok": reload_ok,
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


async def wait_healthy(http: aiohttp.ClientSession, url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            async with http.get(url + "/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit("server did not become healthy")


async def main(seconds: float, levels: list[int], kinds: tuple[str, ...], workers: int = 1,
               database_url: str | None = None) -> list[dict]:
    if database_url:
        kinds = tuple(kind for kind in kinds if kind != "teams") or ("slash",)
    workdir = Path(tempfile.mkdtemp(prefix="practice-bot-load-"))
    knowledge = workdir / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge, ignore=shutil.ignore_patterns("*.md"))
    slack = FakeSlackApi()
    connector = FakeServer(respond=connector_answer)
    port = free_port()
    async with running(slack.server.app()) as slack_api_url, running(connector.app()) as connector_url:
        server = start_server(port, knowledge, slack_api_url, workers, database_url)
        url = f"http://127.0.0.1:{port}"
        limits = aiohttp.TCPConnector(limit=max(levels) + 10)
        try:
            async with aiohttp.ClientSession(connector=limits, timeout=aiohttp.ClientTimeout(total=30)) as http:
                await wait_healthy(http, url)
                traffic = Traffic(url, slack_api_url, connector_url, kinds)
                reloader = Reloader(http, url, knowledge)
                rows = []
                for senders in levels:
                    before = len(slack.server.requests) + len(connector.requests)
                    row = await run_level(http, traffic, senders, seconds, reloader)
                    await asyncio.sleep(1.0)  # let answers still in flight reach the fakes
                    row["delivered"] = len(slack.server.requests) + len(connector.requests) - before
                    rows.append(row)
        finally:
            server.terminate()
            server.wait(timeout=20)
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"== serve --workers {workers} ({'DATABASE_URL' if database_url else 'SQLite file'}; kinds {','.join(kinds)})")
    print_table(rows, seconds)
    return rows


def print_table(rows: list[dict], seconds: float) -> None:
    print(f"Load: {seconds:g} s per level; Slack slash commands, app_mention events and Teams messages in turn;")
    print("one admin reload in the middle of each level. Latency = time to the HTTP acknowledgement.\n")
    print(f"{'senders':>7} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'reload':>7}"
          f" {'posts seen':>11}")
    for r in rows:
        print(f"{r['senders']:>7} {r['requests']:>9} {r['rps']:>8.1f} {r['p50']:>8.2f} {r['p99']:>8.2f} "
              f"{r['errors']:>7} {'ok' if r['reload_ok'] else 'FAILED':>7} {r['delivered']:>11}")
    print()
    for r in rows:
        if r["senders"] in TARGETS:
            label, check = TARGETS[r["senders"]]
            print(f"target at {r['senders']} senders ({label}): {'PASS' if check(r) else 'FAIL'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of each level (default 5)")
    parser.add_argument("--levels", default="1,10,50,200", help="concurrent senders per level")
    parser.add_argument("--kinds", default=",".join(Traffic.KINDS), help="request kinds to mix (slash,event,teams)")
    parser.add_argument("--workers", default="1", help="worker counts to compare, e.g. 1,2,4 (default 1)")
    parser.add_argument("--database-url", default=None,
                        help="run on this database (e.g. PostgreSQL); Teams traffic is left out, since the anonymous "
                             "Teams mode the load test uses refuses a shared database")
    args = parser.parse_args()
    summary = []
    for count in [int(x) for x in args.workers.split(",")]:
        rows = asyncio.run(main(args.seconds, [int(x) for x in args.levels.split(",")], tuple(args.kinds.split(",")),
                                count, args.database_url))
        summary.append((count, max(r["rps"] for r in rows), sum(r["errors"] for r in rows)))
        print()
    if len(summary) > 1:
        print("workers  best req/s  errors  vs 1 worker")
        for count, rps, errors in summary:
            print(f"{count:>7} {rps:>11.1f} {errors:>7} {rps / summary[0][1]:>11.2f}x")
