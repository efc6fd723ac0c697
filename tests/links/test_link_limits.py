"""Politeness: no host ever sees more than its limit of requests at once, nor two starts closer than its interval."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from faults import fast_settings, fault_server
from virtualclock import VirtualClock

from llmreads.links.checker import Engine
from llmreads.links.limits import HostLimiter
from llmreads.links.rules import HostRule
from llmreads.links.run import check_links

HOSTS = ("127.0.0.2", "127.0.0.3", "127.0.0.4")


def run(urls: list[str], limiter: HostLimiter | None = None, **settings: object) -> Engine:
    async def go() -> Engine:
        async with httpx.AsyncClient() as client:
            engine = Engine(client, fast_settings(**settings), limiter=limiter)
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
    clock = VirtualClock()
    limiter = HostLimiter(64, lambda host: (4, 0.2), clock=clock.now, sleep=clock.sleep)
    with fault_server(HOSTS[:2]) as server:
        urls = [server.url(f"/ok?{i}", HOSTS[0]) for i in range(6)] + [server.url("/ok", HOSTS[1])]
        run(urls, limiter=limiter)
    assert len(server.requests) == 7
    # Each request to the first host after its first waited one interval for its turn; the other host never waited.
    assert clock.waits == pytest.approx([0.2] * 5)
    assert clock.now() == pytest.approx(1.0)


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
