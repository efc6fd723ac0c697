"""Every export is well-formed whatever the data holds: each one read back by a real parser.

The corpus is what YAML escapes let a data file carry (NUL, ESC, form feed, C1 controls, lone
surrogates, non-characters) and markup meant to break out of its place (`</title>`, `]]>`, links,
scripts, braces, " and "). `check` rejects control characters in data; the exporters must not depend
on that, so the entries here are built without validation.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from bibtexparser.middlewares import SeparateCoAuthors
from markdown_it import MarkdownIt
from markdown_it.token import Token

from llmreads.catalog import Catalog
from llmreads.exports.atom import ATOM, to_atom
from llmreads.exports.bibtex import citation_keys, is_organisation, to_bibtex
from llmreads.exports.json import to_json
from llmreads.exports.markdown import to_markdown
from llmreads.model import Entry, Kind, Topic

HOSTILE = [
    "NUL \x00 and bell \x07 here",
    "Escape \x1b[31mred\x1b[0m text",
    "Form \x0c feed, vertical \x0b tab, carriage \r return",
    "C1 \x85 next line and \x9b CSI",
    "Non-characters \ufffe \uffff \U0010ffff \ufdd0 end",
    "Lone surrogate \ud800 here",
    "Closing </title></entry> tags",
    "CDATA ]]> end and <![CDATA[ start",
    "Link [x](javascript:alert(1)) here",
    "Image ![x](https://evil.example/x.png)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "Braces {unbalanced and } more }{ here",
    "Entity &amp; &#x41; &lt;b&gt; refs",
    "Autolink https://evil.example, www.evil.example and me@evil.example",
    "`code` **bold** _em_ ~~strike~~ | table | $x$ <https://evil.example>",
    "# A heading",
    "1. An ordered item",
    "- A dash item",
    "> A quote",
    "Backslash \\ percent % tilde ~ caret ^ hash # dollar $",
    "Tab\there",
    "[ref]: https://evil.example",
]
#: Characters no export may contain: C0 and C1 controls other than tab and newline, surrogates, non-characters.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0010fffe\U0010ffff]")


def clean(text: str) -> str:
    """What an export should show for `text`: the unsafe characters gone, whitespace collapsed."""
    return " ".join(UNSAFE.sub("", text).split())


def hostile_entry(n: int, value: str) -> Entry:
    return Entry.model_construct(
        id=f"entry-{n:02d}", title=value, url=f"https://example.com/{n}", authors=[value, "Ada Lovelace", "X and Y"],
        year=2024, kind=Kind.ARTICLE, level=None, minutes=None, topics=["hostile"], tags=[],
        note=f"{value}. Second sentence\nwith a newline {value}", links=[], sources=[], added=dt.date(2026, 1, n + 1),
    )


ENTRIES = [hostile_entry(n, value) for n, value in enumerate(HOSTILE)]
TOPIC = Topic.model_construct(id="hostile", title=HOSTILE[8] + " " + HOSTILE[10], description=" ".join(HOSTILE),
                              order=1, keywords=[], intro=None, key_ideas=[])


def catalog() -> Catalog:
    return Catalog(data_dir=Path("data"), topics=[TOPIC], sources=[], entries=list(ENTRIES))


def assert_safe(text: str) -> None:
    assert not UNSAFE.search(text), repr(UNSAFE.findall(text))
    text.encode("utf-8")  # a lone surrogate would raise here


# --------------------------------------------------------------------------- Atom


def test_atom_is_well_formed_xml_that_keeps_each_title() -> None:
    feed = to_atom(ENTRIES, "https://site.example/", title="Feed " + HOSTILE[0] + HOSTILE[6], feed_path="feed.xml")
    assert_safe(feed)
    root = ET.fromstring(feed.encode("utf-8"))  # expat rejects any character XML 1.0 does not allow
    ns = {"a": ATOM}
    assert root.findtext("a:title", namespaces=ns) == UNSAFE.sub("", "Feed " + HOSTILE[0] + HOSTILE[6])
    titles = {e.findtext("a:id", namespaces=ns): e.findtext("a:title", namespaces=ns)
              for e in root.findall("a:entry", ns)}
    assert len(titles) == len(ENTRIES)
    for entry in ENTRIES:
        assert titles[f"https://site.example/entries/{entry.id}/"] == UNSAFE.sub("", entry.title)


# --------------------------------------------------------------------------- BibTeX


def test_bibtex_parses_with_one_record_per_entry_and_whole_author_names() -> None:
    text = to_bibtex(ENTRIES, citation_keys(ENTRIES))
    assert_safe(text)
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert library.failed_blocks == [], [block.raw for block in library.failed_blocks]
    assert len(library.entries) == len(ENTRIES)
    for record in library.entries:
        authors = record.fields_dict["author"].value
        assert len(authors) == 3, authors  # the hostile name, a person and an organisation: never split
        assert authors[1:] == ["Ada Lovelace", "{X and Y}"]


@pytest.mark.parametrize(("name", "organisation"), [
    ("OpenAI", True), ("X and Y", True), ("Meta AI", True), ("Replit AI Team", True), ("AT&T Labs Research", True),
    ("Stanford University", True), ("labml.ai", True), ("Ray Project", True), ("@someone", True),
    ("Ada Lovelace", False), ("George van den Driessche", False), ("Łukasz Kaiser", False), ("Andrew Ng", False),
    ("Alexander Anderson", False),
])
def test_organisations_are_told_from_people(name: str, organisation: bool) -> None:
    assert is_organisation(name) is organisation


def test_bibtex_braces_an_organisation_joined_by_and_so_it_stays_one_author() -> None:
    entry = ENTRIES[0].model_copy(update={"title": "T", "authors": ["Google and DeepMind", "Noam Shazeer"]})
    library = bibtexparser.parse_string(to_bibtex([entry]), append_middleware=[SeparateCoAuthors()])
    assert library.entries[0].fields_dict["author"].value == ["{Google and DeepMind}", "Noam Shazeer"]


# --------------------------------------------------------------------------- JSON


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_json_parses_and_holds_no_control_character() -> None:
    text = to_json(catalog())
    assert_safe(text)
    document = json.loads(text)
    assert all(not UNSAFE.search(s) for s in strings(document))
    assert [e["title"] for e in document["entries"]] == [UNSAFE.sub("", v) for v in HOSTILE]
    assert document["entries"][0]["note"].count("\n") == 1  # newlines and tabs are kept


# --------------------------------------------------------------------------- Markdown


def inline_text(tokens: list[Token]) -> str:
    """The text a reader sees in a run of inline tokens."""
    return "".join(t.content for t in tokens if t.type in ("text", "code_inline"))


def test_markdown_escapes_everything_it_did_not_write() -> None:
    text = to_markdown(catalog())
    assert_safe(text)
    tokens = MarkdownIt("commonmark").parse(text)
    inline = [child for t in tokens if t.type == "inline" for child in t.children or []]
    kinds = {t.type for t in tokens} | {t.type for t in inline}
    assert not kinds & {"html_block", "html_inline", "image", "code_block", "fence", "ordered_list_open",
                        "em_open", "strong_open", "s_open", "hr"}, kinds
    # The export's own header is the one quote and the one code span.
    assert [t.type for t in tokens].count("blockquote_open") == 1
    assert [t.content for t in inline if t.type == "code_inline"] == ["llmreads export markdown"]
    hrefs = [t.attrs["href"] for t in inline if t.type == "link_open"]
    assert sorted(hrefs[1:]) == sorted(e.url for e in ENTRIES)  # only the links the export made
    assert hrefs[0].startswith("#")
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert len(headings) == 3  # the title, Contents and the one topic: no heading smuggled in
    topic_heading = next(tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"
                         and tokens[i + 1].content != "Contents")
    assert inline_text(topic_heading.children or []) == clean(TOPIC.title)
    paragraphs = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "paragraph_open" and t.level == 0]
    assert clean(TOPIC.description) in [inline_text(p.children or []) for p in paragraphs]


def test_markdown_link_labels_read_as_the_titles() -> None:
    tokens = MarkdownIt("commonmark").parse(to_markdown(catalog()))
    labels: dict[str, str] = {}
    for t in tokens:
        children = t.children or []
        for i, child in enumerate(children):
            if child.type == "link_open" and not child.attrs["href"].startswith("#"):
                end = next(j for j in range(i, len(children)) if children[j].type == "link_close")
                labels[str(child.attrs["href"])] = inline_text(children[i + 1:end])
    assert labels == {e.url: clean(e.title) for e in ENTRIES}
