"""The MkDocs adapter: hooks of a few lines each, handing the work to catalog and pages.

    on_startup remember whether this is `mkdocs serve` (the instance then lives across rebuilds)
    on_config  load data/, add our stylesheet and script, and build the navigation
    on_files   add every generated page (File.generated) and asset
    on_serve   watch data/ so `mkdocs serve` rebuilds when YAML changes
    on_page_content, on_page_context, on_post_page
               let go of a generated page's Markdown once it is HTML, keep its HTML compressed until
               its template is rendered (llmreads.parking), and let go of it once written (a large
               build's peak memory)
    on_post_build  index the built site for search (Pagefind, see llmreads.search), having
               given memory back first (a build lets go of the catalogue after on_files)
    on_nav, on_env, on_page_context
               with on_startup, on_files and on_post_build: incremental rebuilds under
               `mkdocs serve --dirty`, only the pages an edit changed (llmreads.live)

While serving, broken data does not stop the server: every page shows the problems instead
(pages/errors.py), and the next good build brings the site back through live reload.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from llmreads import sitepaths as paths
from llmreads.catalog import Catalog, FileCache, read_catalog
from llmreads.errors import DataError, Problem
from llmreads.exports import EntryTexts, published_files
from llmreads.gcpause import collector_paused, give_back
from llmreads.kept import Sitemap
from llmreads.links.model import HealthRecord
from llmreads.links.store import load_health
from llmreads.live import Live
from llmreads.nav import ASSETS, SHIPPED, THEME_DIR, build_nav
from llmreads.pages.errors import TITLE as ERROR_TITLE
from llmreads.pages.errors import error_page
from llmreads.parking import Parking
from llmreads.search import SHARD_SIZE, SearchIndexError
from llmreads.siteinfo import SiteInfo, site_info

log = logging.getLogger("mkdocs.plugins.llmreads")


class _PartSize(c.Type[int]):
    """`search_shard_size`: a whole number of entry pages, at least 1 (0 or less would mean a Pagefind run a page)."""

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError(f"must be a whole number of entry pages, at least 1, not {value!r}")
        return value


class LlmreadsPlugin(BasePlugin[base.LegacyConfig]):  # type: ignore[no-untyped-call]
    """Render the reading list in data/ as topic, entry, tag and source pages.

    Options (a typed Config cannot have an option named `data`: it is the dict behind every Config):
    `data` the data folder, relative to mkdocs.yml; `nav` build the navigation from topics and
    sources unless mkdocs.yml sets its own; `home_title` the home page's heading (default: site_name);
    `home_intro` its lead, where {entries}, {topics} and {sources} become counts (default:
    site_description and the counts). Every other text comes from site_name, site_description and
    site_author. A hand-written page in docs/ at a generated page's place replaces that page.
    `search_shard_size`: the most entry pages one Pagefind run indexes (a larger site's index is
    written in parts, see llmreads.search).
    """

    config_scheme = (
        ("data", c.Type(str, default="data")),
        ("nav", c.Type(bool, default=True)),
        ("home_title", c.Type(str, default="")),
        ("home_intro", c.Type(str, default="")),
        ("search_shard_size", _PartSize(int, default=SHARD_SIZE)),
    )

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.health: dict[str, HealthRecord] = {}
        self.data_dir = Path("data")
        self.serving = False
        self.problems: list[Problem] = []
        #: Every page path served so far: while the data is broken, each of them shows the problems.
        self.known: set[str] = {paths.HOME}
        #: The pages of the catalogue last read (`_page_paths`).
        self.page_paths: set[str] = set()
        self.info = SiteInfo()
        self.live = Live()
        #: While serving, a reload parses only the data files that changed.
        self.data_cache = FileCache()
        self.entry_texts = EntryTexts()
        self.parking = Parking()
        #: The pages from docs/ (the theme marks them for search, as it does entry pages), by output path.
        self.hand_written: list[str] = []
        #: entries.json, the feeds, the BibTeX files: MkDocs writes them before the pages.
        self.published: list[File] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.live.start(dirty=dirty and self.serving)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("llmreads links its pages as directories: remove `use_directory_urls: false`")
        self.data_dir = _shown(Path(config.config_file_path or ".").parent / str(self.config["data"]))
        _add_theme(config)
        for name in ASSETS:
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if name not in target:
                target.append(name)
        self.problems = self._read(_allowed_tags(config))
        for problem in self.problems:
            log.error(str(problem))
        if self.problems and not self.serving:
            raise PluginError(f"{len(self.problems)} problem(s) in {self.data_dir}; fix them and the site rebuilds")
        if self.problems or self.catalog is None:
            log.error(f"every page shows these {len(self.problems)} problem(s) until they are fixed")
            if self.config["nav"] and config.nav is None:
                config.nav = [{ERROR_TITLE: paths.HOME}]
            return config
        self.info = site_info({"site_name": config.site_name, "site_description": config.site_description,
                               "site_author": config.site_author}, dict(self.config), url=config.site_url or "/")
        if self.config["nav"] and config.nav is None:
            generated = {paths.url_of(p) for p in self.page_paths}
            config.nav = build_nav(self.catalog, [p for p in _hand_written(config) if paths.url_of(p) not in generated])
        self.live.navigation(config.nav)  # the pages a trimmed incremental build keeps for it
        return config

    def _read(self, allowed: set[str] | None) -> list[Problem]:
        """Load the catalogue and link health; return every problem found (none: both loaded)."""
        with collector_paused():  # only while our own data is loaded, never for the rest of MkDocs' build
            catalog, problems = read_catalog(self.data_dir, cache=self.data_cache)
        if allowed:
            problems += _not_allowed(catalog, allowed)
        try:
            self.health = load_health(self.data_dir)
        except DataError as exc:
            problems += exc.problems
        self.page_paths = _page_paths(catalog)
        self.known |= self.page_paths
        self.catalog = None if problems else catalog
        return sorted(problems)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.parking.clear()  # what a failed build left
        if self.problems:
            self.live.broken(config)
            return self._error_files(files, config)
        assert self.catalog is not None
        with collector_paused():  # only while our pages are generated
            pages = self.live.pages(config, files, self.catalog, material_tags=_material_tags(config) is not None,
                                    health=self.health, info=self.info)
        self.hand_written = [f.dest_uri for f in files.documentation_pages()]
        for generated in self.live.files(config, files, pages):
            files.append(generated)
        self.known |= set(pages)
        for name in SHIPPED:
            files.append(File.generated(config, name, content=_asset(name)))
        self.published = []
        published = published_files(self.catalog, config.site_url or "/", self.info, self.entry_texts,
                                    self.live.cite_keys(self.catalog))
        for name, text in published.items():
            if self.live.publishes(name, text):
                self.published.append(File.generated(config, name, content=text))
        for written in self.published:
            files.append(written)
        if not self.serving:  # a build reads the catalogue no more once its pages are generated
            self.catalog, self.entry_texts, self.data_cache = None, EntryTexts(), FileCache()
        return files

    def _error_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Put the page of problems at every page path the site has had, so no open tab waits or 404s."""
        page = error_page(self.problems, self.data_dir.as_posix())
        taken = {f.dest_uri for f in files}
        for path in sorted(self.known):
            inclusion = InclusionLevel.UNDEFINED if path == paths.HOME else InclusionLevel.NOT_IN_NAV
            generated = File.generated(config, path, content=page, inclusion=inclusion)
            if generated.dest_uri not in taken:
                files.append(generated)
        for name in SHIPPED:
            files.append(File.generated(config, name, content=_asset(name)))
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.live.restore_titles(config, files)
        return nav

    @event_priority(150)  # before Material's tags plugin renders its listings (priority 100)
    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        self.live.environment(env)
        self.live.feed_tags(config, files)
        return env

    @event_priority(200)  # before any other plugin reads the page's HTML
    def _unpark(self, context: TemplateContext, page: Page, config: MkDocsConfig,
                nav: Navigation) -> TemplateContext:
        html = self.parking.take(page.file.src_uri)
        if html is not None:
            page.content = html
        return context

    def on_pre_template(self, template: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        if template_name == Sitemap.NAME:
            return self.live.sitemap_template(template, config)
        return template

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name == Sitemap.NAME:
            self.live.sitemap_written(output_content, config)
        return output_content

    @event_priority(-100)  # after a search plugin has indexed the page
    def _collect(self, context: TemplateContext, page: Page, config: MkDocsConfig,
                 nav: Navigation) -> TemplateContext:
        self.live.page_built(config, page)
        return context

    on_page_context = CombinedEvent(_unpark, _collect)

    def on_shutdown(self) -> None:
        self.live.stop()

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.data_dir))
        return server

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # MkDocs keeps every page in memory until the build ends. A generated page's Markdown (the
        # file's copy and the page's) is not read again once it is HTML, nor its HTML once written:
        # letting go of both keeps a large build's peak memory down (its title is in page.meta).
        # `mkdocs serve` keeps them, as its rebuilds may reuse the pages. Until its template is
        # rendered, the HTML is kept compressed, except the tags index's, where Material's tags
        # plugin writes its listing in on_env.
        if not self.serving and page.file.generated_by:
            page.file.content_string = ""
            page.markdown = ""
            if page.file.src_uri != paths.TAGS:
                return self.parking.park(page.file.src_uri, html)
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if not self.serving and page.file.generated_by:
            page.content = ""
        return output

    @event_priority(-100)  # after a search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.problems:  # the pages only show the problems: nothing to search
            return
        self.live.finish(config)
        if not self.serving:  # what this process still holds adds to the indexer's memory
            for written in self.published:
                written.content_string = ""
            give_back()
        try:
            self.live.index(Path(config.site_dir), self.hand_written, int(self.config["search_shard_size"]))
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None


