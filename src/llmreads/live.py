"""The MkDocs side of incremental rebuilds while serving (`mkdocs serve --dirty`).

How MkDocs 1.6 lets a plugin rebuild only some pages, and what it takes to stay correct:

- A plugin that defines `on_startup` is kept across the builds of one `mkdocs serve` (MkDocs
  caches its instance), so it can remember the last build; `on_startup(dirty=...)` says whether
  `--dirty` was given. Each build still reloads mkdocs.yml and calls every hook again.
- `build(config, dirty=True)` leaves site_dir as it is and skips reading, rendering and writing
  every page whose `File.is_modified()` is False (`_populate_page`, `_build_page`). A docs file is
  modified when its source is newer than its output; a `File.generated(content=...)` always is.
  `Generated` pages answer from `incremental.update`: modified only if their Markdown changed.
- A skipped page has no Markdown, metadata or title in that build. Three things read them:
  the navigation rendered into every built page (titles of nav pages: `restore_titles` reads the
  sources of the few skipped nav pages); Material's search, which indexes a page when it is
  built (`on_page_context`) and in a dirty build would write an index of the built pages only
  (its own dirty support assumes one page changed): `SearchEntries` keeps every page's entries
  and rewrites the index in `on_post_build`; Material's tags plugin, which collects tags in
  `on_page_markdown` and renders the tags index's listing in `on_env`: `feed_tags` adds the
  skipped pages' tags, and the tags index page is rendered in every build.
- Search: Pagefind indexes the whole built site (llmreads.search), which takes longer than
  rendering the pages an edit changed; after an incremental build it runs on in a child process
  while the pages are already served, and the next build stops it if it is still running.
- Static templates (sitemap.xml, 404.html) and static files (assets, entries.json, feeds,
  BibTeX) are written on every build anyway.
- Broken data: every page shows the problems (the plugin's error pages), but the last good
  pages are moved aside first (`broken`) and moved back by the next good build, which is then
  incremental against the last good catalogue.
- Anything besides data/ that changed (mkdocs.yml, a hand-written page or asset under docs/,
  the theme's custom_dir), or a build that failed after it started writing, makes the next
  build a full one: site_dir is cleaned, so every file counts as modified.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from llmreads import sitepaths as paths
from llmreads.catalog import Catalog
from llmreads.incremental import Snapshot, snapshot, update
from llmreads.links.model import HealthRecord
from llmreads.pages import build_pages
from llmreads.search import Indexing, SearchIndexError
from llmreads.siteinfo import SiteInfo

log = logging.getLogger("mkdocs.plugins.llmreads")


class Generated(File):
    """A generated page that a dirty build renders again only if its Markdown changed."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified


