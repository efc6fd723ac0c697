"""Write the generated pages as plain Markdown files, with a standalone mkdocs.yml beside them.

The result builds with plain `mkdocs build` (no llmreads plugin) or `zensical build`, so the
site does not depend on MkDocs plugins to exist.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from llmreads import sitepaths as paths
from llmreads.catalog import Catalog
from llmreads.errors import LlmreadsError
from llmreads.exports import published_files
from llmreads.links.model import HealthRecord
from llmreads.nav import ASSETS, SHIPPED, THEME_DIR, build_nav
from llmreads.pages import build_pages
from llmreads.scaffold import template_config
from llmreads.siteinfo import plugin_options, site_info

MARKER = ".llmreads-build"


#: Settings of the project's mkdocs.yml that the written-out folder sets itself.
_OWN = ("nav", "docs_dir", "site_dir", "theme", "plugins", "extra_css", "extra_javascript", "not_in_nav", "INHERIT")


def _plugin_name(item: object) -> str:
    return item if isinstance(item, str) else next(iter(item)) if isinstance(item, dict) and item else ""


def standalone_config(catalog: Catalog, hand_written: list[str],
                      project: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The project's own mkdocs.yml (else a new project's), made to build the written-out pages without llmreads.

    Its theme, palette, features, extensions and texts are kept; the llmreads plugin goes, and the
    navigation, our stylesheet and script, and the package's templates (as `overrides/`) come in.
    """
    base = dict(project) if project else template_config()
    theme = base.get("theme") or {"name": "material"}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme["custom_dir"] = "overrides"
    plugins = [p for p in base.get("plugins") or ["tags"] if _plugin_name(p) != "llmreads"]
    return {
        **{k: v for k, v in base.items() if k not in _OWN},
        "docs_dir": "docs",
        "theme": theme,
        # Search is Pagefind's index of the built site: `python -m pagefind --site site` after building.
        "plugins": plugins,
        "extra_css": [*(base.get("extra_css") or []), *(a for a in ASSETS if a.endswith(".css"))],
        "extra_javascript": [*(base.get("extra_javascript") or []), *(a for a in ASSETS if a.endswith(".js"))],
        "not_in_nav": "/entries/*.md\n/tags/**/*.md\n/sources/*/*.md\n/most-recommended/*.md\n"
                      "!/entries/index.md\n!/tags/index.md\n",
        "nav": build_nav(catalog, hand_written),
    }


def write_site_sources(catalog: Catalog, out: Path, docs_dir: Path | None = None,
                       project: Mapping[str, Any] | None = None, project_dir: Path = Path("."),
                       health: Mapping[str, HealthRecord] | None = None) -> int:
    """Write pages, assets, hand-written docs and mkdocs.yml to `out`; return the page count.

    `project` is the project's mkdocs.yml as data (read from `project_dir`): its texts name the
    site, its theme settings style it. A hand-written page replaces the generated one at its place.
    `out` must be missing, empty, or an earlier output of this command: it is replaced whole,
    through a temporary folder, so an interrupted run never leaves half a site.
    """
    _restore_interrupted(out)
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise LlmreadsError(f"{out}: exists and is not an llmreads build; choose a new or empty folder")
    settings = dict(project or {})
    info = site_info(settings, plugin_options(settings))
    hand = sorted(docs_dir.rglob("*.md")) if docs_dir and docs_dir.is_dir() else []
    hand_names = [p.relative_to(docs_dir).as_posix() for p in hand] if docs_dir else []
    hand_urls = {paths.url_of(n) for n in hand_names}
    pages = {p: text for p, text in build_pages(catalog, health=health, info=info).items()
             if paths.url_of(p) not in hand_urls}
    generated = {paths.url_of(p) for p in pages}
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        docs = staging / "docs"
        for path, text in pages.items():
            _write(docs / path, text)
        for name in SHIPPED:
            _write(docs / name, resources.files("llmreads").joinpath(name).read_text(encoding="utf-8"))
        for name, text in published_files(catalog, info.url or "/", info).items():
            _write(docs / name, text)
        for source, name in zip(hand, hand_names, strict=True):
            _write(docs / name, source.read_text(encoding="utf-8"))
        config = standalone_config(catalog, [n for n in hand_names if paths.url_of(n) not in generated], project)
        shutil.copytree(THEME_DIR, staging / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
        custom = (project or {}).get("theme")
        custom_dir = custom.get("custom_dir") if isinstance(custom, dict) else None
        if custom_dir and (project_dir / str(custom_dir)).is_dir():  # the project's own templates win
            shutil.copytree(project_dir / str(custom_dir), staging / "overrides", dirs_exist_ok=True)
        _write(staging / "mkdocs.yml", yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
        (staging / MARKER).write_text("written by llmreads build\n", encoding="utf-8")
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            staging.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(pages)


def _restore_interrupted(out: Path) -> None:
    """Put back the last complete output if a run was killed between moving it aside and moving the new one in.

    The swap is two renames (`out` -> `.out.old`, staging -> `out`); a run killed between them leaves
    no `out` and the previous build, whole, as `.out.old`.
    """
    if not out.name:  # `.` or `/`: it exists, so there is nothing to put back (and no name to derive one from)
        return
    old = out.with_name(f".{out.name}.old")
    if not out.exists() and (old / MARKER).is_file():
        old.rename(out)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
