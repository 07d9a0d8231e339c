"""The one aiohttp web server: health and readiness, plus each chat platform whose settings are present.

It runs with no credentials at all (health endpoints only), so a fresh deployment can be checked before
Slack or Teams is configured.
"""
from __future__ import annotations

import importlib
import logging
from pathlib import Path

from aiohttp import web

from .settings import Settings
from .store import KnowledgeStore
from .platforms import PLATFORMS

log = logging.getLogger("practice_bot.server")

STORE = web.AppKey("store", KnowledgeStore)
SETTINGS = web.AppKey("settings", Settings)


def create_app(store: KnowledgeStore, settings: Settings) -> web.Application:
    app = web.Application()
    app[STORE] = store
    app[SETTINGS] = settings
    app.router.add_get("/healthz", _health)
    app.router.add_get("/readyz", _ready)
    for name in PLATFORMS:
        module = importlib.import_module(f"bot.platforms.{name}")
        enabled = module.mount(app, store, settings)
        log.info("%s is %s", name, "on" if enabled else "off (settings missing)")
    return app


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _ready(request: web.Request) -> web.Response:
    kb = request.app[STORE].snapshot.kb
    return web.json_response({"status": "ready", "version": kb.version, "cases": len(kb.cases)})


def run(*, knowledge: Path | None = None, host: str | None = None, port: int | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env(knowledge=knowledge, host=host, port=port)
    store = KnowledgeStore(settings.knowledge)
    log.info("knowledge base %s: %d case studies", store.snapshot.kb.version, len(store.snapshot.kb.cases))
    web.run_app(create_app(store, settings), host=settings.host, port=settings.port, print=None)
    return 0
