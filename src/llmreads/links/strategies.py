"""Named ways to check a link, for sources where a plain request lies or a batch is kinder.

Each strategy claims the URLs it knows how to check; the first strategy that claims a URL
checks it, and `plain` claims everything. Add one here rather than an `if` in the engine.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from llmreads import arxiv
from llmreads.httpclient import Pacer
from llmreads.links.checker import Answer, Engine, Failure
from llmreads.links.model import CheckResult, LinkState
from llmreads.urls import arxiv_id, youtube_id

Emit = Callable[[CheckResult], None]


class Strategy(Protocol):
    """A way of checking some kinds of link."""

    name: str

    def claims(self, url: str) -> bool:
        """Tell whether this strategy checks `url`."""
        ...

    async def check(self, urls: Sequence[str], emit: Emit) -> None:
        """Check the claimed URLs, emitting one result each as it is known."""
        ...


@dataclass
class PlainHttp:
    """HEAD, then GET when HEAD is refused or unreliable, following redirects."""

    engine: Engine
    name: str = "plain"

    def claims(self, url: str) -> bool:
        return True

    async def check(self, urls: Sequence[str], emit: Emit) -> None:
        async def one(url: str) -> None:
            emit(await self.engine.check_url(url))

        await asyncio.gather(*(one(url) for url in urls))


@dataclass
class YouTubeOEmbed:
    """Ask YouTube's oEmbed endpoint: the watch page answers 200 even for removed or private videos."""

    engine: Engine
    endpoint: str
    name: str = "youtube-oembed"

    def claims(self, url: str) -> bool:
        return youtube_id(url) is not None

    async def check(self, urls: Sequence[str], emit: Emit) -> None:
        async def one(url: str) -> None:
            started = time.monotonic()
            watch = f"https://www.youtube.com/watch?v={youtube_id(url)}"
            outcome = await self.engine.fetch(self.endpoint, params={"url": watch, "format": "json"}, body=True)
            emit(_oembed_result(url, outcome, int((time.monotonic() - started) * 1000)))

        await asyncio.gather(*(one(url) for url in urls))


def _oembed_result(url: str, outcome: Answer | Failure, elapsed: int) -> CheckResult:
    if isinstance(outcome, Failure):
        return CheckResult(url, outcome.state, None, url, elapsed_ms=elapsed, detail=f"oEmbed: {outcome.detail}")
    code = outcome.code
    if 200 <= code < 300:
        return CheckResult(url, LinkState.OK, code, url, elapsed_ms=elapsed, detail="video available (oEmbed)")
    if code in (400, 404):
        return CheckResult(url, LinkState.BROKEN, code, url, elapsed_ms=elapsed,
                           detail=f"oEmbed {code}: video removed or never existed")
    if code in (401, 403):
        return CheckResult(url, LinkState.BLOCKED, code, url, elapsed_ms=elapsed,
                           detail=f"oEmbed {code}: video private or not embeddable")
    state = LinkState.BLOCKED if code == 429 else LinkState.ERROR
    return CheckResult(url, state, code, url, elapsed_ms=elapsed, detail=f"oEmbed answered HTTP {code}")


@dataclass
class ArxivApi:
    """Confirm arXiv papers in batches through the arXiv API, one request every few seconds."""

    engine: Engine
    endpoint: str
    batch: int = 50
    pacer: Pacer | None = None
    name: str = "arxiv-api"

    def claims(self, url: str) -> bool:
        return arxiv_id(url) is not None

    async def check(self, urls: Sequence[str], emit: Emit) -> None:
        pacer = self.pacer or Pacer(arxiv.INTERVAL)
        by_id: dict[str, list[str]] = {}
        for url in urls:
            by_id.setdefault(str(arxiv_id(url)), []).append(url)
        ids = list(by_id)
        for start in range(0, len(ids), self.batch):
            chunk = ids[start:start + self.batch]
            await pacer.wait()
            began = time.monotonic()
            outcome = await self.engine.fetch(self.endpoint, params=arxiv.query(chunk), body=True)
            elapsed = int((time.monotonic() - began) * 1000)
            for ident, result in _arxiv_results(chunk, outcome, elapsed):
                for url in by_id[ident]:
                    emit(CheckResult(url, result.state, result.code, url, elapsed_ms=elapsed, detail=result.detail))


def _arxiv_results(ids: list[str], outcome: Answer | Failure, elapsed: int) -> list[tuple[str, CheckResult]]:
    def each(state: LinkState, code: int | None, detail: str) -> list[tuple[str, CheckResult]]:
        return [(i, CheckResult(i, state, code, elapsed_ms=elapsed, detail=detail)) for i in ids]

    if isinstance(outcome, Failure):
        return each(outcome.state, None, f"arXiv API: {outcome.detail}")
    if outcome.code != 200:
        state = LinkState.BLOCKED if outcome.code == 429 else LinkState.ERROR
        return each(state, outcome.code, f"arXiv API answered HTTP {outcome.code}")
    try:
        found = {paper.id for paper in arxiv.parse_feed(outcome.body)}
    except ValueError as exc:
        return each(LinkState.ERROR, outcome.code, f"arXiv API: {exc}")
    return [(i, CheckResult(i, LinkState.OK, 200, detail="paper on arXiv (API)") if i in found
             else CheckResult(i, LinkState.BROKEN, None, detail="arXiv API knows no such paper")) for i in ids]


def build(engine: Engine, arxiv_pacer: Pacer | None = None) -> list[Strategy]:
    """Return the strategies the settings name, in a fixed order, followed by plain HTTP."""
    settings = engine.settings
    chosen: list[Strategy] = []
    if "youtube-oembed" in settings.strategies:
        chosen.append(YouTubeOEmbed(engine, settings.endpoints.youtube_oembed))
    if "arxiv-api" in settings.strategies:
        chosen.append(ArxivApi(engine, settings.endpoints.arxiv_api, settings.arxiv_batch,
                               arxiv_pacer or Pacer(settings.arxiv_interval)))
    return [*chosen, PlainHttp(engine)]
