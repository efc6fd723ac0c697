"""Page generation on a small fixture catalogue: `llmreads.pages.build_pages`, pure, no MkDocs.

The catalogue in tests/pages/fixture_data/ is small enough to reason about by hand: four topics,
two source lists, one reading path and eleven entries. It has an entry in several topics
(attention-is-all-you-need), entries recommended by two lists (attention-is-all-you-need,
what-is-an-llm), one arXiv paper (with a version suffix in its URL), links of every `rel`, every
level and none, an entry without tags or sources, and a URL with `&` in its query. Its entry
files are deliberately not in list-position order, so source pages must sort.

Pages are Markdown with raw-HTML blocks. Tests render them with Python-Markdown's `toc` extension
(the same heading ids MkDocs gives) and read the HTML with BeautifulSoup.

Snapshot: tests/pages/snapshot/ holds the expected text of every generated page, one file per
page path (snapshot/topics/attention.md is the page `topics/attention.md`). After an intended
change to the pages, regenerate them with

    .venv/bin/python scripts/update-snapshot

and review `git diff tests/pages/snapshot` before committing. The test itself only compares.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import bibtexparser
import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from llmreads import sitepaths as paths
from llmreads.catalog import Catalog, load_catalog, read_catalog
from llmreads.model import Entry, Kind, Level, Rel, Source, Topic
from llmreads.pages import build_pages
from llmreads.siteinfo import SiteInfo
from llmreads.sitepaths import url_of

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixture_data"
SNAPSHOT = HERE / "snapshot"

TOPICS = ["overviews", "attention", "tokenization", "inference"]
ENTRIES = ["attention-is-all-you-need", "a-survey-of-attention", "flash-attention", "the-illustrated-transformer",
           "attention-lecture", "kv-cache-guide", "what-is-an-llm", "llm-course", "minbpe", "bpe-explained",
           "tokenizer-playground"]
SOURCES = ["list-a", "list-b"]
TAGS = ["bpe", "efficiency", "from-scratch", "gpu", "overview", "self-attention", "survey", "tokenizer",
        "transformer", "visual"]
READING_PATHS = ["transformers-101"]
LEVEL_RANK = {"intro": 0, "intermediate": 1, "advanced": 2, "": 3}


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURE)


@pytest.fixture(scope="module")
def pages(catalog: Catalog) -> dict[str, str]:
    return build_pages(catalog)


def split(page: str) -> tuple[dict[str, object], str]:
    """A page's YAML front matter and its Markdown body."""
    assert page.startswith("---\n"), "page has no front matter"
    head, body = page[4:].split("\n---\n", 1)
    front = yaml.safe_load(head)
    assert isinstance(front, dict)
    return front, body


def soup(page: str) -> BeautifulSoup:
    """The page body as HTML, with heading ids as MkDocs' toc extension makes them."""
    return BeautifulSoup(markdown.markdown(split(page)[1], extensions=["toc", "attr_list"]), "html.parser")


def is_external(href: str) -> bool:
    return urlsplit(href).scheme in ("http", "https", "mailto")


def resolve(here: str, href: str) -> tuple[str, str]:
    """The page URL (as url_of gives it) and fragment an internal href on page `here` points at."""
    parts = urlsplit(href)
    assert not parts.scheme and not parts.netloc and not parts.query, f"{here}: not an internal link: {href}"
    assert not parts.path.startswith("/"), f"{here}: root-relative link breaks under a sub-path: {href}"
    if not parts.path:
        return url_of(here), parts.fragment
    assert parts.path.endswith("/"), f"{here}: {href} is not a directory URL"
    joined = posixpath.normpath(posixpath.join("/" + url_of(here), parts.path)).strip("/")
    return (joined + "/" if joined else ""), parts.fragment


def page_at(pages: dict[str, str], url: str) -> str:
    """The page path whose URL is `url`."""
    by_url = {url_of(p): p for p in pages}
    assert url in by_url, f"no generated page at URL '{url}'"
    return by_url[url]


def ids_on(page: str) -> set[str]:
    return {str(t["id"]) for t in soup(page).find_all(id=True)}


