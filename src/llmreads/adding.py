"""`llmreads add URL`: fetch a work's metadata and append a valid entry to its primary topic's file.

The metadata is fetched first; then, under the data folder's lock, the catalogue is read again,
the whole catalogue with the new entry is validated like `llmreads check`, and the file is
replaced atomically (see transaction.py), so an interrupted add leaves it untouched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from llmreads.catalog import ENTRIES_DIR, SCHEMA_COMMENT, Catalog, read_catalog
from llmreads.editing import append_item
from llmreads.enrich import Metadata, fetch_metadata
from llmreads.errors import DataError, FetchError, LlmreadsError, Problem
from llmreads.httpclient import Endpoints, Pacer
from llmreads.importer.guess import guess_kind
from llmreads.importer.topics import suggest_topics
from llmreads.model import SLUG, Kind, Level
from llmreads.slugs import slugify, unique_slug
from llmreads.transaction import data_transaction
from llmreads.urls import arxiv_id, canonical_url, is_http_url
from llmreads.yamlio import dump_item


@dataclass
class Added:
    """The entry `add` built, where it goes, and whether it was written."""

    entry: dict[str, Any]
    path: Path
    written: bool
    warnings: list[str] = field(default_factory=list)
    """What went wrong without stopping the add (a failed fetch when the title was given)."""

    @property
    def yaml(self) -> str:
        """The entry as it appears in the file."""
        return dump_item(self.entry)


@dataclass
class AddOptions:
    """What the user said about the new entry, beyond its URL."""

    topics: Sequence[str] = ()
    tags: Sequence[str] = ()
    title: str | None = None
    kind: Kind | None = None
    dry_run: bool = False
    authors: Sequence[str] = ()
    year: int | None = None
    level: Level | None = None
    note: str | None = None
    fetch: bool = True
    """Ask the work's source for its metadata; without it, the entry is built from the given values alone."""


async def add_entry(url: str, data_dir: Path, client: httpx.AsyncClient, endpoints: Endpoints, *,
                    today: dt.date, options: AddOptions, timeout: float = 15.0,
                    arxiv_pacer: Pacer | None = None, github_token: str | None = None) -> Added:
    """Fetch `url`'s metadata and append a new entry to data/entries/<primary topic>.yaml."""
    url = url.strip()
    if not is_http_url(url):
        raise LlmreadsError(f"{url!r} is not an http(s) URL")
    _check_tags(options.tags)
    _refuse_duplicate(_load(data_dir), url)
    warnings: list[str] = []
    metadata = await _metadata(url, client, endpoints, options, warnings, timeout=timeout,
                               arxiv_pacer=arxiv_pacer, github_token=github_token)
    with data_transaction(data_dir, dry_run=options.dry_run) as tx:
        catalog = _load(data_dir)  # again, under the lock: the data may have changed during the fetch
        _refuse_duplicate(catalog, url)
        entry = build_entry(catalog, metadata, options, today)
        path = data_dir / ENTRIES_DIR / f"{entry['topics'][0]}.yaml"
        before = tx.read(path)
        tx.write(path, append_item(before, entry, header=SCHEMA_COMMENT))
        _, problems = read_catalog(data_dir, tx.staged)
        if problems:
            raise _entry_problems(problems, path, len((before or "").splitlines()), metadata.url)
    return Added(entry, path, not options.dry_run, warnings)


async def _metadata(url: str, client: httpx.AsyncClient, endpoints: Endpoints, options: AddOptions,
                    warnings: list[str], *, timeout: float, arxiv_pacer: Pacer | None,
                    github_token: str | None) -> Metadata:
    """Fetch what the source says, unless told not to; with a title given, a failed fetch is only a warning."""
    ident = arxiv_id(url)
    offline = Metadata(f"https://arxiv.org/abs/{ident}" if ident else url, kind=guess_kind(url))
    if not options.fetch:
        if not options.title:
            raise LlmreadsError("--no-fetch needs --title (and, if you know them, --authors, --year and --kind)")
        return offline
    try:
        return await fetch_metadata(url, client, endpoints, timeout=timeout, arxiv_pacer=arxiv_pacer,
                                    github_token=github_token)
    except FetchError as exc:
        if not options.title:
            raise FetchError(f"{exc}; to add it anyway, give what you know: llmreads add {url} --no-fetch "
                             '--title "..." [--authors "A, B"] [--year YYYY] [--kind KIND]') from None
        warnings.append(f"{exc}; added with the values given")
        return offline


def build_entry(catalog: Catalog, metadata: Metadata, options: AddOptions, today: dt.date) -> dict[str, Any]:
    """Build the new entry's fields, in the catalogue's key order."""
    title = options.title or metadata.title
    if not title:
        raise LlmreadsError(f"found no title for {metadata.url}: give one with --title")
    topics = _topics(catalog, options.topics, title)
    year = options.year or metadata.year
    entry: dict[str, Any] = {
        "id": unique_slug(slugify(title), catalog.entry_by_id, year),
        "title": title,
        "url": metadata.url,
    }
    authors = list(options.authors) or metadata.authors
    if authors:
        entry["authors"] = authors
    if year:
        entry["year"] = year
    entry["kind"] = (options.kind or metadata.kind or Kind.ARTICLE).value
    if options.level:
        entry["level"] = options.level.value
    entry["topics"] = topics
    if options.tags:
        entry["tags"] = list(dict.fromkeys(options.tags))
    if options.note:
        entry["note"] = options.note
    entry["added"] = today
    return entry


def _entry_problems(problems: list[Problem], path: Path, old_lines: int, url: str) -> LlmreadsError:
    """Say what is wrong with the new entry as such: its lines are not in any file yet."""
    new = [p for p in problems if p.file == str(path) and p.line > old_lines]
    if not new:
        return DataError(problems)
    return LlmreadsError(f"the entry built for {url} is not valid: {new[0].field}: {new[0].message}"
                         " (give the right value with --title, --authors, --year, --kind or --note)")


def _load(data_dir: Path) -> Catalog:
    catalog, problems = read_catalog(data_dir)
    if problems:
        raise DataError(problems)
    return catalog


def _refuse_duplicate(catalog: Catalog, url: str) -> None:
    same = catalog.entry_by_url.get(canonical_url(url))
    if same is not None:
        place = catalog.places[same.id]
        raise LlmreadsError(f"already in the catalogue as '{same.id}' ({place.file}:{place.line}): {same.title}")


def _topics(catalog: Catalog, given: Sequence[str], title: str) -> list[str]:
    if given:
        unknown = [t for t in given if t not in catalog.topic_by_id]
        if unknown:
            raise LlmreadsError(f"unknown topic '{unknown[0]}' (see the ids in {catalog.data_dir / 'topics.yaml'})")
        return list(dict.fromkeys(given))
    suggested = suggest_topics([], title, catalog.topics)
    if not suggested:
        raise LlmreadsError(f"no topic matches the title {title!r}: give one with --topic ID")
    return suggested


def _check_tags(tags: Sequence[str]) -> None:
    for tag in tags:
        if not SLUG.match(tag):
            raise LlmreadsError(f"tag '{tag}' is not lowercase kebab-case (a-z, 0-9 and single hyphens)")

