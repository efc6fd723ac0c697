"""The MkDocs plugin end to end: real `mkdocs build` runs of the committed project and of broken copies.

`built_site` (conftest) is the committed catalogue built once per session with `mkdocs build --strict`.
Other tests lay out a private project with `make_project` and run the real `mkdocs` command in it.
HTML is read with BeautifulSoup; links are followed on disk, never over the network.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import make_project, mkdocs, run

from llmreads.catalog import Catalog, load_catalog

PAGES_FIXTURE = Path(__file__).resolve().parent / "pages" / "fixture_data"
NAMED_TOPICS = ["attention", "tokenization", "fine-tuning", "inference", "security"]
LOG_PREFIX = re.compile(r"^(ERROR|WARNING)\s+-\s+")


@pytest.fixture(scope="module")
def catalog(built_site: Path) -> Catalog:
    """The catalogue the session's site was built from (its project's copy of data/)."""
    return load_catalog(built_site.parent / "data")


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def heading(page: Path) -> str:
    """The text of a page's h1, without the permalink the toc extension adds."""
    h1 = html(page).find("h1")
    assert h1 is not None, page
    for link in h1.select("a.headerlink"):
        link.decompose()
    return h1.get_text()


def page_file(site: Path, page: Path, href: str) -> Path | None:
    """The file an internal href on `page` points at (a folder's index.html), or None if outside the site."""
    path = unquote(urlsplit(href).path)
    target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
    target = Path(os.path.normpath(target))
    if not target.is_relative_to(site):
        return None
    return target / "index.html" if target.is_dir() else target


def messages(output: str) -> list[str]:
    """MkDocs' log lines without their level prefix."""
    return [LOG_PREFIX.sub("", line) for line in output.splitlines() if LOG_PREFIX.match(line)]


def no_traceback(result: object) -> None:
    text = f"{getattr(result, 'stdout', '')}\n{getattr(result, 'stderr', '')}"
    assert "Traceback" not in text, text
    assert not re.search(r'^\s+File ".*", line \d+', text, re.M), text


# --------------------------------------------------------------------------- the committed site


def test_strict_build_of_the_committed_project(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "404.html").is_file()


def test_every_topic_has_a_page(built_site: Path, catalog: Catalog) -> None:
    ids = [t.id for t in catalog.topics]
    assert set(NAMED_TOPICS) <= set(ids)
    for topic in catalog.topics:
        page = built_site / "topics" / topic.id / "index.html"
        assert page.is_file(), topic.id
        assert heading(page) == topic.title
    assert (built_site / "topics" / "index.html").is_file()


def test_every_entry_source_and_tag_has_a_page(built_site: Path, catalog: Catalog) -> None:
    for entry in catalog.entries:
        assert (built_site / "entries" / entry.id / "index.html").is_file(), entry.id
    for source in catalog.sources:
        assert (built_site / "sources" / source.id / "index.html").is_file(), source.id
    tags = {t for e in catalog.entries for t in e.tags}
    assert tags
    for name in tags:
        assert (built_site / "tags" / name / "index.html").is_file(), name
    table = html(built_site / "entries" / "index.html").select("table.lr-table tbody tr")
    assert len(table) == min(50, len(catalog.entries))  # the filters query the search index for the rest


def test_entry_page_headings_show_the_title_verbatim(built_site: Path, catalog: Catalog) -> None:
    wrong = [(e.title, shown) for e in catalog.entries
             if (shown := heading(built_site / "entries" / e.id / "index.html")) != e.title]
    assert not wrong, f"{len(wrong)} entry pages, e.g. {wrong[:3]}"


