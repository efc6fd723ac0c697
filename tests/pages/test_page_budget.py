"""Every generated page stays under its size budget at 20,000 entries (sizes, never times).

A synthetic catalogue of 20,000 entries (benchmarks/synthetic.py: Zipf-like tags, so some tags
hold thousands of entries; six lists holding thousands each) is built to pages with build_pages,
and each page's Markdown is measured. The theme wraps a page in about 35 KB of HTML (header,
navigation, footer: an entry page of the committed site is 3.6 KB of Markdown, 37 KB of HTML), and
our raw-HTML Markdown comes out the same size, except that every heading also becomes a permalink
and an entry in the page's table of contents: up to 500 bytes more each (a synthetic list page of
400 rows, 151 KB of Markdown with a heading for nearly every row, was 370 KB of HTML). So a page
passes with 250 KB of Markdown less 500 bytes a heading.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from llmreads.catalog import load_catalog
from llmreads.pages import build_pages

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
HTML_BUDGET = 300_000
THEME = 50_000
ENTRIES = 20_000


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import synthetic
    finally:
        sys.path.remove(str(BENCHMARKS))
    data = synthetic.generate(tmp_path_factory.mktemp("synthetic") / "data", ENTRIES)
    return build_pages(load_catalog(data))


PER_HEADING = 500


def html_estimate(markdown: str) -> int:
    """Bytes of HTML a page will have: its Markdown, the theme, and each heading's permalink and TOC entry."""
    headings = sum(1 for line in markdown.splitlines() if line.startswith("#"))
    return len(markdown.encode("utf-8")) + THEME + PER_HEADING * headings


def test_every_page_fits_the_budget_at_20000_entries(pages: dict[str, str]) -> None:
    sizes = {path: html_estimate(text) for path, text in pages.items()}
    over = sorted(((size, path) for path, size in sizes.items() if size > HTML_BUDGET), reverse=True)
    assert not over, f"{len(over)} pages over {HTML_BUDGET} bytes of HTML (estimated), e.g. {over[:5]}"


def test_the_large_listings_are_split_into_numbered_pages(pages: dict[str, str]) -> None:
    """The catalogue is large enough to need the split: a popular tag, each list and the ranking paginate."""
    numbered = Counter(path.split("/")[0] for path in pages if "/page-" in path)
    assert numbered["tags"] > 100 and numbered["sources"] >= 6 and numbered["most-recommended"] >= 1, numbered
    assert sum(1 for path in pages if path.startswith("entries/")) == ENTRIES + 1
