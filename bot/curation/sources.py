"""`practice-bot sources check`: does every case's source still say what the case quotes from it?

Each source URL is fetched (politely: a named User-Agent, a few requests at a time and one per host at a
time, a timeout, a size cap) and reported as dead (an error status or no answer), moved (redirected
elsewhere) or fine; then every outcome's verbatim `evidence` quote is looked for in the text of the case's
pages, so curators learn when a figure's source has changed under it. The report is a table for people
and JSON for a curators' CI.
"""
from __future__ import annotations

import asyncio
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlparse

import aiohttp

from ..knowledge.base import KnowledgeBase

USER_AGENT = "PracticeBot-sources-check/0.1 (checks case-study citations for UK public-sector curators)"
TIMEOUT_SECONDS = 20.0
MAX_PAGE_BYTES = 5 * 1024 * 1024
"""Pages past this are read no further: a quote is checked on what was read."""
CONCURRENCY = 8
PER_HOST = 1
"""One request at a time to any one site."""
OK, DEAD, MOVED = "ok", "dead", "moved"
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                        "\u00a0": " "})


@dataclass
class LinkCheck:
    url: str
    status: str
    """ok, dead or moved."""
    detail: str = ""
    """The HTTP status or error; for a moved page, where it went."""
    cases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MissingQuote:
    case: str
    outcome: int
    evidence: str


@dataclass
class SourcesReport:
    links: list[LinkCheck]
    missing_quotes: list[MissingQuote]

    @property
    def problems(self) -> int:
        return sum(link.status != OK for link in self.links) + len(self.missing_quotes)

    def as_json(self) -> dict:
        return {"links": [asdict(link) for link in self.links],
                "missing_quotes": [asdict(quote) for quote in self.missing_quotes], "problems": self.problems}

    def table(self) -> str:
        lines = [f"{len(self.links)} source pages: "
                 f"{sum(link.status == OK for link in self.links)} ok, {sum(link.status == MOVED for link in self.links)} moved, "
                 f"{sum(link.status == DEAD for link in self.links)} dead; {len(self.missing_quotes)} quotes not found."]
        for link in self.links:
            if link.status != OK:
                lines.append(f"{link.status.upper():6} {link.url}  ({link.detail}; {', '.join(link.cases)})")
        for quote in self.missing_quotes:
            lines.append(f"QUOTE  {quote.case} outcome {quote.outcome + 1}: \"{quote.evidence[:80]}\" not on its sources")
        return "\n".join(lines)


class _Text(HTMLParser):
    """The text of a page outside scripts and styles (the standard library's parser: linear, forgiving)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self._skipping += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skipping -= tag in ("script", "style") and self._skipping > 0

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def page_text(markup: str) -> str:
    """A page's visible words, normalised the same way as quotes are (entities, curly quotes, spacing)."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return normalise(" ".join(parser.parts))


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).translate(QUOTES)
    return " ".join(folded.split()).casefold()


async def check_sources(kb: KnowledgeBase, *, timeout: float = TIMEOUT_SECONDS) -> SourcesReport:
    """Fetch every source of every case once and check every evidence quote against its case's pages."""
    urls: dict[str, LinkCheck] = {}
    for case in kb.cases:
        for source in case.sources:
            urls.setdefault(source.url, LinkCheck(source.url, OK)).cases.append(case.id)
    texts: dict[str, str] = {}
    limit = asyncio.Semaphore(CONCURRENCY)
    hosts: dict[str, asyncio.Semaphore] = {}
    session_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(timeout=session_timeout, headers={"User-Agent": USER_AGENT}) as session:

        async def visit(link: LinkCheck) -> None:
            host = hosts.setdefault(urlparse(link.url).netloc.lower(), asyncio.Semaphore(PER_HOST))
            async with limit, host:
                texts[link.url] = await _fetch(session, link)

        await asyncio.gather(*(visit(link) for link in urls.values()))
    missing = []
    for case in kb.cases:
        pages = " ".join(texts.get(source.url, "") for source in case.sources)
        for i, outcome in enumerate(case.outcomes):
            quote = outcome.evidence
            if quote and not _quoted(quote, pages):
                missing.append(MissingQuote(case.id, i, quote))
    return SourcesReport(sorted(urls.values(), key=lambda link: (link.status == OK, link.url)), missing)


def _quoted(quote: str, pages: str) -> bool:
    """Each part of a quote (" / " marks a line break in the source, "..." a cut) is on the pages."""
    parts = re.split(r"\s+/\s+|\.\.\.|…", quote)
    return all(normalise(part) in pages for part in parts if part.strip())


async def _fetch(session: aiohttp.ClientSession, link: LinkCheck) -> str:
    try:
        async with session.get(link.url, allow_redirects=True, max_redirects=10) as response:
            if response.status >= 400:
                link.status, link.detail = DEAD, f"HTTP {response.status}"
                return ""
            if response.history and _moved(link.url, str(response.url)):
                link.status, link.detail = MOVED, f"now {response.url}"
            else:
                link.detail = f"HTTP {response.status}"
            body = await response.content.read(MAX_PAGE_BYTES)
            return page_text(body.decode(response.charset or "utf-8", errors="replace"))
    except (aiohttp.ClientError, asyncio.TimeoutError, UnicodeError, LookupError) as error:
        link.status, link.detail = DEAD, type(error).__name__
        return ""


def _moved(asked: str, final: str) -> bool:
    """A redirect to the same page (http to https, a trailing slash) is not a move."""
    def key(url: str) -> str:
        parsed = urlparse(url)
        return f"{parsed.netloc.lower().removeprefix('www.')}{parsed.path.rstrip('/')}?{parsed.query}"

    return key(asked) != key(final)