def test_search_indexes_entry_pages_only_once(built_site: Path, catalog: Catalog) -> None:
    """Pagefind's bundle is written, entry pages are marked for it with their filters, list pages are not."""
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert list((built_site / "pagefind" / "fragment").iterdir())
    assert not (built_site / "search" / "search_index.json").exists(), "Material's lunr index is still built"
    entry = html(built_site / "entries" / "attention-is-all-you-need" / "index.html")
    body = entry.select_one("[data-pagefind-body]")
    assert body is not None and body.select_one("h1") is not None
    facets = {(s["data-pagefind-filter"], s.get_text()) for s in body.select("[data-pagefind-filter]")}
    assert ("kind", "paper") in facets and ("year", "2017") in facets
    assert ("topic", catalog.topic_by_id["attention"].title) in facets
    for page in ("topics/attention", "tags", "entries", "sources"):
        assert html(built_site / page / "index.html").select_one("[data-pagefind-body]") is None, page
    assert html(built_site / "about" / "index.html").select_one("[data-pagefind-body]") is not None


def _fragments(site: Path) -> dict[str, dict[str, Any]]:
    """Pagefind's record of every indexed page, by URL (a fragment is gzipped `pagefind_dcd` + JSON)."""
    found = {}
    for path in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        found[record["url"]] = record
    return found


def test_search_index_holds_one_record_per_entry_and_the_hand_written_pages(built_site: Path,
                                                                              catalog: Catalog) -> None:
    """Pagefind reads only the searchable pages: no topic, tag or list page reaches the index."""
    records = _fragments(built_site)
    entries = {f"/entries/{e.id}/" for e in catalog.entries}
    hand_written = {f"/{p.relative_to(built_site.parent / 'docs').with_suffix('').as_posix()}/"
                    for p in (built_site.parent / "docs").rglob("*.md")}
    assert set(records) == entries | hand_written
    bundle = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert bundle["languages"]["en"]["page_count"] == len(entries | hand_written)


def test_search_record_of_an_entry_has_its_facts_but_not_the_words_every_entry_has(built_site: Path,
                                                                                     catalog: Catalog) -> None:
    entry = catalog.entry_by_id["attention-is-all-you-need"]
    record = _fragments(built_site)["/entries/attention-is-all-you-need/"]
    assert record["meta"]["title"] == entry.title
    assert record["meta"]["authors"].startswith(entry.authors[0])
    assert record["filters"]["kind"] == [entry.kind.value] and record["filters"]["year"] == [str(entry.year)]
    assert record["filters"]["level"] == [entry.level.value] if entry.level else "level" not in record["filters"]
    assert set(record["filters"]["topic"]) == {catalog.topic_by_id[t].title for t in entry.topics}
    words = record["content"]
    assert entry.note and entry.note.split()[0] in words and entry.title in words
    assert "#" + entry.tags[0] in words
    for boilerplate in ("Topics", "Added", "Semantic Scholar", "Recommended by", entry.added.isoformat(), "Read:"):
        assert boilerplate not in words, boilerplate
    related = html(built_site / "entries" / entry.id / "index.html").select(".lr-related a")
    assert related and all(a.get_text() not in words for a in related)


def test_navigation_has_topics_and_sources_but_no_entries(built_site: Path, catalog: Catalog) -> None:
    page = built_site / "topics" / "attention" / "index.html"
    nav = html(page).select_one("nav.md-nav--primary")
    assert nav is not None
    targets = {page_file(built_site, page, str(a["href"])) for a in nav.find_all("a", href=True)}
    for topic in catalog.topics:
        assert built_site / "topics" / topic.id / "index.html" in targets, topic.id
    for source in catalog.sources:
        assert built_site / "sources" / source.id / "index.html" in targets, source.id
    assert built_site / "entries" / "index.html" in targets  # the all-entries table is in the nav
    for entry in catalog.entries:
        assert built_site / "entries" / entry.id / "index.html" not in targets, entry.id
    tagged = {t for e in catalog.entries for t in e.tags}
    assert not any(built_site / "tags" / t / "index.html" in targets for t in tagged)


