"""What a trimmed dirty build keeps from earlier builds for the outputs that list every page.

An incremental build under `mkdocs serve --dirty` hands MkDocs only the pages it renders plus the
navigation's pages (llmreads.live), so MkDocs' per-build work (File and Page objects, navigation,
anchor validation) follows the edit, not the catalogue. Four outputs still list every page of
the site, and each is completed from what earlier builds saw, in the order a full build has:

- `Order`: every documentation page of the site as a full build lists them (src_uri, url);
- `SearchEntries`: Material's search index, written by its plugin from the pages built;
- `TagMappings`: Material's tags plugin, whose `tags.json` export (and listings) need every
  page's tags; it collects them in `on_page_markdown`, so only for the pages built;
- `Sitemap`: MkDocs renders sitemap.xml from the `pages` of the build's Files; kept whole, and
  rendered again over every page (stand-ins for the ones left out) when the page set changed.

Besides, `CompiledTemplates` keeps the theme's templates compiled: MkDocs makes a new Jinja
environment for every build, which would compile Material's templates again each time.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urljoin, urlsplit

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from llmreads import sitepaths as paths

try:  # how Material's tags plugin writes one page's mapping to tags.json (else the plugin writes the file)
    from material.plugins.tags.structure.mapping.storage import (  # type: ignore[import-untyped]
        _mapping_to_json,
    )
except ImportError:  # pragma: no cover - depends on Material's version
    _mapping_to_json = None


@dataclass
class Order:
    """Every documentation page of the site in a full build's order: (src_uri, url) pairs."""

    pages: list[tuple[str, str]]
    #: The generated page paths at the end of `pages` (`order_of`).
    generated: list[str] = field(default_factory=list)

    @cached_property
    def _urls(self) -> list[str]:
        return [url for _, url in self.pages]

    @cached_property
    def _sources(self) -> list[str]:
        return [src for src, _ in self.pages]

    def urls(self) -> list[str]:
        return list(self._urls)

    def sources(self) -> list[str]:
        return list(self._sources)


class SearchEntries:
    """Material search's entries of every page, so a dirty build can write the index of the whole site."""

    def __init__(self) -> None:
        self.by_page: dict[str, list[Any]] = {}
        self.seen = 0

    def start(self) -> None:
        self.seen = 0

    def clear(self) -> None:
        self.by_page.clear()

    def supported(self, config: MkDocsConfig) -> bool:
        """True unless a search plugin is on whose index this class cannot read."""
        plugin = search_plugin(config)
        return plugin is None or isinstance(getattr(getattr(plugin, "search_index", None), "entries", None), list)

    def collect(self, config: MkDocsConfig, page: Page) -> None:
        entries = _search_entries(config)
        if entries is None:
            return
        self.by_page[page.file.src_uri] = entries[self.seen:]
        self.seen = len(entries)

    def write(self, config: MkDocsConfig, order: Order) -> None:
        """Rewrite search/search_index.json with every page's entries, in the order a full build has them."""
        target = Path(config.site_dir) / "search" / "search_index.json"
        if _search_entries(config) is None or not target.is_file():
            return
        index = json.loads(target.read_text(encoding="utf-8"))
        index["docs"] = [e for src in order.sources() for e in self.by_page.get(src, [])]
        target.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")


class TagMappings:
    """Material's tags plugin's mapping of every page to its tags, kept from the build that last rendered it.

    Its `Mapping` objects hold the page they were made for; the export reads only its url and
    title, which stay right while the page is not rendered again (an edit that changes them
    renders it).
    """

    def __init__(self) -> None:
        self.by_url: dict[str, Any] = {}
        self.json: dict[str, tuple[Any, dict[str, Any]]] = {}
        """Each page's entry in tags.json, with the mapping it was made from."""
        self.export: str | None = None
        """tags.json's path under site_dir while this class writes it instead of the plugin."""

    def complete(self, plugin: Any, files: Files, order: Order) -> None:
        """Give the plugin the kept mappings of the pages this build skips, in a full build's order.

        The plugin's own export of tags.json serialises every page's mapping again with the pure-Python
        JSON encoder (half a second at 20,000 pages): this build writes it instead (`write_export`).
        """
        fresh = plugin.mappings.data
        built = {f.page.url for f in files.documentation_pages() if f.page is not None and f.is_modified()}
        data = {}
        for url in order.urls():
            mapping = fresh.get(url) if url in built else self.by_url.get(url)
            if mapping is not None:
                data[url] = mapping
        plugin.mappings.data = data
        self.export = None
        if plugin.config.export and _mapping_to_json is not None:
            self.export, plugin.config.export = str(plugin.config.export_file), False

    def write_export(self, plugin: Any, config: MkDocsConfig) -> None:
        """Write tags.json as the plugin would have (`complete` took it over), from each page's kept entry."""
        export, self.export = self.export, None
        if export is None or _mapping_to_json is None:
            return
        entries: dict[str, tuple[Any, dict[str, Any]]] = {}
        for url, mapping in plugin.mappings.data.items():
            known = self.json.get(url)
            entries[url] = known if known is not None and known[0] is mapping else (mapping, _mapping_to_json(mapping))
        self.json = entries
        target = Path(os.path.normpath(os.path.join(config.site_dir, export)))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"mappings": [made for _, made in entries.values()]}), encoding="utf-8")

    def keep(self, plugin: Any) -> None:
        """After a build: remember every page's mapping."""
        self.by_url = dict(plugin.mappings.data)

    def clear(self) -> None:
        self.by_url, self.json = {}, {}


