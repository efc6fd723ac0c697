"""Importing reading lists into data/: deterministic, idempotent, merging, and all-or-nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from conftest import SEED_FILES, SEEDS_MISSING, inserted_lines, run

from llmreads.catalog import Catalog, load_catalog
from llmreads.errors import DataError
from llmreads.importer import import_lists
from llmreads.urls import canonical_url

EPOCH = "1795000000"  # 2026-11-18 (UTC)
TODAY = dt.date(2026, 11, 18)
ENV = {"SOURCE_DATE_EPOCH": EPOCH}

#: Source ids the committed catalogue gives the seeds whose own title would give another id.
SEED_SOURCE_IDS = {"000": "llm-notes-resources", "002": "llm-study-chapters"}

ATTENTION = "https://arxiv.org/abs/1706.03762"


def llmreads_import(data: Path, *args: str | Path) -> Result:
    return run("--data", str(data), "import", *(str(a) for a in args), env=ENV)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden temp files included), by relative path."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_list(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def entry_by_url(catalog: Catalog, url: str) -> dict[str, object]:
    entry = catalog.entry_by_url[canonical_url(url)]
    return entry.model_dump(mode="json")


# --------------------------------------------------------------------------- the five seeds into an empty folder


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """The five seeds imported once into an empty folder (shared by the read-only tests below)."""
    if len(SEED_FILES) != 5:
        pytest.skip(SEEDS_MISSING)
    data = tmp_path_factory.mktemp("seeded") / "data"
    result = llmreads_import(data, *SEED_FILES)
    assert result.exit_code == 0, result.output
    return data, result


@pytest.fixture(scope="module")
def catalog(imported: tuple[Path, Result]) -> Catalog:
    return load_catalog(imported[0])


def test_seeds_into_an_empty_folder_twice_are_byte_identical(tmp_path: Path, seeds: list[Path]) -> None:
    first = tmp_path / "a" / "data"
    assert llmreads_import(first, *seeds).exit_code == 0
    snapshot = tree(first)
    assert set(snapshot) == {"entries/unsorted.yaml", "sources.yaml", "topics.yaml"}

    again = llmreads_import(first, *seeds)
    assert again.exit_code == 0, again.output
    assert tree(first) == snapshot
    assert again.stdout.splitlines()[-1] == "changed: nothing"
    assert " 0 new, 0 merged," in again.stdout and " new, " in again.stdout
    assert all(" 0 new, 0 merged, " in line for line in again.stdout.splitlines() if " new, " in line)

    second = tmp_path / "b" / "data"
    assert llmreads_import(second, *seeds).exit_code == 0
    assert tree(second) == snapshot


def test_seed_import_is_valid(imported: tuple[Path, Result]) -> None:
    data, _ = imported
    result = run("--data", str(data), "check")
    assert result.exit_code == 0, result.output
    assert result.stderr == "ok: 221 entries, 1 topic, 5 sources\n"


def test_seed_import_report(imported: tuple[Path, Result]) -> None:
    _, result = imported
    lines = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert lines == [
        "large-language-model: 7 new, 0 merged, 0 unchanged, 0 skipped",
        "anti-hype-llm-reading-list: 71 new, 2 merged, 0 unchanged, 2 skipped",
        "002-33a4ef010f03087d: 92 new, 1 merged, 0 unchanged, 0 skipped",
        "intro-to-llms: 36 new, 5 merged, 0 unchanged, 0 skipped",
        "quickstart-on-llms: 15 new, 8 merged, 0 unchanged, 0 skipped",
        f"changed: {imported[0] / 'entries/unsorted.yaml'}, {imported[0] / 'sources.yaml'}, "
        f"{imported[0] / 'topics.yaml'}",
    ]


def test_works_recommended_by_several_lists(catalog: Catalog) -> None:
    shared = [e for e in catalog.entries if len(e.sources) > 1]
    assert len(shared) == 15
    attention = catalog.entry_by_url[canonical_url(ATTENTION)]
    assert attention.url == ATTENTION
    assert [ref.source for ref in attention.sources] == [
        "anti-hype-llm-reading-list", "intro-to-llms", "quickstart-on-llms",
    ]
    assert [ref.heading for ref in attention.sources] == [
        "Foundational Deep Learning Papers",
        "Reading list › Transformers and Language Models",
        "Quickstart on LLMs › Understand the lay of the land › Research papers",
    ]
    assert len({canonical_url(e.url) for e in catalog.entries}) == len(catalog.entries)


def test_every_list_position_is_one_to_n(catalog: Catalog) -> None:
    positions: dict[str, list[int]] = {}
    for entry in catalog.entries:
        for ref in entry.sources:
            positions.setdefault(ref.source, []).append(ref.position)
    assert {source: sorted(p) for source, p in positions.items()} == {
        source: list(range(1, len(p) + 1)) for source, p in positions.items()
    }
    assert {source: len(p) for source, p in positions.items()} == {
        "large-language-model": 7, "anti-hype-llm-reading-list": 73, "002-33a4ef010f03087d": 93,
        "intro-to-llms": 41, "quickstart-on-llms": 23,
    }


@pytest.mark.parametrize(
    ("entry_url", "thread"),
    [
        ("https://magazine.sebastianraschka.com/p/understanding-large-language-models",
         "https://news.ycombinator.com/item?id=35589756"),
        ("https://www.atmosera.com/ai/understanding-chatgpt/", "https://news.ycombinator.com/item?id=35312468"),
        ("https://www.beren.io/2023-04-11-Scaffolded-LLMs-natural-language-computers/",
         "https://www.lesswrong.com/posts/43C3igfmMrE9Qoyfe/scaffolded-llms-as-natural-language-computers"),
    ],
)
def test_discussion_threads_are_links_not_entries(catalog: Catalog, entry_url: str, thread: str) -> None:
    assert canonical_url(thread) not in catalog.entry_by_url
    assert entry_by_url(catalog, entry_url)["links"] == [{"url": thread, "rel": "discussion"}]


def test_slides_link_is_on_the_2023_video(catalog: Catalog) -> None:
    slides = "https://docs.google.com/presentation/d/1636wKStYdT_yRPbJNrf8MLKpQghuWGDmyHinHhAKeXY/edit#slide=id.g2885e521b53_0_0"
    video = entry_by_url(catalog, "https://www.youtube.com/watch?v=dbo3kNKPaUA")
    assert video["title"] == "Large Language Models in 2023"
    assert video["kind"] == "video"
    assert video["links"] == [{"url": slides, "rel": "slides"}]
    assert canonical_url(slides) not in catalog.entry_by_url


def test_see_also_is_a_link_not_an_entry(catalog: Catalog) -> None:
    also = "https://blog.esciencecenter.nl/king-man-woman-king-9a7fd2935a85"
    assert canonical_url(also) not in catalog.entry_by_url
    shortform = entry_by_url(
        catalog, "https://www.lesswrong.com/posts/tM84DyBg4Jbq5zGmH/linda-linsefors-s-shortform?commentId=owWTRrnGDfEqyGzjb"
    )
    assert shortform["links"] == [{"url": also, "rel": "see-also"}]


def test_screenshots_are_not_entries(catalog: Catalog) -> None:
    assert not [e.url for e in catalog.entries if "gist.github.com/assets" in e.url]
    assert not [e.url for e in catalog.entries if e.url.endswith((".png", ".jpg", ".gif"))]


def test_social_acknowledgement_links_are_skipped(imported: tuple[Path, Result], catalog: Catalog) -> None:
    _, result = imported
    for url in ("https://twitter.com/vboykis/status/1691530859575214081",
                "https://jawns.club/@vicki/110895263087386568"):
        assert canonical_url(url) not in catalog.entry_by_url
        assert f"  skipped {url} (acknowledgement link to a social network)" in result.stdout.splitlines()


def test_unassigned_entries_go_to_a_created_unsorted_topic(imported: tuple[Path, Result], catalog: Catalog) -> None:
    data, _ = imported
    assert [t.id for t in catalog.topics] == ["unsorted"]
    assert yaml.safe_load((data / "topics.yaml").read_text(encoding="utf-8")) == [{
        "id": "unsorted", "title": "Unsorted", "order": 1,
        "description": "Imported links that no topic rule matched yet; give each a topic.",
    }]
    assert all(e.topics == ["unsorted"] for e in catalog.entries)
    assert {place.file for place in catalog.places.values()} == {str(data / "entries" / "unsorted.yaml")}


def test_bare_urls_get_a_stand_in_title_and_the_needs_title_tag(catalog: Catalog) -> None:
    flagged = [e for e in catalog.entries if "needs-title" in e.tags]
    assert len(flagged) == 67  # 68 bare URLs in seed 002, one of them already titled by seed 001
    assert all(e.sources[0].source == "002-33a4ef010f03087d" for e in flagged)
    titled_elsewhere = entry_by_url(catalog, "https://sumanthrh.com/post/distributed-and-efficient-finetuning/")
    assert titled_elsewhere["title"] == "Everything about Distributed Training and Efficient Finetuning"
    assert "needs-title" not in titled_elsewhere["tags"]


def test_seed_dates_come_from_source_date_epoch(imported: tuple[Path, Result], catalog: Catalog) -> None:
    assert {e.added for e in catalog.entries} == {TODAY}
    assert {s.imported for s in catalog.sources} == {TODAY}


# --------------------------------------------------------------------------- re-import into the committed data


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_reimporting_a_seed_into_the_committed_data_changes_nothing(
    data_copy: Path, seeds: list[Path], prefix: str
) -> None:
    (seed,) = [s for s in seeds if s.name.startswith(prefix)]
    before = tree(data_copy)
    args = ["--source", SEED_SOURCE_IDS[prefix]] if prefix in SEED_SOURCE_IDS else []
    result = llmreads_import(data_copy, *args, seed)
    assert result.exit_code == 0, result.output
    assert tree(data_copy) == before
    assert " 0 new, 0 merged, " in result.stdout.splitlines()[0]
    assert result.stdout.splitlines()[-1] == "changed: nothing"


def test_import_lists_reports_no_change_on_the_committed_data(data_copy: Path, seeds: list[Path]) -> None:
    reports, changed = import_lists([seeds[1]], data_copy, today=TODAY)
    assert changed == []
    (report,) = reports
    assert (report.source, report.new, report.merged) == ("anti-hype-llm-reading-list", [], [])
    assert len(report.unchanged) == 73
    assert [url for url, _ in report.skipped] == [
        "https://twitter.com/vboykis/status/1691530859575214081", "https://jawns.club/@vicki/110895263087386568",
    ]


NEW_LIST = """\
# My new list

