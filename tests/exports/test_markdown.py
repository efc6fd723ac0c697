"""`llmreads export markdown` and the committed READING_LIST.md: the conventions awesome-lint checks."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import DATA, REPO, run

from llmreads.catalog import Catalog
from llmreads.exports import markdown as exporter
from llmreads.exports.markdown import github_anchor, to_markdown
from llmreads.model import Topic
from llmreads.siteinfo import SiteInfo

from .conftest import MakeEntry

COMMITTED = REPO / "READING_LIST.md"
ITEM = re.compile(r"^- \[(?P<text>(?:[^\]\\]|\\.)+)\]\((?P<url>[^()\s]+)\) - (?P<desc>.+)$")
CONTENTS_ITEM = re.compile(r"^- \[(?P<text>[^\]]+)\]\(#(?P<anchor>[^)\s]+)\)$")
LIST_LINE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


def sections(text: str) -> list[Section]:
    """The level-2 sections of a list, each with its paragraphs and list lines."""
    found: list[Section] = []
    for line in text.splitlines():
        if line.startswith("## "):
            found.append(Section(line[3:]))
        elif found and LIST_LINE.match(line):
            found[-1].items.append(line)
        elif found and line.strip():
            found[-1].paragraphs.append(line)
    return found


def topic_sections(text: str) -> list[Section]:
    return [s for s in sections(text) if s.heading != "Contents"]


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def github_slug(heading: str, seen: Counter[str]) -> str:
    """The anchor GitHub gives a heading (github-slugger): lower-case, punctuation dropped, spaces to hyphens,
    and -1, -2... for repeats."""
    kept = "".join(c for c in heading.lower() if c in " -_" or unicodedata.category(c)[0] in "LNM")
    slug = kept.replace(" ", "-")
    count = seen[slug]
    seen[slug] += 1
    return f"{slug}-{count}" if count else slug


def make_catalog(topics: list[Topic], entries: list[object]) -> Catalog:
    return Catalog(data_dir=Path("data"), topics=topics, sources=[], entries=entries)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def text() -> str:
    result = run("--data", str(DATA), "export", "markdown")
    assert result.exit_code == 0, result.output
    return result.stdout


# ---------------------------------------------------------------------------------------------
# The committed list


def test_committed_reading_list_is_current(text: str) -> None:
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    assert committed == text, "READING_LIST.md is stale: run `make list` and commit the result"


def test_every_item_is_title_url_description(text: str) -> None:
    for section in topic_sections(text):
        assert section.items, section.heading
        for line in section.items:
            match = ITEM.match(line)
            assert match, f"not `- [Title](url) - Description.`: {line}"
            description = match["desc"]
            assert description[0].isupper(), f"description must start with a capital letter: {line}"
            assert description.endswith("."), f"description must end with a period: {line}"
            assert not description.endswith(".."), line


def test_one_list_marker_and_no_nesting(text: str) -> None:
    items = [line for line in text.splitlines() if LIST_LINE.match(line)]
    assert items
    assert all(line.startswith("- ") for line in items), [line for line in items if not line.startswith("- ")]


def test_no_duplicate_links(text: str) -> None:
    urls = re.findall(r"\]\(([^)\s]+)\)", text)
    repeated = [url for url, n in Counter(urls).items() if n > 1]
    assert repeated == []


def test_http_only_where_the_catalogue_has_http(text: str, catalog: Catalog) -> None:
    http_in_catalogue = {e.url for e in catalog.entries if e.url.startswith("http://")}
    urls = [m["url"] for m in map(ITEM.match, text.splitlines()) if m]
    assert all(url.startswith(("https://", "http://")) for url in urls)
    assert {url for url in urls if url.startswith("http://")} <= http_in_catalogue


def test_contents_links_every_section_by_its_github_anchor(text: str) -> None:
    seen: Counter[str] = Counter()
    anchors = {}
    for line in text.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
            anchors.setdefault(heading, github_slug(heading, seen))
    contents = next(s for s in sections(text) if s.heading == "Contents")
    listed = [(m["text"], m["anchor"]) for m in map(CONTENTS_ITEM.match, contents.items) if m]
    assert len(listed) == len(contents.items), contents.items
    assert listed == [(s.heading, anchors[s.heading]) for s in topic_sections(text)]
    assert sections(text)[0].heading == "Contents"


def test_sections_follow_topic_order_and_hold_each_entry_once_under_its_primary_topic(
        text: str, catalog: Catalog) -> None:
    by_title = {t.title: t for t in catalog.topics}
    found = topic_sections(text)
    assert [s.heading for s in found] == [t.title for t in catalog.topics if any(e.topics[0] == t.id
                                                                                 for e in catalog.entries)]
    by_url = {e.url: e for e in catalog.entries}
    listed = []
    for section in found:
        topic = by_title[section.heading]
        assert section.paragraphs[0] == topic.description
        for line in section.items:
            match = ITEM.match(line)
            assert match
            url = match["url"].replace("%28", "(").replace("%29", ")").replace("%20", " ")
            entry = by_url.get(match["url"]) or by_url[url]
            assert entry.topics[0] == topic.id, (entry.id, section.heading)
            assert unescape(match["text"]) == " ".join(entry.title.split())
            listed.append(entry.id)
    assert sorted(listed) == sorted(e.id for e in catalog.entries)


def test_sorted_by_title_within_sections(text: str) -> None:
    for section in topic_sections(text):
        titles = [unescape(m["text"]) for m in map(ITEM.match, section.items) if m]
        assert titles == sorted(titles, key=str.casefold), section.heading


def test_descriptions_balance_brackets_and_quotes(text: str) -> None:
    """awesome-lint's match-punctuation rule."""
    for section in topic_sections(text):
        for match in map(ITEM.match, section.items):
            assert match
            description = unescape(match["desc"])
            for opening, closing in ("()", "[]", "{}", "“”"):
                assert description.count(opening) == description.count(closing), description
            assert description.count('"') % 2 == 0, description


