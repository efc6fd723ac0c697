"""The committed site builds the same with MkDocs and with ProperDocs, the maintained fork of MkDocs 1.x.

ProperDocs reads mkdocs.yml, redirects `mkdocs.*` imports to itself and loads plugins registered
under `mkdocs.plugins`, so the llmreads plugin and the Material theme run on it unchanged. Every
page must come out identical but for the `generator` meta tag; the search index must hold the
same pages (its file names are content hashes, and Pagefind numbers chunks per run).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_project

GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')
COMPARED = {".html", ".xml", ".json", ".bib", ".css", ".js"}


def _properdocs_build(root: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"], cwd=root,
                            env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): GENERATOR.sub("", p.read_text(encoding="utf-8"))
            for p in site.rglob("*") if p.suffix in COMPARED and "pagefind" not in p.parts}


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _properdocs_build(make_project(tmp_path_factory.mktemp("properdocs-project")))


def test_properdocs_builds_the_same_pages_as_mkdocs(built_site: Path, properdocs_site: Path) -> None:
    mkdocs_pages, properdocs_pages = _pages(built_site), _pages(properdocs_site)
    assert sorted(mkdocs_pages) == sorted(properdocs_pages)
    assert len(mkdocs_pages) > 300
    differing = [path for path, text in mkdocs_pages.items() if properdocs_pages[path] != text]
    assert not differing, f"{len(differing)} files differ, e.g. {differing[:5]}"
    assert "ProperDocs" in (properdocs_site / "index.html").read_text(encoding="utf-8")  # really built by it


def test_properdocs_site_has_the_same_search_index(built_site: Path, properdocs_site: Path) -> None:
    def indexed(site: Path) -> int:
        return int(json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
                   ["languages"]["en"]["page_count"])
    assert indexed(properdocs_site) == indexed(built_site) > 200
