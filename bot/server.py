"""The one aiohttp web server: health and readiness, plus each chat platform whose settings are present.

It runs with no credentials at all (health endpoints only), so a fresh deployment can be checked before
Slack or Teams is configured.
"""
from __future__ import annotations

import asyncio
import importlib
import logging
import os
import signal
from pathlib import Path

from aiohttp import web

from . import admin
from .app_keys import NOTICES, SETTINGS, SHARING, STORE
from .gc_pause import SettleAfterReloads, settle
from .knowledge.loader import DATABASE_LABEL
from .logs import configure as configure_logging
from .metrics import Metrics
from .notices import NoticeRouter
from .platforms import PLATFORMS
from .settings import WORKERS_SETTING, Settings
from .store import KnowledgeStore

log = logging.getLogger("practice_bot.server")


MAX_BODY_BYTES = 1024 * 1024
"""Slack and Teams payloads are a few KB; anything past 1 MiB is refused with 413 before a handler runs."""
MAX_READY_ERROR_CHARS = 2000
"""/readyz is public and polled: its error text is cut here (the full list is in the log and `check`)."""
SHUTDOWN_GRACE_SECONDS = 10.0
"""On SIGTERM, in-flight requests get this long to finish before the process exits."""


def create_app(store: KnowledgeStore, settings: Settings) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[_limit_body_size])
    app[STORE] = store
    app[SETTINGS] = settings
    app[NOTICES] = NoticeRouter()
    app[SHARING] = _sharing_desk(app, store, settings)
    app.router.add_get("/healthz", _health)
    app.router.add_get("/readyz", _ready)
    app.router.add_get("/metrics", Metrics(store).handle)
    admin_off = admin.mount(app, store, settings)
    log.info("%s", admin_off or "admin endpoint is on")
    for name in PLATFORMS:
        module = importlib.import_module(f"bot.platforms.{name}")
        enabled = module.mount(app, store, settings)
        log.info("%s is %s", name, "on" if enabled else "off (settings missing)")
    return app


def _sharing_desk(app: web.Application, store: KnowledgeStore, settings: Settings):
    """The sharing desk when a database is configured, opened and closed with the server; imported only
    then, so a server without sharing never loads the database libraries."""
    if not settings.has_database:
        log.info("sharing practice is off: set PRACTICE_BOT_DATABASE or DATABASE_URL")
        return None
    log.info("sharing practice is on: %s", settings.database.describe())
    from .sharing.desk import SharingDesk

    desk = SharingDesk.from_settings(settings, store, app[NOTICES])

    async def lifecycle(app: web.Application):
        await desk.start()
        yield
        await desk.close()

    app.cleanup_ctx.append(lifecycle)
    return desk


@web.middleware
async def _limit_body_size(request: web.Request, handler):
    """Refuse a declared oversized body before any handler runs (aiohttp's own limit only applies when a
    handler reads the body, and some handlers never do)."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY_BYTES, actual_size=request.content_length or 0)
    return await handler(request)


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _ready(request: web.Request) -> web.Response:
    """The version served (the same on every instance serving the same files and approved cases), how
    many of the cases came from the database, and the knowledge generation followed."""
    store = request.app[STORE]
    desk = request.app[SHARING]
    kb = store.snapshot.kb
    return web.json_response({
        "status": "ready", "version": kb.version, "cases": len(kb.cases),
        "approved_cases": sum(1 for case in kb.cases if case.file.startswith(DATABASE_LABEL + "/")),
        "generation": desk.sync.generation if desk is not None else None,
        "pid": os.getpid(),
        "last_reload_error": _cut(store.status.last_error, MAX_READY_ERROR_CHARS),
    })


def _cut(text: str | None, limit: int) -> str | None:
    return text if text is None or len(text) <= limit else text[:limit] + "…"


async def _reload_on_sighup(app: web.Application) -> None:
    """`kill -HUP` re-reads the knowledge base, like the chat and HTTP reloads (serialised by the store)."""
    store = app[STORE]

    def reload() -> None:
        task = asyncio.ensure_future(store.reload_async(trigger="signal"))
        task.add_done_callback(lambda t: log.info("SIGHUP reload: %s", t.result().summary.splitlines()[0]))

    asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, reload)


def run(*, knowledge: Path | None = None, host: str | None = None, port: int | None = None,
        socket_mode: bool = False, workers: int | None = None) -> int:
    """Serve until stopped; `socket_mode` (`serve --socket-mode`) is the same as SLACK_SOCKET_MODE=1;
    `workers` above 1 (`serve --workers N`) starts that many processes on the port (bot/workers.py)."""
    from . import workers as supervisor

    settings = Settings.from_env(knowledge=knowledge, host=host, port=port, socket_mode=socket_mode, workers=workers)
    configure_logging(settings.log_format, settings.log_level)
    if settings.workers > 1 and not supervisor.is_worker():
        return supervisor.supervise(settings)
    store = KnowledgeStore(settings.knowledge)
    log.info("knowledge base %s: %d case studies", store.snapshot.kb.version, len(store.snapshot.kb.cases))
    app = _settled(create_app(store, settings))
    app.on_startup.append(_reload_on_sighup)
    log.info("serving on http://%s:%d", settings.host, settings.port)
    web.run_app(app, host=settings.host, port=settings.port, print=None, shutdown_timeout=SHUTDOWN_GRACE_SECONDS,
                reuse_port=settings.workers > 1 or None)
    return 0


async def gunicorn_app() -> web.Application:
    """The app for gunicorn's `aiohttp.GunicornWebWorker` (`gunicorn 'bot.server:gunicorn_app' --worker-class
    aiohttp.GunicornWebWorker --workers N`): settings from the environment, several processes assumed, so
    answered events are shared through the database."""
    settings = Settings.from_env(workers=max(2, int(os.environ.get(WORKERS_SETTING) or 2)))
    configure_logging(settings.log_format, settings.log_level)
    return _settled(create_app(KnowledgeStore(settings.knowledge), settings))


def _settled(app: web.Application) -> web.Application:
    """The server's knowledge base kept out of the collector's passes once it has started, and after each
    reload (see gc_pause: under load the passes over it paused every request about once a second). Done at
    the end of start-up: after the sharing desk has loaded the approved cases and registered its observers,
    so that the settler is the last observer and a reload's full pass never delays what the others record
    of it (metrics, gaps, the sharing loop)."""
    async def settle_once_started(app: web.Application) -> None:
        settle()
        app[STORE].observers.append(SettleAfterReloads())

    app.on_startup.append(settle_once_started)
    return app
