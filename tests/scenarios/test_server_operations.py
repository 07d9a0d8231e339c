"""The server as an IT team runs it: a real `practice-bot serve` process on loopback, with no chat
credentials, reloaded by signal and by the admin endpoint, stopped by SIGTERM."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from bot.server import MAX_BODY_BYTES, create_app
from bot.settings import Settings
from bot.store import KnowledgeStore

from ..conftest import ROOT
from ..knowledge.helpers import case_file, copy_knowledge
from ..support.loopback import running

TOKEN = "s3cret-admin-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_until(condition, timeout: float = 20.0, log: Path | None = None):
    """Poll `condition` until it holds; on timeout, fail with the end of the server's `log` if there is one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.05)
    tail = log.read_text(errors="replace")[-3000:] if log is not None and log.exists() else ""
    raise AssertionError(f"condition not met in time\n{tail}")


@pytest.fixture
def server(tmp_path):
    """A real server process on a free loopback port, with its own copy of the knowledge base."""
    knowledge = copy_knowledge(tmp_path)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CONNECTIONS__", "MICROSOFT_"))}
    env.update(PORT=str(port), HOST="127.0.0.1", PRACTICE_BOT_KNOWLEDGE=str(knowledge),
               PRACTICE_BOT_DATABASE=str(tmp_path / "practice-bot.sqlite3"),
               PRACTICE_BOT_ADMIN_TOKEN=TOKEN, LOG_FORMAT="json")
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: get(base + "/healthz")[0] == 200, timeout=60)  # a loaded machine starts slowly
        yield process, base, knowledge
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def ready(base: str) -> dict:
    status, body = get(base + "/readyz")
    assert status == 200
    return json.loads(body)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_health_readiness_and_metrics_with_no_credentials(server):
    _process, base, _knowledge = server
    assert json.loads(get(base + "/healthz")[1]) == {"status": "ok"}
    state = ready(base)
    assert state["status"] == "ready" and state["cases"] >= 40 and state["last_reload_error"] is None
    status, metrics = get(base + "/metrics")
    assert status == 200
    assert f"practice_bot_case_studies {float(state['cases'])}" in metrics


def test_sighup_reloads_the_knowledge_base(server):
    process, base, knowledge = server
    before = ready(base)
    case_file(knowledge, "wigan-in-cab-waste").unlink()
    process.send_signal(signal.SIGHUP)
    after = wait_until(lambda: (r := ready(base))["cases"] == before["cases"] - 1 and r)
    assert after["version"] != before["version"]
    # the observers (metrics among them) hear of a reload just after the swap /readyz shows
    assert wait_until(lambda: 'practice_bot_reloads_total{result="ok",trigger="signal"} 1.0' in get(base + "/metrics")[1])


def test_reload_command_calls_the_admin_endpoint_with_the_token(server):
    _process, base, knowledge = server
    case_file(knowledge, "wigan-in-cab-waste").unlink()
    done = cli("reload", "--url", base, "--token", TOKEN)
    assert done.returncode == 0, done.stderr
    assert "0 added, 0 changed, 1 removed" in done.stdout
    refused = cli("reload", "--url", base, "--token", "wrong")
    assert refused.returncode == 1 and "401" in refused.stderr


def test_broken_file_via_admin_reload_keeps_serving_and_reports_it(server):
    _process, base, knowledge = server
    before = ready(base)
    path = case_file(knowledge, "wigan-in-cab-waste")
    path.write_text(path.read_text() + "\n  - broken: [\n")
    failed = cli("reload", "--url", base, "--token", TOKEN)
    assert failed.returncode == 1
    assert "HTTP 422" in failed.stderr and "case-studies/wigan-in-cab-waste.yaml:" in failed.stderr
    state = ready(base)
    assert state["version"] == before["version"] and state["cases"] == before["cases"]
    assert "wigan-in-cab-waste.yaml" in state["last_reload_error"]


def test_sigterm_stops_gracefully_with_exit_zero_and_json_logs(server):
    process, _base, _knowledge = server
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    lines = [line for line in process.stderr.read().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]
    assert any("knowledge base" in e["message"] for e in entries)
    assert all({"time", "level", "logger", "message"} <= e.keys() for e in entries)
    assert not any(TOKEN in line for line in lines)


async def test_oversized_body_is_refused_with_413(tmp_path):
    app = create_app(KnowledgeStore(copy_knowledge(tmp_path)), Settings(env={"PRACTICE_BOT_ADMIN_TOKEN": TOKEN}))
    async with running(app) as base, aiohttp.ClientSession() as session:
        body = b"x" * (MAX_BODY_BYTES + 1)
        async with session.post(base + "/admin/reload", data=body,
                                headers={"Authorization": f"Bearer {TOKEN}"}) as response:
            assert response.status == 413
        async with session.get(base + "/healthz") as response:
            assert response.status == 200


async def test_admin_endpoint_is_off_without_a_token(tmp_path):
    app = create_app(KnowledgeStore(copy_knowledge(tmp_path)), Settings(env={}))
    async with running(app) as base, aiohttp.ClientSession() as session:
        async with session.post(base + "/admin/reload") as response:
            assert response.status == 503
            assert "PRACTICE_BOT_ADMIN_TOKEN" in (await response.json())["error"]
