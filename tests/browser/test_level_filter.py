"""Topic pages filter their cards by level in the browser."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_level_filter_shows_only_that_level(browser: Any, site_url: str) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_url + "topics/attention/")
        cards = page.locator("article.lr-card")
        total = cards.count()
        levels = [cards.nth(i).get_attribute("data-level") for i in range(total)]
        assert total > 0 and "intro" in levels and "advanced" in levels
        page.select_option("#lr-level select", "intro")
        visible = page.locator("article.lr-card:visible")
        assert visible.count() == levels.count("intro")
        assert all(visible.nth(i).get_attribute("data-level") == "intro" for i in range(visible.count()))
        page.select_option("#lr-level select", "")
        assert page.locator("article.lr-card:visible").count() == total
    finally:
        context.close()
