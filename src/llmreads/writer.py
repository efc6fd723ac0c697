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

from llmreads.catalog import Catalog
from llmreads.errors import LlmreadsError
from llmreads.exports import published_files
from llmreads.links.model import HealthRecord
from llmreads.nav import ASSETS, build_nav
from llmreads.pages import build_pages

MARKER = ".llmreads-build"


def standalone_config(catalog: Catalog, hand_written: list[str], site_name: str = "llmreads") -> dict[str, Any]:
    """A Material configuration for the written-out pages, without the llmreads plugin."""
    palette = [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo", "accent": "indigo",
         "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo", "accent": "indigo",
         "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"}},
    ]
    return {
        "site_name": site_name,
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False, "palette": palette,
                  "features": ["navigation.tabs", "navigation.sections", "navigation.top", "navigation.indexes",
                               "content.code.copy"]},
        # Search is Pagefind's index of the built site: `python -m pagefind --site site` after building.
        "plugins": ["tags"],
        "markdown_extensions": [{"toc": {"permalink": True}}, "admonition", "attr_list"],
        "extra_css": [a for a in ASSETS if a.endswith(".css")],
        "extra_javascript": [a for a in ASSETS if a.endswith(".js")],
        "not_in_nav": "/entries/*.md\n/tags/**/*.md\n/sources/*/*.md\n/most-recommended/*.md\n"
                      "!/entries/index.md\n!/tags/index.md\n",
        "nav": build_nav(catalog, hand_written),
    }


def write_site_sources(catalog: Catalog, out: Path, docs_dir: Path | None = None,
                       site_url: str = "http://127.0.0.1:8000/", overrides: Path | None = None,
                       health: Mapping[str, HealthRecord] | None = None) -> int:
    """Write pages, assets, hand-written docs and mkdocs.yml to `out`; return the page count.

    `out` must be missing, empty, or an earlier output of this command: it is replaced whole,
    through a temporary folder, so an interrupted run never leaves half a site.
    """
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise LlmreadsError(f"{out}: exists and is not an llmreads build; choose a new or empty folder")
    hand = sorted(docs_dir.rglob("*.md")) if docs_dir and docs_dir.is_dir() else []
    hand_names = [p.relative_to(docs_dir).as_posix() for p in hand] if docs_dir else []
    pages = build_pages(catalog, health=health)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        docs = staging / "docs"
        for path, text in pages.items():
            _write(docs / path, text)
        for name in ASSETS:
            _write(docs / name, resources.files("llmreads").joinpath(name).read_text(encoding="utf-8"))
        for name, text in published_files(catalog, site_url).items():
            _write(docs / name, text)
        for source, name in zip(hand, hand_names, strict=True):
            if name not in pages:
                _write(docs / name, source.read_text(encoding="utf-8"))
        config = standalone_config(catalog, [n for n in hand_names if n not in pages])
        config["site_url"] = site_url  # canonical URLs, like the plugin build
        if overrides is not None and overrides.is_dir():
            shutil.copytree(overrides, staging / "overrides")
            config["theme"]["custom_dir"] = "overrides"
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


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