def texts(nodes: list[Tag]) -> list[str]:
    return [n.get_text(" ", strip=True) for n in nodes]


def href_of(a: Tag) -> str:
    return str(a["href"])


def kind_sections(page: str) -> list[tuple[str, list[Tag]]]:
    """(h2 text, cards under it) in page order, for the h2 sections that hold cards."""
    sections: list[tuple[str, list[Tag]]] = []
    for node in soup(page).find_all(["h2", "article"]):
        if node.name == "h2":
            sections.append((node.get_text(strip=True), []))
        elif "lr-card" in (node.get("class") or []):
            assert sections, "a card before any section heading"
            sections[-1][1].append(node)
    return [(name, cards) for name, cards in sections if cards]


def list_after(page_soup: BeautifulSoup, heading: str) -> Tag:
    """The first <ol> or <ul> after the h2 with this text."""
    h2 = next((h for h in page_soup.find_all("h2") if h.get_text(strip=True) == heading), None)
    assert h2 is not None, f"no section '{heading}'"
    found = h2.find_next(["ol", "ul"])
    assert isinstance(found, Tag)
    return found


def linked_entries(here: str, ul: Tag, pages: dict[str, str]) -> list[str]:
    """Entry ids of the entry pages linked from the items of a list, in order."""
    out = []
    for li in ul.find_all("li", recursive=False):
        a = li.find("a")
        assert isinstance(a, Tag)
        url, _ = resolve(here, href_of(a))
        path = page_at(pages, url)
        assert path.startswith("entries/"), f"{href_of(a)} is not an entry page"
        out.append(path.removeprefix("entries/").removesuffix(".md"))
    return out


def shared_tags(a: Entry, b: Entry) -> int:
    return len(set(a.tags) & set(b.tags))


# --------------------------------------------------------------------------- the fixture itself


def test_fixture_covers_what_the_tests_need(catalog: Catalog) -> None:
    assert [t.id for t in catalog.topics] == TOPICS
    assert sorted(e.id for e in catalog.entries) == sorted(ENTRIES)
    assert {link.rel for e in catalog.entries for link in e.links} == set(Rel)
    assert {e.level for e in catalog.entries} == {*Level, None}
    assert any(len(e.topics) >= 2 for e in catalog.entries)
    assert any(len({r.source for r in e.sources}) == 2 for e in catalog.entries)


# --------------------------------------------------------------------------- which pages


def test_build_pages_returns_every_page(pages: dict[str, str]) -> None:
    expected = {
        "index.md", "topics/index.md", "entries/index.md", "sources/index.md", "tags/index.md",
        "most-recommended.md", "health.md", "paths/index.md",
        *(f"topics/{t}.md" for t in TOPICS),
        *(f"entries/{e}.md" for e in ENTRIES),
        *(f"sources/{s}.md" for s in SOURCES),
        *(f"tags/{t}.md" for t in TAGS),
        *(f"paths/{p}.md" for p in READING_PATHS),
    }
    assert set(pages) == expected


def _title(path: str, page: str) -> object:
    """A page's title; the home page's is the site name unless `home_title` sets one (the theme shows it)."""
    front, _ = split(page)
    return front.get("title", SiteInfo().name if path == paths.HOME else None)


def test_every_page_has_a_title_and_one_h1(pages: dict[str, str]) -> None:
    for path, page in pages.items():
        title = _title(path, page)
        assert isinstance(title, str) and title, path
        h1s = soup(page).find_all("h1")
        assert len(h1s) == 1, path


def test_headings_show_titles_verbatim(pages: dict[str, str]) -> None:
    wrong = []
    for path, page in pages.items():
        h1 = soup(page).find("h1")
        assert h1 is not None
        if h1.get_text() != _title(path, page):
            wrong.append((path, h1.get_text()))
    assert not wrong


def test_page_titles_name_what_the_page_is_about(pages: dict[str, str], catalog: Catalog) -> None:
    for topic in catalog.topics:
        assert split(pages[paths.topic(topic.id)])[0]["title"] == topic.title
    for entry in catalog.entries:
        assert split(pages[paths.entry(entry.id)])[0]["title"] == entry.title
    for source in catalog.sources:
        assert split(pages[paths.source(source.id)])[0]["title"] == source.title
    assert split(pages["tags/self-attention.md"])[0]["title"] == "#self-attention"


