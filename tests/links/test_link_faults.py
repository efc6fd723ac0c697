"""Every misbehaviour of the fault server ends in the right state, and every link gets its result.

No test here reads the clock: the waits before retries are recorded instead of slept, and a server
that never answers must end in a timeout result (a run that hung would give no results at all).
"""

from __future__ import annotations

import asyncio
import socket
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

#: Each link's deadline (a setting, not a bound the test measures): long enough that the retries setting (2),
#: not the deadline, ends the Retry-After: 1 waits, however slowly a loaded machine answers (up to 3 s in all).
TIMEOUT = 5.0

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


def check(urls: list[str], waits: list[float] | None = None, **settings: Any) -> dict[str, CheckResult]:
    """Check URLs with a plain client, as the CLI would but without the real network.

    The waits before retries go into `waits` instead of being slept.
    """
    async def record(seconds: float) -> None:
        (waits if waits is not None else []).append(seconds)

    async def go() -> list[CheckResult]:
        async with httpx.AsyncClient() as client:
            return await check_links(urls, Engine(client, fast_settings(**settings), sleep=record))

    return {result.url: result for result in asyncio.run(go())}


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with fault_server() as running:
        yield running


@pytest.fixture(scope="module")
def fault_run() -> Iterator[tuple[LocalServer, dict[str, CheckResult], list[float]]]:
    """Check every fault path at once (one run for the module: the paths that never answer cost the deadline)."""
    with fault_server() as running:
        waits: list[float] = []
        results = check([running.url(path) for path in EXPECTED], waits, timeout=TIMEOUT, per_host=64)
        yield running, results, waits


def test_every_fault_ends_in_its_state(fault_run: tuple[LocalServer, dict[str, CheckResult], list[float]]) -> None:
    server, results, _ = fault_run
    got = {path: (results[server.url(path)].state, results[server.url(path)].code) for path in EXPECTED}
    assert got == EXPECTED


def test_every_link_gets_its_result_however_the_server_misbehaves(
        fault_run: tuple[LocalServer, dict[str, CheckResult], list[float]]) -> None:
    server, results, _ = fault_run
    assert sorted(results) == sorted(server.url(path) for path in EXPECTED)
    # A server that never answers, or trickles a byte at a time, costs the link its deadline and no more:
    # one request, then a timeout result (a check that waited on it for ever would give no result at all).
    for path in ("/hang", "/trickle"):
        result = results[server.url(path)]
        assert (result.state, result.detail) == (LinkState.TIMEOUT, f"no complete answer within {TIMEOUT:g} s")
        assert server.count(path) == 1
    # A body that never ends is not read to its end: the verdict comes from the status.
    assert [r.method for r in server.requests if r.path == "/endless"] == ["HEAD", "GET"]
    assert results[server.url("/endless-404")].detail == "HTTP 404"


def test_redirect_chains_are_recorded(fault_run: tuple[LocalServer, dict[str, CheckResult], list[float]]) -> None:
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


def test_retries_only_what_is_worth_retrying(
        fault_run: tuple[LocalServer, dict[str, CheckResult], list[float]]) -> None:
    server, _, waits = fault_run

    def gets(path: str) -> int:
        return sum(1 for r in server.requests if r.path == path and r.method == "GET")

    assert gets("/404") == 1 and gets("/410") == 1  # never retried
    assert gets("/503") == 3  # the first try and two retries
    assert gets("/500-then-200") == 2
    assert server.count("/reset") == 3
    assert gets("/999") == 1
    assert gets("/cf-503") == 1  # a robot check is not retried
    # Retry-After: 1 was honoured: a wait of a second before each retry (two for /429, one for /429-then-200).
    assert gets("/429") == 3 and gets("/429-then-200") == 2
    assert sorted(waits)[-3:] == [1.0, 1.0, 1.0]
    # The rest are back-offs (0.05 s doubling, plus up to 0.05 s of jitter): two for /503 and /reset, one for /500.
    backoffs = sorted(waits)[:-3]
    assert len(backoffs) == 5 and all(0.05 <= wait <= 0.15 for wait in backoffs), waits


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
