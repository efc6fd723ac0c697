"""Catalogue → pages: a pure function from the loaded data to {path: Markdown}. No MkDocs here.

Pages come in units: every page of one entry, topic, tag, source or reading path, plus the
index pages (`GLOBAL`). A unit's pages depend only on the catalogue, so `llmreads.incremental`
can regenerate just the units an edit touches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from llmreads import sitepaths as paths
from llmreads.catalog import Catalog
from llmreads.links.model import HealthRecord
from llmreads.pages.entries import all_entries_page, entry_page
from llmreads.pages.health import health_page
from llmreads.pages.home import home_page
from llmreads.pages.reading import most_recommended_pages, path_page, paths_index
from llmreads.pages.site import Site
from llmreads.pages.sources import source_pages, sources_index
from llmreads.pages.tags import tag_pages, tags_index
from llmreads.pages.topics import topic_page, topic_part_pages, topics_index
from llmreads.siteinfo import SiteInfo

__all__ = ["GLOBAL", "RANKED", "Unit", "build_pages", "every_unit", "unit_pages"]

#: A group of pages made together: (kind, id), kind one of GLOBAL, RANKED, "entry", "topic", "tag", "source", "path".
Unit = tuple[str, str]
#: The kind of the index pages (home, topics, all entries, sources, tags, health, paths).
GLOBAL = "global"
#: The kind of the most-recommended pages (an index, but only of the entries several lists recommend).
RANKED = "ranked"


def build_pages(catalog: Catalog, *, material_tags: bool = True,
                health: Mapping[str, HealthRecord] | None = None, info: SiteInfo | None = None) -> dict[str, str]:
    """Return every generated page as {path relative to docs/: Markdown text}.

    `health` maps entry URLs to their last link check (data/health.yaml), shown as badges;
    `info` holds the site's own texts (name, description, home heading and intro) from mkdocs.yml.
    """
    site = Site(catalog, dict(health or {}), info or SiteInfo())
    return unit_pages(site, every_unit(site), material_tags=material_tags)


def every_unit(site: Site) -> list[Unit]:
    """Every unit of the site, in the order build_pages lists their pages."""
    catalog = site.catalog
    return [(GLOBAL, ""), (RANKED, ""), *(("path", p.id) for p in catalog.paths),
            *(("topic", t.id) for t in catalog.topics),
            *(("entry", e.id) for e in catalog.entries), *(("source", s.id) for s in catalog.sources),
            *(("tag", name) for name in site.by_tag)]


def unit_pages(site: Site, units: Iterable[Unit], *, material_tags: bool = True) -> dict[str, str]:
    """The pages of the given units; a unit whose subject is gone has none."""
    pages: dict[str, str] = {}
    for kind, key in units:
        pages.update(_UNITS[kind](site, key, material_tags))
    return pages


def _global(site: Site, _: str, material_tags: bool) -> dict[str, str]:
    pages = {
        paths.HOME: home_page(site),
        paths.TOPICS: topics_index(site),
        paths.ENTRIES: all_entries_page(site),
        paths.SOURCES: sources_index(site),
        paths.HEALTH: health_page(site),
    }
    pages.update(tags_index(site, material_tags))
    if site.catalog.paths:
        pages[paths.PATHS] = paths_index(site)
    return pages


def _ranked(site: Site, _: str, __: bool) -> dict[str, str]:
    return most_recommended_pages(site)


def _path(site: Site, key: str, _: bool) -> dict[str, str]:
    found = [p for p in site.catalog.paths if p.id == key]
    return {paths.reading_path(key): path_page(found[0], site)} if found else {}


def _topic(site: Site, key: str, _: bool) -> dict[str, str]:
    topic = site.catalog.topic_by_id.get(key)
    return {paths.topic(key): topic_page(topic, site), **topic_part_pages(topic, site)} if topic else {}


def _entry(site: Site, key: str, _: bool) -> dict[str, str]:
    entry = site.catalog.entry_by_id.get(key)
    return {paths.entry(key): entry_page(entry, site)} if entry else {}


def _source(site: Site, key: str, _: bool) -> dict[str, str]:
    source = site.catalog.source_by_id.get(key)
    return source_pages(source, site.source_rows[key]) if source else {}


def _tag(site: Site, key: str, _: bool) -> dict[str, str]:
    return tag_pages(key, site) if key in site.by_tag else {}


_UNITS = {GLOBAL: _global, RANKED: _ranked, "path": _path, "topic": _topic, "entry": _entry, "source": _source,
          "tag": _tag}
