"""`llmreads links` end to end: the JSON report's shape, exit codes, --update-data and data/health.yaml."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import run
from faults import ENDPOINT_VARIABLES, fault_server
from faultserver import LocalServer

from llmreads.catalog import load_catalog
from llmreads.links.model import LinkState
from llmreads.links.store import load_health

TOPICS = """\
- id: attention
  title: Attention
  description: How attention works.
  order: 1
"""
RESULT_KEYS = {"url", "state", "code", "final_url", "redirects", "elapsed_ms", "checked_at", "archive_url"}


@pytest.fixture(autouse=True)
def _no_real_endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENDPOINT_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with fault_server() as running:
        yield running


def project(tmp_path: Path, server: LocalServer) -> Path:
    """A small catalogue whose links point at the fault server, with fast rules beside it."""
    data = tmp_path / "data"
    (data / "entries").mkdir(parents=True)
    (data / "topics.yaml").write_text(TOPICS)
    (data / "entries" / "attention.yaml").write_text(f"""\
# Hand-written comment that must survive.
- id: moved-paper
  title: A paper that moved
  # the url below redirects permanently
  url: >-
    {server.url('/301')}
  kind: paper
  topics: [attention]   # trailing comment
  added: 2024-01-02

- id: dead-post
  title: A post that is gone
  url: {server.url('/404')}
  kind: article
  topics: [attention]
  added: 2024-01-02

- id: fine-post
  title: 'A post that works'
  url: "{server.url('/302')}"
  kind: article
  topics: [attention]
  added: 2024-01-02
""")
    (tmp_path / "link-rules.yaml").write_text(f"""\
timeout: 3
interval: 0
backoff: 0.05
endpoints:
  wayback: {server.url('/wayback')}
  arxiv_api: {server.url('/arxiv')}
  youtube_oembed: {server.url('/oembed')}
""")
    return data


def test_json_report_has_the_documented_shape(tmp_path: Path, server: LocalServer) -> None:
    data = project(tmp_path, server)
    result = run("--data", str(data), "links", "--format", "json", "--no-cache")
    assert result.exit_code == 1  # one link is broken
    report = json.loads(result.stdout)
    assert set(report) == {"results", "summary"}
    assert all(set(item) == RESULT_KEYS for item in report["results"])
    assert report["summary"] == {"ok": 1, "redirected": 1, "broken": 1, "timeout": 0, "blocked": 0, "error": 0,
                                 "skipped": 0}
    by_url = {item["url"]: item for item in report["results"]}
    moved = by_url[server.url("/301")]
    assert moved["state"] == "redirected" and moved["final_url"] == server.url("/ok")
    assert moved["redirects"] == [{"url": server.url("/301"), "code": 301}, {"url": server.url("/308"), "code": 308}]
    dead = by_url[server.url("/404")]
    assert (dead["code"], dead["archive_url"]) == (404, f"https://web.archive.org/web/20200101000000/{server.url('/404')}")
    assert dead["checked_at"].endswith("Z") and isinstance(dead["elapsed_ms"], int)


def test_fail_on_decides_the_exit_code(tmp_path: Path, server: LocalServer) -> None:
    data = project(tmp_path, server)
    assert run("--data", str(data), "links", "--fail-on", "none").exit_code == 0
    assert run("--data", str(data), "links", "--fail-on", "redirected").exit_code == 1
    usage = run("--data", str(data), "links", "--fail-on", "brokn")
    assert usage.exit_code == 2 and "'brokn' is not a state" in usage.output


def test_text_and_markdown_reports(tmp_path: Path, server: LocalServer) -> None:
    data = project(tmp_path, server)
    text = run("--data", str(data), "links").stdout
    assert f"broken     {server.url('/404')}  (HTTP 404)" in text
    assert f"redirected {server.url('/301')} -> {server.url('/ok')}" in text
    assert text.splitlines()[-1] == "3 links: 1 ok, 1 redirected, 1 broken"
    markdown = run("--data", str(data), "links", "--format", "markdown").stdout
    assert "| broken | <" + server.url("/404") + "> | 404 |" in markdown


def test_plain_progress_lines_off_a_terminal(tmp_path: Path, server: LocalServer) -> None:
    data = project(tmp_path, server)
    result = run("--data", str(data), "links")
    lines = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert len(lines) == 3 and lines[-1].startswith("[3/3] ")


def test_update_data_rewrites_the_redirect_keeping_the_rest(tmp_path: Path, server: LocalServer) -> None:
    data = project(tmp_path, server)
    entries = data / "entries" / "attention.yaml"
    before = entries.read_text()
    result = run("--data", str(data), "links", "--update-data", "--fail-on", "none")
    assert result.exit_code == 0, result.output
    after = entries.read_text()
    # Only the moved link's value changed; every comment, quote and blank line stayed.
    assert after == before.replace(f">-\n    {server.url('/301')}", server.url("/ok"))
    assert f"moved moved-paper: {server.url('/301')} -> {server.url('/ok')}" in result.stderr
    catalog = load_catalog(data)
    assert catalog.entry_by_id["moved-paper"].url == server.url("/ok")
    health = load_health(data)
    assert set(health) == {server.url("/ok"), server.url("/404"), server.url("/302")}
    assert health[server.url("/404")].state is LinkState.BROKEN
    assert health[server.url("/404")].archive_url is not None
    assert health[server.url("/ok")].state is LinkState.OK
    assert health[server.url("/302")].final_url == server.url("/ok")
    raw = yaml.safe_load((data / "health.yaml").read_text())
    assert [item["url"] for item in raw] == sorted(item["url"] for item in raw)


def test_update_data_keeps_a_move_onto_another_entry(tmp_path: Path, server: LocalServer) -> None:
    data = project(tmp_path, server)
    entries = data / "entries" / "attention.yaml"
    text = entries.read_text().replace(f'"{server.url("/302")}"', f'"{server.url("/ok")}"')
    entries.write_text(text)
    result = run("--data", str(data), "links", "--update-data", "--fail-on", "none")
    assert entries.read_text() == text
    assert "kept moved-paper: the new URL is the same work as entry 'fine-post'" in result.stderr


def test_explicit_urls_need_no_catalogue(tmp_path: Path, server: LocalServer) -> None:
    result = run("--data", str(tmp_path / "nowhere"), "links", "--no-archive", server.url("/ok"), server.url("/410"))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "2 links: 1 ok, 1 broken"


def test_a_bad_rules_file_is_reported_with_its_line(tmp_path: Path, server: LocalServer) -> None:
    data = project(tmp_path, server)
    (tmp_path / "link-rules.yaml").write_text("timeout: 3\nper_host: lots\n")
    result = run("--data", str(data), "links")
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"{tmp_path / 'link-rules.yaml'}:2: per_host: Input should be a valid integer, "
                                     "unable to parse string as an integer, got 'lots'")