class Sitemap:
    """sitemap.xml over every page, though a trimmed build's Files hold only a few.

    Its text depends on the pages' URLs, the site URL and the build date: while those stay, the
    last text is written again without rendering; else the theme's template renders it over
    stand-ins for the pages left out (with the canonical URL and date MkDocs' `Page` would give).
    """

    NAME = "sitemap.xml"

    def __init__(self) -> None:
        self.key: tuple[Any, ...] | None = None
        self.text = ""

    def template(self, template: Any, config: MkDocsConfig, order: Order) -> Any:
        """The template MkDocs renders for sitemap.xml in a trimmed build."""
        key = self._key(config, order)
        if key == self.key:
            return _Fixed(self.text)
        return _EveryPage(template, _stand_ins(config, order))

    def rendered(self, text: str, config: MkDocsConfig, order: Order | None) -> None:
        """Remember the text a build wrote (None: the order is unknown, so forget it)."""
        self.key, self.text = (None, "") if order is None else (self._key(config, order), text)

    @staticmethod
    def _key(config: MkDocsConfig, order: Order) -> tuple[Any, ...]:
        return (config.site_url, get_build_date(), tuple(order.urls()))


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept across the builds of one serve (a changed source is compiled again:
    Jinja checks each template's checksum)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class _Fixed:
    """A template whose output is known."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, context: Any) -> str:
        return self.text


class _EveryPage:
    """A template rendered with every page of the site as its `pages`."""

    def __init__(self, template: Any, pages: list[Any]) -> None:
        self.inner, self.pages = template, pages

    def render(self, context: Any) -> str:
        context["pages"] = self.pages
        return str(self.inner.render(context))


def _stand_ins(config: MkDocsConfig, order: Order) -> list[Any]:
    """What the sitemap template reads of every page: the canonical URL and date MkDocs' `Page` gives it."""
    base = config.site_url or ""
    if base and not base.endswith("/"):
        base += "/"
    date = get_build_date()
    made: list[Any] = []
    for url in order.urls():
        canonical = urljoin(base, url) if base else None
        page = SimpleNamespace(is_link=False, canonical_url=canonical,
                               abs_url=urlsplit(canonical).path if canonical else None, update_date=date)
        made.append(SimpleNamespace(page=page))
    return made


def order_of(files: Files, generated: list[str], last: Order | None = None) -> Order:
    """The full build's page order: the documentation pages MkDocs found, then the generated ones (paths).

    The `last` order is reused when it was made from the same pages, so a rebuild that adds or removes
    no page does not compute the URL of every page again.
    """
    found = [(f.src_uri, f.url) for f in files.documentation_pages()]
    if (last is not None and len(last.pages) == len(found) + len(generated) and last.generated == generated
            and last.pages[:len(found)] == found):
        return last
    order = Order(found + [(p, paths.url_of(p)) for p in generated])
    order.generated = list(generated)
    return order


def search_plugin(config: MkDocsConfig) -> Any:
    plugin = _plugin(config, "material/search", "search")
    return plugin if getattr(getattr(plugin, "config", None), "enabled", True) else None


def _search_entries(config: MkDocsConfig) -> list[Any] | None:
    entries = getattr(getattr(search_plugin(config), "search_index", None), "entries", None)
    return entries if isinstance(entries, list) else None


def tags_plugin(config: MkDocsConfig) -> Any:
    """Material's tags plugin when it is on (it is the one with a mapping manager)."""
    plugin = _plugin(config, "material/tags", "tags")
    enabled = getattr(getattr(plugin, "config", None), "enabled", False)
    return plugin if enabled and hasattr(plugin, "mappings") else None


def _plugin(config: MkDocsConfig, *names: str) -> Any:
    for name in names:
        if name in config.plugins:
            return config.plugins[name]
    return None
