"""`llmreads enrich`: fill what entries are missing from the sources a librarian would use.

Only what is missing is filled: no authors, no year, kind `other`, and the title where it is a
stand-in (tagged `needs-title`), a generic link text ("Article", "PDF") or a short name ("T5",
kept as `short_title`). A value a person wrote is never replaced. arXiv papers are asked in
batches (`id_list`), one request every few seconds; DOIs from Crossref, repositories from
GitHub's API, videos from oEmbed, anything else from the page's own metadata (see enrich.py).
Answers are cached. Writes happen under the data lock, against the data as it is then, and touch
only the lines of the filled fields.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import httpx
from pydantic import ValidationError

from llmreads.catalog import Catalog, load_catalog, read_catalog
from llmreads.crossref import doi_of
from llmreads.editing import edit_items
from llmreads.enrich import Metadata, fetch_arxiv, fetch_metadata
from llmreads.errors import DataError, FetchError, LlmreadsError
from llmreads.github import repo_of
from llmreads.httpclient import Endpoints, Pacer, host_key
from llmreads.importer.linktext import is_generic
from llmreads.model import NEEDS_TITLE, SHORT_TITLE, Entry, Kind
from llmreads.progress import ProgressLine
from llmreads.transaction import atomic_write, data_transaction
from llmreads.urls import arxiv_id, canonical_url, youtube_id

ARCHIVED = "archived"
ORDER = tuple(Entry.model_fields)
CACHE_MAX_AGE = 30 * 86_400.0
#: Requests in flight at once to sources other than arXiv, and to any one host among them.
CONCURRENCY = 8
PER_HOST = 2

Step = Callable[[str, str], None]


@dataclass
class EnrichJob:
    """One `llmreads enrich` run, its options resolved."""

    data_dir: Path
    endpoints: Endpoints
    ids: Sequence[str] = ()
    dry_run: bool = False
    timeout: float = 15.0
    arxiv_batch: int = 50
    arxiv_pacer: Pacer | None = None
    github_token: str | None = None
    cache: Path | None = None


@dataclass
class Filled:
    """The values one entry gets."""

    entry_id: str
    changes: dict[str, Any]


@dataclass
class EnrichReport:
    """What a run filled, what failed, and what had nothing to fill."""

    filled: list[Filled] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(entry id, one-line reason)."""
    complete: int = 0
    """Entries asked about that had nothing missing, or whose sources had nothing to add."""
    files: list[Path] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        """How many entries got each field."""
        return Counter(name for filled in self.filled for name in filled.changes)


def title_state(entry: Entry) -> str:
    """Say why the entry's title may be replaced: 'stand-in', 'generic', 'short', or '' when a person's title stays."""
    if NEEDS_TITLE in entry.tags:
        return "stand-in"
    if is_generic(entry.title):
        return "generic"
    if SHORT_TITLE in entry.tags or (" " not in entry.title.strip() and len(entry.title) <= 15
                                     and entry.kind is not Kind.CODE):
        return "short"
    return ""


def wanted(entry: Entry) -> set[str]:
    """The fields of `entry` that are missing."""
    missing = {name for name, empty in (("authors", not entry.authors), ("year", entry.year is None),
                                        ("kind", entry.kind is Kind.OTHER)) if empty}
    return missing | ({"title"} if title_state(entry) else set())


def changes_for(entry: Entry, found: Metadata) -> dict[str, Any]:
    """The values `found` gives `entry`: only for missing fields, never over what a person wrote."""
    changes: dict[str, Any] = {}
    state = title_state(entry)
    tags = list(entry.tags)
    title = found.title
    if state and title and not is_generic(title) and _better(entry, state, title, found.url):
        if title != entry.title:
            changes["title"] = title
        if state == "short" and entry.short_title is None and title != entry.title:
            changes["short_title"] = entry.title
        tags = [t for t in tags if t not in (NEEDS_TITLE, SHORT_TITLE)]
    if not entry.authors and found.authors:
        changes["authors"] = found.authors
    if entry.year is None and found.year is not None:
        changes["year"] = found.year
    if entry.kind is Kind.OTHER and found.kind not in (None, Kind.OTHER):
        changes["kind"] = found.kind.value if found.kind else None
    if found.archived and ARCHIVED not in tags:
        tags.append(ARCHIVED)
    if tags != list(entry.tags):
        changes["tags"] = tags
    return changes