def test_topics_index_links_every_topic_in_order(pages: dict[str, str]) -> None:
    links = soup(pages[paths.TOPICS]).select("a.lr-topic")
    targets = [page_at(pages, resolve(paths.TOPICS, href_of(a))[0]) for a in links]
    assert targets == [f"topics/{t}.md" for t in TOPICS]
    assert "5 entries" in links[1].get_text(" ", strip=True)  # attention


# --------------------------------------------------------------------------- topic pages


def test_each_entry_is_on_every_topic_page_it_is_in(pages: dict[str, str], catalog: Catalog) -> None:
    for topic in catalog.topics:
        here = paths.topic(topic.id)
        cards = soup(pages[here]).select("article.lr-card")
        assert sorted(str(c["id"]) for c in cards) == sorted(e.id for e in catalog.entries if topic.id in e.topics)
        for card in cards:
            entry = catalog.entry_by_id[str(card["id"])]
            title = card.select_one(".lr-card__title a")
            assert title is not None and href_of(title) == entry.url, f"{here}: {entry.id}"
            assert title.get_text() == entry.title


def test_exact_url_survives_escaping(pages: dict[str, str]) -> None:
    card = soup(pages["topics/attention.md"]).find("article", id="a-survey-of-attention")
    assert isinstance(card, Tag)
    a = card.select_one(".lr-card__title a")
    assert a is not None and href_of(a) == "https://example.org/survey?id=7&lang=en"


def test_attention_page_lists_its_five_entries(pages: dict[str, str]) -> None:
    ids = [str(c["id"]) for c in soup(pages["topics/attention.md"]).select("article.lr-card")]
    assert sorted(ids) == sorted(["attention-is-all-you-need", "a-survey-of-attention", "flash-attention",
                                  "the-illustrated-transformer", "attention-lecture"])


def test_also_in_links_point_to_the_other_topic_pages_at_the_entry(pages: dict[str, str], catalog: Catalog) -> None:
    seen = 0
    for topic in catalog.topics:
        here = paths.topic(topic.id)
        for card in soup(pages[here]).select("article.lr-card"):
            entry = catalog.entry_by_id[str(card["id"])]
            targets = []
            for a in card.select("a.lr-also"):
                url, fragment = resolve(here, href_of(a))
                target = page_at(pages, url)
                assert fragment == entry.id
                assert entry.id in ids_on(pages[target]), f"{here}: {href_of(a)} has no such anchor"
                targets.append(target)
                seen += 1
            assert targets == [paths.topic(t) for t in entry.topics if t != topic.id]
    assert seen == 8  # four entries in two topics each: one link on each of their two pages


def test_also_in_on_the_attention_page(pages: dict[str, str]) -> None:
    card = soup(pages["topics/attention.md"]).find("article", id="attention-is-all-you-need")
    assert isinstance(card, Tag)
    also = card.select("a.lr-also")
    assert [(href_of(a), a.get_text()) for a in also] == [("../overviews/#attention-is-all-you-need", "Overviews")]


def test_cards_are_grouped_by_kind_with_intro_first(pages: dict[str, str]) -> None:
    def layout(topic: str) -> list[tuple[str, list[str]]]:
        return [(name, [str(c["id"]) for c in cards]) for name, cards in kind_sections(pages[paths.topic(topic)])]

    assert layout("attention") == [
        ("Papers", ["attention-is-all-you-need", "flash-attention"]),        # intermediate before advanced
        ("Articles", ["the-illustrated-transformer", "a-survey-of-attention"]),  # intro first, not by title
        ("Videos", ["attention-lecture"]),
    ]
    assert layout("tokenization") == [
        ("Articles", ["what-is-an-llm", "bpe-explained"]),  # both intro: the one two lists recommend first
        ("Code", ["minbpe"]),
        ("Other", ["tokenizer-playground"]),
    ]


