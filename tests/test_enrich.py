"""Metadata for `add`: saved real-world-shaped pages, and the arXiv API and oEmbed served locally."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from enrich_server import PAGES, sources
from faultserver import ODD_SCHEMES, LocalServer, serving
from virtualclock import VirtualClock

from llmreads import arxiv
from llmreads.enrich import Metadata, fetch_metadata, from_html
from llmreads.errors import FetchError
from llmreads.httpclient import Endpoints, Pacer
from llmreads.model import Kind


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serving(sources) as running:
        yield running


def page(name: str, url: str = "https://example.org/post") -> Metadata:
    return from_html((PAGES / name).read_bytes(), url)


def fetch(url: str, server: LocalServer, timeout: float = 3.0, pacer: Pacer | None = None) -> Metadata:
    endpoints = Endpoints(arxiv_api=server.url("/arxiv"), youtube_oembed=server.url("/oembed"))

    async def go() -> Metadata:
        async with httpx.AsyncClient() as client:
            return await fetch_metadata(url, client, endpoints, timeout=timeout, arxiv_pacer=pacer or Pacer(0))

    return asyncio.run(go())


def test_arxiv_abs_page_uses_citation_meta() -> None:
    found = page("arxiv_abs.html", "https://arxiv.org/abs/1706.03762")
    assert found.title == "Attention Is All You Need"
    assert found.authors[:3] == ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"] and len(found.authors) == 8
    assert found.year == 2017  # citation_date, not the later online date
    assert found.kind is Kind.PAPER


def test_blog_uses_opengraph_and_skips_author_urls() -> None:
    found = page("blog_opengraph.html")
    assert (found.title, found.authors, found.year, found.kind) == (
        "The Illustrated Transformer", ["Jay Alammar"], 2018, Kind.ARTICLE)


def test_page_with_only_a_title() -> None:
    found = page("title_only.html")
    assert (found.title, found.authors, found.year) == ("Notes on LLM inference & serving", [], None)


def test_json_ld_article_in_a_graph() -> None:
    found = page("jsonld.html")
    assert found.title == "How to Train Your LLM: Lessons From a Year of Pre-training"
    assert found.authors == ["Grace Hopper", "Alan Turing"]
    assert found.year == 2024


def test_site_name_is_dropped_from_a_plain_title() -> None:
    html = ('<html><head><meta property="og:site_name" content="The Blog">'
            "<title>A post about KV caches | The Blog</title></head></html>")
    assert from_html(html, "https://example.org/x").title == "A post about KV caches"


def test_arxiv_atom_feed() -> None:
    (paper,) = arxiv.parse_feed((PAGES / "arxiv_api.xml").read_bytes())
    assert paper == arxiv.Paper("1706.03762", "Attention Is All You Need",
                                ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"], 2017)
    assert arxiv.parse_feed((PAGES / "arxiv_api_error.xml").read_bytes()) == []
    with pytest.raises(ValueError):
        arxiv.parse_feed(b"<html>not atom</html>")


def test_arxiv_links_ask_the_api(server: LocalServer) -> None:
    found = fetch("https://arxiv.org/pdf/1706.03762v5.pdf", server)
    assert found == Metadata("https://arxiv.org/abs/1706.03762", "Attention Is All You Need",
                             ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"], 2017, Kind.PAPER)
    assert [r.query for r in server.requests] == [{"id_list": "1706.03762", "max_results": "1"}]


def test_unknown_arxiv_paper_is_a_fetch_error(server: LocalServer) -> None:
    with pytest.raises(FetchError, match=r"^arXiv has no paper 2999\.99999$"):
        fetch("https://arxiv.org/abs/2999.99999", server)


def test_arxiv_requests_keep_their_distance_across_runs(server: LocalServer, tmp_path: Path) -> None:
    state, clock = tmp_path / "arxiv-last-request", VirtualClock(start=1_000.0)
    fetch("https://arxiv.org/abs/1706.03762", server, pacer=Pacer(0.5, state, clock=clock.now, sleep=clock.sleep))
    assert (clock.waits, state.read_text()) == ([], "1000.0\n")  # the first request need not wait
    # A new run with the same state file waits out the interval since the last run's request, and notes its own.
    fetch("https://arxiv.org/abs/1706.03762", server, pacer=Pacer(0.5, state, clock=clock.now, sleep=clock.sleep))
    assert (clock.waits, state.read_text()) == ([0.5], "1000.5\n")
    assert [r.path for r in server.requests] == ["/arxiv", "/arxiv"]


def test_youtube_asks_oembed(server: LocalServer) -> None:
    found = fetch("https://youtu.be/kCc8FmEb1nY?si=tracking", server)
    assert (found.title, found.authors, found.kind) == (
        "Let's build GPT: from scratch, in code, spelled out.", ["Andrej Karpathy"], Kind.VIDEO)
    assert server.requests[0].query["url"] == "https://www.youtube.com/watch?v=kCc8FmEb1nY"


def test_removed_video_is_a_fetch_error(server: LocalServer) -> None:
    with pytest.raises(FetchError, match="no public video"):
        fetch("https://www.youtube.com/watch?v=goneGoneGone", server)


def test_other_pages_are_fetched_and_parsed(server: LocalServer) -> None:
    url = server.url("/pages/jsonld.html")
    assert fetch(url, server).title == "How to Train Your LLM: Lessons From a Year of Pre-training"


def test_a_pdf_gives_no_title_but_no_error(server: LocalServer) -> None:
    found = fetch(server.url("/paper.pdf"), server)
    assert (found.title, found.kind) == (None, Kind.PAPER)


@pytest.mark.parametrize(("path", "reason"), [("/missing", "HTTP 404"), ("/hang", "no answer within 1 s")])
def test_network_failures_are_one_line(server: LocalServer, path: str, reason: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(server.url(path), server, timeout=1.0)
    # A server that never answers cannot hold `add`: the one request ends in its deadline, and is not repeated.
    assert str(caught.value) == f"cannot fetch {server.url(path)}: {reason}"
    assert [(r.method, r.path) for r in server.requests] == [("GET", path)]


def test_refused_connection_is_one_line() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with serving(sources) as other, pytest.raises(FetchError, match=r"^cannot fetch http://127\.0\.0\.1:\d+/x: "):
        fetch(f"http://127.0.0.1:{port}/x", other)


def test_stack_deep_json_ld_is_skipped_not_fatal(server: LocalServer) -> None:
    found = fetch(server.url("/deep-jsonld.html"), server)
    assert found.title == "Nested graph"  # the parseable JSON-LD still counts, however deep its @graph


def test_stack_deep_oembed_json_is_a_fetch_error(server: LocalServer) -> None:
    with pytest.raises(FetchError, match=r"^YouTube oEmbed answered something that is not JSON$"):
        fetch("https://www.youtube.com/watch?v=deepDeepDeep", server)


def test_control_characters_never_reach_the_metadata(server: LocalServer) -> None:
    found = fetch(server.url("/control-title.html"), server)
    assert (found.title, found.authors) == ("Attention[31m is all you need", ["Ada Lovelace"])
    assert found.year is None  # a page dated 2099 has a bug, not a year


@pytest.mark.parametrize("path", sorted(ODD_SCHEMES))
def test_redirects_to_other_schemes_are_one_line(server: LocalServer, path: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(server.url(path), server)
    assert "redirects to" in str(caught.value) and "\n" not in str(caught.value)


def test_a_title_longer_than_any_work_has_is_cut() -> None:
    found = from_html(f"<title>{'Long ' * 1_000_000}</title>", "https://example.org/x")
    assert found.title is not None and len(found.title) <= 500 and found.title.endswith("…")


def test_xml_served_as_html_is_read_without_a_warning() -> None:
    # pytest turns warnings into errors, so bs4's XMLParsedAsHTMLWarning would fail this test.
    meta = from_html(b'<?xml version="1.0"?><feed><title>Feed title</title></feed>', "https://example.org/f")
    assert meta.title == "Feed title"


def test_markup_that_looks_like_a_file_name_is_read_without_a_warning() -> None:
    meta = from_html("index.html", "https://example.org/x")
    assert meta.title is None
