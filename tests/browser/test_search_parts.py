"""Search over an index written in parts (llmreads.search): the committed site built with a small
`search_shard_size`, so Pagefind indexes it in several runs and the search box merges them.

Every answer is compared with the same query on the site indexed in one run (the session's built site):
the same pages, with and without filters, no page twice, and results taken from every part.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import build_site, make_project, serve

pytestmark = pytest.mark.browser

SHARD = 80  # the committed catalogue's 220 entries: three parts

#: Every result of a search (all of them, not the ten the box shows): each page's URL and filters.
SEARCH = """async ([query, filters]) => {
  const engine = await window.llmreadsSearch();
  const found = await engine.search(query, filters);
  const pages = await found.take(0, found.count);
  return pages.map(p => ({ url: p.url, filters: p.filters }));
}"""


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("parted-project"))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      data: data\n" in text
    config.write_text(text.replace("      data: data\n", f"      data: data\n      search_shard_size: {SHARD}\n", 1),
                      encoding="utf-8")
    return build_site(root)


@pytest.fixture(scope="module")
def parted_url(parted_site: Path) -> Iterator[str]:
    with serve(parted_site) as url:
        yield url


class Page:
    """A fresh page that records the requests it (and Pagefind's worker) makes, and any script error."""

    def __init__(self, browser: Any, url: str) -> None:
        self.context = browser.new_context()
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.problems.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.problems.append(str(exc)))
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def search(self, query: str, filters: dict[str, str] | None = None) -> list[dict[str, Any]]:
        return self.page.evaluate(SEARCH, [query, filters or {}])  # type: ignore[no-any-return]


@pytest.fixture
def pages(browser: Any, site_url: str, parted_url: str) -> Iterator[tuple[Page, Page]]:
    """The same page on the site indexed in one run and on the site indexed in parts."""
    whole, parted = Page(browser, site_url + "about/"), Page(browser, parted_url + "about/")
    try:
        yield whole, parted
    finally:
        whole.context.close()
        parted.context.close()
    assert not whole.problems + parted.problems


def test_the_index_is_written_in_parts_of_at_most_the_shard_size(parted_site: Path) -> None:
    bundle = parted_site / "pagefind"
    parts = json.loads((bundle / "parts.json").read_text(encoding="utf-8"))
    assert parts == ["part-1/", "part-2/"]
    counts = [json.loads((bundle / p / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]
              for p in ["", *parts]]
    entries = sum(1 for _ in (parted_site / "entries").glob("*/index.html"))
    hand_written = 3  # docs/: about, contributing, link-health
    assert sum(counts) == entries + hand_written
    assert max(counts[1:]) <= SHARD
    assert counts[0] - hand_written <= SHARD


EVERY_ENTRY = '"llmreadsentry"'  # the word every entry page ends with (what the all-entries page searches)


@pytest.mark.parametrize(("query", "filters"), [
    ("attention", None),
    ("tokenizer", None),
    ("transformer", {"kind": "paper"}),
    (EVERY_ENTRY, {"level": "advanced"}),
    (EVERY_ENTRY, {"year": "2023"}),
    (EVERY_ENTRY, {"topic": "Attention"}),
])
def test_parts_answer_as_one_index(query: str, filters: dict[str, str] | None, pages: tuple[Page, Page]) -> None:
    whole, parted = pages
    expected, found = whole.search(query, filters), parted.search(query, filters)
    urls = [p["url"] for p in found]
    assert len(urls) == len(set(urls)), "a page is in two parts"
    assert sorted(urls) == sorted(p["url"] for p in expected)
    assert len(urls) > 5
    for name, value in (filters or {}).items():
        assert all(value in p["filters"][name] for p in found), name
    assert all({"topic", "kind"} <= set(p["filters"]) for p in found if p["url"].startswith("/entries/"))
    fragments = [u for u in parted.requests if "/fragment/" in u]
    for part in ("/pagefind/fragment/", "/pagefind/part-1/fragment/", "/pagefind/part-2/fragment/"):
        assert any(part in u for u in fragments), f"no result from {part}"


def test_search_box_and_entries_table_use_every_part(pages: tuple[Page, Page]) -> None:
    whole, parted = pages
    papers = len(whole.search(EVERY_ENTRY, {"kind": "paper"}))
    box = parted.page
    box.keyboard.press("/")
    box.wait_for_function("document.activeElement && document.activeElement.matches('input.md-search__input')")
    box.keyboard.type("attention")
    box.locator(".md-search-result__item").first.wait_for()
    total = len(whole.search("attention"))
    assert box.locator(".md-search-result__meta").text_content() == f"{total} matching documents"
    assert box.locator(".md-search-result__item .lr-search__facts").first.text_content()
    box.keyboard.press("Escape")
    box.goto(box.url.replace("about/", "entries/"))
    box.locator("#lr-filters select[name='kind']").select_option("paper")
    box.wait_for_function(f"document.querySelector('#lr-filters output').value === '{papers} entries'")
    assert box.locator(".lr-table tbody tr").count() == 20
