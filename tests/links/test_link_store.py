"""data/health.yaml: what the site reads; written atomically, read back keyed by the entry's URL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from llmreads.errors import DataError
from llmreads.links.model import CheckResult, HealthRecord, Hop, LinkState
from llmreads.links.store import HEALTH_FILE, load_health, save_health

WHEN = dt.datetime(2026, 11, 24, 8, 30, tzinfo=dt.UTC)


def test_absent_file_means_no_records(tmp_path: Path) -> None:
    assert load_health(tmp_path) == {}


def test_records_round_trip(tmp_path: Path) -> None:
    long_url = "https://example.org/" + "a-very-long-path/" * 8
    records = [
        HealthRecord(url="https://example.org/b", state=LinkState.BROKEN, code=404, checked_at=WHEN,
                     archive_url="https://web.archive.org/web/2020/https://example.org/b"),
        HealthRecord(url=long_url, state=LinkState.OK, code=200, checked_at=WHEN),
        HealthRecord(url="https://example.org/a", state=LinkState.TIMEOUT, checked_at=WHEN),
    ]
    save_health(tmp_path, records)
    assert load_health(tmp_path) == {r.url: r for r in records}
    text = (tmp_path / HEALTH_FILE).read_text()
    assert text.startswith("# Link health")
    assert "checked_at: '2026-11-24T08:30:00Z'" in text
    assert text.index("example.org/a") < text.index("example.org/b")  # sorted by URL, so diffs stay small


def test_a_record_from_a_result() -> None:
    result = CheckResult("https://a.example/x", LinkState.REDIRECTED, 200, "https://b.example/x",
                         (Hop("https://a.example/x", 301),), 12, WHEN)
    assert HealthRecord.from_result(result) == HealthRecord(
        url="https://a.example/x", state=LinkState.REDIRECTED, code=200, final_url="https://b.example/x",
        checked_at=WHEN)


def test_a_bad_record_is_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / HEALTH_FILE).write_text("- url: https://example.org/\n  state: dead\n  checked_at: soon\n")
    with pytest.raises(DataError) as caught:
        load_health(tmp_path)
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "state"), (3, "checked_at")]
