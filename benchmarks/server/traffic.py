"""The requests a chat platform sends (signed Slack slash commands and app_mention events, Teams message
activities), the senders that send them, and one level of load with an admin reload halfway through."""
from __future__ import annotations

import asyncio
import gc
import itertools
import json
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from tests.fakes.bot_connector import BOT, USER
from tests.fakes.slack_api import BOT_USER_ID, SIGNING_SECRET, TEAM_ID, signature

from .processes import ADMIN_TOKEN, process_cpu_seconds

QUESTIONS = [
    "who saved money on refuse routing?", "Wigan bins", "telecare savings", "virtual parking permits",
    "ransomware recovery", "how much did Hammersmith and Fulham save?", "what is the capital of France?",
]
TEAMS_PEOPLE = 50
"""Teams messages come from this many people; the first message of each is kept as where to reach them."""


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
                   requests: int | None = None, every: float = 0.0) -> tuple[list[float], int, int]:
    """`senders` concurrent senders for `seconds` (or until `requests` were sent); the acknowledgement
    latencies (ms), the count of failed requests and the count of acknowledgements that carried the answer
    (a slash command's immediate response).

    With `every` 0 (back to back) each sender sends its next request as soon as the last is acknowledged: the
    server is kept saturated, and latency is mostly the queue (senders / throughput). With `every` > 0 each
    sender sends one request every `every` seconds, as people do, the senders' turns spread evenly over the
    interval; a sender whose request takes longer than that sends the next at once."""
    latencies: list[float] = []
    errors = in_ack = 0
    counter = itertools.count()
    started_at = time.perf_counter()
    deadline = started_at + seconds

    async def sender(index: int) -> None:
        nonlocal errors, in_ack
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
                    in_ack += b'"blocks"' in await response.read()
                    ok = response.status < 300
            except (aiohttp.ClientError, asyncio.TimeoutError):
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not ok

    await asyncio.gather(*(sender(index) for index in range(senders)))
    return latencies, errors, in_ack


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
        latencies, errors, in_ack = await send_for(http, traffic, senders, seconds, every=every)
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
        "errors": errors, "reload_ok": reload_ok, "answers_in_ack": in_ack, **cores,
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
