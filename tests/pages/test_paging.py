"""Numbered pages of a long listing: every page's pager links each other page, previous and next."""

from __future__ import annotations

import posixpath

import pytest
from bs4 import BeautifulSoup

from llmreads import sitepaths as paths
from llmreads.pages.paging import pagers

FIRST = "tags/some-tag.md"


def _resolve(here: str, href: str) -> str:
    """The site URL an href on page `here` leads to (as a browser resolves it)."""
    return posixpath.normpath(posixpath.join("/" + paths.url_of(here), href)) + "/"


@pytest.mark.parametrize("count", [2, 3, 4, 7])
def test_each_pager_links_every_other_page_and_its_neighbours(count: int) -> None:
    navs = pagers(FIRST, count)
    assert len(navs) == count
    for number, nav in enumerate(navs, start=1):
        here = paths.numbered(FIRST, number)
        soup = BeautifulSoup(str(nav), "html.parser")
        assert soup.nav is not None and f"Page {number} of {count}:" in soup.nav.get_text()
        assert soup.strong is not None and soup.strong.get_text() == str(number)
        links = {a.get_text(): _resolve(here, str(a["href"])) for a in soup.find_all("a")}
        want = {str(n): "/" + paths.url_of(paths.numbered(FIRST, n)) for n in range(1, count + 1) if n != number}
        if number > 1:
            want["previous"] = "/" + paths.url_of(paths.numbered(FIRST, number - 1))
        if number < count:
            want["next"] = "/" + paths.url_of(paths.numbered(FIRST, number + 1))
        assert links == want


def test_a_single_page_has_no_pager() -> None:
    assert [str(nav) for nav in pagers(FIRST, 1)] == [""]
    assert [str(nav) for nav in pagers(FIRST, 0)] == [""]