def test_whitespace_conventions(text: str) -> None:
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert text.startswith("# ")
    assert "\n\n\n" not in text
    assert not [line for line in text.splitlines() if line != line.rstrip()]


# ---------------------------------------------------------------------------------------------
# Descriptions and escaping, on made-up entries


@pytest.fixture
def topic() -> Topic:
    return Topic(id="attention", title="Attention & memory (2024)", description="How models look back.", order=1)


def line_for(topic: Topic, make_entry: MakeEntry, **fields: object) -> str:
    lines = [line for line in to_markdown(make_catalog([topic], [make_entry(**fields)])).splitlines()
             if ITEM.match(line)]
    assert len(lines) == 1
    return lines[0]


@pytest.mark.parametrize(("note", "description"), [
    ("A clear tour. It has pictures.", "A clear tour."),
    ("a lower-case start", "A lower-case start."),
    (None, "Article on attention."),
])
def test_description_is_the_first_sentence_capitalised_with_a_period(
        topic: Topic, make_entry: MakeEntry, note: str | None, description: str) -> None:
    match = ITEM.match(line_for(topic, make_entry, note=note))
    assert match and match["desc"] == description


@pytest.mark.parametrize("note", [
    "Explains attention, e.g. in transformers, from scratch.",
    "Surveys the field, i.e. everything since 2017.",
    "The follow-up by Vaswani et al. on relative positions.",
])
def test_an_abbreviation_does_not_end_the_first_sentence(topic: Topic, make_entry: MakeEntry, note: str) -> None:
    match = ITEM.match(line_for(topic, make_entry, note=note))
    assert match and match["desc"] == note


def test_markdown_in_titles_and_urls_is_escaped(topic: Topic, make_entry: MakeEntry) -> None:
    line = line_for(topic, make_entry, title="The [bracketed] *starred* <tag> `code`",
                    url="https://en.wikipedia.org/wiki/Attention_(machine_learning)",
                    note="Uses [links] and <b>tags</b>.")
    match = ITEM.match(line)
    assert match, line
    assert unescape(match["text"]) == "The [bracketed] *starred* <tag> `code`"
    assert match["url"] == "https://en.wikipedia.org/wiki/Attention_%28machine_learning%29"
    assert "<b>" not in match["desc"] and "[links]" not in match["desc"]


def test_contents_anchor_for_a_title_with_punctuation(topic: Topic, make_entry: MakeEntry) -> None:
    text = to_markdown(make_catalog([topic], [make_entry()]))
    assert "- [Attention & memory (2024)](#attention--memory-2024)" in text.splitlines()


def test_sorting_ignores_case(topic: Topic, make_entry: MakeEntry) -> None:
    titles = ["beta", "Alpha", "gamma", "Delta"]
    entries = [make_entry(id=f"e{n}", title=t, url=f"https://example.com/{n}") for n, t in enumerate(titles)]
    text = to_markdown(make_catalog([topic], entries))
    listed = [m["text"] for m in map(ITEM.match, text.splitlines()) if m]
    assert listed == ["Alpha", "beta", "Delta", "gamma"]


WHOLE_LIST = """\
# Reads

> A \\[list\\] of things. Generated from the YAML catalogue by `llmreads export markdown`; do not edit by hand.

## Contents

- [Attention & memory (2024)](#attention--memory-2024)
- [RAG: tools](#rag-tools)

## Attention & memory (2024)

How models \\*look\\* back.

- [1\\. Gamma](https://example.com/an-entry) - \\- dash start!
- [beta \\<b\\>](https://example.com/an-entry) - See www\\.example.org e.g. this.

## RAG: tools

Look it up.

- [Alpha](https://example.com/a_%28c%29%60x) - Paper on rag tools.
"""

ONE_TOPIC = """\
# Home

> Generated from the YAML catalogue by `llmreads export markdown`; do not edit by hand.

## Contents

- [Attention & memory (2024)](#attention--memory-2024)

## Attention & memory (2024)

How models \\*look\\* back.

- [1\\. Gamma](https://example.com/an-entry) - \\- dash start!
- [Alpha](https://example.com/a_%28c%29%60x) - Paper on rag tools.
- [beta \\<b\\>](https://example.com/an-entry) - See www\\.example.org e.g. this.
"""


