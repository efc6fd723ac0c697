"""The exports published with the site, called directly: each file is the export the command line gives,
and the texts kept between the builds of `mkdocs serve` never go stale."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from llmreads.catalog import Catalog
from llmreads.errors import LlmreadsError
from llmreads.exports import EntryTexts, published_files, render
from llmreads.exports.bibtex import to_bibtex
from llmreads.exports.json import entry_json, schema_json, to_json, to_json_of
from llmreads.exports.markdown import to_markdown
from llmreads.model import Entry, Source, Topic
from llmreads.siteinfo import SiteInfo

from .conftest import MakeEntry

SITE = "https://reads.example/sub/"
INFO = SiteInfo(name="Reads", description="A list.", author="The editors", url="https://ignored.example/")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def small(make_entry: MakeEntry) -> Catalog:
    topics = [Topic(id="rag", title="Retrieval", description="Look it up.", order=2),
              Topic(id="attention", title="Attention", description="Look back.", order=1),
              Topic(id="empty", title="Nothing yet", description="No entries.", order=3)]
    entries = [
        make_entry(id="vaswani-attention", title="Attention", authors=["Ashish Vaswani"], year=2017),
        make_entry(id="vaswani-again", title="Attention again", authors=["Ashish Vaswani"], year=2017,
                   topics=["attention", "rag"], added=dt.date(2026, 2, 1)),
        make_entry(id="lewis-rag", title="RAG", authors=["Patrick Lewis"], year=2020, topics=["rag"],
                   url="https://example.com/rag"),
    ]
    return Catalog(data_dir=Path("data"), topics=topics, sources=[], entries=entries)


def replaced(catalog: Catalog, entries: list[Entry]) -> Catalog:
    return Catalog(data_dir=catalog.data_dir, topics=list(catalog.topics), sources=list(catalog.sources),
                   entries=entries)


def test_every_published_file_is_its_export(small: Catalog) -> None:
    files = published_files(small, SITE, INFO)
    assert list(files) == ["entries.json", "schema/entries.json", "references.bib", "feed.xml",
                           "topics/attention/references.bib", "topics/attention/feed.xml",
                           "topics/rag/references.bib", "topics/rag/feed.xml",
                           "topics/empty/references.bib", "topics/empty/feed.xml"]
    assert files["entries.json"] == to_json(small, INFO) == render(small, "json", info=INFO)
    assert files["schema/entries.json"] == schema_json()
    assert files["references.bib"] == to_bibtex(small.entries) == render(small, "bibtex", info=INFO)
    assert files["feed.xml"] == render(small, "atom", site_url=SITE, info=INFO)
    for topic in ("attention", "rag", "empty"):
        assert files[f"topics/{topic}/references.bib"] == render(small, "bibtex", topic=topic, info=INFO)
        assert files[f"topics/{topic}/feed.xml"] == render(small, "atom", topic=topic, site_url=SITE, info=INFO)


def test_a_topics_bibliography_keeps_the_catalogues_keys(small: Catalog) -> None:
    files = published_files(small, SITE, INFO)
    # Two Vaswani 2017 "Attention..." entries: keys a and b in id order, in every file that holds either.
    assert "@online{vaswani2017attentiona," in files["references.bib"]
    assert "@online{vaswani2017attentionb," in files["references.bib"]
    rag = files["topics/rag/references.bib"]
    assert "@online{vaswani2017attentiona," in rag and "@online{lewis2020rag," in rag
    assert "attentionb" not in rag
    assert files["topics/empty/references.bib"] == ""


def test_the_feeds_link_into_the_site(small: Catalog) -> None:
    files = published_files(small, SITE, INFO)
    feed = ET.fromstring(files["feed.xml"])
    assert feed.findtext(f"{ATOM}id") == SITE + "feed.xml"
    assert feed.findtext(f"{ATOM}title") == "Reads: recently added"
    topic = ET.fromstring(files["topics/rag/feed.xml"])
    assert topic.findtext(f"{ATOM}id") == SITE + "topics/rag/feed.xml"
    assert topic.findtext(f"{ATOM}title") == "Reads: Retrieval"
    assert [e.findtext(f"{ATOM}id") for e in topic.findall(f"{ATOM}entry")] == [
        SITE + "entries/vaswani-again/", SITE + "entries/lewis-rag/"]
    for path, page in (("feed.xml", SITE), ("topics/rag/feed.xml", SITE + "topics/rag/")):
        root = ET.fromstring(files[path])
        assert {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")} == {
            "self": SITE + path, "alternate": page}
        assert root.findtext(f"{ATOM}author/{ATOM}name") == "The editors"


def test_kept_texts_follow_every_change(small: Catalog, make_entry: MakeEntry) -> None:
    texts = EntryTexts()
    assert published_files(small, SITE, INFO, texts) == published_files(small, SITE, INFO)
    # An edited title, a removed entry, and a new entry that changes another's citation key.
    edited = [small.entries[0].model_copy(update={"title": "Attention, edited"}),
              make_entry(id="lewis-rag2", title="RAG 2", authors=["Patrick Lewis"], year=2020, topics=["rag"],
                         url="https://example.com/rag2"),
              small.entries[2]]
    changed = replaced(small, edited)
    assert published_files(changed, SITE, INFO, texts) == published_files(changed, SITE, INFO)
    assert set(texts.known) == {"vaswani-attention", "lewis-rag2", "lewis-rag"}
    bibliography = published_files(changed, SITE, INFO, texts)["references.bib"]
    assert "@online{lewis2020raga," in bibliography and "@online{lewis2020ragb," in bibliography
    assert "@online{vaswani2017attention," in bibliography  # its namesake is gone: no letter any more
    assert "Attention, edited" in published_files(changed, SITE, INFO, texts)["feed.xml"]  # not the kept feed


def test_kept_texts_are_reused_while_nothing_changed(small: Catalog) -> None:
    texts = EntryTexts()
    first = {entry.id: texts.texts(entry, "key") for entry in small.entries}
    kept = dict(texts.known)
    again = {entry.id: texts.texts(entry, "key") for entry in small.entries}
    assert again == first
    assert all(texts.known[i] is kept[i] for i in kept)  # not rendered again
    texts.texts(small.entries[0], "other")
    assert texts.known["vaswani-attention"] is not kept["vaswani-attention"]
    assert texts.known["vaswani-attention"][1] == "other"
    assert "@online{other," in texts.texts(small.entries[0], "other")[0]


def test_an_empty_catalogue_publishes_empty_exports() -> None:
    empty = Catalog(data_dir=Path("data"), topics=[], sources=[], entries=[])
    files = published_files(empty, SITE)
    assert list(files) == ["entries.json", "schema/entries.json", "references.bib", "feed.xml"]
    assert files["entries.json"] == to_json(empty)
    assert files["references.bib"] == ""


# ------------------------------------------------------------------------------------------------ render


def test_render_refuses_an_unknown_topic_and_format(small: Catalog) -> None:
    with pytest.raises(LlmreadsError) as caught:
        render(small, "json", topic="nope")
    assert str(caught.value) == "unknown topic 'nope'"
    with pytest.raises(LlmreadsError) as caught:
        render(small, "yaml")
    assert str(caught.value) == "unknown export format 'yaml'"


def test_an_atom_feed_needs_the_sites_address(small: Catalog) -> None:
    with pytest.raises(LlmreadsError) as caught:
        render(small, "atom")
    assert str(caught.value) == ("an Atom feed needs the site's address for its links: "
                                 "pass --site-url or set site_url in mkdocs.yml")
    from_info = ET.fromstring(render(small, "atom", info=SiteInfo(url="https://info.example/")))
    assert from_info.findtext(f"{ATOM}id") == "https://info.example/feed.xml"
    assert from_info.findtext(f"{ATOM}title") == "Reading list: recently added"


def test_render_one_topic(small: Catalog) -> None:
    keys = {"vaswani-attention": "vaswani2017attentionb", "vaswani-again": "vaswani2017attentiona"}
    assert render(small, "bibtex", topic="attention") == to_bibtex([small.entries[0], small.entries[1]], keys)
    document = render(small, "json", topic="rag")
    assert '"id": "lewis-rag"' in document and '"id": "vaswani-attention"' not in document
    assert render(small, "markdown", topic="rag", info=INFO) == to_markdown(small, INFO, "rag")
    assert render(small, "markdown", info=INFO) == to_markdown(small, INFO) != to_markdown(small, INFO, "rag")


# ------------------------------------------------------------------------------------------------ JSON


@pytest.fixture
def with_source(small: Catalog, make_entry: MakeEntry) -> Catalog:
    source = Source.model_validate({"id": "list", "title": "A list", "origin": "https://example.org/list.md",
                                    "imported": "2026-01-01",
                                    "skip": [{"url": "https://example.org/me", "reason": "author profile"}]})
    # model_copy skips validation: the exporter must strip what `check` would have refused.
    odd = make_entry(id="odd", title="Odd é").model_copy(update={"title": "Odd\x1b é"})
    return Catalog(data_dir=Path("data"), topics=list(small.topics), sources=[source],
                   entries=[*small.entries, odd])


def test_the_json_document(with_source: Catalog) -> None:
    text = to_json(with_source, INFO, [with_source.entries[-1]])
    assert text.startswith('{\n  "version": 1,\n  "title": "Reads",\n  "description": "A list.",\n  "topics": [\n')
    assert text.endswith("\n}\n")
    assert '"title": "Odd é"' in text  # control characters dropped, the rest written as it is
    document = json.loads(text)
    assert [t["id"] for t in document["topics"]] == ["attention", "rag", "empty"]
    assert document["topics"][0] == {"id": "attention", "title": "Attention", "description": "Look back."}
    assert document["sources"] == [{"id": "list", "title": "A list", "author": None, "url": None,
                                    "origin": "https://example.org/list.md", "imported": "2026-01-01"}]
    assert [e["id"] for e in document["entries"]] == ["odd"]
    assert [e["id"] for e in json.loads(to_json(with_source))["entries"]] == [
        "vaswani-attention", "vaswani-again", "lewis-rag", "odd"]
    assert json.loads(to_json(with_source, INFO, []))["entries"] == []


def test_the_json_document_without_site_texts(small: Catalog) -> None:
    document = json.loads(to_json(small))
    assert (document["version"], document["title"], document["description"]) == (1, "Reading list", "")


@pytest.mark.parametrize("count", [0, 1, 4])
def test_json_from_kept_entry_texts_is_the_same_text(with_source: Catalog, count: int) -> None:
    entries = with_source.entries[:count]
    assert to_json_of(with_source, INFO, [entry_json(e) for e in entries]) == to_json(with_source, INFO, entries)


def test_the_schema_document() -> None:
    text = schema_json()
    assert text.startswith('{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n') and text.endswith("}\n")
    schema = json.loads(text)
    assert (schema["$id"], schema["title"], schema["description"]) == (
        "https://llmreads.example/schema/entries.json", "llmreads entries file",
        "A YAML file under data/entries/: a list of reading-list entries.")
    assert schema["type"] == "array" and "Entry" in schema["$defs"]