def _better(entry: Entry, state: str, title: str, url: str) -> bool:
    """A short name gives way to a page's title only when that title names it (arXiv and DOI titles always win)."""
    if state != "short":
        return True
    if " " not in title.strip():
        return False
    return bool(arxiv_id(url) or doi_of(url)) or entry.title.lower() in title.lower()


async def enrich(job: EnrichJob, client: httpx.AsyncClient, progress: TextIO | None = None) -> EnrichReport:
    """Fill what the job's entries are missing; write the values unless it is a dry run.

    With `progress`, show a progress bar there (one line per entry when it is not a terminal).
    """
    catalog = load_catalog(job.data_dir)
    entries = _chosen(catalog, job.ids)
    report = EnrichReport(complete=sum(1 for e in entries if not wanted(e)))
    todo = [e for e in entries if wanted(e)]
    cache = _Cache(job.cache)
    if progress is None:
        found = await _fetch_all(todo, job, client, cache, report, lambda state, item: None)
    else:
        with ProgressLine(len(todo), progress, doing="enriching") as line:
            found = await _fetch_all(todo, job, client, cache, report, line.step)
    cache.save()
    for entry in todo:
        if entry.id not in found:
            continue
        changes = changes_for(entry, found[entry.id])
        problem = _invalid(entry, changes)
        if problem:
            report.failed.append((entry.id, f"the values found are not valid: {problem}"))
        elif changes:
            report.filled.append(Filled(entry.id, changes))
        else:
            report.complete += 1
    if report.filled and not job.dry_run:
        _write(job.data_dir, found, report)
    report.failed.sort()
    return report


def _chosen(catalog: Catalog, ids: Sequence[str]) -> list[Entry]:
    unknown = [i for i in ids if i not in catalog.entry_by_id]
    if unknown:
        raise LlmreadsError(f"no entry with id '{unknown[0]}' in {catalog.data_dir}")
    return [catalog.entry_by_id[i] for i in dict.fromkeys(ids)] if ids else list(catalog.entries)


def _invalid(entry: Entry, changes: dict[str, Any]) -> str:
    try:
        Entry.model_validate({**entry.model_dump(), **changes})
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        return f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}"
    return ""


async def _fetch_all(entries: list[Entry], job: EnrichJob, client: httpx.AsyncClient, cache: _Cache,
                     report: EnrichReport, step: Step) -> dict[str, Metadata]:
    found: dict[str, Metadata] = {}
    papers: dict[str, list[Entry]] = {}
    others: list[Entry] = []
    for entry in entries:
        cached = cache.get(_key(entry.url))
        if cached is not None:
            found[entry.id] = cached
            step("cached", entry.id)
            continue
        ident = arxiv_id(entry.url)
        if ident:
            papers.setdefault(ident, []).append(entry)
        else:
            others.append(entry)
    await asyncio.gather(_papers(papers, job, client, cache, found, report, step),
                         _pages(others, job, client, cache, found, report, step))
    return found


async def _papers(papers: dict[str, list[Entry]], job: EnrichJob, client: httpx.AsyncClient, cache: _Cache,
                  found: dict[str, Metadata], report: EnrichReport, step: Step) -> None:
    ids = list(papers)
    pacer = job.arxiv_pacer or Pacer(3.0)
    unreachable = ""
    for start in range(0, len(ids), job.arxiv_batch):
        batch = ids[start:start + job.arxiv_batch]
        answers: dict[str, Metadata] = {}
        reason = unreachable
        if not unreachable:
            try:
                answers = await fetch_arxiv(batch, client, job.endpoints.arxiv_api, timeout=job.timeout,
                                            pacer=pacer)
            except FetchError as exc:
                reason = str(exc)
                # no answer at all (offline, refused, reset): the next batches would wait their turn for nothing
                unreachable = reason if reason.startswith("cannot fetch") else ""
        for ident in batch:
            for entry in papers[ident]:
                if ident in answers:
                    found[entry.id] = answers[ident]
                    cache.put(_key(entry.url), answers[ident])
                    step("found", entry.id)
                else:
                    report.failed.append((entry.id, reason or f"arXiv has no paper {ident}"))
                    step("failed", entry.id)