def test_a_whole_list_and_one_topic(make_entry: MakeEntry) -> None:
    """Every line of a small list, written out by hand: contents by GitHub anchor, sections in topic order without
    empty ones, entries by title under their primary topic (all of a topic's in a topic export), escaping."""
    topics = [Topic(id="attention", title="Attention & memory (2024)", description="How models *look* back.", order=1),
              Topic(id="rag-tools", title="RAG: tools", description="Look it up.", order=2),
              Topic(id="empty", title="Empty", description="None.", order=3)]
    entries = [make_entry(id="b", title="beta <b>", note="see www.example.org e.g. this. Second sentence."),
               make_entry(id="a", title="Alpha", url="https://example.com/a_(c)`x", kind="paper",
                          topics=["rag-tools", "attention"]),
               make_entry(id="c", title="1. Gamma", note="- dash start! more")]
    catalog = make_catalog(topics, entries)
    assert to_markdown(catalog, SiteInfo(name="Reads", description="A [list] of things.")) == WHOLE_LIST
    assert to_markdown(catalog, SiteInfo(name="Reads", home_title="Home"), topic="attention") == ONE_TOPIC


@pytest.mark.parametrize(("value", "escaped"), [
    ("a\\b `c` *d* _e_ [f] <g>", "a\\\\b \\`c\\` \\*d\\* \\_e\\_ \\[f\\] \\<g\\>"),
    ("|h| ~i~ #j $k$ @l", "\\|h\\| \\~i\\~ \\#j \\$k\\$ \\@l"),
    ("Q&A &amp; &#39; &x", "Q&A \\&amp; \\&\\#39; &x"),           # only what would read as a character reference
    ("see http://a.example, HTTPS://b.example and ftp://c.example", "see http\\://a.example, HTTPS\\://b.example "
     "and ftp\\://c.example"),
    ("www.example.org and WWW.EXAMPLE.ORG", "www\\.example.org and WWW\\.EXAMPLE.ORG"),
    ("mailto: no slashes", "mailto: no slashes"),
    ("- a", "\\- a"), ("+ b", "\\+ b"), ("= c", "\\= c"), ("1. d", "1\\. d"), ("12) e", "12\\) e"),
    ("123456789. f", "123456789\\. f"), ("1234567890. g", "1234567890. g"),  # a list number has at most 9 digits
    ("a - b", "a - b"), ("a\tb\n  c\x1b", "a b c"),
])
def test_text_escapes_exactly_what_markdown_would_read(value: str, escaped: str) -> None:
    assert exporter.text(value) == escaped


@pytest.mark.parametrize(("note", "description"), [
    ("Why attention? Because it works.", "Why attention?"),
    ("It works! Really.", "It works!"),
    ("Compares approx. ten models, cf. the table. Then more.", "Compares approx. ten models, cf. the table."),
    ("Covers no. 5 vs. no. 6 and fig. 2 etc. in depth. Then more.",
     "Covers no. 5 vs. no. 6 and fig. 2 etc. in depth."),
    ("Ends with an abbreviation, etc.", "Ends with an abbreviation, etc."),
    ("version 2.0 is out", "Version 2.0 is out."),
])
def test_the_first_sentence_ends_at_a_real_sentence_end(topic: Topic, make_entry: MakeEntry, note: str,
                                                        description: str) -> None:
    match = ITEM.match(line_for(topic, make_entry, note=note))
    assert match and match["desc"] == description


def test_a_url_is_written_so_the_link_holds(topic: Topic, make_entry: MakeEntry) -> None:
    # model_copy skips validation: the exporter must cope with what `check` would refuse.
    odd = make_entry().model_copy(update={"url": "https://example.com/a b<c>\\d`e\x1bf\u00a0g"})
    line = to_markdown(make_catalog([topic], [odd])).splitlines()[-1]
    assert line == "- [An Entry](https://example.com/a%20b%3Cc%3E%5Cd%60ef%C2%A0g) - Article on attention."


def test_sorting_ignores_case_in_a_topic_export_too(topic: Topic, make_entry: MakeEntry) -> None:
    titles = ["alpha", "_beta", "Gamma", "[delta]"]  # "_" and "[" sort after capitals but before small letters
    entries = [make_entry(id=f"e{n}", title=t, url=f"https://example.com/{n}") for n, t in enumerate(titles)]
    catalog = make_catalog([topic], entries)
    expected = [exporter.text(t) for t in ("[delta]", "_beta", "alpha", "Gamma")]
    for listing in (to_markdown(catalog), to_markdown(catalog, topic="attention")):
        assert [m["text"] for m in map(ITEM.match, listing.splitlines()) if m] == expected


def test_github_anchor() -> None:
    assert github_anchor("Attention & memory (2024)") == "attention--memory-2024"
    assert github_anchor("  RAG: tools, tricks_and-more ") == "rag-tools-tricks_and-more"
    assert github_anchor("Été\tprochain") == "été-prochain"
