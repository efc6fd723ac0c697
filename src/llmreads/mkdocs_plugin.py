"""The MkDocs adapter: hooks of a few lines each, handing the work to catalog and pages.

    on_config  load data/, add our stylesheet and script, and build the navigation
    on_files   add every generated page (File.generated) and asset
    on_serve   watch data/ so `mkdocs serve` rebuilds when YAML changes
    on_startup, on_nav, on_env, on_page_context, on_post_build
               incremental rebuilds under `mkdocs serve --dirty` (llmreads.live)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from llmreads.catalog import Catalog, load_catalog
from llmreads.errors import DataError, Problem
from llmreads.exports import published_files
from llmreads.links.model import HealthRecord
from llmreads.links.store import load_health
from llmreads.live import Live
from llmreads.nav import ASSETS, build_nav, in_nav

log = logging.getLogger("mkdocs.plugins.llmreads")


class LlmreadsPlugin(BasePlugin[base.LegacyConfig]):  # type: ignore[no-untyped-call]
    """Render the reading list in data/ as topic, entry, tag and source pages.

    Options (a typed Config cannot have an option named `data`: it is the dict behind every Config):
    `data` the data folder, relative to mkdocs.yml; `nav` build the navigation from topics and
    sources unless mkdocs.yml sets its own.
    """

    config_scheme = (
        ("data", c.Type(str, default="data")),
        ("nav", c.Type(bool, default=True)),
    )

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.health: dict[str, HealthRecord] = {}
        self.data_dir = Path("data")
        self.live = Live()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having this hook keeps the plugin object across the builds of one `mkdocs serve`.
        self.live.start(dirty=dirty and command == "serve")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("llmreads links its pages as directories: remove `use_directory_urls: false`")
        self.data_dir = _shown(Path(config.config_file_path or ".").parent / str(self.config["data"]))
        self.catalog = _load(self.data_dir, _allowed_tags(config))
        self.health = _guard(load_health, self.data_dir)
        for name in ASSETS:
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if name not in target:
                target.append(name)
        if self.config["nav"] and config.nav is None:
            config.nav = build_nav(self.catalog, _hand_written(config))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.catalog is not None
        pages = self.live.pages(config, files, self.catalog, material_tags=_material_tags(config) is not None,
                                health=self.health)
        taken = {f.dest_uri: f.src_uri for f in files}
        for path, content in pages.items():
            inclusion = InclusionLevel.UNDEFINED if in_nav(path) else InclusionLevel.NOT_IN_NAV
            generated = self.live.file(config, path, content, inclusion)
            if generated.dest_uri in taken:
                raise PluginError(f"docs/{taken[generated.dest_uri]} clashes with the page llmreads generates at "
                                  f"/{generated.url}; rename or remove it")
            files.append(generated)
        for name in ASSETS:
            text = resources.files("llmreads").joinpath(name).read_text(encoding="utf-8")
            files.append(File.generated(config, name, content=text))
        for name, text in published_files(self.catalog, config.site_url or "/").items():
            files.append(File.generated(config, name, content=text))
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.live.restore_titles(config, files)
        return nav

    @event_priority(150)  # before Material's tags plugin renders its listings (priority 100)
    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        self.live.feed_tags(config, files)
        return env

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context: TemplateContext, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        self.live.page_built(config, page)
        return context

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        self.live.finish(config)

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.data_dir))
        return server


def _shown(path: Path) -> Path:
    """The data folder as `llmreads check` would name it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


T = TypeVar("T")


def _guard(load: Callable[[Path], T], data_dir: Path) -> T:
    """Run a loader; report data problems one line each, as `llmreads check` does, then stop the build."""
    try:
        return load(data_dir)
    except DataError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        raise PluginError(f"{len(exc.problems)} problem(s) in {data_dir}; fix them and the site rebuilds") from None


def _load(data_dir: Path, allowed: set[str] | None) -> Catalog:
    catalog = _guard(load_catalog, data_dir)
    if allowed:
        _check_allowed(catalog, allowed)
    return catalog


def _check_allowed(catalog: Catalog, allowed: set[str]) -> None:
    """Report tags Material's `tags_allowed` would reject, with their data file and line.

    Material's own error path assumes every page has a source file on disk, which generated
    pages do not, so it would crash with a traceback instead of naming the tag.
    """
    problems = [Problem(catalog.places[e.id].file, catalog.places[e.id].line_of("tags"), "tags",
                        f"tag '{t}' is not in tags_allowed of mkdocs.yml")
                for e in catalog.entries for t in e.tags if t not in allowed]
    if problems:
        for problem in problems:
            log.error(str(problem))
        raise PluginError(f"{len(problems)} tag(s) not allowed by the tags plugin")


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
