"""`practice-bot serve --workers N`: N server processes on one port, with the kernel sharing out connections.

Each worker is an ordinary `practice-bot serve` process listening with SO_REUSEPORT (aiohttp's
`reuse_port`), so Linux balances new connections across them; no process of ours sits in the request path.
This supervisor only starts them, passes SIGHUP (reload) and SIGTERM (graceful stop) on, and starts a
worker again if one dies. Prometheus runs in multiprocess mode: workers write their metrics to one
directory (PROMETHEUS_MULTIPROC_DIR, a temporary one unless set) and /metrics adds them up. Workers share
the answered-event record and the knowledge generation through the database (a SQLite file on one machine
works; PostgreSQL for several machines).

gunicorn's `aiohttp.GunicornWebWorker` does the same job; see the README for that command.
"""
from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from .metrics import MULTIPROCESS_DIR
from .settings import WORKERS_SETTING, Settings

log = logging.getLogger("practice_bot.workers")

WORKER_SETTING = "PRACTICE_BOT_WORKER"
"""Set in each worker's environment (its number), so it serves instead of supervising."""
RESTART_PAUSE_SECONDS = 1.0
STOP_GRACE_SECONDS = 15.0


def is_worker() -> bool:
    return bool(os.environ.get(WORKER_SETTING))


def supervise(settings: Settings) -> int:
    """Run `settings.workers` workers until SIGTERM or SIGINT; returns the exit code."""
    own_dir = not os.environ.get(MULTIPROCESS_DIR)
    metrics_dir = os.environ.get(MULTIPROCESS_DIR) or tempfile.mkdtemp(prefix="practice-bot-metrics-")
    env = {**os.environ, WORKERS_SETTING: str(settings.workers), MULTIPROCESS_DIR: metrics_dir,
           "HOST": settings.host, "PORT": str(settings.port)}
    if settings.knowledge is not None:
        env["PRACTICE_BOT_KNOWLEDGE"] = str(settings.knowledge)
    command = [sys.executable, "-m", "bot.cli", "serve"] + (["--socket-mode"] if settings.socket_mode else [])
    workers: dict[int, subprocess.Popen] = {}
    stopping = False

    def start(number: int) -> None:
        workers[number] = subprocess.Popen(command, env={**env, WORKER_SETTING: str(number)})
        log.info("worker %d started (pid %d)", number, workers[number].pid)

    def forward(signum, frame) -> None:
        nonlocal stopping
        if signum in (signal.SIGTERM, signal.SIGINT):
            stopping = True
        for process in workers.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM if signum == signal.SIGINT else signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, forward)
    log.info("serving on http://%s:%d with %d workers (SO_REUSEPORT)", settings.host, settings.port,
             settings.workers)
    try:
        for number in range(1, settings.workers + 1):
            start(number)
        while not stopping:
            time.sleep(0.2)
            for number, process in list(workers.items()):
                if process.poll() is not None and not stopping:
                    log.error("worker %d exited with %s; starting it again", number, process.returncode)
                    _mark_dead(process.pid, metrics_dir)
                    time.sleep(RESTART_PAUSE_SECONDS)
                    start(number)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in workers.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return 0
    finally:
        for process in workers.values():
            if process.poll() is None:
                process.kill()
        if own_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def _mark_dead(pid: int, metrics_dir: str) -> None:
    """Drop a dead worker's live gauges from the multiprocess files (the directory is named: only the
    workers' environment holds it)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(pid, metrics_dir)
