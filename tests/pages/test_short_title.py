"""A work's short name (`short_title`) is shown, escaped, beside its title on its card and its page."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from llmreads.catalog import load_catalog
from llmreads.pages import build_pages

FIXTURE = Path(__file__).parent / "fixture_data"


def test_short_title_is_shown_escaped_on_card_and_page() -> None:
    catalog = load_catalog(FIXTURE)
    first = catalog.entries[0]
    catalog.entries[0] = first.model_copy(update={"short_title": "<b>T5</b>"})
    catalog.__post_init__()
    pages = build_pages(catalog)
    shown = [page for page in pages.values() if 'class="lr-alias"' in page]
    assert len(shown) >= 2  # the entry's own page and at least its topic's card
    for page in shown:
        (alias,) = BeautifulSoup(page, "html.parser").select(".lr-alias")
        assert alias.get_text() == "<b>T5</b>" and alias.find("b") is None
