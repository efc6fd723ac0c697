"""Long listings split into numbered pages of a fixed size, and the links between those pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from llmreads import sitepaths as paths
from llmreads.pages.html import Html, html, internal, join

T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """The items in pages of `size` (one empty page when there are none)."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]


def pagers(first: str, count: int) -> list[Html]:
    """The pager of each page of a listing of `count` pages (page n's at index n - 1; nothing if one page).

    Each page links to every other, so a listing of P pages has P² links. Pages 2..P are siblings
    (`numbered`), so their hrefs to any page are the same: the links are made once from page 1 and
    once from page 2, and each page's pager only puts them together.
    """
    if count < 2:
        return [Html("")] * max(count, 1)
    froms = {1: _links(first, 1, count), 2: _links(first, 2, count)}
    return [_pager(*froms[min(number, 2)], number, count) for number in range(1, count + 1)]


def _links(first: str, number: int, count: int) -> tuple[list[str], list[Html]]:
    """From page `number`'s place: the href of every page of the listing, and a numbered link to each.

    Its own entry is taken from a sibling's place (page 3's), for the other pages that share it.
    """
    here = paths.numbered(first, number)
    hrefs = [paths.href(paths.numbered(first, 3) if n == number else here, paths.numbered(first, n))
             for n in range(1, count + 1)]
    return hrefs, [internal(href, str(n)) for n, href in enumerate(hrefs, start=1)]


def _pager(hrefs: list[str], numbers: list[Html], number: int, count: int) -> Html:
    """The pager on page `number`: its own number in bold, every other page's, previous and next."""
    links = list(numbers)
    links[number - 1] = html('<strong aria-current="page">{}</strong>', number)
    if number > 1:
        links.insert(0, internal(hrefs[number - 2], "previous", "lr-prev"))
    if number < count:
        links.append(internal(hrefs[number], "next", "lr-next"))
    return html('<nav class="lr-pages" aria-label="Pages">Page {} of {}: {}</nav>\n\n', number, count,
                join(" · ", links))