## Classics

- [The transformer paper](https://arxiv.org/pdf/1706.03762v7.pdf) ([HN](https://news.ycombinator.com/item?id=999))
- [A brand new post](https://new.example/post)
"""


def _hand_edit(data: Path) -> Path:
    """Change the transformer paper's title and add a comment line, as a curator would."""
    path = data / "entries" / "transformer-architecture.yaml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("  title: Attention Is All You Need\n",
                          "  title: Attention Is All You Need (hand-edited title)\n", 1)
    anchor = "nearly every later LLM builds on this design.\n  sources:\n"
    assert text.count(anchor) == 1
    edited = edited.replace(anchor, anchor.replace("  sources:", "  # A hand-written comment: keep me.\n  sources:"))
    assert edited.count("hand-edited title") == 1 and edited.count("keep me") == 1
    path.write_text(edited, encoding="utf-8")
    return path


def test_new_list_sharing_a_work_adds_a_source_not_a_duplicate(data_copy: Path, tmp_path: Path) -> None:
    entries_file = _hand_edit(data_copy)
    before = tree(data_copy)
    before_entries = entries_file.read_text(encoding="utf-8")
    result = llmreads_import(data_copy, write_list(tmp_path, "new.md", NEW_LIST))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "my-new-list: 1 new, 1 merged, 0 unchanged, 0 skipped"

    after = entries_file.read_text(encoding="utf-8")
    assert inserted_lines(before_entries, after) == [
        "    - {source: my-new-list, heading: Classics, position: 1}\n",
        "  links:\n",
        "    - {url: 'https://news.ycombinator.com/item?id=999', rel: discussion}\n",
    ]
    catalog = load_catalog(data_copy)
    paper = catalog.entry_by_url[canonical_url(ATTENTION)]
    assert paper.title == "Attention Is All You Need (hand-edited title)"
    assert paper.url == ATTENTION
    assert [ref.source for ref in paper.sources][-1] == "my-new-list"
    assert len(paper.sources) == 4
    assert [e.id for e in catalog.entries].count(paper.id) == 1
    assert len([e for e in catalog.entries if canonical_url(e.url) == canonical_url(ATTENTION)]) == 1

    now = tree(data_copy)
    untouched = set(before) - {"entries/transformer-architecture.yaml", "sources.yaml", "topics.yaml"}
    assert {name: now[name] for name in untouched} == {name: before[name] for name in untouched}
    for name in ("sources.yaml", "topics.yaml"):
        assert now[name].startswith(before[name])
    assert set(now) - set(before) == {"entries/unsorted.yaml"}


def test_unmatched_links_create_the_unsorted_topic_in_existing_data(data_copy: Path, tmp_path: Path) -> None:
    topics_before = (data_copy / "topics.yaml").read_text(encoding="utf-8")
    assert "unsorted" not in topics_before
    result = llmreads_import(data_copy, write_list(tmp_path, "new.md", NEW_LIST))
    assert result.exit_code == 0, result.output
    topics_after = (data_copy / "topics.yaml").read_text(encoding="utf-8")
    assert topics_after.startswith(topics_before)
    catalog = load_catalog(data_copy)
    unsorted = catalog.topic_by_id["unsorted"]
    assert unsorted.order == max(t.order for t in catalog.topics if t.id != "unsorted") + 1
    new = catalog.entry_by_url[canonical_url("https://new.example/post")]
    assert new.topics == ["unsorted"]
    assert catalog.places[new.id].file == str(data_copy / "entries" / "unsorted.yaml")
    assert (data_copy / "entries" / "unsorted.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schema/entries.schema.json\n- id: a-brand-new-post\n"
    )


def test_headings_that_match_topic_keywords_file_the_entry_there(data_copy: Path, tmp_path: Path) -> None:
    text = "# Mine\n\n## Tokenization\n\n- [A tokenizer post](https://tok.example/post)\n"
    before = (data_copy / "entries" / "tokenization.yaml").read_text(encoding="utf-8")
    assert llmreads_import(data_copy, write_list(tmp_path, "mine.md", text)).exit_code == 0
    after = (data_copy / "entries" / "tokenization.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)
    assert load_catalog(data_copy).entry_by_url[canonical_url("https://tok.example/post")].topics == ["tokenization"]
    assert not (data_copy / "entries" / "unsorted.yaml").exists()


def test_merging_under_a_heading_with_a_comma(data_copy: Path, tmp_path: Path) -> None:
    text = "# My new list\n\n## Papers, classic\n\n- [Transformer](https://arxiv.org/abs/1706.03762)\n"
    result = llmreads_import(data_copy, write_list(tmp_path, "new.md", text))
    assert result.exit_code == 0, result.output
    paper = load_catalog(data_copy).entry_by_url[canonical_url(ATTENTION)]
    assert paper.sources[-1].heading == "Papers, classic"


# --------------------------------------------------------------------------- dry run, usage errors, bad input


def test_dry_run_writes_nothing_but_reports(data_copy: Path, tmp_path: Path) -> None:
    before = tree(data_copy)
    result = llmreads_import(data_copy, "--dry-run", write_list(tmp_path, "new.md", NEW_LIST))
    assert result.exit_code == 0, result.output
    assert tree(data_copy) == before
    lines = result.stdout.splitlines()
    assert lines[0] == "my-new-list: 1 new, 1 merged, 0 unchanged, 0 skipped"
    assert lines[-1] == "would change: " + ", ".join(
        str(data_copy / name) for name in
        ("entries/transformer-architecture.yaml", "entries/unsorted.yaml", "sources.yaml", "topics.yaml")
    )


def test_dry_run_into_an_empty_folder_creates_nothing(tmp_path: Path, lists: list[Path]) -> None:
    data = tmp_path / "data"
    result = llmreads_import(data, "--dry-run", *lists)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("would change: ")
    assert not data.exists()


def test_import_lists_dry_run_returns_the_files_it_would_change(data_copy: Path, tmp_path: Path) -> None:
    before = tree(data_copy)
    reports, changed = import_lists([write_list(tmp_path, "new.md", NEW_LIST)], data_copy, today=TODAY, dry_run=True)
    assert tree(data_copy) == before
    assert [p.relative_to(data_copy).as_posix() for p in changed] == [
        "entries/transformer-architecture.yaml", "entries/unsorted.yaml", "sources.yaml", "topics.yaml",
    ]
    assert reports[0].new == ["a-brand-new-post"]
    assert reports[0].merged == ["attention-is-all-you-need"]


@pytest.mark.parametrize("option", [["--source", "mine"], ["--title", "Mine"], ["--source", "a", "--title", "b"]])
def test_source_or_title_with_two_files_is_a_usage_error(data_copy: Path, lists: list[Path], option: list[str]) -> None:
    before = tree(data_copy)
    result = llmreads_import(data_copy, *option, lists[0], lists[1])
    assert result.exit_code == 2
    assert "give a single FILE" in result.stderr
    assert tree(data_copy) == before


def test_source_and_title_name_one_list(data_copy: Path, tmp_path: Path) -> None:
    result = llmreads_import(data_copy, "--source", "Some List!", "--title", "A Title",
                             write_list(tmp_path, "new.md", NEW_LIST))
    assert result.exit_code == 0, result.output
    source = load_catalog(data_copy).source_by_id["some-list"]
    assert (source.title, source.imported) == ("A Title", TODAY)


def test_blank_title_is_a_clean_error(data_copy: Path, tmp_path: Path) -> None:
    before = tree(data_copy)
    result = llmreads_import(data_copy, "--title", " ", write_list(tmp_path, "new.md", NEW_LIST))
    assert result.exit_code in (1, 2)
    assert "title" in result.stderr.lower()
    assert "Traceback" not in result.output
    assert tree(data_copy) == before


BAD_INPUTS = {
    "missing": None,
    "not-utf8": b"# List\n\n- [Caf\xe9](https://cafe.example/)\n",
    "broken-front-matter": b"---\ntitle: [unclosed\nauthor: x\n---\n\n- [A](https://a.example/)\n",
}


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
@pytest.mark.parametrize("with_good_file_first", [False, True])
def test_unreadable_list_is_a_one_line_error_and_writes_nothing(
    data_copy: Path, tmp_path: Path, lists: list[Path], kind: str, with_good_file_first: bool
) -> None:
    bad = tmp_path / f"{kind}.md"
    content = BAD_INPUTS[kind]
    if content is not None:
        bad.write_bytes(content)
    files = [tmp_path / "good.md", bad] if with_good_file_first else [bad]
    write_list(tmp_path, "good.md", NEW_LIST)
    before = tree(data_copy)
    result = llmreads_import(data_copy, *files)  # a traceback would raise here (catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {bad}")
    assert {"missing": "cannot read", "not-utf8": "not valid UTF-8 (byte 0xe9)",
            "broken-front-matter": "front matter: not valid YAML"}[kind] in line
    assert "Traceback" not in result.output
    assert tree(data_copy) == before


def test_unreadable_list_into_an_empty_folder_creates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = llmreads_import(data, tmp_path / "nope.md")
    assert result.exit_code == 1
    assert not data.exists()


def test_import_into_invalid_data_writes_nothing(data_copy: Path, lists: list[Path]) -> None:
    path = data_copy / "entries" / "attention.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("topics: [attention]", "topics: [atention]", 1),
                    encoding="utf-8")
    before = tree(data_copy)
    result = llmreads_import(data_copy, lists[0])
    assert result.exit_code == 1
    assert result.stdout == ""
    problems = result.stderr.splitlines()
    assert problems
    assert all(line.startswith(str(data_copy / "entries" / "attention.yaml") + ":") for line in problems)
    assert "unknown topic 'atention' (did you mean 'attention'?)" in result.stderr
    assert tree(data_copy) == before


def test_import_lists_raises_data_error_on_invalid_data(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "topics.yaml").write_text("- id: Not A Slug\n", encoding="utf-8")
    before = tree(data_copy)
    with pytest.raises(DataError):
        import_lists([write_list(tmp_path, "new.md", NEW_LIST)], data_copy, today=TODAY)
    assert tree(data_copy) == before


# --------------------------------------------------------------------------- skip rules


def test_committed_skip_rule_is_honoured(data_copy: Path, seeds: list[Path]) -> None:
    result = llmreads_import(data_copy, seeds[3])
    assert result.exit_code == 0, result.output
    assert ("  skipped https://karpathy.ai/ (the speaker's home page, linked as a credit rather than as "
            "something to read)") in result.stdout.splitlines()
    assert canonical_url("https://karpathy.ai/") not in load_catalog(data_copy).entry_by_url


def test_skip_rule_added_by_hand_is_honoured(data_copy: Path, tmp_path: Path) -> None:
    sources = data_copy / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        + "\n- id: my-new-list\n  title: My new list\n  origin: new.md\n  imported: 2026-01-02\n"
        "  skip:\n    - url: http://www.new.example/post/\n      reason: an advert\n",
        encoding="utf-8",
    )
    sources_before = sources.read_bytes()
    result = llmreads_import(data_copy, write_list(tmp_path, "new.md", NEW_LIST))
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert out[0] == "my-new-list: 0 new, 1 merged, 0 unchanged, 1 skipped"
    assert "  skipped https://new.example/post (an advert)" in out
    catalog = load_catalog(data_copy)
    assert canonical_url("https://new.example/post") not in catalog.entry_by_url
    assert "unsorted" not in catalog.topic_by_id
    assert sources.read_bytes() == sources_before  # the source exists: not added again
    assert catalog.source_by_id["my-new-list"].imported == dt.date(2026, 1, 2)