def test_every_kind_section_holds_only_its_kind_in_level_order(pages: dict[str, str]) -> None:
    plural = {"Papers": Kind.PAPER, "Articles": Kind.ARTICLE, "Videos": Kind.VIDEO, "Courses": Kind.COURSE,
              "Code": Kind.CODE, "Other": Kind.OTHER}
    for topic in TOPICS:
        sections = kind_sections(pages[paths.topic(topic)])
        order = [name for name, _ in sections]
        assert order == sorted(order, key=lambda n: list(plural).index(n)), topic
        for name, cards in sections:
            assert {c["data-kind"] for c in cards} == {plural[name].value}, (topic, name)
            ranks = [LEVEL_RANK[str(c["data-level"])] for c in cards]
            assert ranks == sorted(ranks), (topic, name)


def test_key_ideas_link_to_the_entries_on_the_page(pages: dict[str, str]) -> None:
    here = "topics/attention.md"
    page = soup(pages[here])
    ideas = page.select("ul.lr-ideas li")
    assert len(ideas) == 1 and "Self-attention" in ideas[0].get_text()
    for a in ideas[0].find_all("a"):
        url, fragment = resolve(here, href_of(a))
        assert page_at(pages, url) == here
        assert page.find(id=fragment) is not None


def test_topic_intro_paragraphs_and_neighbours(pages: dict[str, str]) -> None:
    page = soup(pages["topics/overviews.md"])
    assert "Start with these if you are new." in texts(page.find_all("p"))
    assert "They assume no background." in texts(page.find_all("p"))
    nav = page.select_one("nav.lr-neighbours")
    assert nav is not None
    nxt = nav.select_one("a.lr-next")
    assert nxt is not None and page_at(pages, resolve("topics/overviews.md", href_of(nxt))[0]) == "topics/attention.md"
    assert nav.select_one("a.lr-prev") is None  # the first topic has no previous one


def test_card_recommended_by_links(pages: dict[str, str]) -> None:
    here = "topics/attention.md"
    page = soup(pages[here])
    two = page.find("article", id="attention-is-all-you-need")
    one = page.find("article", id="the-illustrated-transformer")
    none = page.find("article", id="a-survey-of-attention")
    assert isinstance(two, Tag) and isinstance(one, Tag) and isinstance(none, Tag)
    a2, a1 = two.select_one("a.lr-sources"), one.select_one("a.lr-sources")
    assert a2 is not None and a2.get_text() == "Recommended by 2 lists"
    assert resolve(here, href_of(a2)) == ("entries/attention-is-all-you-need/", "recommended-by")
    assert a1 is not None and a1.get_text() == "Recommended by 1 list"
    assert resolve(here, href_of(a1)) == ("sources/list-a/", "the-illustrated-transformer")
    assert none.select_one("a.lr-sources") is None


# --------------------------------------------------------------------------- entry pages


def test_entry_pages_carry_their_tags_in_front_matter(pages: dict[str, str], catalog: Catalog) -> None:
    for entry in catalog.entries:
        front, _ = split(pages[paths.entry(entry.id)])
        if entry.tags:
            assert front["tags"] == entry.tags, entry.id
        else:
            assert "tags" not in front, entry.id
    assert split(pages["entries/flash-attention.md"])[0]["tags"] == ["self-attention", "gpu", "efficiency"]


def _record(page: BeautifulSoup) -> dict[str, Tag]:
    dl = page.select_one("dl.lr-record")
    assert dl is not None
    out = {}
    for dt_tag in dl.find_all("dt"):
        dd = dt_tag.find_next_sibling("dd")
        assert isinstance(dd, Tag)
        out[dt_tag.get_text(strip=True)] = dd
    return out


def test_arxiv_entry_has_derived_links(pages: dict[str, str]) -> None:
    record = _record(soup(pages["entries/attention-is-all-you-need.md"]))
    links = [(href_of(a), a.get_text()) for a in record["arXiv"].find_all("a")]
    assert links == [
        ("https://arxiv.org/abs/1706.03762", "abstract"),
        ("https://arxiv.org/pdf/1706.03762", "PDF"),
        ("https://huggingface.co/papers/1706.03762", "Hugging Face"),
        ("https://www.semanticscholar.org/arxiv/1706.03762", "Semantic Scholar"),
    ]


