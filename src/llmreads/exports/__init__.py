"""Exports of the catalogue: JSON (with its schema), BibTeX, Atom, awesome-style Markdown."""

from __future__ import annotations

from collections.abc import Mapping

from llmreads import sitepaths as paths
from llmreads.catalog import Catalog
from llmreads.errors import LlmreadsError
from llmreads.model import Entry, Topic
from llmreads.siteinfo import SiteInfo


def render(catalog: Catalog, fmt: str, *, topic: str | None = None, site_url: str | None = None,
           info: SiteInfo | None = None) -> str:
    """Render the catalogue (or one topic of it) in an export format.

    Titles and descriptions come from `info` (mkdocs.yml); `site_url` (else `info.url`) is the base
    of the Atom feed's links, which must be absolute: without one the feed is refused.
    """
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
        return _feed(entries, base, info, catalog.topic_by_id[topic] if topic else None)
    if fmt == "markdown":
        return to_markdown(catalog, info, topic)
    raise LlmreadsError(f"unknown export format '{fmt}'")


def _feed(entries: list[Entry], base: str, info: SiteInfo, topic: Topic | None) -> str:
    """The Atom feed of the site (no topic) or of one topic, as `render` and the published files give it."""
    from llmreads.exports.atom import to_atom

    return to_atom(entries, base, title=f"{info.name}: {topic.title if topic else 'recently added'}",
                   author=info.feed_author, feed_path=f"topics/{topic.id}/feed.xml" if topic else "feed.xml",
                   page_path=paths.topic(topic.id) if topic else paths.HOME)


class EntryTexts:
    """Each entry's BibTeX record and JSON, kept between the builds of one `mkdocs serve`.

    An edit changes a few entries, but entries.json and the BibTeX files hold them all: only the
    entries that changed (or whose citation key did) are rendered again.
    """

    def __init__(self) -> None:
        self.known: dict[str, tuple[Entry, str, str, str]] = {}
        self.feeds: dict[str, tuple[tuple[object, ...], str]] = {}
        """Each feed's text, by its path, with what it was made from (its newest entries, base URL, texts)."""

    def texts(self, entry: Entry, key: str) -> tuple[str, str]:
        """The entry's (BibTeX record, JSON)."""
        from llmreads.bibtex import record
        from llmreads.exports.json import entry_json

        known = self.known.get(entry.id)
        if known is None or known[1] != key or (known[0] is not entry and known[0] != entry):
            known = (entry, key, record(entry, key), entry_json(entry))
            self.known[entry.id] = known
        return known[2], known[3]

    def keep_only(self, entries: list[Entry]) -> None:
        ids = {e.id for e in entries}
        self.known = {i: v for i, v in self.known.items() if i in ids}

    def feed(self, name: str, entries: list[Entry], base: str, info: SiteInfo, topic: Topic | None) -> str:
        """`_feed` of the entries, rendered again only if its newest entries (or its texts) changed."""
        from llmreads.exports.atom import newest

        latest = newest(entries)
        made_of = (base, info, topic, latest)
        known = self.feeds.get(name)
        if known is None or known[0] != made_of:
            known = (made_of, _feed(latest, base, info, topic))
            self.feeds[name] = known
        return known[1]


def published_files(catalog: Catalog, site_url: str, info: SiteInfo | None = None,
                    texts: EntryTexts | None = None, keys: Mapping[str, str] | None = None) -> dict[str, str]:
    """The exports published with the site: {path in the site: text}.

    `keys`: the entries' citation keys (`citation_keys(catalog.entries)`) if already known.
    """
    from llmreads.exports.bibtex import citation_keys
    from llmreads.exports.json import schema_json, to_json_of

    texts, info = texts or EntryTexts(), info or SiteInfo()
    keys = keys or citation_keys(catalog.entries)  # once, not once per topic: it sorts every entry
    rendered = {e.id: texts.texts(e, keys[e.id]) for e in catalog.entries}
    texts.keep_only(catalog.entries)
    files = {
        "entries.json": to_json_of(catalog, info, [rendered[e.id][1] for e in catalog.entries]),
        "schema/entries.json": schema_json(),
        "references.bib": "\n".join(rendered[e.id][0] for e in catalog.entries),
        "feed.xml": texts.feed("feed.xml", catalog.entries, site_url or info.url, info, None),
    }
    by_topic: dict[str, list[Entry]] = {t.id: [] for t in catalog.topics}  # catalog.entries_in, in one pass
    for entry in catalog.entries:
        for topic_id in entry.topics:
            if topic_id in by_topic:
                by_topic[topic_id].append(entry)
    for topic in catalog.topics:
        entries = by_topic[topic.id]
        files[f"topics/{topic.id}/references.bib"] = "\n".join(rendered[e.id][0] for e in entries)
        files[f"topics/{topic.id}/feed.xml"] = texts.feed(f"topics/{topic.id}/feed.xml", entries,
                                                          site_url or info.url, info, topic)
    return files
