"""The MkDocs side of incremental rebuilds while serving (`mkdocs serve --dirty`).

How MkDocs 1.6 lets a plugin rebuild only some pages, and what it takes to stay correct:

- A plugin that defines `on_startup` is kept across the builds of one `mkdocs serve` (MkDocs
  caches its instance), so it can remember the last build; `on_startup(dirty=...)` says whether
  `--dirty` was given. Each build still reloads mkdocs.yml and calls every hook again.
- `build(config, dirty=True)` leaves site_dir as it is and skips reading, rendering and writing
  every page whose `File.is_modified()` is False (`_populate_page`, `_build_page`). A docs file is
  modified when its source is newer than its output; a `File.generated(content=...)` always is.
  `Generated` pages answer from `incremental.update`: modified only if their Markdown changed.
- An incremental build hands MkDocs a trimmed `Files` (`on_files` may return any collection):
  the pages it renders, the pages the navigation names (every built page renders the whole
  navigation, with their titles: `restore_titles` reads the sources of these few), the docs and
  theme files, and the published files whose text changed. So MkDocs' per-build work (a `File`
  and a `Page` per page, navigation, `_populate_page`/`_build_page` checks, anchor validation)
  follows the edit, not the size of the catalogue. Leaving a page out is safe because generated
  pages link each other with plain relative URLs in HTML (pages.html.internal), never with `.md`
  links MkDocs would have to resolve against Files, and a page left out is not modified, so a
  dirty build would not have touched its output anyway. Hand-written pages, which may link by
  `.md`, stay in Files and are rendered only in full builds (see the last point).
- Outputs that list every page are completed from earlier builds (llmreads.kept), in a full
  build's order (`Order`): Material's search index (its plugin indexes a page when it is built,
  so a dirty build would write an index of the built pages only: `SearchEntries` keeps every
  page's entries and rewrites the index in `on_post_build`); Material's tags plugin (it collects
  tags in `on_page_markdown`, and its `tags.json` export and listings need every page's:
  `TagMappings` keeps each page's mapping from the build that last rendered it and gives the
  plugin those of the skipped pages in `on_env`, before its own; the tags index page, which may
  hold its listing, is rendered in every build); and sitemap.xml (rendered from the Files'
  pages: `Sitemap` writes the last text again while the page URLs and the build date stay, else
  renders the theme's template over stand-ins of every page).
- Search: Pagefind indexes the whole built site (llmreads.search), which takes longer than
  rendering the pages an edit changed; after an incremental build its runs (one per part of the
  index) go on in child processes, started one after another from a thread, while the pages are
  already served, and the next build stops them if they are still running.
- 404.html is rendered on every build (it shows the navigation only); the assets too.
- Broken data: every page shows the problems (the plugin's error pages), but the last good
  pages are moved aside first (`broken`) and moved back by the next good build, which is then
  incremental against the last good catalogue.
- Anything besides data/ that changed (mkdocs.yml, a hand-written page or asset under docs/,
  the theme's custom_dir), or a build that failed after it started writing, makes the next
  build a full one: site_dir is cleaned, so every file counts as modified.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment
from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from llmreads import sitepaths as paths
from llmreads.catalog import Catalog
from llmreads.incremental import Snapshot, snapshot, update
from llmreads.kept import CompiledTemplates, Order, SearchEntries, Sitemap, TagMappings, order_of, tags_plugin
from llmreads.links.model import HealthRecord
from llmreads.nav import in_nav
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
        self.order: Order | None = None
        #: The last build's order, reused by the next when no page came or went (`order_of`).
        self.last_order: Order | None = None
        self.nav_paths: set[str] = set()
        self.published: dict[str, str] = {}
        self.stash: Path | None = None
        self.indexing: Indexing | None = None
        self.search = SearchEntries()
        self.tags = TagMappings()
        self.sitemap = Sitemap()
        self.templates = CompiledTemplates()

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
        self.changed, self.order = None, None
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
            self.tags.clear()
            self.published.clear()
        else:
            self.changed = now.changed | ({paths.TAGS} if tags_plugin(config) else set())
            _remove_output(config, now.removed)
            log.info(f"llmreads: incremental build, {len(self.changed)} of {len(now.pages)} pages to render, "
                     f"{len(now.removed)} removed")
        self.last, self.inputs, self.consistent = now, inputs, False
        return now.pages

    def cite_keys(self, catalog: Catalog) -> dict[str, str] | None:
        """The citation keys of the catalogue this build's pages were made from, if this serve has them."""
        last = self.last
        return last.site.cite_keys if last is not None and last.site.catalog is catalog else None

    def broken(self, config: MkDocsConfig) -> None:
        """The data is broken: move the last good pages aside while the error pages stand in site_dir."""
        self.changed, self.order = None, None
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

    def files(self, config: MkDocsConfig, files: Files, pages: dict[str, str]) -> list[File]:
        """The generated pages this build hands MkDocs: all of them, or in an incremental build only
        the pages it renders and the navigation's pages (see the module's docstring).

        A hand-written page in docs/ at a generated page's place replaces that page.
        """
        taken = {f.dest_uri: f.src_uri for f in files}
        shown = [p for p in pages if _dest_uri(p) not in taken]
        for path in pages.keys() - set(shown):
            log.info(f"docs/{taken[_dest_uri(path)]} replaces the page llmreads generates at /{paths.url_of(path)}")
        self.order = order_of(files, shown, self.last_order) if self.dirty else None
        self.last_order = self.order
        made: list[File] = []
        for path in shown:
            if self.changed is None or path in self.changed or in_nav(path) or path in self.nav_paths:
                inclusion = InclusionLevel.UNDEFINED if in_nav(path) else InclusionLevel.NOT_IN_NAV
                file = cast(Generated, Generated.generated(config, path, content=pages[path], inclusion=inclusion))
                file.modified = self.changed is None or path in self.changed
                made.append(file)
        return made

    def publishes(self, name: str, text: str) -> bool:
        """Whether this build writes a published file (entries.json, a feed): an incremental one only if it changed."""
        if not self.dirty:
            return True
        same = self.published.get(name) == text
        self.published[name] = text
        return not (self.incremental and same)

    def navigation(self, nav: Any) -> None:
        """Remember the pages mkdocs.yml's (or our) navigation names: a trimmed build keeps them."""
        found: set[str] = set()
        stack = [nav]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                found.add(item)
            elif isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        self.nav_paths = found

    def restore_titles(self, config: MkDocsConfig, files: Files) -> None:
        """Read the source of skipped pages in the navigation, whose titles every built page shows."""
        if not self.incremental:
            return
        for file in files.documentation_pages():
            if file.page is not None and not file.is_modified():
                file.page.read_source(config)

    def feed_tags(self, config: MkDocsConfig, files: Files) -> None:
        """Give Material's tags plugin the tags of the pages this build skips, in a full build's order."""
        plugin = tags_plugin(config)
        if self.incremental and plugin is not None and self.order is not None:
            self.tags.complete(plugin, files, self.order)

    def environment(self, env: Environment) -> None:
        """Keep the theme's compiled templates for the next builds of this serve."""
        if self.dirty:
            env.bytecode_cache = self.templates

    def sitemap_template(self, template: Any, config: MkDocsConfig) -> Any:
        """The sitemap template of a trimmed build (which lists every page, not only the Files it has)."""
        if not self.incremental or self.order is None:
            return template
        return self.sitemap.template(template, config, self.order)

    def sitemap_written(self, text: str, config: MkDocsConfig) -> None:
        if self.dirty:
            self.sitemap.rendered(text, config, self.order)

    def page_built(self, config: MkDocsConfig, page: Page) -> None:
        """Keep the search entries Material's search made for a page just built."""
        if self.dirty:
            self.search.collect(config, page)

    def finish(self, config: MkDocsConfig) -> None:
        """After a build: write the whole search index, and trust site_dir for the next build."""
        if self.dirty and self.order is not None:
            self.search.write(config, self.order)
            plugin = tags_plugin(config)
            if plugin is not None:
                self.tags.write_export(plugin, config)
                self.tags.keep(plugin)
        self.consistent = True


    def index(self, site_dir: Path, pages: list[str], shard_size: int) -> None:
        """Index the site for search: in the background after an incremental build, else before returning.

        `pages`: the hand-written pages to index besides the entry pages; `shard_size`: the most entry
        pages one Pagefind run indexes (llmreads.search).
        """
        self.wait_for_index(stop=True)
        self.indexing = Indexing(site_dir, pages, shard_size)
        if not self.incremental:
            self.wait_for_index()

    def wait_for_index(self, *, stop: bool = False) -> None:
        """Wait for (or stop) the search indexing still running; a failure is logged, not raised, when stopping."""
        running, self.indexing = self.indexing, None
        if running is None:
            return
        if stop and running.running():
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


def _dest_uri(path: str) -> str:
    """Where MkDocs writes a page (directory URLs, which the plugin requires)."""
    return paths.url_of(path) + "index.html"
