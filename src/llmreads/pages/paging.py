"""Long listings split into numbered pages of a fixed size, and the links between those pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from llmreads.pages import paths
from llmreads.pages.html import Html, html, internal, join

T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """The items in pages of `size` (one empty page when there are none)."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]


def pager(first: str, number: int, count: int) -> Html:
    """Links to the other pages of a listing of `count` pages, on its page `number` (nothing if one page)."""
    if count < 2:
        return Html("")
    here = paths.numbered(first, number)
    links = [html('<strong aria-current="page">{}</strong>', n) if n == number else
             internal(paths.href(here, paths.numbered(first, n)), str(n)) for n in range(1, count + 1)]
    if number > 1:
        links.insert(0, internal(paths.href(here, paths.numbered(first, number - 1)), "previous", "lr-prev"))
    if number < count:
        links.append(internal(paths.href(here, paths.numbered(first, number + 1)), "next", "lr-next"))
    return html('<nav class="lr-pages" aria-label="Pages">Page {} of {}: {}</nav>\n\n', number, count,
                join(" · ", links))
