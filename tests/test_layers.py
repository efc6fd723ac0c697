"""The layers stay one-way: pages/ and exports/ never import each other, and the library leaves the GC alone."""

from __future__ import annotations

import ast
import gc
from pathlib import Path

import pytest

import llmreads.catalog as catalog_module
import llmreads.pages as pages_module
from llmreads.catalog import read_catalog
from llmreads.pages import build_pages

SRC = Path(__file__).resolve().parent.parent / "src" / "llmreads"
FIXTURE = Path(__file__).resolve().parent / "pages" / "fixture_data"


def _imports(package: str) -> set[tuple[str, str]]:
    """(file, imported module) for every import in a package, function-local ones included."""
    found: set[tuple[str, str]] = set()
    for path in sorted((SRC / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add((path.name, node.module))
                found.update((path.name, f"{node.module}.{alias.name}") for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update((path.name, alias.name) for alias in node.names)
    return found


@pytest.mark.parametrize(("package", "forbidden"), [("pages", "llmreads.exports"), ("exports", "llmreads.pages")])
def test_pages_and_exports_do_not_import_each_other(package: str, forbidden: str) -> None:
    crossing = sorted((name, module) for name, module in _imports(package)
                      if module == forbidden or module.startswith(forbidden + "."))
    assert crossing == []


def test_loading_and_building_leave_the_garbage_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library never pauses the process-wide collector; only the CLI and the plugin do, at their edges."""
    seen: list[bool] = []

    def spy(name: str, module: object) -> None:
        original = getattr(module, name)

        def recording(*args: object, **kwargs: object) -> object:
            seen.append(gc.isenabled())
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, recording)

    spy("_read_catalog", catalog_module)
    spy("unit_pages", pages_module)
    assert gc.isenabled()
    catalog, problems = read_catalog(FIXTURE)
    assert problems == []
    build_pages(catalog)
    assert seen == [True, True]