def test_every_exported_entry_is_on_its_primary_topic_page(built_site: Path) -> None:
    result = run("--data", str(built_site.parent / "data"), "export", "json")
    assert result.exit_code == 0, result.stderr
    entries = json.loads(result.stdout)["entries"]
    assert len(entries) > 100
    pages: dict[str, BeautifulSoup] = {}
    for entry in entries:
        primary = entry["topics"][0]
        if primary not in pages:
            pages[primary] = html(built_site / "topics" / primary / "index.html")
        card = pages[primary].find("article", id=entry["id"])
        assert card is not None, f"{entry['id']} is not on topics/{primary}/"
        title = card.select_one(".lr-card__title a")
        assert title is not None and title["href"] == entry["url"], entry["id"]


def broken_links(site: Path) -> tuple[list[str], int, int]:
    """Crawl a built site on disk: (problems, internal links checked, anchors on other pages checked).

    Every href and src that is not external http(s) or mailto must resolve to a file in the site (a
    folder means its index.html); a #fragment must name an id on the page it points at.
    """
    ids: dict[Path, set[str]] = {}
    links: dict[Path, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        ids[page], links[page] = set(), []
        for tag in html(page).find_all(True):
            ids[page].update(str(tag[a]) for a in ("id", "name") if tag.has_attr(a) and (a == "id" or tag.name == "a"))
            links[page].extend(str(tag[a]) for a in ("href", "src") if tag.has_attr(a))
    problems: list[str] = []
    checked = anchors = 0
    for page, urls in links.items():
        where = page.relative_to(site).as_posix()
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            if parts.scheme or parts.netloc:
                problems.append(f"{where}: unexpected link {url}")
                continue
            checked += 1
            fragment = unquote(parts.fragment)
            if not parts.path:
                if fragment and fragment not in ids[page]:
                    problems.append(f"{where}: {url}: no such id on the page")
                continue
            target = page_file(site, page, url)
            if target is None:
                problems.append(f"{where}: {url}: outside the site")
            elif not target.is_file():
                problems.append(f"{where}: {url}: no such file")
            elif fragment and target.suffix == ".html":
                anchors += 1
                if fragment not in ids[target]:
                    problems.append(f"{where}: {url}: no id '{fragment}' on {target.relative_to(site)}")
    return problems, checked, anchors


def test_crawl_every_internal_link_resolves(built_site: Path) -> None:
    problems, checked, anchors = broken_links(built_site)
    assert not problems, f"{len(problems)} broken links, e.g.:\n" + "\n".join(problems[:30])
    assert checked > 10_000 and anchors > 500  # the crawl really ran over the site


def test_also_in_anchor_exists_on_the_other_topic(built_site: Path) -> None:
    page = built_site / "topics" / "attention" / "index.html"
    card = html(page).find("article", id="attention-is-all-you-need")
    assert card is not None
    also = card.select("a.lr-also")
    assert also
    for a in also:
        href = str(a["href"])
        assert href.startswith("../") and href.endswith("/#attention-is-all-you-need")
        target = page_file(built_site, page, href)
        assert target is not None and target.is_file()
        assert html(target).find(id="attention-is-all-you-need") is not None


# --------------------------------------------------------------------------- broken projects


def _break_first_topic(data: Path) -> Path:
    """Give the first entry of entries/tokenization.yaml an unknown topic; return the file."""
    file = data / "entries" / "tokenization.yaml"
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.startswith("  topics:"))
    lines[n] = "  topics: [tokenisation]\n"
    file.write_text("".join(lines), encoding="utf-8")
    return file


def _check_line(root: Path) -> str:
    result = run("--data", "data", "check", cwd=root)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert re.fullmatch(r"data/entries/tokenization\.yaml:\d+: topics: unknown topic 'tokenisation'.*", lines[0])
    return lines[0]


def test_data_mistake_fails_the_build_with_the_check_message(tmp_path: Path, data_copy: Path) -> None:
    _break_first_topic(data_copy)
    root = make_project(tmp_path / "project", data=data_copy)
    expected = _check_line(root)
    result = mkdocs(root, "build")
    assert result.returncode != 0
    no_traceback(result)
    problem_lines = [m for m in messages(result.stderr) if "tokenisation" in m]
    assert len(problem_lines) == 1, result.stderr
    assert problem_lines[0].endswith(expected), (problem_lines[0], expected)
    assert not (root / "site" / "index.html").exists()


