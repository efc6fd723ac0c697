"""Incremental rebuilds while serving: after any sequence of edits the site equals a clean build.

Two levels, both driven by the same random edits (tests/live_edits.py) on a small synthetic
catalogue with small page and related-entry limits, so that large-topic part pages and changes
to the related-entry candidates happen with few entries:

- pure: `incremental.update` gives the same pages, in the same order, as generating them all
  from the edited catalogue, and reports exactly the pages whose Markdown changed;
- MkDocs: the plugin's serve path (`on_startup(command="serve", dirty=True)`, then one
  `build(config, dirty=True)` per edit, each with a freshly loaded config, as `mkdocs serve
  --dirty` does) leaves a site folder equal, file by file, to a clean `mkdocs build` of the same
  data: every page, the search index, sitemap, entries.json, feeds and BibTeX. Broken data shows
  the problems on the served pages; the repair after it is incremental again.
"""

from __future__ import annotations

import gzip
import json
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_project
from live_edits import Editor, make_data
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from llmreads import sitepaths as paths
from llmreads.catalog import Catalog, FileCache, read_catalog
from llmreads.incremental import snapshot, update
from llmreads.pages import reading as pages_reading
from llmreads.pages import site as pages_site
from llmreads.pages import sources as pages_sources

SERVE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(autouse=True)
def _small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split topics past 4 cards, lists and the most-recommended ranking past 3 rows, and seek related
    entries among 3 per tag, so few entries exercise each."""
    monkeypatch.setattr(pages_site, "CARDS_PER_PAGE", 4)
    monkeypatch.setattr(pages_site, "TAG_FANOUT", 3)
    monkeypatch.setattr(pages_site, "SOURCE_ROWS_PER_PAGE", 3)
    monkeypatch.setattr(pages_sources, "SOURCE_ROWS_PER_PAGE", 3)
    monkeypatch.setattr(pages_reading, "RANKED_PER_PAGE", 3)


def test_update_of_a_cached_reload_equals_generating_every_page_after_random_edits(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", 80, seed=1)
    editor = Editor(data, random.Random(2))
    cache = FileCache()
    last = snapshot(read_catalog(data, cache=cache)[0])
    kinds: set[str] = set()
    for _ in range(150):
        kinds.add(editor.random_edit())
        catalog, problems = read_catalog(data)
        cached, cached_problems = read_catalog(data, cache=cache)  # parses only the files that changed
        assert cached_problems == problems
        if problems:
            continue
        now = update(last, cached)
        fresh = snapshot(catalog)
        assert list(now.pages.items()) == list(fresh.pages.items())
        assert now.changed == {p for p, text in fresh.pages.items() if last.pages.get(p) != text} or now.full
        assert now.removed == set(last.pages) - set(fresh.pages)
        last = now
    assert {"title", "add", "delete", "rename", "move", "tag", "swap", "break", "repair"} <= kinds


def test_a_title_edit_changes_only_the_pages_that_show_the_entry(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", 80, seed=3)
    before = snapshot(_catalog(data))
    editor = Editor(data, random.Random(4))
    file, entry = next((f, items[0]) for f, items in editor.files.items() if items)
    entry["title"] = "A title nobody had before"
    editor.dirty.add(file)
    editor.write()
    after = update(before, _catalog(data))
    assert not after.full
    assert paths.entry(entry["id"]) in after.changed
    assert all(topic in {p.split("/")[1].removesuffix(".md") for p in after.changed if p.startswith("topics/")}
               for topic in entry["topics"])
    assert len(after.changed) < len(after.pages) / 4
    for page in set(after.pages) - after.changed:
        assert "A title nobody had before" not in after.pages[page]


# --------------------------------------------------------------------------- MkDocs


class Served:
    """The plugin's serve path run in this process: one dirty build per edit into one site folder."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.site = project / "served"
        self.cache: dict[str, object] = {}
        with _plugins(self.cache):
            config = self.config()
            config.plugins.on_startup(command="serve", dirty=True)
            build(config, serve_url=SERVE_URL, dirty=True)

    def config(self) -> MkDocsConfig:
        config = load_config(config_file=str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> set[str] | None:
        """Build after an edit; return the pages it rendered (None: all of them)."""
        with _plugins(self.cache):
            config = self.config()
            build(config, serve_url=SERVE_URL, dirty=True)
            live = config.plugins["llmreads"].live  # type: ignore[attr-defined]
            live.wait_for_index()  # Pagefind runs on after an incremental build
            return live.changed  # type: ignore[no-any-return]


def clean_build(project: Path) -> Path:
    """A clean `mkdocs build` of the project, with plugin objects of its own."""
    site = project / "clean"
    with _plugins({}):
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
    return site


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = make_project(tmp_path / "project", make_data(tmp_path / "data", 36, seed=5))
    # Build dates equal in both sites (today at midnight: the data's years are checked against it).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) // 86400 * 86400))
    monkeypatch.setenv("SITE_URL", SERVE_URL)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(root)
    yield root


@pytest.mark.parametrize(("edits", "material_search"), [(32, False), (8, True)], ids=["pagefind", "material-search"])
def test_served_site_equals_a_clean_build_after_random_edits(project: Path, edits: int, material_search: bool) -> None:
    if material_search:  # Material's own search indexes pages as they are built: its index must still hold all
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("\nplugins:\n", "\nplugins:\n  - search\n"),
                          encoding="utf-8")
    served = Served(project)
    assert_same_site(served.site, clean_build(project))
    assert (served.site / "search" / "search_index.json").is_file() == material_search
    editor = Editor(project / "data", random.Random(6))
    rendered: list[int] = []
    total = len(list(served.site.rglob("*.html")))
    for _ in range(edits):
        edit = editor.random_edit()
        if editor.broken:
            assert served.rebuild() is None
            home = (served.site / "index.html").read_text(encoding="utf-8")
            assert "unknown topic &#39;no-such-topic&#39;" in home or "unknown topic 'no-such-topic'" in home
            continue
        changed = served.rebuild()
        if edit == "repair" or edit in ("title", "note", "level"):
            assert changed is not None, f"the {edit} should have been rebuilt incrementally"
        if changed is not None:
            rendered.append(len(changed))
        assert_same_site(served.site, clean_build(project), f"after {edit}")
    assert rendered and max(sorted(rendered)[: len(rendered) // 2 + 1]) < total / 4


def assert_same_site(served: Path, clean: Path, when: str = "at start") -> None:
    files = _files(clean)
    assert _files(served).keys() == files.keys(), when
    different = [name for name in files if _content(served / name) != _content(clean / name)]
    assert not different, f"{when}: {len(different)} files differ, e.g. {different[:5]}"
    assert _search_index(served) == _search_index(clean), when


def _files(site: Path) -> dict[str, float]:
    """Every file of a built site but Pagefind's bundle (compared by _search_index)."""
    return {p.relative_to(site).as_posix(): p.stat().st_mtime for p in sorted(site.rglob("*"))
            if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")}


def _search_index(site: Path) -> tuple[int, dict[str, bytes], list[str]]:
    """Pagefind's page count, its fragment of every page, and its word index chunks.

    Its filter chunks and the metadata naming them differ from run to run on the same pages,
    so they are left out; a fragment holds one page's indexed text, named by its content.
    """
    bundle = site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    fragments = {p.name: gzip.decompress(p.read_bytes()) for p in sorted((bundle / "fragment").iterdir())}
    return entry["languages"]["en"]["page_count"], fragments, sorted(p.name for p in (bundle / "index").iterdir())


def _content(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data  # the gzip header names the file


class _plugins:  # used like a function
    """Let MkDocs keep plugin objects in `cache` (it keeps one cache per process, meant for one serve)."""

    def __init__(self, cache: dict[str, object]) -> None:
        self.cache = cache
        self.option = MkDocsConfig.plugins  # type: ignore[attr-defined]

    def __enter__(self) -> None:
        self.saved, self.option.plugin_cache = self.option.plugin_cache, self.cache

    def __exit__(self, *exc: object) -> None:
        self.option.plugin_cache = self.saved


def _catalog(data: Path) -> Catalog:
    catalog, problems = read_catalog(data)
    assert not problems, problems
    return catalog
