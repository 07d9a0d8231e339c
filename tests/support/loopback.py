"""Real HTTP servers on 127.0.0.1 for end-to-end tests: our app, and fakes of the platforms' APIs.

Fakes record every request they receive, so tests assert on what the bot really sent over the wire.
"""
from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from aiohttp import web
from aiohttp.test_utils import TestServer


@asynccontextmanager
async def running(app: web.Application) -> AsyncIterator[str]:
    """Serve `app` on a free loopback port; yields its base URL without a trailing slash."""
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    """Parsed JSON, or a dict of form fields (single values), or the raw text."""
    peer: tuple[str, int] | None = None
    """The client's address and port: requests from one port came over one connection."""


Handler = Callable[[Recorded], Awaitable[web.StreamResponse] | web.StreamResponse]


@dataclass
class FakeServer:
    """A recording HTTP server: every request is kept; `respond` chooses the answer per path."""

    respond: Callable[[Recorded], Any] = lambda request: {"ok": True}
    requests: list[Recorded] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        return app

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        text = await request.text()
        peer = request.transport.get_extra_info("peername") if request.transport else None
        recorded = Recorded(request.method, request.path, dict(request.headers), _parse(text, request.content_type),
                            tuple(peer) if peer else None)
        self.requests.append(recorded)
        answer = self.respond(recorded)
        if asyncio.iscoroutine(answer):
            answer = await answer
        return answer if isinstance(answer, web.StreamResponse) else web.json_response(answer)

    def connections(self) -> int:
        """How many connections the requests so far came over (those recorded without one not counted)."""
        return len({r.peer for r in self.requests if r.peer is not None})

    def to(self, path_suffix: str) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith(path_suffix)]

    async def wait_for(self, path_suffix: str, count: int = 1, timeout: float = 5.0) -> list[Recorded]:
        """Poll until `count` requests to a path ending in `path_suffix` have arrived (no fixed sleeps)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.to(path_suffix)) < count:
            if asyncio.get_running_loop().time() > deadline:
                seen = [r.path for r in self.requests]
                raise AssertionError(f"expected {count} request(s) to *{path_suffix}, saw {seen}")
            await asyncio.sleep(0.01)
        return self.to(path_suffix)


def _parse(text: str, content_type: str) -> Any:
    if "json" in content_type:
        return json.loads(text) if text else None
    if "x-www-form-urlencoded" in content_type:
        return {k: v[0] for k, v in parse_qs(text).items()}
    try:
        return json.loads(text)
    except ValueError:
        return text