def test_other_entries_have_no_arxiv_links(pages: dict[str, str], catalog: Catalog) -> None:
    for entry in catalog.entries:
        if entry.id == "attention-is-all-you-need":
            continue
        page = soup(pages[paths.entry(entry.id)])
        assert "arXiv" not in _record(page), entry.id
        assert not [a for a in page.find_all("a") if "huggingface.co/papers" in href_of(a)], entry.id


def test_entry_page_record(pages: dict[str, str], catalog: Catalog) -> None:
    for entry in catalog.entries:
        here = paths.entry(entry.id)
        page = soup(pages[here])
        go = page.select_one(".lr-entry__go a")
        assert go is not None and href_of(go) == entry.url
        record = _record(page)
        topics = [resolve(here, href_of(a)) for a in record["Topics"].find_all("a")]
        assert topics == [(url_of(paths.topic(t)), entry.id) for t in entry.topics]
        assert record["Added"].get_text() == entry.added.isoformat()
        if entry.links:
            shown = [(href_of(a), a.get_text()) for a in record["Links"].find_all("a")]
            assert shown == [(link.url, link.rel.value) for link in entry.links]
        else:
            assert "Links" not in record
        tags = [page_at(pages, resolve(here, href_of(a))[0]) for a in record["Tags"].find_all("a")] \
            if entry.tags else []
        assert tags == [paths.tag(t) for t in entry.tags]


def test_entry_page_recommended_by_names_each_list_and_heading(pages: dict[str, str]) -> None:
    here = "entries/attention-is-all-you-need.md"
    ul = list_after(soup(pages[here]), "Recommended by")
    items = ul.find_all("li")
    assert [resolve(here, href_of(li.a)) for li in items] == [
        ("sources/list-b/", "attention-is-all-you-need"), ("sources/list-a/", "attention-is-all-you-need")]
    assert [li.get_text(" ", strip=True) for li in items] == [
        "Reading list B under “Papers”", "Reading list A under “Foundations”"]


def test_related_entries_most_shared_tags_first(pages: dict[str, str]) -> None:
    here = "entries/attention-is-all-you-need.md"
    related = linked_entries(here, list_after(soup(pages[here]), "Related"), pages)
    # a-survey-of-attention shares both tags; four more share one: max five are shown.
    assert related == ["a-survey-of-attention", "attention-lecture", "flash-attention",
                       "the-illustrated-transformer", "kv-cache-guide"]


def test_related_entries_on_every_page(pages: dict[str, str], catalog: Catalog) -> None:
    for entry in catalog.entries:
        here = paths.entry(entry.id)
        page = soup(pages[here])
        if not any(h.get_text(strip=True) == "Related" for h in page.find_all("h2")):
            continue
        related = [catalog.entry_by_id[i] for i in linked_entries(here, list_after(page, "Related"), pages)]
        assert 1 <= len(related) <= 5, entry.id
        assert entry not in related
        counts = [shared_tags(entry, r) for r in related]
        assert counts == sorted(counts, reverse=True), entry.id
        if len(related) == 5:
            left_out = [o for o in catalog.entries if o is not entry and o not in related]
            assert all(shared_tags(entry, o) <= counts[-1] for o in left_out), entry.id


def test_entry_page_has_a_bibtex_snippet(pages: dict[str, str], catalog: Catalog) -> None:
    keys = set()
    for entry in catalog.entries:
        code = soup(pages[paths.entry(entry.id)]).select("pre.lr-cite code")
        assert len(code) == 1, entry.id
        library = bibtexparser.parse_string(code[0].get_text())
        assert not library.failed_blocks, entry.id
        assert len(library.entries) == 1, entry.id
        record = library.entries[0]
        keys.add(record.key)
        assert entry.title in record.fields_dict["title"].value
        assert record.fields_dict["url"].value == entry.url
    assert len(keys) == len(catalog.entries), "citation keys are not unique"


