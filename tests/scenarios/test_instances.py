"""Several instances on one database, as a hosted service runs them: two real `practice-bot serve` processes,
each with its own copy of knowledge/ (nothing shared on disk), on one PostgreSQL (and one SQLite file, as
`serve --workers` uses on one machine). An approval on one is answered by the other within 5 s; a restart
with a fresh copy of knowledge/ still answers it; /readyz shows the same version everywhere."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from bot.sharing.review import ReviewQueue
from bot.sharing.storage import Storage, database_url
from bot.sharing.tables import metadata
from bot.store import KnowledgeStore

from ..conftest import ROOT
from ..fakes.slack_api import ADMIN, PERSON, SIGNING_SECRET, TEAM_ID, FakeSlackApi, signature, slack_env
from ..knowledge.helpers import copy_knowledge
from ..sharing.conftest import POSTGRES_SETTING, drone_form
from ..support.loopback import running
from .test_server_operations import free_port

TITLE = drone_form()["title"]
QUESTION = "drones finding blocked gullies"
IN_STEP_SECONDS = 5.0


@pytest.fixture(params=["postgresql", "sqlite"])
async def database(request, tmp_path) -> str:
    """DATABASE_URL for the instances: an emptied PostgreSQL, or a SQLite file both processes open."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'shared.sqlite3'}"
    url = os.environ.get(POSTGRES_SETTING)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{POSTGRES_SETTING} is not set; CI must run the PostgreSQL tests")
        pytest.skip(f"{POSTGRES_SETTING} is not set (no PostgreSQL configured; CI always runs this)")
    engine = create_async_engine(database_url({"DATABASE_URL": url}))
    async with engine.begin() as connection:
        await connection.run_sync(metadata.drop_all)
        for table in ("slack_bots", "slack_installations", "slack_oauth_states"):
            await connection.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
    await engine.dispose()
    return url


class Instance:
    """One `practice-bot serve` process with its own knowledge/ copy, on the shared database."""

    def __init__(self, name: str, tmp_path: Path, database: str, api_url: str):
        self.knowledge = copy_knowledge(tmp_path / name)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CONNECTIONS__", "PRACTICE_BOT_"))}
        env.update(slack_env(api_url), PORT=str(self.port), HOST="127.0.0.1", PRACTICE_BOT_KNOWLEDGE=str(self.knowledge),
                   DATABASE_URL=database, LOG_LEVEL="WARNING")
        self.log = tmp_path / f"{name}.log"
        with self.log.open("w") as log:  # a file, not a pipe: a pipe nobody reads blocks a chatty server
            self.process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=tmp_path, env=env,
                                            stdout=subprocess.DEVNULL, stderr=log, text=True)

    async def ready(self, http: aiohttp.ClientSession) -> dict:
        deadline = time.monotonic() + 60  # a loaded machine starts slowly
        while True:
            try:
                async with http.get(self.url + "/readyz") as response:
                    if response.status == 200:
                        return await response.json()
            except aiohttp.ClientError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"instance did not start: {self.log.read_text(errors='replace')[-3000:]}")
            await asyncio.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@asynccontextmanager
async def instance(name: str, tmp_path: Path, database: str, api_url: str, http: aiohttp.ClientSession):
    started = Instance(name, tmp_path, database, api_url)
    try:
        await started.ready(http)
        yield started
    finally:
        started.stop()


async def practice(http: aiohttp.ClientSession, api: FakeSlackApi, api_url: str, at: Instance, text: str,
                   user: str = PERSON) -> str:
    """`/practice TEXT` sent to one instance, signed as Slack signs it; its reply, as text."""
    path = f"response/{next(api.ids)}"
    body = urlencode({"team_id": TEAM_ID, "channel_id": "C1", "user_id": user, "command": "/practice",
                      "text": text, "response_url": f"{api_url}/{path}", "trigger_id": f"t.{next(api.ids)}"})
    stamp = str(int(time.time()))
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
               "X-Slack-Signature": signature(SIGNING_SECRET, stamp, body)}
    async with http.post(at.url + "/slack/events", data=body.encode(), headers=headers) as response:
        assert response.status == 200
        api.immediate_response(path, await response.text())
    [reply] = await api.wait_for(path)
    return json.dumps(reply, ensure_ascii=False)


