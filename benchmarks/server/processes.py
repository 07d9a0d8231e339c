"""The processes a load run measures: our server (`practice-bot serve`, with workers) started and waited
for, the floors' servers waited for, and any process's CPU so far, read from /proc."""
from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from tests.fakes.slack_api import slack_env

ROOT = Path(__file__).resolve().parents[2]
ADMIN_TOKEN = "load-test-admin-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
