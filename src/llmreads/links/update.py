"""`--update-data`: rewrite permanently moved links in data/ and record every result in data/health.yaml.

The check takes minutes and the data may change meanwhile, so the results are merged into the
data as it is when they are written: under the data folder's lock the catalogue is read again,
and results are matched to entries by URL (an entry renamed meanwhile still gets its rewrite; one
deleted meanwhile is simply left out). Nothing is written until the whole catalogue, with the
rewrites, validates like `llmreads check`; the rewrites and the health file are then committed
together, and only the changed `url:` values differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from llmreads.catalog import Catalog, load_catalog, read_catalog
from llmreads.editing import replace_scalar
from llmreads.errors import DataError
from llmreads.links.model import CheckResult, HealthRecord, LinkState
from llmreads.links.store import health_path, load_health, render_health
from llmreads.transaction import Transaction, data_transaction
from llmreads.urls import canonical_url, is_http_url


@dataclass
class UpdateReport:
    """What --update-data changed."""

    moved: list[tuple[str, str, str]] = field(default_factory=list)
    """(entry id, old URL, new URL) for each rewritten link."""
    kept: list[tuple[str, str]] = field(default_factory=list)
    """(entry id, reason) for redirects left alone."""
    files: list[Path] = field(default_factory=list)
    """Files written, the health file included."""


def update_data(data_dir: Path, results: Sequence[CheckResult]) -> UpdateReport:
    """Rewrite moved links into the catalogue's files and record the results for the site, all at once."""
    report = UpdateReport()
    with data_transaction(data_dir) as tx:
        catalog = load_catalog(data_dir)  # as it is now, under the lock, not as it was when the check began
        _rewrites(catalog, results, report, tx)
        if tx.staged:
            _, problems = read_catalog(data_dir, tx.staged)
            if problems:
                raise DataError(problems)
        _record(catalog, results, report, tx)
        report.files = [*sorted(p for p in tx.staged if p != health_path(data_dir)), health_path(data_dir)]
    return report


def _rewrites(catalog: Catalog, results: Sequence[CheckResult], report: UpdateReport, tx: Transaction) -> None:
    taken = {canonical_url(entry.url): entry.id for entry in catalog.entries}
    by_url = {result.url: result for result in results}
    for entry in catalog.entries:
        result = by_url.get(entry.url)
        target = result.moved_to if result is not None and result.state is LinkState.REDIRECTED else None
        if target is None or target == entry.url:
            continue
        reason = _unsafe(entry.url, target, taken.get(canonical_url(target)), entry.id)
        if reason:
            report.kept.append((entry.id, reason))
            continue
        path = Path(catalog.places[entry.id].file)
        tx.write(path, replace_scalar(tx.read(path) or "", entry.id, "url", target))
        taken[canonical_url(target)] = entry.id
        report.moved.append((entry.id, entry.url, target))


def _unsafe(old: str, new: str, owner: str | None, entry_id: str) -> str:
    """Say why a redirect should not be written into the data, or return ''."""
    if not is_http_url(new):
        return f"the new URL is not an http(s) URL: {new}"
    if owner is not None and owner != entry_id:
        return f"the new URL is the same work as entry '{owner}'"
    if urlsplit(new).path in ("", "/") and urlsplit(old).path not in ("", "/"):
        return f"redirects to the site's home page ({new}), which usually means the page is gone"
    return ""


def _record(catalog: Catalog, results: Sequence[CheckResult], report: UpdateReport, tx: Transaction) -> None:
    moved = {old: new for _, old, new in report.moved}
    current = {entry.url for entry in catalog.entries} - set(moved) | set(moved.values())
    try:
        records = {url: record for url, record in load_health(catalog.data_dir).items() if url in current}
    except DataError:
        records = {}  # a damaged health file is rebuilt from this run's results
    for result in results:
        record = HealthRecord.from_result(result)
        if result.url in moved:
            new = moved[result.url]
            final = result.final_url if result.final_url != new else None
            record = record.model_copy(update={"url": new, "state": LinkState.OK, "final_url": final})
        elif record.archive_url is None and result.url in records:
            record = record.model_copy(update={"archive_url": records[result.url].archive_url}
                                       if record.state is LinkState.BROKEN else {})
        if record.url in current:
            records[record.url] = record
    tx.write(health_path(catalog.data_dir), render_health(records.values()))
