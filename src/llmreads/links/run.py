"""The `llmreads links` use case: skip, reuse cached results, check the rest by strategy, find archives."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

import httpx

from llmreads.catalog import load_catalog
from llmreads.errors import DataError
from llmreads.httpclient import Pacer
from llmreads.links.archive import find_archive
from llmreads.links.cache import ResultCache, cache_path, pacer_state, project_root
from llmreads.links.checker import DNS_NO_HOST, Engine
from llmreads.links.model import CheckResult, LinkState
from llmreads.links.progress import ProgressReporter
from llmreads.links.rules import Settings
from llmreads.links.store import load_health
from llmreads.links.strategies import build
from llmreads.links.update import UpdateReport, update_data

OnResult = Callable[[CheckResult], None]


async def check_links(urls: Sequence[str], engine: Engine, *, cache: ResultCache | None = None,
                      on_result: OnResult | None = None, known_archives: Mapping[str, str] | None = None,
                      arxiv_pacer: Pacer | None = None) -> list[CheckResult]:
    """Check every URL once and return one result per distinct URL, in the order given."""
    ordered = list(dict.fromkeys(urls))
    found: dict[str, CheckResult] = {}

    def emit(result: CheckResult) -> None:
        found[result.url] = result
        if on_result is not None:
            on_result(result)

    todo = []
    for url in ordered:
        cached = cache.fresh(url) if cache is not None else None
        if engine.settings.excluded(url):
            emit(CheckResult(url, LinkState.SKIPPED, detail="excluded by a rule"))
        elif cached is not None:
            emit(replace(cached, detail=cached.detail or "cached"))
        else:
            todo.append(url)
    await _by_strategy(todo, engine, emit, arxiv_pacer)
    fresh = {url: found[url] for url in todo}
    if not engine.resolved:
        fresh = {url: _no_network(result) for url, result in fresh.items()}
    if engine.settings.archive:
        fresh = await _archives(fresh, engine, known_archives or {})
    found.update(fresh)
    if cache is not None:
        for result in fresh.values():
            cache.put(result)
        cache.save()
    return [found[url] for url in ordered]


async def _by_strategy(urls: list[str], engine: Engine, emit: OnResult, arxiv_pacer: Pacer | None) -> None:
    strategies = build(engine, arxiv_pacer)
    groups: dict[int, list[str]] = {}
    for url in urls:
        index = next(i for i, strategy in enumerate(strategies) if strategy.claims(url))
        groups.setdefault(index, []).append(url)
    await asyncio.gather(*(strategies[i].check(group, emit) for i, group in groups.items()))


def _no_network(result: CheckResult) -> CheckResult:
    """No host name resolved in the whole run: a failed look-up says nothing about the link."""
    if result.state is LinkState.BROKEN and DNS_NO_HOST in result.detail:
        return replace(result, state=LinkState.ERROR, detail="DNS: no host name resolved in this run (no network?)")
    return result


async def _archives(results: dict[str, CheckResult], engine: Engine,
                    known: Mapping[str, str]) -> dict[str, CheckResult]:
    broken = [url for url, result in results.items() if result.state is LinkState.BROKEN]

    async def lookup(url: str) -> tuple[str, str | None]:
        return url, known.get(url) or await find_archive(engine, url)

    for url, archive_url in await asyncio.gather(*(lookup(url) for url in broken)):
        results[url] = results[url].with_archive(archive_url)
    return results


@dataclass
class LinksJob:
    """One `llmreads links` invocation, its options resolved."""

    data_dir: Path
    settings: Settings
    urls: Sequence[str] = ()
    """Check these instead of every entry's link."""
    use_cache: bool = True
    update: bool = False
    """Rewrite moved links in data/ and record the results in data/health.yaml."""


async def run_job(job: LinksJob, client: httpx.AsyncClient, progress: TextIO) -> tuple[list[CheckResult],
                                                                                        UpdateReport | None]:
    """Check the job's links over `client`, showing progress on `progress`; update data/ if asked."""
    catalog = load_catalog(job.data_dir) if job.update or not job.urls else None
    urls = list(job.urls) if job.urls or catalog is None else [entry.url for entry in catalog.entries]
    root = project_root(job.data_dir)
    cache = ResultCache(cache_path(root), job.settings.cache_max_age) if job.use_cache else None
    engine = Engine(client, job.settings)
    with ProgressReporter(len(dict.fromkeys(urls)), progress) as reporter:
        results = await check_links(urls, engine, cache=cache, on_result=reporter,
                                    known_archives=_known_archives(job.data_dir),
                                    arxiv_pacer=Pacer(job.settings.arxiv_interval, pacer_state(root)))
    report = update_data(job.data_dir, results) if job.update and catalog is not None else None
    return results, report


def _known_archives(data_dir: Path) -> dict[str, str]:
    try:
        return {url: r.archive_url for url, r in load_health(data_dir).items() if r.archive_url}
    except DataError:
        return {}


def failing(results: Sequence[CheckResult], fail_on: Iterable[LinkState]) -> list[CheckResult]:
    """Return the results whose state should make the command fail."""
    states = set(fail_on)
    return [result for result in results if result.state in states]


def parse_states(text: str) -> list[LinkState]:
    """Read a comma-separated list of states ('none' for no state); ValueError names a wrong one."""
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    if names == ["none"]:
        return []
    known = {state.value: state for state in LinkState}
    wrong = [n for n in names if n not in known]
    if wrong or not names:
        raise ValueError(f"{(wrong or [text])[0]!r} is not a state (use {', '.join(known)} or none)")
    return [known[n] for n in names]