class Live:
    """What one `mkdocs serve` remembers between builds to rebuild only what an edit changed."""

    def __init__(self) -> None:
        self.dirty = False
        self.last: Snapshot | None = None
        self.inputs = ""
        self.consistent = False
        self.changed: set[str] | None = None
        self.files: Files | None = None
        self.stash: Path | None = None
        self.indexing: Indexing | None = None
        self.search = SearchEntries()

    def start(self, *, dirty: bool) -> None:
        """Remember whether builds are dirty (`--dirty`): only then are pages kept between builds."""
        self.dirty = dirty

    @property
    def incremental(self) -> bool:
        """Whether this build renders only some pages."""
        return self.changed is not None

    def pages(self, config: MkDocsConfig, files: Files, catalog: Catalog, *, material_tags: bool,
              health: Mapping[str, HealthRecord], info: SiteInfo) -> dict[str, str]:
        """Every generated page; decide which ones this build renders (see the module's docstring)."""
        self.changed, self.files = None, files
        self.search.start()
        self.wait_for_index(stop=True)
        if not self.dirty:
            return build_pages(catalog, material_tags=material_tags, health=health, info=info)
        self._unstash(config)
        inputs = _fingerprint(config, files)
        keep = (self.last is not None and self.consistent and inputs == self.inputs
                and self.search.supported(config))
        if keep and self.last is not None:
            now = update(self.last, catalog, material_tags=material_tags, health=health, info=info)
        else:
            now = snapshot(catalog, material_tags=material_tags, health=health, info=info)
        if now.full or not keep:
            utils.clean_directory(config.site_dir)
            self.search.clear()
        else:
            self.changed = now.changed | ({paths.TAGS} if _tags_plugin(config) else set())
            _remove_output(config, now.removed)
            log.info(f"llmreads: incremental build, {len(self.changed)} of {len(now.pages)} pages to render, "
                     f"{len(now.removed)} removed")
        self.last, self.inputs, self.consistent = now, inputs, False
        return now.pages

    def broken(self, config: MkDocsConfig) -> None:
        """The data is broken: move the last good pages aside while the error pages stand in site_dir."""
        self.changed, self.files = None, None
        self.wait_for_index(stop=True)
        if not self.dirty or self.stash is not None:
            return
        site = Path(config.site_dir)
        if not self.consistent or not site.is_dir():
            self.consistent = False
            return
        self.stash = Path(tempfile.mkdtemp(prefix="llmreads-last-good-", dir=site.parent))
        for item in site.iterdir():
            item.rename(self.stash / item.name)

    def _unstash(self, config: MkDocsConfig) -> None:
        """Put the last good pages back in place of the error pages."""
        if self.stash is None:
            return
        site = Path(config.site_dir)
        utils.clean_directory(str(site))
        for item in self.stash.iterdir():
            item.rename(site / item.name)
        shutil.rmtree(self.stash, ignore_errors=True)
        self.stash = None

    def file(self, config: MkDocsConfig, path: str, content: str, inclusion: InclusionLevel) -> File:
        """A generated page as an MkDocs File, modified only if this build must render it."""
        made = cast(Generated, Generated.generated(config, path, content=content, inclusion=inclusion))
        made.modified = self.changed is None or path in self.changed
        return made

    def restore_titles(self, config: MkDocsConfig, files: Files) -> None:
        """Read the source of skipped pages in the navigation, whose titles every built page shows."""
        if not self.incremental:
            return
        for file in files.documentation_pages():
            if file.page is not None and not file.is_modified():
                file.page.read_source(config)

    def feed_tags(self, config: MkDocsConfig, files: Files) -> None:
        """Give Material's tags plugin the tags of skipped pages, in the order a full build adds them."""
        plugin = _tags_plugin(config)
        if not self.incremental or plugin is None:
            return
        mappings = plugin.mappings
        order = []
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            order.append(page.url)
            if file.is_modified() or not plugin.filter(file):
                continue
            if isinstance(file, Generated):
                meta = front_matter(file.content_string)
                if "tags" not in meta:
                    continue
                page.meta = meta
                if "title" not in vars(page):  # a title the navigation gives stays
                    page.title = meta.get("title")
            elif page.markdown is None:
                page.read_source(config)
            mappings.add(page, page.markdown or "")
        mappings.data = {url: mappings.data[url] for url in order if url in mappings.data}

    def page_built(self, config: MkDocsConfig, page: Page) -> None:
        """Keep the search entries Material's search made for a page just built."""
        if self.dirty:
            self.search.collect(config, page)

    def finish(self, config: MkDocsConfig) -> None:
        """After a build: write the whole search index, and trust site_dir for the next build."""
        if self.dirty and self.files is not None:
            self.search.write(config, self.files)
        self.consistent = True


    def index(self, site_dir: Path, pages: list[str]) -> None:
        """Index the site for search: in the background after an incremental build, else before returning.

        `pages`: the hand-written pages to index besides the entry pages (llmreads.search).
        """
        self.wait_for_index(stop=True)
        self.indexing = Indexing(site_dir, pages)
        if not self.incremental:
            self.wait_for_index()

    def wait_for_index(self, *, stop: bool = False) -> None:
        """Wait for (or stop) the search indexing still running; a failure is logged, not raised, when stopping."""
        running, self.indexing = self.indexing, None
        if running is None:
            return
        if stop and running.process.poll() is None:
            running.stop()
            return
        try:
            running.wait()
        except SearchIndexError as exc:
            if not stop:
                raise
            log.warning(str(exc))

    def stop(self) -> None:
        """At the end of `mkdocs serve`: stop indexing and drop the pages kept aside."""
        self.wait_for_index(stop=True)
        if self.stash is not None:
            shutil.rmtree(self.stash, ignore_errors=True)


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
        plugin = _search_plugin(config)
        return plugin is None or isinstance(getattr(getattr(plugin, "search_index", None), "entries", None), list)

    def collect(self, config: MkDocsConfig, page: Page) -> None:
        entries = _search_entries(config)
        if entries is None:
            return
        self.by_page[page.file.src_uri] = entries[self.seen:]
        self.seen = len(entries)

    def write(self, config: MkDocsConfig, files: Files) -> None:
        """Rewrite search/search_index.json with every page's entries, in the order a full build has them."""
        target = Path(config.site_dir) / "search" / "search_index.json"
        if _search_entries(config) is None or not target.is_file():
            return
        index = json.loads(target.read_text(encoding="utf-8"))
        index["docs"] = [e for f in files.documentation_pages() for e in self.by_page.get(f.src_uri, [])]
        target.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")


