"""The admin HTTP endpoint: `POST /admin/reload` with a bearer token, for deploy scripts and curators who
keep the knowledge base in git (`practice-bot reload --url ...` calls it).

Off unless PRACTICE_BOT_ADMIN_TOKEN is set to a token of at least 16 characters (a short one is guessable, so
it leaves the endpoint off and says why); the token is compared in constant time.
"""
from __future__ import annotations

import hmac

from aiohttp import web

from .settings import Settings
from .store import KnowledgeStore

TOKEN_SETTING = "PRACTICE_BOT_ADMIN_TOKEN"
MIN_TOKEN_LENGTH = 16


def mount(app: web.Application, store: KnowledgeStore, settings: Settings) -> str | None:
    """Add the endpoint; returns why it is off (for the start-up log), or None when it is on."""
    token = settings.get(TOKEN_SETTING)
    off = why_off(token)
    expected = (token or "").encode()

    async def reload(request: web.Request) -> web.Response:
        if off is not None:
            return web.json_response({"error": off}, status=503)
        if not hmac.compare_digest(bearer_token(request.headers.get("Authorization", "")).encode(), expected):
            return web.json_response({"error": "missing or wrong admin token"}, status=401)
        report = await store.reload_async(trigger="http")
        body = {
            "ok": report.ok, "version": report.version, "cases": report.cases, "added": list(report.added),
            "changed": list(report.changed), "removed": list(report.removed), "summary": report.summary,
        }
        return web.json_response(body, status=200 if report.ok else 422)

    app.router.add_post("/admin/reload", reload)
    return off


def why_off(token: str | None) -> str | None:
    """Why the endpoint is off with this token setting, or None when it is on."""
    if token is None:
        return f"admin endpoint is off: set {TOKEN_SETTING}"
    if len(token) < MIN_TOKEN_LENGTH:
        return f"admin endpoint is off: {TOKEN_SETTING} must be at least {MIN_TOKEN_LENGTH} characters"
    return None


def bearer_token(header: str) -> str:
    """The token of an `Authorization: Bearer TOKEN` header (RFC 6750: the scheme is case-insensitive and
    required); "" for any other header, which then never matches."""
    scheme, _, token = header.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
