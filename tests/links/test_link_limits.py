"""Politeness: no host ever sees more than its limit of requests at once, nor two starts closer than its interval."""

from __future__ import annotations

import asyncio
import time
from itertools import pairwise

import httpx
from faults import fast_settings, fault_server

from llmreads.links.checker import Engine
from llmreads.links.rules import HostRule
from llmreads.links.run import check_links

HOSTS = ("127.0.0.2", "127.0.0.3", "127.0.0.4")


class RecordingTransport(httpx.AsyncHTTPTransport):
    """Note when each request leaves the client (the moment the interval governs)."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(time.monotonic())
        return await super().handle_async_request(request)


def run(urls: list[str], transport: httpx.AsyncBaseTransport | None = None, **settings: object) -> Engine:
    async def go() -> Engine:
        async with httpx.AsyncClient(transport=transport) as client:
            engine = Engine(client, fast_settings(**settings))
            results = await check_links(urls, engine)
            assert {r.state.value for r in results} == {"ok"}
            return engine

    return asyncio.run(go())


def test_per_host_limit_is_never_exceeded() -> None:
    with fault_server(HOSTS) as server:
        urls = [server.url(f"/slow-{i}", host) for host in HOSTS for i in range(12)]
        engine = run(urls, per_host=2, concurrency=64)
    assert set(server.peak) == set(HOSTS)
    assert max(server.peak.values()) <= 2
    assert all(server.peak[host] == 2 for host in HOSTS)  # the limit is used, not just respected
    assert engine.limiter is not None and max(engine.limiter.peak.values()) <= 2
    assert len(server.requests) == len(urls)  # HEAD answered: one request each


def test_global_limit_caps_all_hosts_together() -> None:
    with fault_server(HOSTS) as server:
        urls = [server.url(f"/slow-{i}", host) for host in HOSTS for i in range(8)]
        run(urls, per_host=4, concurrency=3)
    assert server.peak_total == 3  # requests to different hosts overlap, but never more than three in all


def test_interval_spaces_requests_to_one_host() -> None:
    transport = RecordingTransport()
    with fault_server(HOSTS[:1]) as server:
        urls = [server.url(f"/ok?{i}", HOSTS[0]) for i in range(6)]
        run(urls, transport, per_host=4, interval=0.2)
    assert len(transport.sent) == len(server.requests) == 6
    assert all(later - earlier >= 0.2 - 0.02 for earlier, later in pairwise(transport.sent))


def test_host_rule_overrides_the_limit() -> None:
    with fault_server(HOSTS[:2]) as server:
        urls = [server.url(f"/slow-{i}", host) for host in HOSTS[:2] for i in range(8)]
        run(urls, per_host=4, hosts={HOSTS[0]: HostRule(per_host=1)})
    assert server.peak[HOSTS[0]] == 1
    assert server.peak[HOSTS[1]] == 4


def test_several_spellings_of_one_address_share_its_limit() -> None:
    with fault_server(("127.0.0.1",)) as server:
        port = server.ports["127.0.0.1"]
        spellings = ["127.0.0.1", "127.1", "0x7f.0.0.1", "2130706433", "017700000001"]
        urls = [f"http://{host}:{port}/slow-{i}" for host in spellings for i in range(4)]
        engine = run(urls, per_host=2, concurrency=64)
    assert len(server.requests) == len(urls)
    assert server.peak["127.0.0.1"] == 2  # five spellings, one address: still two at a time
    assert engine.limiter is not None and set(engine.limiter.peak) == {"127.0.0.1"}