# --------------------------------------------------------------------------- re-import after the list changed


ORDERED = """\
# Ordered list

## {heading}

- [Alpha](https://alpha.example/a)
- [Beta](https://beta.example/b)
- [Gamma](https://gamma.example/c)
"""
REORDERED = """\
# Ordered list

## {heading}

- [Gamma](https://gamma.example/c)
- [Alpha](https://alpha.example/a)
- [Beta](https://beta.example/b)
"""


def _reorder(tmp_path: Path, heading: str) -> tuple[str, str, Result]:
    data = tmp_path / "data"
    path = write_list(tmp_path, "ordered.md", ORDERED.format(heading=heading))
    assert llmreads_import(data, path).exit_code == 0
    entries = data / "entries" / "unsorted.yaml"
    before = entries.read_text(encoding="utf-8")
    write_list(tmp_path, "ordered.md", REORDERED.format(heading=heading))
    result = llmreads_import(data, path)
    return before, entries.read_text(encoding="utf-8"), result


def test_reimport_after_reordering_updates_positions_in_place(tmp_path: Path) -> None:
    before, after, result = _reorder(tmp_path, "Papers")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "ordered-list: 0 new, 3 merged, 0 unchanged, 0 skipped"
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [
        ("    - {source: ordered-list, heading: Papers, position: 1}\n",
         "    - {source: ordered-list, heading: Papers, position: 2}\n"),
        ("    - {source: ordered-list, heading: Papers, position: 2}\n",
         "    - {source: ordered-list, heading: Papers, position: 3}\n"),
        ("    - {source: ordered-list, heading: Papers, position: 3}\n",
         "    - {source: ordered-list, heading: Papers, position: 1}\n"),
    ]
    catalog = load_catalog(tmp_path / "data")
    assert [(e.title, e.sources[0].position) for e in catalog.entries] == [("Alpha", 2), ("Beta", 3), ("Gamma", 1)]
    again = llmreads_import(tmp_path / "data", tmp_path / "ordered.md")
    assert again.stdout.splitlines()[-1] == "changed: nothing"