def test_arxiv_bibtex_record(pages: dict[str, str]) -> None:
    code = soup(pages["entries/attention-is-all-you-need.md"]).select_one("pre.lr-cite code")
    assert code is not None
    record = bibtexparser.parse_string(code.get_text()).entries[0]
    fields = {name: f.value for name, f in record.fields_dict.items()}
    assert record.entry_type == "misc"
    assert record.key == "vaswani2017attention"
    assert fields["eprint"] == "1706.03762"
    assert fields["archivePrefix"] == "arXiv"
    assert fields["year"] == "2017"
    assert [a.strip() for a in fields["author"].split(" and ")] == [
        "Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones"]


def test_all_entries_page_lists_every_entry(pages: dict[str, str], catalog: Catalog) -> None:
    here = paths.ENTRIES
    rows = soup(pages[here]).select("table.lr-table tbody tr")
    linked = [page_at(pages, resolve(here, href_of(r.td.a))[0]) for r in rows]
    assert sorted(linked) == sorted(paths.entry(e.id) for e in catalog.entries)
    titles = [r.td.get_text() for r in rows]
    assert titles == sorted(titles, key=str.lower)


# --------------------------------------------------------------------------- source pages


def test_source_pages_list_entries_in_position_order_under_headings(pages: dict[str, str]) -> None:
    def layout(source: str) -> list[tuple[str, list[tuple[str, str]]]]:
        here = paths.source(source)
        out = []
        for h2 in soup(pages[here]).find_all("h2"):
            ol = h2.find_next_sibling("ol")
            assert isinstance(ol, Tag)
            items = ol.find_all("li", recursive=False)
            for li in items:  # each item links to its entry's page
                assert resolve(here, href_of(li.a)) == (f"entries/{li['id']}/", "")
            out.append((h2.get_text(strip=True), [(str(li["id"]), str(li["value"])) for li in items]))
        return out

    assert layout("list-a") == [
        ("Foundations", [("the-illustrated-transformer", "1"), ("attention-is-all-you-need", "2")]),
        ("Tokens", [("bpe-explained", "3")]),
        ("Untitled section", [("what-is-an-llm", "4")]),
    ]
    assert layout("list-b") == [
        ("Papers", [("attention-is-all-you-need", "1")]),
        ("Courses", [("llm-course", "2"), ("what-is-an-llm", "3")]),
        ("Serving", [("kv-cache-guide", "4")]),
    ]


def test_sources_index_counts_entries(pages: dict[str, str]) -> None:
    items = soup(pages[paths.SOURCES]).select("ul li")
    assert [li.get_text(" ", strip=True) for li in items] == [
        "Reading list A by Ada Author (4 entries)", "Reading list B (4 entries)"]


# --------------------------------------------------------------------------- tag pages


def test_tag_pages_hold_every_entry_with_the_tag(pages: dict[str, str], catalog: Catalog) -> None:
    for name in TAGS:
        ids = sorted(str(c["id"]) for c in soup(pages[paths.tag(name)]).select("article.lr-card"))
        assert ids == sorted(e.id for e in catalog.entries if name in e.tags), name


def test_tags_index_links_every_tag_with_count(pages: dict[str, str]) -> None:
    here = paths.TAGS
    links = soup(pages[here]).select("p.lr-tagcloud a.lr-tag")
    assert [page_at(pages, resolve(here, href_of(a))[0]) for a in links] == [paths.tag(t) for t in TAGS]
    assert "#transformer (5)" in texts(links)


# --------------------------------------------------------------------------- home


def test_home_start_here(pages: dict[str, str]) -> None:
    start = linked_entries(paths.HOME, list_after(soup(pages[paths.HOME]), "Start here"), pages)
    # intro entries only; the one two lists recommend first, then catalogue order
    assert start == ["what-is-an-llm", "the-illustrated-transformer", "llm-course", "bpe-explained"]


def test_home_most_recommended_only_lists_entries_with_several_sources(pages: dict[str, str]) -> None:
    ol = list_after(soup(pages[paths.HOME]), "Most recommended")
    assert linked_entries(paths.HOME, ol, pages) == ["attention-is-all-you-need", "what-is-an-llm"]
    assert all("(2 lists)" in li.get_text() for li in ol.find_all("li"))


