"""Reading paths whose steps name unknown or repeated entries: `check` reports each step, and pages built
from such a catalogue (as `mkdocs serve` does while the data is being fixed) still build, once per entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run

from llmreads import sitepaths as paths
from llmreads.catalog import Catalog, load_catalog, read_catalog
from llmreads.model import PathStep, ReadingPath
from llmreads.pages import build_pages

FIXTURE = Path(__file__).resolve().parent / "fixture_data"
BAD_PATH = """\
- id: transformers-101
  title: Transformers 101
  description: From the pictures to the paper.
  steps:
    - {entry: the-illustrated-transformer, why: The pictures first.}
    - {entry: attention-is-all-you-ned, why: A typo.}
    - {entry: attention-is-all-you-need, why: Then the paper itself.}
    - {entry: the-illustrated-transformer, why: The pictures again.}
    - {entry: kv-cache-guide, why: Then how it runs fast.}
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    (target / "paths.yaml").write_text(BAD_PATH, encoding="utf-8")
    return target


def test_check_reports_an_unknown_and_a_repeated_step_at_their_lines(data: Path) -> None:
    result = run("--data", str(data), "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{data / 'paths.yaml'}:6: steps.entry: unknown entry 'attention-is-all-you-ned' "
        "(did you mean 'attention-is-all-you-need'?)",
        f"{data / 'paths.yaml'}:8: steps.entry: 'the-illustrated-transformer' is already a step",
    ]


def test_a_good_path_passes_check() -> None:
    _, problems = read_catalog(FIXTURE)
    assert problems == []


def bad_catalog() -> Catalog:
    catalog = load_catalog(FIXTURE)
    catalog.paths = [ReadingPath(id="transformers-101", title="Transformers 101", description="Steps.", steps=[
        PathStep(entry="the-illustrated-transformer", why="First."),
        PathStep(entry="no-such-entry", why="Unknown."),
        PathStep(entry="attention-is-all-you-need", why="Second."),
        PathStep(entry="the-illustrated-transformer", why="Again."),
    ])]
    return catalog


def test_pages_build_with_unknown_and_repeated_steps_and_show_each_entry_once() -> None:
    pages = build_pages(bad_catalog())  # a KeyError here was the bug
    page = BeautifulSoup(pages[paths.reading_path("transformers-101")], "html.parser")
    steps = [li.get("id") for li in page.select("ol.lr-steps > li")]
    assert steps == ["step-1", "step-2"]
    assert [p.get_text() for p in page.select("ol.lr-steps > li > p:not(.lr-card__meta)")] == ["First.", "Second."]
    assert "(2 steps)" in pages[paths.PATHS]


def test_entry_pages_count_only_the_real_steps() -> None:
    pages = build_pages(bad_catalog())
    first = pages[paths.entry("the-illustrated-transformer")]
    second = pages[paths.entry("attention-is-all-you-need")]
    assert "Step 1 of 2 on" in first and "next:" in first and "previous:" not in first
    assert "Step 2 of 2 on" in second and "previous:" in second and "next:" not in second


def test_the_home_page_builds_when_start_here_names_an_unknown_entry() -> None:
    catalog = bad_catalog()
    catalog.paths[0] = catalog.paths[0].model_copy(update={"id": "start-here"})
    home = BeautifulSoup(build_pages(catalog)[paths.HOME], "html.parser")
    linked = {a.get_text() for a in home.find_all("a")}
    assert {"The Illustrated Transformer", "Attention Is All You Need"} <= linked