def front_matter(markdown: str) -> dict[str, Any]:
    """The front matter pages.html.front_matter wrote (one `key: JSON value` a line)."""
    meta: dict[str, Any] = {}
    if not markdown.startswith("---\n"):
        return meta
    for line in markdown[4:markdown.find("\n---\n", 3)].splitlines():
        key, _, value = line.partition(": ")
        meta[key] = json.loads(value)
    return meta


def _remove_output(config: MkDocsConfig, removed: set[str]) -> None:
    """Delete the built pages of generated pages that are gone (a dirty build never deletes anything)."""
    site = Path(config.site_dir)
    for path in removed:
        target = Path(File(path, None, config.site_dir, config.use_directory_urls).abs_dest_path)
        target.unlink(missing_ok=True)
        for folder in target.parents:
            if folder == site or not folder.is_relative_to(site) or any(folder.iterdir()):
                break
            folder.rmdir()


def _fingerprint(config: MkDocsConfig, files: Files) -> str:
    """What besides data/ a build reads: mkdocs.yml, the docs and theme files, the theme's custom_dir."""
    digest = hashlib.sha256()
    if config.config_file_path and os.path.isfile(config.config_file_path):
        digest.update(Path(config.config_file_path).read_bytes())
    for file in files:
        if file.abs_src_path and os.path.isfile(file.abs_src_path):
            stat = os.stat(file.abs_src_path)
            digest.update(f"{file.src_uri}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    custom = config.theme.custom_dir
    if custom and os.path.isdir(custom):
        for root, _, names in sorted(os.walk(custom)):
            for name in sorted(names):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return digest.hexdigest()


def _plugin(config: MkDocsConfig, *names: str) -> Any:
    for name in names:
        if name in config.plugins:
            return config.plugins[name]
    return None


def _tags_plugin(config: MkDocsConfig) -> Any:
    """Material's tags plugin when it is on (it is the one with a mapping manager)."""
    plugin = _plugin(config, "material/tags", "tags")
    enabled = getattr(getattr(plugin, "config", None), "enabled", False)
    return plugin if enabled and hasattr(plugin, "mappings") else None


def _search_plugin(config: MkDocsConfig) -> Any:
    plugin = _plugin(config, "material/search", "search")
    return plugin if getattr(getattr(plugin, "config", None), "enabled", True) else None


def _search_entries(config: MkDocsConfig) -> list[Any] | None:
    entries = getattr(getattr(_search_plugin(config), "search_index", None), "entries", None)
    return entries if isinstance(entries, list) else None
