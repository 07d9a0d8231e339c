"""The admin HTTP endpoint: `POST /admin/reload` with a bearer token, for deploy scripts and curators who
keep the knowledge base in git (`practice-bot reload --url ...` calls it).

Off unless PRACTICE_BOT_ADMIN_TOKEN is set; the token is compared in constant time.
"""
from __future__ import annotations

import hmac

from aiohttp import web

from .settings import Settings
from .store import KnowledgeStore

TOKEN_SETTING = "PRACTICE_BOT_ADMIN_TOKEN"


def mount(app: web.Application, store: KnowledgeStore, settings: Settings) -> bool:
    token = settings.get(TOKEN_SETTING)

    async def reload(request: web.Request) -> web.Response:
        if token is None:
            return web.json_response({"error": f"admin endpoint is off: set {TOKEN_SETTING}"}, status=503)
        if not hmac.compare_digest(bearer_token(request.headers.get("Authorization", "")).encode(), token.encode()):
            return web.json_response({"error": "missing or wrong admin token"}, status=401)
        report = await store.reload_async(trigger="http")
        body = {
            "ok": report.ok, "version": report.version, "cases": report.cases, "added": list(report.added),
            "changed": list(report.changed), "removed": list(report.removed), "summary": report.summary,
        }
        return web.json_response(body, status=200 if report.ok else 422)

    app.router.add_post("/admin/reload", reload)
    return token is not None


def bearer_token(header: str) -> str:
    """The token of an `Authorization: Bearer TOKEN` header (RFC 6750: the scheme is case-insensitive and
    required); "" for any other header, which then never matches."""
    scheme, _, token = header.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