def _shown(path: Path) -> Path:
    """The data folder as `llmreads check` would name it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _add_theme(config: MkDocsConfig) -> None:
    """Put the package's templates (feed link, deferred scripts, named search dialog) over the theme's.

    They go after mkdocs.yml's own `custom_dir`, so a project can still override any of them.
    """
    ours = str(THEME_DIR)
    dirs = config.theme.dirs
    if ours not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, ours)


def _asset(name: str) -> str:
    return resources.files("llmreads").joinpath(name).read_text(encoding="utf-8")


def _tags(catalog: Catalog) -> set[str]:
    return {t for e in catalog.entries for t in e.tags}


def _page_paths(catalog: Catalog) -> set[str]:
    """The paths of the pages a (possibly partial) catalogue has, without rendering them."""
    found = {paths.HOME, paths.TOPICS, paths.ENTRIES, paths.SOURCES, paths.TAGS, paths.RECOMMENDED, paths.HEALTH}
    found |= {paths.topic(t.id) for t in catalog.topics} | {paths.entry(e.id) for e in catalog.entries}
    found |= {paths.source(s.id) for s in catalog.sources} | {paths.tag(t) for t in _tags(catalog)}
    if catalog.paths:
        found |= {paths.PATHS} | {paths.reading_path(p.id) for p in catalog.paths}
    return found


def _not_allowed(catalog: Catalog, allowed: set[str]) -> list[Problem]:
    """Report tags Material's `tags_allowed` would reject, with their data file and line.

    Material's own error path assumes every page has a source file on disk, which generated
    pages do not, so it would crash with a traceback instead of naming the tag.
    """
    return [Problem(catalog.places[e.id].file, catalog.places[e.id].line_of("tags"), "tags",
                    f"tag '{t}' is not in tags_allowed of mkdocs.yml")
            for e in catalog.entries for t in e.tags if t not in allowed]


def _material_tags(config: MkDocsConfig) -> Any:
    for name in ("material/tags", "tags"):
        if name in config.plugins:
            return config.plugins[name]
    return None


def _allowed_tags(config: MkDocsConfig) -> set[str] | None:
    plugin = _material_tags(config)
    allowed = getattr(getattr(plugin, "config", None), "tags_allowed", None)
    return {str(t) for t in allowed} if allowed else None


def _hand_written(config: MkDocsConfig) -> list[str]:
    docs = Path(config.docs_dir)
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) if docs.is_dir() else []
