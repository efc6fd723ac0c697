"""The importer on our own five lists (tests/importer/lists): every shape the original seed lists use.

These tests need nothing outside the repository; test_merge's seed tests check the same behaviours on
the original lists when LLMREADS_SEEDS holds them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result
from conftest import LISTS, run

from llmreads.catalog import Catalog, load_catalog
from llmreads.urls import canonical_url

ENV = {"SOURCE_DATE_EPOCH": "1795000000"}  # 2026-11-18 (UTC)
FILES = sorted(LISTS.glob("*.md"))


def llmreads_import(data: Path, *args: str | Path) -> Result:
    return run("--data", str(data), "import", *(str(a) for a in args), env=ENV)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    data = tmp_path_factory.mktemp("lists") / "data"
    result = llmreads_import(data, *FILES)
    assert result.exit_code == 0, result.output
    return data, result


@pytest.fixture(scope="module")
def catalog(imported: tuple[Path, Result]) -> Catalog:
    return load_catalog(imported[0])


def entry(catalog: Catalog, url: str) -> dict[str, object]:
    return catalog.entry_by_url[canonical_url(url)].model_dump(mode="json")


def test_there_are_five_lists() -> None:
    assert len(FILES) == 5


def test_import_is_valid_and_reported_per_list(imported: tuple[Path, Result]) -> None:
    data, result = imported
    check = run("--data", str(data), "check")
    assert check.exit_code == 0, check.output
    assert check.stderr == "ok: 41 entries, 1 topic, 5 sources\n"
    assert [line for line in result.stdout.splitlines() if not line.startswith(" ")] == [
        "sections-with-notes: 5 new, 0 merged, 0 unchanged, 0 skipped",
        "plus-bullets-and-screenshots: 11 new, 1 merged, 0 unchanged, 2 skipped",
        "3-chapters-and-bare-urls: 12 new, 1 merged, 0 unchanged, 0 skipped",
        "front-matter-and-bold-groups: 8 new, 1 merged, 0 unchanged, 0 skipped",
        "numbered-with-kramdown: 5 new, 3 merged, 0 unchanged, 0 skipped",
        f"changed: {data / 'entries/unsorted.yaml'}, {data / 'sources.yaml'}, {data / 'topics.yaml'}",
    ]


def test_importing_twice_changes_nothing_and_is_byte_identical(tmp_path: Path, imported: tuple[Path, Result]) -> None:
    data = tmp_path / "data"
    assert llmreads_import(data, *FILES).exit_code == 0
    assert tree(data) == tree(imported[0])
    again = llmreads_import(data, *FILES)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-1] == "changed: nothing"
    assert tree(data) == tree(imported[0])


def test_list_titles_come_from_the_h1_front_matter_or_the_file_name(catalog: Catalog) -> None:
    assert [(s.id, s.title) for s in catalog.sources] == [
        ("sections-with-notes", "Sections With Notes"),
        ("plus-bullets-and-screenshots", "Plus Bullets And Screenshots"),
        ("3-chapters-and-bare-urls", "3-chapters-and-bare-urls"),  # H1 chapters: no title of its own
        ("front-matter-and-bold-groups", "Front Matter And Bold Groups"),
        ("numbered-with-kramdown", "Numbered With Kramdown"),
    ]


def test_a_work_in_several_lists_is_one_entry_naming_them_all(catalog: Catalog) -> None:
    paper = catalog.entry_by_url[canonical_url("https://arxiv.org/abs/1706.03762")]
    assert paper.url == "https://arxiv.org/abs/1706.03762"  # the first list's spelling; the pdf v5 link merges
    assert [(ref.source, ref.heading, ref.position) for ref in paper.sources] == [
        ("sections-with-notes", "Links", 5),
        ("plus-bullets-and-screenshots", "Foundational Papers", 3),
        ("front-matter-and-bold-groups", "Reading list › Transformers and Language Models", 5),
        ("numbered-with-kramdown", "Numbered With Kramdown › Understand the basics › Research papers", 1),
    ]
    assert len({canonical_url(e.url) for e in catalog.entries}) == len(catalog.entries)


def test_every_list_position_is_one_to_n(catalog: Catalog) -> None:
    positions: dict[str, list[int]] = {}
    for item in catalog.entries:
        for ref in item.sources:
            positions.setdefault(ref.source, []).append(ref.position)
    assert {s: sorted(p) for s, p in positions.items()} == {s: list(range(1, len(p) + 1)) for s, p in positions.items()}
    assert {s: len(p) for s, p in positions.items()} == {
        "sections-with-notes": 5, "plus-bullets-and-screenshots": 12, "3-chapters-and-bare-urls": 13,
        "front-matter-and-bold-groups": 9, "numbered-with-kramdown": 8,
    }


@pytest.mark.parametrize(("url", "links"), [
    ("https://notes.example/reading-a-transformer",
     [{"url": "https://news.ycombinator.com/item?id=1000001", "rel": "discussion"}]),
    ("https://labs.example/scaling/", [{"url": "https://news.ycombinator.com/item?id=1000002", "rel": "discussion"}]),
    ("https://researcher.example/scaffolded/",
     [{"url": "https://forum.example/posts/def/scaffolded-discussion", "rel": "discussion"}]),
    ("https://forum.example/posts/abc/shortform?commentId=xyz",
     [{"url": "https://blog.example/king-queen", "rel": "see-also"}]),
    ("https://www.youtube.com/watch?v=BBBBBBBBBBB&feature=youtu.be",
     [{"url": "https://docs.example/presentation/d/xyz/edit#slide=id.p1", "rel": "slides"}]),
    ("https://www.youtube.com/watch?v=DDDDDDDDDDD",
     [{"url": "https://drive.example/file/d/talk-slides/view", "rel": "slides"}]),
])
def test_threads_slides_and_see_also_are_links_of_an_entry_not_entries(
    catalog: Catalog, url: str, links: list[dict[str, str]]
) -> None:
    assert entry(catalog, url)["links"] == links
    assert all(canonical_url(link["url"]) not in catalog.entry_by_url for link in links)


@pytest.mark.parametrize(("url", "title", "authors"), [
    ("https://writer.example/what-a-token-is", "What a token is (Primer)", ["Ada Writer"]),  # "| Author"
    ("https://github.com/someone/tiny-model", "Tiny model in a browser", []),  # "| GitHub @someone" — text after
    ("https://www.youtube.com/watch?v=AAAAAAAAAAA", "Word vectors, gently", []),  # " (YouTube)" dropped
    ("https://arxiv.org/abs/2203.15556", "Compute-Optimal Models", []),  # text before the link
    ("https://arxiv.org/pdf/2312.09993.pdf", "A fine-tuning overview", []),  # " - commentary" after
    ("https://magazine.example/small-models-grow-up/", "Small models grow up", []),  # stray "}" before the href
    ("https://cluster.example/blog/training-on-a-small-cluster", "Training on a small cluster", []),  # no ")"
    ("https://bpe.example/explained/", "Byte pair encoding, explained: an implementation", ["Some Author"]),
    ("https://course.example/embeddings", "What are embeddings? A course, Chapter 1", ["Other Author"]),
    ("https://magazine.example/blurry-copy", "Is it a blurry copy of the web?", ["A Writer"]),
    ("https://arxiv.org/abs/2201.02177", "Grokking: generalisation beyond overfitting",
     ["First Author", "Second Author"]),
    ("https://en.wikipedia.org/wiki/Thinking,_Fast_and_Slow?useskin=vector", "Thinking, Fast and Slow", []),
    ("https://www.youtube.com/watch?app=desktop&v=FFFFFFFFFFF&feature=youtu.be", "Teach less, incentivise", []),
])
def test_titles_and_authors_in_each_shape(catalog: Catalog, url: str, title: str, authors: list[str]) -> None:
    found = entry(catalog, url)
    assert (found["title"], found["authors"]) == (title, authors)


def test_headings_nest_reset_and_group(catalog: Catalog) -> None:
    headings = {canonical_url(e.url): e.sources[0].heading for e in catalog.entries}
    assert headings[canonical_url("https://gpus.example/which-gpu/")] == "Small Models › Hardware"  # H1 resets
    assert headings[canonical_url("https://www.youtube.com/watch?v=AAAAAAAAAAA")] == "Foundations › Before transformers"
    assert headings[canonical_url("https://github.com/ggerganov/llama.cpp")] == "Reading list › Running Models Locally"
    assert headings[canonical_url("https://bare.example/one")] == "Ch 3 Links only"
    assert headings[canonical_url("https://bare.example/four")] == "Second round"  # after a thematic break
    assert headings[canonical_url("https://www.youtube.com/watch?v=DDDDDDDDDDD")] == ""  # intro paragraph


def test_screenshots_and_social_acknowledgements_are_not_entries(
    imported: tuple[Path, Result], catalog: Catalog
) -> None:
    assert not [e.url for e in catalog.entries if "gist.github.com/assets" in e.url]
    for url in ("https://twitter.com/listauthor/status/1234567890", "https://mastodon.example/@listauthor/987654321"):
        assert canonical_url(url) not in catalog.entry_by_url
        assert f"  skipped {url} (acknowledgement link to a social network)" in imported[1].stdout.splitlines()


def test_bare_urls_get_a_stand_in_title_and_the_needs_title_tag(catalog: Catalog) -> None:
    flagged = sorted(e.url for e in catalog.entries if "needs-title" in e.tags)
    assert flagged == [f"https://bare.example/{n}" for n in ("four", "one", "three", "two")]  # "four." loses its dot
    titled_elsewhere = entry(catalog, "https://writer.example/what-a-token-is")  # bare in list 3, titled in list 1
    assert "needs-title" not in titled_elsewhere["tags"]  # type: ignore[operator]


def test_prose_toc_markup_and_notes_make_no_entries(catalog: Catalog) -> None:
    urls = {e.url for e in catalog.entries}
    assert not [u for u in urls if "toc" in u]
    assert len(catalog.entries) == 41
