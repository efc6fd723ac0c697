"""`--update-data`: rewrite permanently moved links in data/ and record every result in data/health.yaml.

Nothing is written until the whole catalogue, with the rewrites, validates like `llmreads check`;
each file is then replaced atomically, and only the changed `url:` values differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from llmreads.catalog import Catalog, read_catalog
from llmreads.editing import replace_scalar
from llmreads.errors import DataError
from llmreads.links.model import CheckResult, HealthRecord, LinkState
from llmreads.links.store import health_path, load_health, save_health
from llmreads.urls import canonical_url, is_http_url
from llmreads.yamlio import atomic_write


@dataclass
class UpdateReport:
    """What --update-data changed."""

    moved: list[tuple[str, str, str]] = field(default_factory=list)
    """(entry id, old URL, new URL) for each rewritten link."""
    kept: list[tuple[str, str]] = field(default_factory=list)
    """(entry id, reason) for redirects left alone."""
    files: list[Path] = field(default_factory=list)
    """Files written, the health file included."""


def update_data(catalog: Catalog, results: Sequence[CheckResult]) -> UpdateReport:
    """Rewrite moved links into the catalogue's files and record the results for the site."""
    report = UpdateReport()
    texts = _rewrites(catalog, results, report)
    if texts:
        _, problems = read_catalog(catalog.data_dir, texts)
        if problems:
            raise DataError(problems)
    for path, text in sorted(texts.items()):
        atomic_write(path, text)
        report.files.append(path)
    report.files.append(_record(catalog, results, report))
    return report


def _rewrites(catalog: Catalog, results: Sequence[CheckResult], report: UpdateReport) -> dict[Path, str]:
    texts: dict[Path, str] = {}
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
        text = texts.get(path)
        texts[path] = replace_scalar(text if text is not None else path.read_text(encoding="utf-8"),
                                     entry.id, "url", target)
        taken[canonical_url(target)] = entry.id
        report.moved.append((entry.id, entry.url, target))
    return texts


def _unsafe(old: str, new: str, owner: str | None, entry_id: str) -> str:
    """Say why a redirect should not be written into the data, or return ''."""
    if not is_http_url(new):
        return f"the new URL is not an http(s) URL: {new}"
    if owner is not None and owner != entry_id:
        return f"the new URL is the same work as entry '{owner}'"
    if urlsplit(new).path in ("", "/") and urlsplit(old).path not in ("", "/"):
        return f"redirects to the site's home page ({new}), which usually means the page is gone"
    return ""


def _record(catalog: Catalog, results: Sequence[CheckResult], report: UpdateReport) -> Path:
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
    save_health(catalog.data_dir, records.values())
    return health_path(catalog.data_dir)
