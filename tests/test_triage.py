"""`llmreads triage`: the review queue after importing realistic lists, counts first, each item at file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run

from llmreads.catalog import load_catalog
from llmreads.model import NEEDS_TITLE

LISTS = Path(__file__).parent / "importer" / "awesome"
ENV = {"SOURCE_DATE_EPOCH": "1795000000"}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("triage") / "data"
    result = run("--data", str(folder), "import", str(LISTS / "awesome-tables.md"), str(LISTS / "awesome-bullets.md"),
                 env=ENV)
    assert result.exit_code == 0, result.output
    return folder


def groups(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        head = re.match(r"^([a-z-]+) \(\d+\): ", line)
        if head:
            current = found.setdefault(head.group(1), [])
        elif current is not None and line.startswith("  "):
            current.append(line.strip())
    return found


def test_counts_come_first_and_match_the_groups(data: Path) -> None:
    result = run("--data", str(data), "triage")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    catalog = load_catalog(data)
    assert lines[0] == f"review queue for {len(catalog.entries)} entries:"
    counts = dict(re.findall(r"^  ([a-z-]+)\s+(\d+)$", "\n".join(lines[1:9]), re.M))
    assert list(counts) == ["needs-title", "short-title", "unsorted", "possible-duplicate", "missing-authors",
                            "missing-year", "missing-note", "missing-level"]
    listed = groups(result.stdout)
    assert {name: len(listed.get(name, [])) for name in counts} == {k: int(v) for k, v in counts.items()}
    assert int(counts["missing-note"]) == len(catalog.entries)


def test_each_item_points_at_its_file_and_line(data: Path) -> None:
    catalog = load_catalog(data)
    listed = groups(run("--data", str(data), "triage").stdout)
    stand_ins = [e for e in catalog.entries if NEEDS_TITLE in e.tags]
    assert len(stand_ins) == 3  # the two rows of the headerless table and the lone `[here]` link
    expected = sorted(f"{catalog.places[e.id].file}:{catalog.places[e.id].line_of('title')}: {e.id}: {e.title}"
                      for e in stand_ins)
    assert sorted(listed["needs-title"]) == expected
    for item in listed["missing-year"]:
        file, line = item.split(":")[:2]
        text = Path(file).read_text(encoding="utf-8").splitlines()
        assert text[int(line) - 1].startswith("- id: "), item


def test_short_titles_are_queued_for_enrichment(data: Path) -> None:
    listed = groups(run("--data", str(data), "triage", "--only", "short-title").stdout)
    assert sorted(item.split(": ", 2)[2] for item in listed["short-title"]) == ["LoRA", "PPO", "T5"]


def test_github_format_is_escaped_workflow_commands(data: Path) -> None:
    result = run("--data", str(data), "triage", "--format", "github", "--only", "missing-year")
    lines = result.stdout.splitlines()
    assert lines
    for line in lines:
        assert re.match(r"^::notice file=[^,:]+,line=\d+,title=llmreads triage%3A missing-year::year: ", line), line


def test_an_unknown_group_is_a_usage_error(data: Path) -> None:
    result = run("--data", str(data), "triage", "--only", "nope")
    assert result.exit_code == 2
    assert "no group nope" in result.stderr
    assert "Traceback" not in result.output


def test_stats_names_what_it_counts_as_missing(data: Path) -> None:
    result = run("--data", str(data), "stats")
    line = next(s for s in result.stdout.splitlines() if s.startswith("missing"))
    catalog = load_catalog(data)
    assert line.endswith(f"note {len(catalog.entries)}, level {len(catalog.entries)}, "
                         f"authors {sum(1 for e in catalog.entries if not e.authors)}, "
                         f"year {sum(1 for e in catalog.entries if e.year is None)}")
