"""Where an imported list came from: the --origin given, else a path relative to the project, never absolute."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run

from llmreads.catalog import load_catalog

LIST = "# Async notes\n\n## Basics\n\n- [Async book](https://rust-lang.github.io/async-book/)\n"


def _origin(data: Path, source_id: str) -> str:
    return load_catalog(data).source_by_id[source_id].origin


def test_origin_option_is_recorded(data_copy: Path, tmp_path: Path) -> None:
    listing = tmp_path / "elsewhere" / "async.md"
    listing.parent.mkdir()
    listing.write_text(LIST, encoding="utf-8")
    result = run("--data", str(data_copy), "import", str(listing), "--origin", "https://example.org/async.md")
    assert result.exit_code == 0, result.output
    assert _origin(data_copy, "async-notes") == "https://example.org/async.md"


def test_default_origin_is_relative_to_the_project(data_copy: Path) -> None:
    listing = data_copy.parent / "lists" / "async.md"  # data_copy's project folder is its parent
    listing.parent.mkdir()
    listing.write_text(LIST, encoding="utf-8")
    result = run("--data", str(data_copy), "import", str(listing.resolve()))
    assert result.exit_code == 0, result.output
    assert _origin(data_copy, "async-notes") == "lists/async.md"


def test_a_list_outside_the_project_is_named_by_its_file_name_only(
        data_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "async.md"
    outside.write_text(LIST, encoding="utf-8")
    result = run("--data", str(data_copy), "import", str(outside))
    assert result.exit_code == 0, result.output
    origin = _origin(data_copy, "async-notes")
    assert origin == "async.md" and not Path(origin).is_absolute()
    assert str(outside.parent) not in (data_copy / "sources.yaml").read_text(encoding="utf-8")


def test_origin_names_one_list(data_copy: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(LIST, encoding="utf-8")
    b.write_text(LIST, encoding="utf-8")
    result = run("--data", str(data_copy), "import", str(a), str(b), "--origin", "https://example.org/")
    assert result.exit_code == 2
    assert "--origin" in result.output
