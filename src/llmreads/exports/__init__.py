"""Exports of the catalogue: JSON (with its schema), BibTeX, Atom, awesome-style Markdown."""

from __future__ import annotations

from llmreads.catalog import Catalog
from llmreads.errors import LlmreadsError
from llmreads.pages import paths
from llmreads.siteinfo import SiteInfo


def render(catalog: Catalog, fmt: str, *, topic: str | None = None, site_url: str | None = None,
           info: SiteInfo | None = None) -> str:
    """Render the catalogue (or one topic of it) in an export format.

    Titles and descriptions come from `info` (mkdocs.yml); `site_url` (else `info.url`) is the base
    of the Atom feed's links, which must be absolute: without one the feed is refused.
    """
    from llmreads.exports.atom import to_atom
    from llmreads.exports.bibtex import citation_keys, to_bibtex
    from llmreads.exports.json import to_json
    from llmreads.exports.markdown import to_markdown

    info = info or SiteInfo()
    if topic is not None and topic not in catalog.topic_by_id:
        raise LlmreadsError(f"unknown topic '{topic}'")
    entries = catalog.entries_in(topic) if topic else catalog.entries
    if fmt == "json":
        return to_json(catalog, info, entries)
    if fmt == "bibtex":
        return to_bibtex(entries, citation_keys(catalog.entries))
    if fmt == "atom":
        base = site_url or info.url
        if not base:
            raise LlmreadsError("an Atom feed needs the site's address for its links: "
                                "pass --site-url or set site_url in mkdocs.yml")
        name = catalog.topic_by_id[topic].title if topic else "recently added"
        return to_atom(entries, base, title=f"{info.name}: {name}", author=info.feed_author,
                       feed_path=f"topics/{topic}/feed.xml" if topic else "feed.xml",
                       page_path=paths.topic(topic) if topic else paths.HOME)
    if fmt == "markdown":
        return to_markdown(catalog, info, topic)
    raise LlmreadsError(f"unknown export format '{fmt}'")


def published_files(catalog: Catalog, site_url: str, info: SiteInfo | None = None) -> dict[str, str]:
    """The exports published with the site: {path in the site: text}."""
    from llmreads.exports.bibtex import citation_keys, to_bibtex
    from llmreads.exports.json import schema_json

    keys = citation_keys(catalog.entries)  # once, not once per topic: it sorts every entry
    files = {
        "entries.json": render(catalog, "json", info=info),
        "schema/entries.json": schema_json(),
        "references.bib": to_bibtex(catalog.entries, keys),
        "feed.xml": render(catalog, "atom", site_url=site_url, info=info),
    }
    for topic in catalog.topics:
        files[f"topics/{topic.id}/references.bib"] = to_bibtex(catalog.entries_in(topic.id), keys)
        files[f"topics/{topic.id}/feed.xml"] = render(catalog, "atom", topic=topic.id, site_url=site_url, info=info)
    return files
