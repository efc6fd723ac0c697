"""Rendered pages kept compressed while MkDocs renders the rest of the site.

MkDocs converts every page's Markdown to HTML before it writes the first one (`_populate_page`
for all pages, then `_build_page` for each), so a large site's HTML is all in memory at once.
A generated page's HTML is parked here, zlib-compressed (it is repetitive markup, about a sixth of
its size), from `on_page_content` until its own `on_page_context`, just before its template needs it.
"""

from __future__ import annotations

import zlib


class Parking:
    """HTML of pages waiting to be written, compressed, by page path."""

    def __init__(self) -> None:
        self.parked: dict[str, bytes] = {}

    def park(self, path: str, html: str) -> str:
        """Keep a page's HTML compressed; return what the page holds meanwhile (nothing)."""
        self.parked[path] = zlib.compress(html.encode("utf-8"), 1)
        return ""

    def take(self, path: str) -> str | None:
        """The HTML parked for a page (None if none was), no longer kept here."""
        packed = self.parked.pop(path, None)
        return None if packed is None else zlib.decompress(packed).decode("utf-8")

    def clear(self) -> None:
        self.parked.clear()
