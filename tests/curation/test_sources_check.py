"""`practice-bot sources check` against a small site on 127.0.0.1 (never the internet): a page that still
quotes the case, a dead link, a moved page and a page whose quote has vanished."""
from __future__ import annotations

import json
import shutil

import pytest
from aiohttp import web

from bot.cli import main
from tests.conftest import KNOWLEDGE
from tests.support.loopback import running

CASE = """id: {id}
title: {title}
organisations: [Wigan Council]
region: North West
year: null
as_of: "2024"
themes: [waste]
summary: >-
  A test case whose sources live on a loopback site, so the checker's verdicts can be seen.
outcomes:
  - kind: saving
    amount: "£300,000 a year"
    text: Annual saving
    evidence: "In doing so, £300,000 annual savings have been achieved"
sources:
  - url: {url}
    title: Test page
contact: socitm
"""
QUOTED = "<html><body><p>In doing so, &pound;300,000 annual savings\n have been achieved.</p></body></html>"
CHANGED = "<html><body><p>The savings figures have been withdrawn.</p></body></html>"


def _site() -> web.Application:
    app = web.Application()

    async def page(body: str):
        async def handler(request: web.Request) -> web.Response:
            assert "PracticeBot-sources-check" in request.headers["User-Agent"]
            return web.Response(text=body, content_type="text/html")
        return handler

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently("/new-home")

    async def setup(app: web.Application) -> None:
        app.router.add_get("/fine", await page(QUOTED))
        app.router.add_get("/new-home", await page(QUOTED))
        app.router.add_get("/changed", await page(CHANGED))
        app.router.add_get("/moved", moved)

    app.on_startup.append(setup)
    return app


@pytest.fixture
def knowledge(tmp_path):
    directory = tmp_path / "kb"
    (directory / "case-studies").mkdir(parents=True)
    for name in ("themes.yaml", "contacts.yaml", "vocabulary.yaml"):
        shutil.copy(KNOWLEDGE / name, directory / name)
    return directory


def _cases(directory, base: str) -> None:
    for case_id, path in (("fine-case", "fine"), ("dead-case", "gone"), ("moved-case", "moved"),
                          ("changed-case", "changed")):
        (directory / "case-studies" / f"{case_id}.yaml").write_text(
            CASE.format(id=case_id, title=f"Title of {case_id}", url=f"{base}/{path}"))


async def _check(knowledge, *flags: str):
    import asyncio

    return await asyncio.to_thread(main, ["sources", "check", "--knowledge", str(knowledge), *flags])


async def test_reports_a_dead_link_a_moved_page_and_a_vanished_quote(knowledge, capsys):
    async with running(_site()) as base:
        _cases(knowledge, base)
        code = await _check(knowledge, "--json", "--timeout", "5")
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    links = {link["url"].rsplit("/", 1)[1]: link for link in report["links"]}
    assert links["fine"]["status"] == "ok"
    assert links["gone"]["status"] == "dead" and "404" in links["gone"]["detail"]
    assert links["moved"]["status"] == "moved" and links["moved"]["detail"].endswith("/new-home")
    assert links["changed"]["status"] == "ok"
    missing = {(quote["case"], quote["outcome"]) for quote in report["missing_quotes"]}
    assert missing == {("changed-case", 0), ("dead-case", 0)}


async def test_all_well_exits_zero_with_a_table(knowledge, capsys):
    async with running(_site()) as base:
        (knowledge / "case-studies" / "fine-case.yaml").write_text(
            CASE.format(id="fine-case", title="Fine", url=f"{base}/fine"))
        code = await _check(knowledge, "--timeout", "5")
    out = capsys.readouterr().out
    assert code == 0 and "1 ok, 0 moved, 0 dead; 0 quotes not found" in out
