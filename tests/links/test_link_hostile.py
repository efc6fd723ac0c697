"""Hostile answers and odd host names are one link's problem: the run finishes, reports and records."""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import run
from faults import ODD_SCHEMES, fast_settings, fault_server
from faultserver import LocalServer

from llmreads.links.checker import REUSE_BYTES, SNIFF_BYTES, Answer, Engine, Outcome
from llmreads.links.model import LinkState
from llmreads.links.run import check_links
from llmreads.links.store import load_health

TOPICS = "- id: attention\n  title: Attention\n  description: How attention works.\n  order: 1\n"
#: Host names `check` accepts that httpx refuses (or cannot encode) before any request.
ODD_HOSTS = ["http://xn--/", "http://ﬁ.example/", "http://0300.0250.0.1/", "http://ex\u00adample.com/"]


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with fault_server() as running:
        yield running


def _entries(urls: list[str]) -> str:
    return "".join(f"- id: entry-{i}\n  title: Entry {i}\n  url: '{url}'\n  kind: article\n"
                   "  topics: [attention]\n  added: 2024-01-02\n" for i, url in enumerate(urls))


def test_redirects_to_other_schemes_are_each_links_error(server: LocalServer) -> None:
    urls = [server.url(path) for path in ODD_SCHEMES] + [server.url("/ok")]

    async def go() -> dict[str, LinkState]:
        async with httpx.AsyncClient() as client:
            results = await check_links(urls, Engine(client, fast_settings()))
        return {r.url: r.state for r in results}

    states = asyncio.run(go())
    assert states.pop(server.url("/ok")) is LinkState.OK
    assert set(states.values()) == {LinkState.ERROR}


def test_a_links_run_with_hostile_answers_and_odd_hosts_still_reports_and_records(tmp_path: Path,
                                                                                   server: LocalServer) -> None:
    data = tmp_path / "data"
    (data / "entries").mkdir(parents=True)
    (data / "topics.yaml").write_text(TOPICS)
    urls = [server.url(path) for path in ODD_SCHEMES] + ODD_HOSTS + [server.url("/ok")]
    (data / "entries" / "attention.yaml").write_text(_entries(urls))
    assert run("--data", str(data), "check").exit_code == 0  # check accepts all of them
    (tmp_path / "link-rules.yaml").write_text("timeout: 3\ninterval: 0\nretries: 0\narchive: false\nstrategies: []\n")
    result = run("--data", str(data), "links", "--update-data", "--fail-on", "error", "--no-cache")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    report = result.stdout.splitlines()
    assert report[-1] == f"{len(urls)} links: 1 ok, {len(urls) - 1} error"
    for path in ODD_SCHEMES:
        line = next(line for line in report if server.url(path) in line)
        assert "redirect to a" in line, line
    health = load_health(data)
    assert set(health) == set(urls)
    assert health[server.url("/ok")].state is LinkState.OK


def test_a_gzip_bombed_error_page_is_sniffed_within_the_cap(server: LocalServer) -> None:
    async def go() -> tuple[LinkState, Outcome]:
        async with httpx.AsyncClient() as client:
            engine = Engine(client, fast_settings())
            outcome = await engine.fetch(server.url("/gzip-bomb-404"))
            return (await engine.check_url(server.url("/gzip-bomb-404"))).state, outcome

    tracemalloc.start()
    try:
        state, outcome = asyncio.run(go())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert state is LinkState.BROKEN
    assert isinstance(outcome, Answer) and 0 < len(outcome.body) <= max(SNIFF_BYTES, REUSE_BYTES + 1)
    assert peak < 8 * 1024 * 1024  # the page is 64 MB once decompressed


def test_non_ascii_header_values_in_the_rules_are_one_located_line(tmp_path: Path) -> None:
    rules = tmp_path / "link-rules.yaml"
    rules.write_text("timeout: 3\nuser_agent: 'llmreads ☃'\nhosts:\n  example.org:\n    headers:\n"
                     "      Accept-Language: 'fr-FR, é'\n      'Bad Name': x\n")
    result = run("--data", str(tmp_path / "data"), "links", "--rules", str(rules), "http://example.org/")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith(f"{rules}:") for line in lines), lines
    assert any(":2: user_agent: HTTP header values must be printable ASCII" in line for line in lines)
    assert any(":6: hosts.example.org.headers.Accept-Language:" in line for line in lines)
    assert any("'Bad Name' is not a valid HTTP header name" in line for line in lines)
