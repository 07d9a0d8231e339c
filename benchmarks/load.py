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

All traffic stays on loopback; every loop is bounded in time. The code is the package benchmarks/server/
(traffic, processes, cpu, report); this file starts the servers and runs the levels.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import shutil
import sys
import tempfile
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.server.cpu import Fakes, Target, cpu_per_request, floor_servers  # noqa: E402
from benchmarks.server.processes import free_port, start_server, wait_healthy  # noqa: E402
from benchmarks.server.report import print_cpu, print_table  # noqa: E402
from benchmarks.server.traffic import Reloader, Traffic, run_level  # noqa: E402
from tests.fakes.bot_connector import connector_answer  # noqa: E402
from tests.fakes.slack_api import FakeSlackApi  # noqa: E402
from tests.support.loopback import FakeServer, running  # noqa: E402


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
