"""Broken data while serving: `mkdocs serve` starts anyway, pages show the problems, the fix brings the site back."""

from __future__ import annotations

import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import make_project
from test_live_reload import REBUILD, STARTUP, Server

pytestmark = pytest.mark.browser

TITLE = "title: Attention Is All You Need"


@pytest.fixture
def broken(tmp_path: Path) -> Iterator[tuple[Server, Path, str]]:
    """A server started on data with one unknown topic, the broken file and its good text."""
    root = make_project(tmp_path / "project")
    entries = next(p for p in sorted((root / "data" / "entries").glob("*.yaml")) if TITLE in p.read_text("utf-8"))
    good = entries.read_text(encoding="utf-8")
    entries.write_text(good.replace("topics: [", "topics: [atention, ", 1), encoding="utf-8")
    running = Server(root)
    try:
        yield running, entries, good
    finally:
        running.stop()


def _wait_until_serving(url: str) -> None:
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"mkdocs serve did not start serving {url}")


def test_broken_data_shows_in_the_browser_until_fixed(browser: Any, broken: tuple[Server, Path, str]) -> None:
    server, entries, good = broken
    expected = re.compile(rf"data/entries/{entries.stem}\.yaml:\d+: topics: unknown topic 'atention' "
                          r"\(did you mean 'attention'\?\)")
    context = browser.new_context()
    try:
        _wait_until_serving(server.url)
        page = context.new_page()
        # The server starts although the data is broken: the topic page a reader had open shows the problem.
        page.goto(server.url + "topics/attention/", timeout=STARTUP * 1000, wait_until="domcontentloaded")
        problems = page.locator("pre.lr-problems")
        problems.wait_for(timeout=STARTUP * 1000)
        assert expected.search(problems.inner_text()), problems.inner_text()
        assert page.locator("h1").first.inner_text().startswith("Problems in the data")
        assert "Traceback" not in server.output()
        # A fresh tab on the home page gets the same page at once, never a hang.
        home = context.new_page()
        home.goto(server.url, timeout=60_000)
        assert expected.search(home.locator("pre.lr-problems").inner_text())
        entries.write_text(good, encoding="utf-8")
        # Live reload turns the open page back into the topic page, with its cards.
        page.locator("article.lr-card").first.wait_for(timeout=REBUILD * 1000)
        assert page.locator("pre.lr-problems").count() == 0
        assert "Attention Is All You Need" in page.content()
    finally:
        context.close()