async def _pages(entries: list[Entry], job: EnrichJob, client: httpx.AsyncClient, cache: _Cache,
                 found: dict[str, Metadata], report: EnrichReport, step: Step) -> None:
    slots = asyncio.Semaphore(CONCURRENCY)
    per_host: dict[str, asyncio.Semaphore] = {}

    async def one(entry: Entry) -> None:
        host = host_key(_asked(entry.url, job.endpoints))
        async with per_host.setdefault(host, asyncio.Semaphore(PER_HOST)), slots:
            try:
                metadata = await fetch_metadata(entry.url, client, job.endpoints, timeout=job.timeout,
                                                github_token=job.github_token)
            except FetchError as exc:
                report.failed.append((entry.id, str(exc)))
                step("failed", entry.id)
                return
        found[entry.id] = metadata
        cache.put(_key(entry.url), metadata)
        step("found", entry.id)

    await asyncio.gather(*(one(entry) for entry in entries))


def _write(data_dir: Path, found: dict[str, Metadata], report: EnrichReport) -> None:
    """Write the values into the data as it is now, under the lock: an edit made meanwhile wins."""
    filled = []
    with data_transaction(data_dir) as tx:
        catalog = load_catalog(data_dir)
        by_file: dict[Path, dict[str, dict[str, Any]]] = {}
        for planned in report.filled:
            entry = catalog.entry_by_id.get(planned.entry_id)
            if entry is None or planned.entry_id not in found:
                continue  # deleted or renamed meanwhile
            changes = changes_for(entry, found[planned.entry_id])
            if not changes or _invalid(entry, changes):
                continue  # filled by a person meanwhile
            by_file.setdefault(Path(catalog.places[entry.id].file), {})[entry.id] = changes
            filled.append(Filled(entry.id, changes))
        for path, changes in by_file.items():
            tx.write(path, edit_items(tx.read(path) or "", changes, ORDER))
        _, problems = read_catalog(data_dir, tx.staged)
        if problems:
            raise DataError(problems)
        report.files = sorted(tx.staged)
    report.filled = filled


def _asked(url: str, endpoints: Endpoints) -> str:
    """The URL whose host answers for `url`: the API that describes it, or the page itself."""
    if youtube_id(url):
        return endpoints.youtube_oembed
    if doi_of(url):
        return endpoints.crossref
    if repo_of(url):
        return endpoints.github_api
    return url


def _key(url: str) -> str:
    ident = arxiv_id(url)
    return f"arxiv:{ident}" if ident else canonical_url(url)


class _Cache:
    """What the sources said, by work, reused for a while (failures are never cached)."""

    def __init__(self, path: Path | None, max_age: float = CACHE_MAX_AGE) -> None:
        self.path = path
        self.max_age = max_age
        self.changed = False
        self.items: dict[str, dict[str, Any]] = self._read()

    def _read(self) -> dict[str, dict[str, Any]]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return {}
        return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}

    def get(self, key: str) -> Metadata | None:
        item = self.items.get(key)
        if item is None or not isinstance(item.get("at"), (int, float)) or time.time() - item["at"] > self.max_age:
            return None
        try:
            values = {k: v for k, v in item.items() if k != "at"}
            values["kind"] = Kind(values["kind"]) if values.get("kind") else None
            return Metadata(**values)
        except (TypeError, ValueError):
            return None

    def put(self, key: str, metadata: Metadata) -> None:
        values = dataclasses.asdict(metadata)
        values["kind"] = metadata.kind.value if metadata.kind else None
        self.items[key] = {**values, "at": time.time()}
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs the next run its requests
            atomic_write(self.path, json.dumps(self.items, ensure_ascii=False, sort_keys=True))