def test_reimport_after_reordering_under_a_heading_with_a_comma(tmp_path: Path) -> None:
    _, _, result = _reorder(tmp_path, "Emergence, In Context Learning, and Prompt Engineering")
    assert result.exit_code == 0, result.output
    catalog = load_catalog(tmp_path / "data")
    assert [e.sources[0].position for e in catalog.entries] == [2, 3, 1]


def test_reimport_after_a_heading_change_updates_the_heading(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = write_list(tmp_path, "l.md", "# L\n\n## Old\n\n- [A](https://a.example/)\n")
    assert llmreads_import(data, path).exit_code == 0
    write_list(tmp_path, "l.md", "# L\n\n## New\n\n- [A](https://a.example/)\n")
    assert llmreads_import(data, path).exit_code == 0
    (entry,) = load_catalog(data).entries
    assert entry.sources[0].heading == "New"


def test_repeated_link_in_one_list_is_one_entry(tmp_path: Path) -> None:
    data = tmp_path / "data"
    text = "# L\n\n- [A](https://a.example/x)\n- [A again](http://www.a.example/x/#top)\n- [B](https://b.example/)\n"
    result = llmreads_import(data, write_list(tmp_path, "l.md", text))
    assert result.exit_code == 0, result.output
    assert "  skipped http://www.a.example/x/#top (repeated in this list)" in result.stdout.splitlines()
    catalog = load_catalog(data)
    assert [(e.title, e.sources[0].position) for e in catalog.entries] == [("A", 1), ("B", 2)]


def test_copying_the_data_folder_elsewhere_keeps_import_idempotent(tmp_path: Path, lists: list[Path]) -> None:
    first = tmp_path / "one"
    assert llmreads_import(first, lists[0]).exit_code == 0
    moved = tmp_path / "two"
    shutil.copytree(first, moved)
    before = tree(moved)
    assert llmreads_import(moved, lists[0]).stdout.splitlines()[-1] == "changed: nothing"
    assert tree(moved) == before