def test_data_mistake_message_is_exactly_the_check_line(tmp_path: Path, data_copy: Path) -> None:
    _break_first_topic(data_copy)
    root = make_project(tmp_path / "project", data=data_copy)
    expected = _check_line(root)
    result = mkdocs(root, "build")
    assert expected in messages(result.stderr), result.stderr


def _allow_only_transformer(root: Path) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert re.search(r"^  - tags$", text, re.M), "mkdocs.yml no longer lists the tags plugin as '  - tags'"
    config.write_text(re.sub(r"^  - tags$", "  - tags:\n      tags_allowed: [transformer]", text, flags=re.M),
                      encoding="utf-8")


_TAG_ERROR = re.compile(r"(?P<file>\S+\.yaml):(?P<line>\d+): tags: tag '(?P<tag>[^']+)' is not in tags_allowed\b.*")


def _tag_errors(tmp_path: Path) -> tuple[Path, list[re.Match[str]], set[tuple[str, str]]]:
    root = make_project(tmp_path / "project")
    catalog = load_catalog(root / "data")
    _allow_only_transformer(root)
    result = mkdocs(root, "build")
    assert result.returncode != 0
    no_traceback(result)
    found = [m for line in messages(result.stderr) if (m := _TAG_ERROR.fullmatch(line))]
    rejected = {(e.id, t) for e in catalog.entries for t in e.tags if t != "transformer"}
    return root, found, rejected


def _data_file(root: Path, name: str) -> Path:
    path = Path(name)
    return path if path.is_absolute() else root / path


def test_tags_allowed_rejection_names_file_and_line(tmp_path: Path) -> None:
    root, found, rejected = _tag_errors(tmp_path)
    assert len(found) == len(rejected), "one line per rejected tag"
    assert "transformer" not in {m["tag"] for m in found}
    for m in found:
        file = _data_file(root, m["file"])
        assert file.is_file() and file.is_relative_to(root / "data"), m[0]
        lines = file.read_text(encoding="utf-8").splitlines()
        n = int(m["line"])
        assert 1 <= n <= len(lines), m[0]
        # The line is within the record of an entry that carries the tag.
        record = [lines[n - 1]]
        for line in lines[n:]:
            if line.startswith("- id:"):
                break
            record.append(line)
        assert any(line.lstrip().startswith("tags:") and re.search(rf"\b{re.escape(m['tag'])}\b", line)
                   for line in record), m[0]


def test_tags_allowed_rejection_points_at_the_tags_line(tmp_path: Path) -> None:
    root, found, _ = _tag_errors(tmp_path)
    assert found
    for m in found:
        lines = _data_file(root, m["file"]).read_text(encoding="utf-8").splitlines()
        assert re.search(rf"\b{re.escape(m['tag'])}\b", lines[int(m["line"]) - 1]), m[0]


def test_hand_written_page_replaces_the_generated_one(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / "docs" / "topics").mkdir()
    (root / "docs" / "topics" / "attention.md").write_text("# My attention page\n", encoding="utf-8")
    (root / "docs" / "index.md").write_text("# My own home page\n\nWelcome.\n", encoding="utf-8")
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert heading(root / "site" / "topics" / "attention" / "index.html") == "My attention page"
    assert heading(root / "site" / "index.html") == "My own home page"
    assert (root / "site" / "topics" / "tokenization" / "index.html").is_file()  # the others are still generated
    about = [a.get_text() for a in html(root / "site" / "about" / "index.html").select("nav.md-nav a")]
    assert about.count("My own home page") <= 1 and about.count("My attention page") <= 1


