"""Where a plain request lies, the source is asked: YouTube through oEmbed, arXiv through its API in batches."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from faults import ARXIV_QUERIES, fast_settings, fault_server
from faultserver import LocalServer
from virtualclock import VirtualClock

from llmreads.httpclient import Pacer
from llmreads.links.checker import Engine
from llmreads.links.model import CheckResult, LinkState
from llmreads.links.run import check_links


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with fault_server() as running:
        yield running


def check(urls: list[str], server: LocalServer, pacer: Pacer | None = None, **changes: Any) -> dict[str, CheckResult]:
    endpoints = {"youtube_oembed": server.url("/oembed"), "arxiv_api": server.url("/arxiv"),
                 "wayback": server.url("/wayback")}
    settings = fast_settings(strategies=["youtube-oembed", "arxiv-api"], endpoints=endpoints, **changes)

    async def go() -> list[CheckResult]:
        async with httpx.AsyncClient() as client:
            return await check_links(urls, Engine(client, settings), arxiv_pacer=pacer)

    return {result.url: result for result in asyncio.run(go())}


def test_youtube_videos_are_checked_through_oembed(server: LocalServer) -> None:
    alive = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=youtu.be"
    removed = "https://youtu.be/removedVid01"
    results = check([alive, removed], server)
    assert results[alive].state is LinkState.OK
    assert results[removed].state is LinkState.BROKEN and "oEmbed" in results[removed].detail
    asked = sorted(r.query["url"] for r in server.requests if r.path == "/oembed")
    assert asked == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=removedVid01"]


def test_arxiv_papers_are_confirmed_in_batches(server: LocalServer) -> None:
    urls = ["https://arxiv.org/abs/1706.03762", "https://arxiv.org/pdf/1706.03762v5.pdf",
            "https://arxiv.org/abs/2005.14165", "http://arxiv.org/abs/hep-th/9901001",
            "https://arxiv.org/abs/2999.99999"]
    results = check(urls, server, arxiv_batch=2)
    assert {url: r.state for url, r in results.items()} == {
        urls[0]: LinkState.OK, urls[1]: LinkState.OK, urls[2]: LinkState.OK, urls[3]: LinkState.OK,
        urls[4]: LinkState.BROKEN}
    # Four distinct papers, two per request; the two forms of 1706.03762 are asked about once.
    assert sorted(len(batch) for batch in ARXIV_QUERIES) == [2, 2]
    assert sorted(i for batch in ARXIV_QUERIES for i in batch) == sorted(
        ["1706.03762", "2005.14165", "hep-th/9901001", "2999.99999"])


def test_arxiv_api_requests_are_paced(server: LocalServer) -> None:
    urls = [f"https://arxiv.org/abs/2101.0000{i}" for i in range(3)]
    clock = VirtualClock(start=1_000.0)
    check(urls, server, arxiv_batch=1, pacer=Pacer(0.3, clock=clock.now, sleep=clock.sleep))
    assert [r.path for r in server.requests].count("/arxiv") == 3
    assert clock.waits == pytest.approx([0.3, 0.3])  # one request at a time, each a full interval after the one before


def test_a_failing_source_gives_its_failure_not_ok(server: LocalServer) -> None:
    url = "https://arxiv.org/abs/1706.03762"
    endpoints = {"arxiv_api": server.url("/503"), "youtube_oembed": server.url("/oembed"),
                 "wayback": server.url("/wayback")}
    settings = fast_settings(strategies=["arxiv-api"], endpoints=endpoints)

    async def go() -> list[CheckResult]:
        async with httpx.AsyncClient() as client:
            return await check_links([url], Engine(client, settings))

    (result,) = asyncio.run(go())
    assert result.state is LinkState.ERROR and result.code == 503


def test_broken_links_get_an_archived_copy(server: LocalServer) -> None:
    broken, fine = server.url("/404"), server.url("/ok")
    results = check([broken, fine], server, archive=True)
    assert results[broken].archive_url == f"https://web.archive.org/web/20200101000000/{broken}"
    assert results[fine].archive_url is None
    assert [r.query["url"] for r in server.requests if r.path == "/wayback"] == [broken]