async def test_an_approval_on_one_instance_is_answered_by_another_and_after_a_fresh_restart(tmp_path, database):
    api = FakeSlackApi()
    async with running(api.server.app()) as api_url, aiohttp.ClientSession() as http:
        async with instance("a", tmp_path, database, api_url, http) as first, \
                instance("b", tmp_path, database, api_url, http) as second:
            async with Storage(database_url({"DATABASE_URL": database})) as storage:
                submission = await ReviewQueue(storage, KnowledgeStore(first.knowledge)).submit(
                    drone_form(), platform="slack", user_id=PERSON)
            assert TITLE not in await practice(http, api, api_url, second, QUESTION)

            decided = await practice(http, api, api_url, first, f"approve {submission.reference}", user=ADMIN)
            assert f"Approved {submission.reference}" in decided
            approved_at = time.monotonic()
            while TITLE not in await practice(http, api, api_url, second, QUESTION):
                assert time.monotonic() - approved_at < IN_STEP_SECONDS, "the other instance never served it"
                await asyncio.sleep(0.1)
            first_ready, second_ready = await first.ready(http), await second.ready(http)
            assert first_ready["version"] == second_ready["version"] and second_ready["approved_cases"] == 1
            assert not list((second.knowledge / "case-studies").glob("puddleby-*"))
            assert not list((first.knowledge / "case-studies").glob("puddleby-*"))

        # every instance gone; a new one starts from a fresh copy of knowledge/ (as a redeploy does)
        async with instance("c", tmp_path, database, api_url, http) as fresh:
            assert TITLE in await practice(http, api, api_url, fresh, QUESTION)
            assert (await fresh.ready(http))["version"] == first_ready["version"]


async def test_a_reload_on_one_instance_reaches_the_other(tmp_path, database):
    api = FakeSlackApi()
    async with running(api.server.app()) as api_url, aiohttp.ClientSession() as http:
        async with instance("a", tmp_path, database, api_url, http) as first, \
                instance("b", tmp_path, database, api_url, http) as second:
            for copy in (first, second):  # a deploy put the same new file on both machines
                (copy.knowledge / "case-studies" / "wigan-in-cab-waste.yaml").write_text(
                    (copy.knowledge / "case-studies" / "wigan-in-cab-waste.yaml").read_text().replace(
                        "summary: >-", "summary: >-\n  Revised.", 1))
            before = (await second.ready(http))["version"]
            assert "Reloaded" in await practice(http, api, api_url, first, "reload", user=ADMIN)
            reloaded_at = time.monotonic()
            while (await second.ready(http))["version"] == before:
                assert time.monotonic() - reloaded_at < IN_STEP_SECONDS, "the other instance never reloaded"
                await asyncio.sleep(0.1)
            assert (await second.ready(http))["version"] == (await first.ready(http))["version"]


def test_serve_workers_share_the_port_the_metrics_and_stop_cleanly(tmp_path):
    """`serve --workers 2`: two processes answer on one port (SO_REUSEPORT), a killed one is started again,
    /metrics from either adds up both (Prometheus multiprocess mode), and SIGTERM stops them all with exit 0."""
    import signal
    import urllib.request

    from .test_server_operations import TOKEN, get, wait_until

    knowledge = copy_knowledge(tmp_path)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CONNECTIONS__", "PRACTICE_BOT_",
                                                                     "PROMETHEUS_"))}
    env.update(PORT=str(port), HOST="127.0.0.1", PRACTICE_BOT_KNOWLEDGE=str(knowledge), LOG_LEVEL="WARNING",
               PRACTICE_BOT_DATABASE=str(tmp_path / "practice-bot.sqlite3"), PRACTICE_BOT_ADMIN_TOKEN=TOKEN)
    log = (tmp_path / "serve.log").open("w")  # a file, not a pipe: three processes' logs must never block on it
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--workers", "2"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        pids: set[int] = set()

        def both_workers_answer() -> bool:
            status, body = get(base + "/readyz")
            if status == 200:
                pids.add(json.loads(body)["pid"])
            return len(pids) == 2

        wait_until(both_workers_answer, timeout=60, log=tmp_path / "serve.log")  # two load at once on 2 cores
        assert process.pid not in pids
        killed = pids.pop()  # a worker that dies is started again, and the supervisor lives on
        os.kill(killed, signal.SIGKILL)
        wait_until(lambda: both_workers_answer() and killed not in pids, timeout=60, log=tmp_path / "serve.log")
        assert process.poll() is None
        request = urllib.request.Request(base + "/admin/reload", method="POST",
                                         headers={"Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        for _ in range(6):  # whichever worker answers, it reports the reload the other one did too
            metrics = get(base + "/metrics")[1]
            assert 'practice_bot_reloads_total{result="ok",trigger="http"} 1.0' in metrics
            assert "practice_bot_case_studies" in metrics
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert get_refused(base)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        log.close()


def get_refused(base: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(base + "/healthz", timeout=2)
    except (urllib.error.URLError, ConnectionError):
        return True
    return False
