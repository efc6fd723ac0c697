"""An import is linear: each file it changes is parsed a fixed number of times, however many links the list has."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run

from llmreads import editing, yamlio
from llmreads.importer import import_lists

sys.path.insert(0, str(REPO / "benchmarks"))

import synthetic

TODAY = dt.date(2026, 11, 18)


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the size of every text the import parses whole (editing's node trees and catalogue loads)."""
    sizes: list[int] = []
    real_root, real_parse = editing._root, yamlio.parse

    def root(text: str) -> Any:
        sizes.append(len(text))
        return real_root(text)

    def parse(text: str, file: str) -> Any:
        sizes.append(len(text))
        return real_parse(text, file)

    monkeypatch.setattr(editing, "_root", root)
    monkeypatch.setattr("llmreads.catalog.parse", parse)
    return sizes


@pytest.mark.parametrize("headings", [1, 20])
def test_parses_per_file_do_not_grow_with_the_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   headings: int) -> None:
    data = synthetic.generate(tmp_path / "data", 30)
    listing = tmp_path / "list.md"
    listing.write_text(synthetic.markdown_list(300, headings, synthetic.entries(30)), encoding="utf-8")
    files = len(list(data.rglob("*.yaml")))
    sizes = count_parses(monkeypatch)
    reports, changed = import_lists([listing], data, today=TODAY)
    assert (len(reports[0].new), len(reports[0].merged)) == (270, 30)
    big = [size for size in sizes if size > 2000]  # whole files, not one entry's own lines
    # Read to plan, read to validate, and per changed file at most one parse to find its entries
    # and one to append after them (before: one parse of the growing file per new entry).
    assert len(big) <= 2 * (files + 1) + 2 * len(changed), sorted(big)
    monkeypatch.undo()
    assert run("--data", str(data), "check").exit_code == 0