def test_home_recently_added_newest_first(pages: dict[str, str], catalog: Catalog) -> None:
    ul = list_after(soup(pages[paths.HOME]), "Recently added")
    recent = linked_entries(paths.HOME, ul, pages)
    assert len(recent) == 10  # eleven entries, ten shown: the oldest (tokenizer-playground) is left out
    assert "tokenizer-playground" not in recent
    dates = [catalog.entry_by_id[i].added for i in recent]
    assert dates == sorted(dates, reverse=True)
    assert recent[0] == "kv-cache-guide"
    assert f"({dt.date(2026, 1, 11).isoformat()})" in ul.li.get_text()


def test_home_links_every_topic(pages: dict[str, str]) -> None:
    links = soup(pages[paths.HOME]).select("ul.lr-topics a.lr-topic")
    assert [page_at(pages, resolve(paths.HOME, href_of(a))[0]) for a in links] == [f"topics/{t}.md" for t in TOPICS]


# --------------------------------------------------------------------------- links between pages


def internal_links(page: str) -> Iterator[str]:
    """Every href and src of a page that is not an external http(s) or mailto URL."""
    for tag in soup(page).find_all(True):
        for attr in ("href", "src"):
            value = tag.get(attr)
            if value is not None and not is_external(str(value)):
                yield str(value)


def test_every_relative_href_resolves_to_a_generated_page(pages: dict[str, str]) -> None:
    checked = 0
    for here, page in pages.items():
        for href in internal_links(page):
            url, fragment = resolve(here, href)
            target = page_at(pages, url)
            if fragment:
                assert fragment in ids_on(pages[target]), f"{here}: {href}: no id '{fragment}' on {target}"
            checked += 1
    assert checked > 300


def test_external_links_are_http(pages: dict[str, str]) -> None:
    for here, page in pages.items():
        for a in soup(page).find_all("a"):
            scheme = urlsplit(href_of(a)).scheme
            assert scheme in ("", "http", "https"), f"{here}: {href_of(a)}"


# --------------------------------------------------------------------------- snapshot


def test_pages_match_the_snapshot(pages: dict[str, str]) -> None:
    assert "UPDATE_SNAPSHOTS" not in os.environ  # conftest clears it: a test run never records its own answer
    stored = {p.relative_to(SNAPSHOT).as_posix(): p.read_bytes().decode("utf-8")
              for p in sorted(SNAPSHOT.rglob("*")) if p.is_file()}
    hint = "after an intended change, regenerate with: .venv/bin/python scripts/update-snapshot"
    assert sorted(stored) == sorted(pages), hint
    for path, text in pages.items():
        assert text == stored[path], f"{path} differs from the snapshot; {hint}"


# --------------------------------------------------------------------------- known defects


def _copy_fixture(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


def _page_count(catalog: Catalog) -> int:
    fixed = 7 + (1 if catalog.paths else 0)  # home, topics, entries, sources, tags, most-recommended, health (+ paths)
    tags = {t for e in catalog.entries for t in e.tags}
    return fixed + len(catalog.topics) + len(catalog.entries) + len(catalog.sources) + len(tags) + len(catalog.paths)


def test_page_count_formula_holds_for_the_fixture(pages: dict[str, str], catalog: Catalog) -> None:
    assert len(pages) == _page_count(catalog)


@pytest.mark.parametrize("edit", [
    pytest.param(("entries/tokenization.yaml", "tags: [bpe, from-scratch]", "tags: [bpe, index]", 9, "tags"), id="tag"),
    pytest.param(("entries/tokenization.yaml", "id: tokenizer-playground", "id: index", 25, "id"), id="entry"),
    pytest.param(("sources.yaml", "id: list-b", "id: index", 8, "id"), id="source"),
    pytest.param(("paths.yaml", "id: transformers-101", "id: index", 1, "id"), id="reading-path"),
])
def test_an_id_named_index_does_not_overwrite_an_index_page(tmp_path: Path,
                                                            edit: tuple[str, str, str, int, str]) -> None:
    """`check` rejects the name at its line, and the pages built from what stays valid overwrite nothing."""
    data = _copy_fixture(tmp_path)
    name, old, new, line, field_name = edit
    file = data / name
    text = file.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new)
    if new == "id: index" and name == "sources.yaml":
        for entries in (data / "entries").glob("*.yaml"):
            entries.write_text(entries.read_text(encoding="utf-8").replace("source: list-b", "source: index"),
                               encoding="utf-8")
    file.write_text(text, encoding="utf-8")
    catalog, problems = read_catalog(data)
    assert [str(p) for p in problems] == [
        f"{data / name}:{line}: {field_name}: 'index' is reserved for the index pages; choose another id"]
    assert len(build_pages(catalog)) == _page_count(catalog), "a generated page was overwritten by another"


