"""The site's navigation: topics, sources and the index pages; never the entry or tag pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from llmreads import sitepaths as paths
from llmreads.catalog import Catalog
from llmreads.pages.html import title_text

#: Files shipped inside the package and added to every site, each page linking them.
ASSETS = ("assets/llmreads.css", "assets/search.js", "assets/llmreads.js")
#: Every file shipped inside the package for the site: ASSETS and the search worker assets/search.js starts.
SHIPPED = (*ASSETS, "assets/search-worker.js")
#: Templates shipped inside the package that every site's theme uses over Material's own.
THEME_DIR = Path(__file__).resolve().parent / "theme"


def in_nav(path: str) -> bool:
    """Entry, tag, topic-part and numbered pages stay out of the nav: MkDocs renders the whole nav into every page."""
    if (path.startswith("topics/") and path.count("/") > 1) or "/page-" in path:
        return False
    return not (path.startswith(("entries/", "tags/")) and not path.endswith("index.md"))


def build_nav(catalog: Catalog, hand_written: list[str]) -> list[Any]:
    """Return an MkDocs `nav` value for the catalogue plus the hand-written pages.

    Titles come from YAML and MkDocs themes print nav titles unescaped, so they are escaped here.
    """
    nav: list[Any] = [
        {"Home": paths.HOME},
        {"Topics": [paths.TOPICS, *({title_text(t.title): paths.topic(t.id)} for t in catalog.topics)]},
        *([{"Reading paths": [paths.PATHS, *({title_text(p.title): paths.reading_path(p.id)} for p in catalog.paths)]}]
          if catalog.paths else []),
        # The link report sits with the entries it reports on; the hand-written pages (a guide to the
        # link check among them) go under About, so the two never share a place or a title.
        {"All entries": [paths.ENTRIES, {"Link health": paths.HEALTH}]},
        {"Most recommended": paths.RECOMMENDED},
        {"Tags": paths.TAGS},
        {"Sources": [paths.SOURCES, *({title_text(s.title): paths.source(s.id)} for s in catalog.sources)]},
    ]
    extra = [p for p in hand_written if p != paths.HOME]
    if extra:
        nav.append({"About": extra})
    return nav
