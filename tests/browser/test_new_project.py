"""The whole journey of a new user: `llmreads new`, `mkdocs serve`, a mistake shown in the browser, the fix."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run
from test_live_reload import REBUILD, STARTUP, Server

pytestmark = pytest.mark.browser

ENTRY = "data/entries/getting-started.yaml"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Server]:
    result = run("new", "myreads", "--title", "Async Rust reading list", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    server = Server(tmp_path / "myreads")
    try:
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(server.url, timeout=10):
                    break
            except OSError:
                time.sleep(0.3)
        yield server
    finally:
        server.stop()


def test_new_project_serves_shows_a_mistake_and_recovers(browser: Any, served: Server) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(served.url, timeout=STARTUP * 1000)
        assert page.locator("h1").first.inner_text().startswith("Async Rust reading list")
        assert "Async Rust reading list" in page.title()
        page.get_by_role("link", name="How to Read a Paper").first.click()
        page.wait_for_url("**/entries/how-to-read-a-paper/")
        entries = served.root / ENTRY
        good = entries.read_text(encoding="utf-8")
        entries.write_text(good.replace("topics: [getting-started]", "topics: [getting-startd]"), encoding="utf-8")
        problems = page.locator("pre.lr-problems")
        problems.wait_for(timeout=REBUILD * 1000)  # live reload turns the open entry page into the problems
        assert "unknown topic 'getting-startd'" in problems.inner_text()
        assert ENTRY in problems.inner_text()
        entries.write_text(good, encoding="utf-8")
        page.locator("h1", has_text="How to Read a Paper").wait_for(timeout=REBUILD * 1000)
        assert page.locator("pre.lr-problems").count() == 0
    finally:
        context.close()