def test_key_idea_about_an_entry_of_another_topic_links_somewhere_real(tmp_path: Path) -> None:
    data = _copy_fixture(tmp_path)
    topics = data / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace(
        "entries: [attention-is-all-you-need, the-illustrated-transformer]",
        "entries: [attention-is-all-you-need, kv-cache-guide]"), encoding="utf-8")
    catalog, problems = read_catalog(data)
    assert "attention" not in catalog.entry_by_id["kv-cache-guide"].topics
    assert [str(p) for p in problems] == [f"{topics}:17: key_ideas.entries: entry 'kv-cache-guide' is not in topic "
                                          "'attention'; add the topic to it"]
    pages = build_pages(catalog)  # what `mkdocs serve` shows while the data is being fixed
    here = paths.topic("attention")
    for a in soup(pages[here]).select("ul.lr-ideas a"):
        url, fragment = resolve(here, href_of(a))
        target = page_at(pages, url)
        assert not fragment or fragment in ids_on(pages[target]), f"{href_of(a)}: no '{fragment}' on {target}"


@pytest.mark.xfail(strict=True, reason="Site.related only scores the first TAG_FANOUT (60) entries of each tag, in "
                                       "catalogue order, so in a large tag the entry sharing the most tags is missed")
def test_related_finds_the_entry_sharing_most_tags_in_a_large_tag() -> None:
    def entry(entry_id: str, tags: list[str]) -> Entry:
        return Entry(id=entry_id, title=entry_id.title(), url=f"https://example.org/{entry_id}", kind=Kind.ARTICLE,
                     topics=["attention"], tags=tags, added=dt.date(2026, 1, 1))

    crowd = [entry(f"crowd-{n:03d}", ["transformer"]) for n in range(80)]
    me = entry("me", ["transformer", "kv-cache"])
    twin = entry("zz-twin", ["transformer", "kv-cache"])  # shares both tags, last in catalogue order
    topic = Topic(id="attention", title="Attention", description="d", order=1)
    source = Source(id="s", title="S", origin="o", imported=dt.date(2026, 1, 1))
    catalog = Catalog(FIXTURE, [topic], [source], [me, *crowd, twin])
    here = paths.entry("me")
    pages = build_pages(catalog)
    related = linked_entries(here, list_after(soup(pages[here]), "Related"), pages)
    assert related[0] == "zz-twin"


def test_a_lists_own_words_are_quoted_on_its_page_with_attribution(pages: dict[str, str], catalog: Catalog) -> None:
    item = soup(pages[paths.source("list-b")]).find("li", id="attention-is-all-you-need")
    assert isinstance(item, Tag)
    quote = item.find("blockquote")
    assert isinstance(quote, Tag)
    assert quote.p is not None and quote.p.get_text() == "“The paper that <b>started</b> it all & more.”"
    assert quote.find("b") is None
    assert quote.footer is not None and quote.footer.get_text(" ", strip=True) == "— the list Reading list B"
    note = catalog.entry_by_id["attention-is-all-you-need"].note
    assert note and note not in pages[paths.source("list-b")]
    other = soup(pages[paths.source("list-a")]).find("li", id="attention-is-all-you-need")
    assert isinstance(other, Tag) and other.find("blockquote") is None
