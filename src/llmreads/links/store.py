"""data/health.yaml: the last check of every entry's link, written by `llmreads links --update-data`.

The site reads it (entry badges, the link-health page) and the scheduled CI job commits it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from llmreads.errors import DataError, Problem
from llmreads.files import UnreadableFile, read_bytes
from llmreads.links.model import HealthRecord, format_time
from llmreads.transaction import data_transaction
from llmreads.yamlio import decode, dump_item, parse

HEALTH_FILE = "health.yaml"
HEADER = ("# Link health: the last check of each entry's link, written by `llmreads links --update-data`.\n"
          "# The site shows it; edits by hand are overwritten by the next check.\n")


def health_path(data_dir: Path) -> Path:
    """Return where the health file of a data folder lives."""
    return data_dir / HEALTH_FILE


def load_health(data_dir: Path) -> dict[str, HealthRecord]:
    """Read data/health.yaml, keyed by the entry URL exactly as in the entry; {} when the file is absent.

    Raises DataError (one Problem per bad record, with its line) when the file is invalid.
    """
    path = health_path(data_dir)
    name = str(path)
    try:
        raw = read_bytes(path)
    except UnreadableFile as exc:
        raise DataError([Problem(name, 1, "file", exc.reason)]) from None
    if raw is None:
        return {}
    text = decode(raw, name)
    located = parse(text, name) if isinstance(text, str) else text
    if isinstance(located, Problem):
        raise DataError([located])
    if located.data is None:
        return {}
    if not isinstance(located.data, list):
        raise DataError([Problem(name, 1, "file", "expected a list of link health records")])
    records: dict[str, HealthRecord] = {}
    problems: list[Problem] = []
    for index, item in enumerate(located.data):
        try:
            record = HealthRecord.model_validate(item)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = [str(part) for part in error["loc"]]
                problems.append(Problem(name, located.line((index, *loc)), ".".join(loc) or "item",
                                        str(error["msg"])))
            continue
        records[record.url] = record
    if problems:
        raise DataError(problems)
    return records


def render_health(records: Iterable[HealthRecord]) -> str:
    """Render records as the health file's text, sorted by URL."""
    items = [_plain(record) for record in sorted(records, key=lambda r: r.url)]
    return HEADER + "".join(dump_item(item) for item in items)


def save_health(data_dir: Path, records: Iterable[HealthRecord]) -> Path:
    """Write data/health.yaml atomically, under the data folder's lock, and return its path."""
    path = health_path(data_dir)
    with data_transaction(data_dir) as tx:
        tx.write(path, render_health(records))
    return path


def _plain(record: HealthRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"url": record.url, "state": record.state.value}
    if record.code is not None:
        data["code"] = record.code
    if record.final_url:
        data["final_url"] = record.final_url
    data["checked_at"] = format_time(record.checked_at)
    if record.archive_url:
        data["archive_url"] = record.archive_url
    return data
