"""Every misbehaviour of the fault server ends in the right state, and the whole run is bounded in time."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from faults import fast_settings, fault_server
from faultserver import LocalServer, self_signed, serving

from llmreads.links.checker import Engine
from llmreads.links.model import CheckResult, LinkState
from llmreads.links.rules import HostRule
from llmreads.links.run import check_links

TIMEOUT = 2.0
#: The whole fault run must finish within this, however the server misbehaves (it would hang forever otherwise).
RUN_BOUND = 25.0

EXPECTED = {
    "/ok": (LinkState.OK, 200),
    "/302": (LinkState.OK, 200),
    "/temp-then-perm": (LinkState.OK, 200),
    "/301": (LinkState.REDIRECTED, 200),
    "/mixed": (LinkState.REDIRECTED, 200),
    "/loop-a": (LinkState.ERROR, 302),
    "/404": (LinkState.BROKEN, 404),
    "/410": (LinkState.BROKEN, 410),
    "/403": (LinkState.BROKEN, 403),
    "/999": (LinkState.BLOCKED, 999),
    "/challenge": (LinkState.BLOCKED, 403),
    "/cf-503": (LinkState.BLOCKED, 503),
    "/429": (LinkState.BLOCKED, 429),
    "/429-then-200": (LinkState.OK, 200),
    "/500-then-200": (LinkState.OK, 200),
    "/503": (LinkState.ERROR, 503),
    "/head-405": (LinkState.OK, 200),
    "/reset": (LinkState.ERROR, None),
    "/hang": (LinkState.TIMEOUT, None),
    "/trickle": (LinkState.TIMEOUT, None),
    "/endless": (LinkState.OK, 200),
    "/endless-404": (LinkState.BROKEN, 404),
}


def check(urls: list[str], **settings: Any) -> dict[str, CheckResult]:
    """Check URLs with a plain client, as the CLI would but without the real network."""
    async def go() -> list[CheckResult]:
        async with httpx.AsyncClient() as client:
            return await check_links(urls, Engine(client, fast_settings(**settings)))

    return {result.url: result for result in asyncio.run(go())}


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with fault_server() as running:
        yield running


@pytest.fixture(scope="module")
def fault_run() -> Iterator[tuple[LocalServer, dict[str, CheckResult], float]]:
    """Check every fault path at once (one run for the module: the slow paths cost seconds)."""
    with fault_server() as running:
        started = time.monotonic()
        results = check([running.url(path) for path in EXPECTED], timeout=TIMEOUT, per_host=64)
        yield running, results, time.monotonic() - started


def test_every_fault_ends_in_its_state(fault_run: tuple[LocalServer, dict[str, CheckResult], float]) -> None:
    server, results, _ = fault_run
    got = {path: (results[server.url(path)].state, results[server.url(path)].code) for path in EXPECTED}
    assert got == EXPECTED


def test_the_whole_run_is_bounded(fault_run: tuple[LocalServer, dict[str, CheckResult], float]) -> None:
    _, results, seconds = fault_run
    assert seconds < RUN_BOUND
    # No link may cost more than its deadline (plus scheduling slack), not even one that never answers.
    for result in results.values():
        assert result.elapsed_ms <= (TIMEOUT + 1.0) * 1000, result


def test_redirect_chains_are_recorded(fault_run: tuple[LocalServer, dict[str, CheckResult], float]) -> None:
    server, results, _ = fault_run
    moved = results[server.url("/301")]
    assert [(hop.url, hop.code) for hop in moved.redirects] == [(server.url("/301"), 301), (server.url("/308"), 308)]
    assert moved.final_url == server.url("/ok")
    assert moved.moved_to == server.url("/ok")
    mixed = results[server.url("/mixed")]
    assert mixed.moved_to == server.url("/302")  # only the permanent part of the chain is a move
    temporary = results[server.url("/temp-then-perm")]
    assert temporary.moved_to is None and temporary.final_url == server.url("/ok")
    loop = results[server.url("/loop-a")]
    assert "loop" in loop.detail and len(loop.redirects) == 2


def test_retries_only_what_is_worth_retrying(fault_run: tuple[LocalServer, dict[str, CheckResult], float]) -> None:
    server, _, _ = fault_run

    def gets(path: str) -> list[float]:
        return [r.at for r in server.requests if r.path == path and r.method == "GET"]

    assert len(gets("/404")) == 1 and len(gets("/410")) == 1  # never retried
    assert len(gets("/503")) == 3  # the first try and two retries
    assert len(gets("/500-then-200")) == 2
    assert server.count("/reset") == 3
    assert len(gets("/999")) == 1
    assert len(gets("/cf-503")) == 1  # a robot check is not retried
    waits = gets("/429")
    assert len(waits) >= 2 and waits[1] - waits[0] >= 0.9  # Retry-After: 1 was honoured
    later = gets("/429-then-200")
    assert later[1] - later[0] >= 0.9


def test_invalid_tls_is_an_error(tmp_path: Path) -> None:
    async def ok(request: Any, reply: Any) -> None:
        await reply.send(200, "ok")

    with serving(ok, tls=self_signed(tmp_path)) as tls_server:
        result = check([tls_server.url("/ok")])[tls_server.url("/ok")]
    assert result.state is LinkState.ERROR
    assert result.detail.startswith("TLS:") and "certificate" in result.detail
    assert tls_server.requests == []  # the handshake failed before any request was made


def test_connection_refused_is_an_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    result = check([url])[url]
    assert (result.state, result.detail) == (LinkState.ERROR, "connection refused")


def test_unknown_host_is_broken_when_other_hosts_resolve(server: LocalServer) -> None:
    dead = "http://no-such-host.invalid/page"
    results = check([dead, server.url("/ok")])
    assert results[dead].state is LinkState.BROKEN and "DNS" in results[dead].detail


def test_unknown_hosts_alone_mean_no_network() -> None:
    dead = "http://no-such-host.invalid/page"
    result = check([dead])[dead]
    assert result.state is LinkState.ERROR and "no network" in result.detail


def test_host_rule_turns_403_into_blocked(server: LocalServer) -> None:
    url = server.url("/403")
    results = check([url], hosts={"127.0.0.1": HostRule(accept={403: LinkState.BLOCKED})})
    assert results[url].state is LinkState.BLOCKED


def test_host_rule_headers_are_sent(server: LocalServer) -> None:
    url = server.url("/ok")
    check([url], hosts={"127.0.0.1": HostRule(headers={"Accept-Language": "en", "X-Test": "1"})})
    assert all(r.headers.get("x-test") == "1" for r in server.requests)


def test_get_only_host_rule_skips_head(server: LocalServer) -> None:
    url = server.url("/ok")
    check([url], hosts={"127.0.0.1": HostRule(head=False)})
    assert [r.method for r in server.requests] == ["GET"]


def test_excluded_links_are_skipped_without_a_request(server: LocalServer) -> None:
    url = server.url("/ok")
    results = check([url], exclude=[f"{server.url('/')}*"])
    assert results[url].state is LinkState.SKIPPED
    assert server.requests == []
