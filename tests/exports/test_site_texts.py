"""Exports take the list's own words from ./mkdocs.yml, apply --topic in every format, and never invent a URL."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import run

FIXTURE = Path(__file__).resolve().parent.parent / "pages" / "fixture_data"
A = "{http://www.w3.org/2005/Atom}"
CONFIG = """site_name: Async Rust reading list
site_description: Talks, posts and papers on async Rust.
site_author: Jane Doe
site_url: https://example.org/reads/
plugins:
  - search
  - llmreads:
      data: data
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "data")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def test_atom_takes_title_author_and_url_from_mkdocs_yml(project: Path) -> None:
    result = run("export", "atom", cwd=project)
    assert result.exit_code == 0, result.output
    feed = ET.fromstring(result.stdout.encode("utf-8"))
    assert feed.findtext(f"{A}title") == "Async Rust reading list: recently added"
    assert feed.findtext(f"{A}author/{A}name") == "Jane Doe"
    assert feed.findtext(f"{A}id") == "https://example.org/reads/feed.xml"


def test_atom_without_a_site_url_is_refused(project: Path) -> None:
    (project / "mkdocs.yml").unlink()
    result = run("export", "atom", cwd=project)
    assert result.exit_code == 1
    assert "--site-url" in result.stderr and "site_url" in result.stderr
    assert result.stdout == ""
    assert "127.0.0.1" not in result.output


def test_site_url_option_wins_over_mkdocs_yml(project: Path) -> None:
    result = run("export", "atom", "--site-url", "https://other.example/", cwd=project)
    assert ET.fromstring(result.stdout.encode("utf-8")).findtext(f"{A}id") == "https://other.example/feed.xml"


def test_markdown_header_is_the_lists_own(project: Path) -> None:
    result = run("export", "markdown", cwd=project)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "# Async Rust reading list"
    assert lines[2].startswith("> Talks, posts and papers on async Rust. Generated from")


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_topic_narrows_json_and_markdown(project: Path, fmt: str) -> None:
    whole = run("export", fmt, cwd=project).stdout
    part = run("export", fmt, "--topic", "attention", cwd=project).stdout
    every = json.loads(run("export", "json", cwd=project).stdout)["entries"]
    inside = [e["id"] for e in every if "attention" in e["topics"]]
    outside = [e for e in every if "attention" not in e["topics"]]
    assert inside and outside
    if fmt == "json":
        assert [e["id"] for e in json.loads(part)["entries"]] == inside
    else:
        assert all(e["url"] in part for e in every if e["id"] in inside)
        assert not any(f"]({e['url']})" in part for e in outside)
        assert len(part) < len(whole)


def test_json_carries_the_lists_name_and_description(project: Path) -> None:
    document = json.loads(run("export", "json", cwd=project).stdout)
    assert document["title"] == "Async Rust reading list"
    assert document["description"] == "Talks, posts and papers on async Rust."


def test_broken_mkdocs_yml_is_one_line(project: Path) -> None:
    (project / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    result = run("export", "json", cwd=project)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: mkdocs.yml:")
    assert "Traceback" not in result.output
