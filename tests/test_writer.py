"""`llmreads build --out DIR`: plain Markdown pages and a standalone mkdocs.yml, built without the plugin.

The command runs in-process (conftest.run) from a project laid out by make_project, so its defaults
(--data data, --docs docs, ./mkdocs.yml) are the committed project's. The written folder is
then built by the real `mkdocs` (no llmreads plugin in its mkdocs.yml) and by `zensical`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import make_project, mkdocs, run

from llmreads.catalog import load_catalog
from llmreads.exports import published_files
from llmreads.nav import ASSETS, SHIPPED, THEME_DIR
from llmreads.pages import build_pages
from llmreads.siteinfo import load_site_info, read_mkdocs_yml
from llmreads.writer import MARKER

ZENSICAL_TIMEOUT = 600


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed project (mkdocs.yml, docs/, data/), shared read-only by this module."""
    return make_project(tmp_path_factory.mktemp("writer") / "project")


def write(project: Path, out: Path) -> None:
    result = run("build", "--out", str(out), cwd=project)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.output


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def leftovers(parent: Path, out: Path) -> list[str]:
    """Staging or backup folders the writer left beside `out`."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{out.name}."))


# --------------------------------------------------------------------------- what is written


def test_build_writes_every_page_assets_and_mkdocs_yml(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(project, out)
    catalog = load_catalog(project / "data")
    pages = build_pages(catalog, info=load_site_info(project / "mkdocs.yml"))
    hand_written = {p.relative_to(project / "docs").as_posix() for p in (project / "docs").rglob("*.md")}
    docs = files_under(out / "docs")
    assert set(docs) == set(pages) | set(SHIPPED) | set(published_files(catalog, "/")) | hand_written
    for path, text in pages.items():
        assert docs[path].decode("utf-8") == text, path
    for name in hand_written:
        assert docs[name] == (project / "docs" / name).read_bytes(), name
    assert (out / MARKER).is_file()
    assert leftovers(tmp_path, out) == []

    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert "llmreads" not in plugins
    assert config["docs_dir"] == "docs"
    # The project's own theme settings and texts, not a copy kept in the code.
    own = read_mkdocs_yml(project / "mkdocs.yml")
    assert {k: v for k, v in config["theme"].items() if k != "custom_dir"} == own["theme"]
    assert config["site_name"] == own["site_name"] and config["site_description"] == own["site_description"]
    # The package's templates travel with the pages.
    assert files_under(out / config["theme"]["custom_dir"]) == {
        name: data for name, data in files_under(THEME_DIR).items() if "__pycache__" not in name}


def test_plain_mkdocs_builds_the_same_pages_as_the_plugin(project: Path, tmp_path: Path, built_site: Path) -> None:
    out = tmp_path / "out"
    write(project, out)
    result = mkdocs(out, "build", "--strict")
    assert result.returncode == 0, result.stderr
    plain = out / "site"
    urls = sorted(p.relative_to(plain).as_posix() for p in plain.rglob("*.html"))
    assert urls == sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    assert len(urls) > 300

    # Same navigation: topics and sources, never the entry pages.
    def nav(site: Path) -> list[str]:
        found = html(site / "topics" / "attention" / "index.html").select_one("nav.md-nav--primary")
        assert found is not None
        return [str(a["href"]) for a in found.find_all("a", href=True)]

    assert nav(plain) == nav(built_site)
    assert not [h for h in nav(plain) if "/entries/" in h and not h.endswith("/entries/")]


def test_zensical_builds_the_written_folder(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(project, out)
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict"], cwd=out, capture_output=True,
                            text=True, timeout=ZENSICAL_TIMEOUT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    page = out / "site" / "topics" / "attention" / "index.html"
    assert page.is_file(), sorted(p.name for p in (out / "site").iterdir()) if (out / "site").is_dir() else "no site"
    card = html(page).find("article", id="attention-is-all-you-need")
    assert card is not None
    title = card.select_one(".lr-card__title a")
    assert title is not None and title.get_text() == "Attention Is All You Need"
    assert title["href"] == load_catalog(project / "data").entry_by_id["attention-is-all-you-need"].url
    assert (out / "site" / "entries" / "attention-is-all-you-need" / "index.html").is_file()


# --------------------------------------------------------------------------- rebuilding and refusing


def test_building_twice_into_the_same_folder(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(project, out)
    first = files_under(out)
    (out / "docs" / "stale.md").write_text("# left over from an older catalogue\n", encoding="utf-8")
    (out / "site").mkdir()
    (out / "site" / "index.html").write_text("<p>an earlier mkdocs build</p>\n", encoding="utf-8")

    write(project, out)
    assert files_under(out) == first  # replaced whole: same content, nothing stale kept
    assert leftovers(tmp_path, out) == []
    result = mkdocs(out, "build", "--strict")
    assert result.returncode == 0, result.stderr


def test_a_run_killed_between_the_two_renames_is_repaired_by_the_next(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(project, out)
    first = files_under(out)
    out.rename(tmp_path / ".out.old")  # killed after moving the old build aside, before moving the new one in

    write(project, out)
    assert files_under(out) == first
    assert leftovers(tmp_path, out) == []


def test_an_empty_existing_folder_is_used(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write(project, out)
    assert (out / "mkdocs.yml").is_file()
    assert (out / "docs" / "index.md").is_file()


def test_a_folder_with_foreign_content_is_refused(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    (out / "notes").mkdir(parents=True)
    (out / "notes" / "todo.md").write_text("# my own notes\n", encoding="utf-8")
    (out / "thesis.tex").write_bytes(b"\\documentclass{article}\n")
    before = files_under(out)

    result = run("build", "--out", str(out), cwd=project)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ") and str(out) in lines[0] and "not an llmreads build" in lines[0]
    assert result.stdout == ""
    assert files_under(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["notes", "thesis.tex"]
    assert leftovers(tmp_path, out) == []


def test_the_project_folder_itself_is_refused_with_one_line(project: Path) -> None:
    before = sorted(p.name for p in project.iterdir())
    result = run("build", "--out", ".", cwd=project)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "not an llmreads build" in lines[0], lines
    assert sorted(p.name for p in project.iterdir()) == before


def test_bad_data_writes_nothing(tmp_path: Path, data_copy: Path) -> None:
    topics = data_copy / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("- id: attention\n", "- id: Attention\n", 1),
                      encoding="utf-8")
    root = make_project(tmp_path / "project", data=data_copy)
    check = run("check", cwd=root)
    assert check.exit_code == 1 and check.stderr

    result = run("build", "--out", "out", cwd=root)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr == check.stderr  # the same one-line problems as `llmreads check`
    assert not (root / "out").exists()
    assert leftovers(root, root / "out") == []


# --------------------------------------------------------------------------- the project's own settings


def test_standalone_config_keeps_the_projects_theme_and_texts(project: Path) -> None:
    from llmreads.writer import standalone_config

    own = {"site_name": "Async Rust reading list", "site_author": "Jane Doe",
           "theme": {"name": "material", "palette": {"primary": "teal"}, "features": ["navigation.tabs"]},
           "plugins": ["search", {"llmreads": {"data": "data"}}, "tags"], "extra_css": ["mine.css"]}
    config = standalone_config(load_catalog(project / "data"), [], own)
    assert config["site_name"] == "Async Rust reading list" and config["site_author"] == "Jane Doe"
    assert config["theme"] == {**own["theme"], "custom_dir": "overrides"}
    assert config["plugins"] == ["search", "tags"]
    assert config["extra_css"] == ["mine.css", *(a for a in ASSETS if a.endswith(".css"))]


def test_without_mkdocs_yml_the_new_project_settings_are_used(project: Path) -> None:
    from llmreads.scaffold import template_config
    from llmreads.writer import standalone_config

    config = standalone_config(load_catalog(project / "data"), [], None)
    assert config["theme"] == {**template_config()["theme"], "custom_dir": "overrides"}
    assert "llmreads" not in str(config["plugins"])
