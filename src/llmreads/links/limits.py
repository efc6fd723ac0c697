"""Politeness: a global limit on requests in flight, a per-host limit, and a minimum interval per host.

Hosts are keyed by `httpclient.host_key`, so several spellings of one address share one limit.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from llmreads.httpclient import host_key

#: (requests at once, seconds between request starts) for a host name.
Policy = Callable[[str], tuple[int, float]]


class HostLimiter:
    """Hand out request slots so that no host sees more than its limit, nor requests closer than its interval.

    A request first waits for its host (so a queue for one busy host never holds global
    slots other hosts could use), then for its start time, then for a global slot; the
    interval runs from the moment a request actually gets its slot.
    """

    def __init__(self, concurrency: int, policy: Policy, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._global = asyncio.Semaphore(concurrency)
        self._policy = policy
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._starting: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._next_start: dict[str, float] = defaultdict(float)
        self._in_flight: dict[str, int] = defaultdict(int)
        self.peak: dict[str, int] = defaultdict(int)
        """Most requests any host had in flight at once (for tests and the benchmark)."""

    def _host(self, host: str) -> asyncio.Semaphore:
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self._policy(host)[0])
        return self._hosts[host]

    async def _start(self, host: str) -> None:
        """Wait for the host's next start time and a global slot, then set the next start time."""
        async with self._starting[host]:
            while (wait := self._next_start[host] - self._clock()) > 0:
                await self._sleep(wait)
            await self._global.acquire()
            self._next_start[host] = self._clock() + self._policy(host)[1]

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Hold a slot for one request to `url`."""
        host = host_key(url)
        async with self._host(host):
            await self._start(host)
            try:
                self._in_flight[host] += 1
                self.peak[host] = max(self.peak[host], self._in_flight[host])
                yield
            finally:
                self._in_flight[host] -= 1
                self._global.release()
