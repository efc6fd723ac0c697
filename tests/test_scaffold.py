"""`llmreads new`: a working project from the package's templates, refused over a non-empty folder."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from conftest import mkdocs, run

import llmreads
from llmreads.catalog import load_catalog

FILES = [".gitignore", "README.md", "data/entries/getting-started.yaml", "data/sources.yaml", "data/topics.yaml",
         "docs/about.md", "mkdocs.yml", "schema/entries.schema.json"]
WORKFLOWS = [".github/workflows/check.yml", ".github/workflows/links.yml", ".github/workflows/site.yml"]
LLM = re.compile(r"\bLLMs?\b|large language", re.I)


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_new_writes_a_project_that_builds_strictly_and_says_nothing_of_llms(tmp_path: Path) -> None:
    result = run("new", "myreads", "--title", 'Async Rust: "a reading list"', "--description",
                 "Talks, posts and papers on async Rust.", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    project = tmp_path / "myreads"
    assert files_in(project) == FILES
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    assert config["site_name"] == 'Async Rust: "a reading list"'
    assert config["site_description"] == "Talks, posts and papers on async Rust."
    catalog = load_catalog(project / "data")
    assert [t.id for t in catalog.topics] == ["getting-started"] and len(catalog.entries) == 1
    assert run("check", cwd=project).exit_code == 0
    built = mkdocs(project, "build", "--strict")
    assert built.returncode == 0, built.stderr
    site = project / "site"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    h1 = home.find("h1")
    assert h1 is not None and h1.get_text().rstrip("¶") == 'Async Rust: "a reading list"'
    assert home.find("meta", attrs={"name": "description"})["content"] == "Talks, posts and papers on async Rust."
    feed = home.select_one('head link[rel="alternate"][type="application/atom+xml"]')
    assert feed is not None and feed["title"] == 'Async Rust: "a reading list": recently added'
    assert (site / "entries" / "how-to-read-a-paper" / "index.html").is_file()
    assert (site / "about" / "index.html").is_file()
    texts = [p for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json", ".bib")]
    assert texts and not [p for p in texts if LLM.search(p.read_text(encoding="utf-8"))]


def test_github_adds_the_workflows(tmp_path: Path) -> None:
    result = run("new", "myreads", "--github", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    project = tmp_path / "myreads"
    assert files_in(project) == sorted([*FILES, *WORKFLOWS])
    for name in WORKFLOWS:
        text = (project / name).read_text(encoding="utf-8")
        workflow = yaml.safe_load(text)
        assert workflow["jobs"], name
        assert f'pip install "llmreads=={llmreads.__version__}"' in text
        assert "${version}" not in text and "$" + "{title}" not in text


def test_refuses_a_non_empty_folder_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "myreads").mkdir()
    (tmp_path / "myreads" / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run("new", "myreads", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: myreads: exists and is not empty")
    assert files_in(tmp_path / "myreads") == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["myreads"]  # no staging folder left behind


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "myreads").mkdir()
    assert run("new", "myreads", cwd=tmp_path).exit_code == 0
    assert files_in(tmp_path / "myreads") == FILES


def test_an_empty_title_is_a_one_line_error(tmp_path: Path) -> None:
    result = run("new", "myreads", "--title", "  ", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == "error: --title: must not be empty\n"
    assert not (tmp_path / "myreads").exists()
