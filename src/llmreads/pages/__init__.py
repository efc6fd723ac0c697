"""Catalogue → pages: a pure function from the loaded data to {path: Markdown}. No MkDocs here."""

from __future__ import annotations

from collections.abc import Mapping

from llmreads.catalog import Catalog
from llmreads.gcpause import collector_paused
from llmreads.links.model import HealthRecord
from llmreads.pages import paths
from llmreads.pages.entries import all_entries_page, entry_page
from llmreads.pages.health import health_page
from llmreads.pages.home import home_page
from llmreads.pages.reading import most_recommended_pages, path_page, paths_index
from llmreads.pages.site import Site
from llmreads.pages.sources import source_pages, sources_index
from llmreads.pages.tags import tag_pages, tags_index
from llmreads.pages.topics import topic_page, topic_part_pages, topics_index
from llmreads.siteinfo import SiteInfo

__all__ = ["build_pages"]


def build_pages(catalog: Catalog, *, material_tags: bool = True,
                health: Mapping[str, HealthRecord] | None = None, info: SiteInfo | None = None) -> dict[str, str]:
    """Return every generated page as {path relative to docs/: Markdown text}.

    `health` maps entry URLs to their last link check (data/health.yaml), shown as badges;
    `info` holds the site's own texts (name, description, home heading and intro) from mkdocs.yml.
    """
    with collector_paused():
        return _build(catalog, material_tags, health, info or SiteInfo())


def _build(catalog: Catalog, material_tags: bool, health: Mapping[str, HealthRecord] | None,
           info: SiteInfo) -> dict[str, str]:
    site = Site(catalog, dict(health or {}), info)
    pages = {
        paths.HOME: home_page(site),
        paths.TOPICS: topics_index(site),
        paths.ENTRIES: all_entries_page(site),
        paths.SOURCES: sources_index(site),
        paths.HEALTH: health_page(site),
    }
    pages.update(tags_index(site, material_tags))
    pages.update(most_recommended_pages(site))
    if catalog.paths:
        pages[paths.PATHS] = paths_index(site)
        pages.update({paths.reading_path(p.id): path_page(p, site) for p in catalog.paths})
    pages.update({paths.topic(t.id): topic_page(t, site) for t in catalog.topics})
    for topic in catalog.topics:
        pages.update(topic_part_pages(topic, site))
    pages.update({paths.entry(e.id): entry_page(e, site) for e in catalog.entries})
    for source in catalog.sources:
        pages.update(source_pages(source, site.source_rows[source.id]))
    for name in site.by_tag:
        pages.update(tag_pages(name, site))
    return pages
