"""Settled results are reused until they are older than the maximum age; failures are always checked again."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import httpx
from faults import fast_settings, fault_server

from llmreads.links.cache import ResultCache
from llmreads.links.checker import Engine
from llmreads.links.model import CheckResult, LinkState
from llmreads.links.run import check_links


def run(urls: list[str], cache: ResultCache) -> list[CheckResult]:
    async def go() -> list[CheckResult]:
        async with httpx.AsyncClient() as client:
            return await check_links(urls, Engine(client, fast_settings()), cache=cache)

    return asyncio.run(go())


def test_fresh_ok_results_are_reused_and_failures_rechecked(tmp_path: Path) -> None:
    path = tmp_path / ".llmreads-cache" / "links.json"
    with fault_server() as server:
        ok, broken = server.url("/ok"), server.url("/404")
        first = run([ok, broken], ResultCache(path, 3600))
        seen = len(server.requests)
        second = run([ok, broken], ResultCache(path, 3600))
        again = server.requests[seen:]
    assert [r.state for r in first] == [r.state for r in second] == [LinkState.OK, LinkState.BROKEN]
    assert {r.path for r in again} == {"/404"}  # the ok link came from the cache
    assert second[0].checked_at == first[0].checked_at
    stored = json.loads(path.read_text())["results"]
    assert set(stored) == {ok, broken}


def test_stale_results_are_checked_again(tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    with fault_server() as server:
        ok = server.url("/ok")
        cache = ResultCache(path, 60)
        old = CheckResult(ok, LinkState.OK, 200, ok, checked_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=61))
        cache.put(old)
        cache.save()
        (result,) = run([ok], ResultCache(path, 60))
    assert len(server.requests) == 1
    assert result.checked_at > old.checked_at


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    path.write_text("{not json")
    with fault_server() as server:
        (result,) = run([server.url("/ok")], ResultCache(path, 3600))
    assert result.state is LinkState.OK
    assert json.loads(path.read_text())["version"] == 1