def test_data_option_points_to_another_folder(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", data=PAGES_FIXTURE)
    (root / "data").rename(root / "catalogue")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert re.search(r"^      data: data$", text, re.M)
    config.write_text(re.sub(r"^      data: data$", "      data: catalogue", text, flags=re.M), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"  # run from another folder: the option is relative to mkdocs.yml
    elsewhere.mkdir()
    result = mkdocs(elsewhere, "build", "--strict", "-f", str(config))
    assert result.returncode == 0, result.stderr
    site = root / "site"
    fixture = load_catalog(root / "catalogue")
    for topic in fixture.topics:
        assert (site / "topics" / topic.id / "index.html").is_file(), topic.id
    assert not (site / "topics" / "security").exists()  # a topic of the committed data, not of this one
    cards = html(site / "topics" / "attention" / "index.html").select("article.lr-card")
    assert sorted(str(c["id"]) for c in cards) == sorted(e.id for e in fixture.entries if "attention" in e.topics)
    assert sorted(p.name for p in (site / "entries").iterdir() if p.is_dir()) == sorted(e.id for e in fixture.entries)


def test_use_directory_urls_false_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    """The pages link to each other as directories (topics/x/), so the plugin refuses flat URLs up front
    rather than build a site of broken links."""
    root = make_project(tmp_path / "project", data=PAGES_FIXTURE)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nuse_directory_urls: false\n", encoding="utf-8")
    result = mkdocs(root, "build", "--strict")
    no_traceback(result)
    assert result.returncode != 0
    assert [m for m in messages(result.stderr) if "use_directory_urls" in m] == [
        "llmreads links its pages as directories: remove `use_directory_urls: false`"], result.stderr
    assert not (root / "site" / "topics").exists()


def test_data_option_naming_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    shutil.rmtree(root / "data")
    result = mkdocs(root, "build")
    assert result.returncode != 0
    no_traceback(result)
    assert any("topics.yaml" in m and "missing" in m for m in messages(result.stderr)), result.stderr


def test_package_templates_apply_without_a_custom_dir(built_site: Path) -> None:
    """The feed link, deferred scripts and named search dialog come from the package, not the project."""
    assert not (built_site.parent / "overrides").exists()
    for page in (built_site / "index.html", built_site / "topics" / "attention" / "index.html"):
        soup = html(page)
        feed = soup.select_one('head link[rel="alternate"][type="application/atom+xml"]')
        assert feed is not None and feed["title"] == "llmreads: recently added"
        scripts = [s for s in soup.find_all("script", src=True) if "bundle" in s["src"] or "llmreads" in s["src"]]
        assert scripts and all(s.has_attr("defer") for s in scripts)
        dialog = soup.select_one('.md-search[role="dialog"]')
        assert dialog is not None and dialog.get("aria-label")


def test_link_health_report_and_guide_have_distinct_titles_and_places(built_site: Path) -> None:
    nav = html(built_site / "about" / "index.html").select_one("nav.md-nav--primary")
    assert nav is not None
    titles = [" ".join(a.get_text().split()) for a in nav.find_all("a", href=True)]
    assert titles.count("Link health") == 1 and titles.count("How links are checked") == 1
    report = next(a for a in nav.find_all("a", href=True) if " ".join(a.get_text().split()) == "Link health")
    guide = next(a for a in nav.find_all("a", href=True) if " ".join(a.get_text().split()) == "How links are checked")
    assert report.find_parent("li", class_="md-nav__item--nested") is not guide.find_parent(
        "li", class_="md-nav__item--nested")


@pytest.mark.parametrize("value", ["0", "-5", "true", "many", "2.5"])
def test_search_shard_size_must_be_a_whole_number_of_pages(tmp_path: Path, value: str) -> None:
    """0 or less would index a large site in one Pagefind run a page; the option is refused up front."""
    root = make_project(tmp_path / "project", data=PAGES_FIXTURE)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      data: data\n" in text
    config.write_text(text.replace("      data: data\n", f"      data: data\n      search_shard_size: {value}\n", 1),
                      encoding="utf-8")
    result = mkdocs(root, "build")
    no_traceback(result)
    assert result.returncode != 0
    assert any("search_shard_size" in m and "at least 1" in m for m in messages(result.stderr)), result.stderr
    assert not (root / "site" / "topics").exists()
