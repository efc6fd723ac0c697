"""Link-health verdicts on the site: badges on cards and entry pages, and the link-health page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bs4 import BeautifulSoup

from llmreads.catalog import load_catalog
from llmreads.links.model import HealthRecord, LinkState
from llmreads.pages import build_pages

DATA = Path(__file__).resolve().parents[2] / "data"
WHEN = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def _soup(markdown: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.split("---\n", 2)[-1], "html.parser")


def _pages(records: list[HealthRecord]) -> tuple[dict[str, str], dict[str, str]]:
    catalog = load_catalog(DATA)
    by_url = {e.url: e.id for e in catalog.entries}
    return build_pages(catalog, health={r.url: r for r in records}), by_url


def test_broken_link_gets_a_badge_and_its_archived_copy() -> None:
    url = "https://arxiv.org/abs/1706.03762"
    archive = "https://web.archive.org/web/2020/https://arxiv.org/abs/1706.03762"
    pages, ids = _pages([HealthRecord(url=url, state=LinkState.BROKEN, code=404, checked_at=WHEN,
                                      archive_url=archive)])
    card = _soup(pages["topics/attention.md"]).find(id=ids[url])
    assert card is not None
    badge = card.select_one(".lr-health")
    assert badge is not None and badge.get_text() == "link broken · 2026-11-20"
    assert [a["href"] for a in card.select("a.lr-archive")] == [archive]
    entry = _soup(pages[f"entries/{ids[url]}.md"])
    assert entry.select_one(".lr-health") is not None


def test_ok_and_unchecked_links_get_no_badge() -> None:
    url = "https://arxiv.org/abs/1706.03762"
    pages, _ids = _pages([HealthRecord(url=url, state=LinkState.OK, code=200, checked_at=WHEN)])
    topic = _soup(pages["topics/attention.md"])
    assert topic.select(".lr-health") == []
    assert "1 link checked, 1 ok" in _soup(pages["health.md"]).get_text()


def test_health_page_lists_what_needs_fixing_with_its_data_file() -> None:
    broken = "https://arxiv.org/abs/1706.03762"
    moved = "https://e2eml.school/transformers.html"
    pages, _ids = _pages([
        HealthRecord(url=broken, state=LinkState.BROKEN, code=410, checked_at=WHEN),
        HealthRecord(url=moved, state=LinkState.REDIRECTED, code=301, final_url="https://example.org/t",
                     checked_at=WHEN),
        HealthRecord(url="https://not-in-the-catalogue.example/", state=LinkState.BROKEN, checked_at=WHEN),
    ])
    page = _soup(pages["health.md"])
    text = pages["health.md"]
    assert "## Broken (1)" in text and "## Redirected (1)" in text
    assert "not-in-the-catalogue" not in text
    assert "HTTP 410" in page.get_text() and "now at" in page.get_text()
    assert "data/entries/transformer-architecture.yaml:" in page.get_text()
    assert any(a["href"] == "https://example.org/t" for a in page.find_all("a"))


def test_non_http_archive_url_is_never_a_link() -> None:
    url = "https://arxiv.org/abs/1706.03762"
    pages, ids = _pages([HealthRecord(url=url, state=LinkState.BROKEN, checked_at=WHEN,
                                      archive_url="javascript:alert(1)")])
    card = _soup(pages["topics/attention.md"]).find(id=ids[url])
    assert card is not None
    assert all(not a["href"].startswith("javascript") for a in card.find_all("a"))


def test_without_a_check_the_health_page_says_how_to_run_one() -> None:
    pages, _ = _pages([])
    assert "llmreads links --update-data" in _soup(pages["health.md"]).get_text()
