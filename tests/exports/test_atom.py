"""`llmreads export atom`: well-formed Atom 1.0 that meets RFC 4287's required elements and cardinality rules."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urlsplit

import pytest
from conftest import DATA, run

from llmreads.catalog import Catalog
from llmreads.exports import render
from llmreads.exports.atom import FEED_SIZE, to_atom
from llmreads.siteinfo import SiteInfo

from .conftest import MakeEntry

NS = "http://www.w3.org/2005/Atom"
A = f"{{{NS}}}"
SITE = "https://example.org/llmreads/"
#: RFC 3339 date-time (section 5.6), with the upper-case T and Z RFC 4287 section 3.3 requires.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")

# RFC 4287 section 4.1.1 (atom:feed) and 4.1.2 (atom:entry): children and how often each may appear.
FEED_CHILDREN = {"author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights",
                 "subtitle", "title", "updated", "entry"}
ENTRY_CHILDREN = {"author", "category", "content", "contributor", "id", "link", "published", "rights", "source",
                  "summary", "title", "updated"}
FEED_EXACTLY_ONE = ("id", "title", "updated")
FEED_AT_MOST_ONE = ("generator", "icon", "logo", "rights", "subtitle")
ENTRY_EXACTLY_ONE = ("id", "title", "updated")
ENTRY_AT_MOST_ONE = ("content", "published", "rights", "source", "summary")
TEXT_CONSTRUCTS = ("title", "subtitle", "summary", "rights")
DATE_CONSTRUCTS = ("updated", "published")


def rfc4287_violations(feed: ET.Element) -> list[str]:
    """Check a parsed feed against RFC 4287's MUST rules for the constructs a feed like ours can hold."""
    problems: list[str] = []
    if feed.tag != f"{A}feed":
        return [f"root element is {feed.tag}, not atom:feed"]
    children = list(feed)
    names = [local(c) for c in children if c.tag.startswith(A)]
    problems += [f"feed: unknown Atom element atom:{n}" for n in set(names) - FEED_CHILDREN]
    problems += cardinality("feed", names, FEED_EXACTLY_ONE, FEED_AT_MOST_ONE)
    first_entry = names.index("entry") if "entry" in names else len(names)
    if any(n != "entry" for n in names[first_entry:]):
        problems.append("feed: metadata elements must come before the first atom:entry")
    problems += alternate_links("feed", feed)
    if not any(link.get("rel") == "self" for link in feed.findall(f"{A}link")):
        problems.append("feed: no atom:link rel='self' (RFC 4287 4.1.1: SHOULD)")
    entries = feed.findall(f"{A}entry")
    if not feed.findall(f"{A}author") and not all(e.findall(f"{A}author") for e in entries):
        problems.append("feed: no atom:author, and not every entry has one")
    problems += common("feed", feed)
    for index, entry in enumerate(entries):
        where = f"entry {index + 1}"
        entry_names = [local(c) for c in entry if c.tag.startswith(A)]
        problems += [f"{where}: unknown Atom element atom:{n}" for n in set(entry_names) - ENTRY_CHILDREN]
        problems += cardinality(where, entry_names, ENTRY_EXACTLY_ONE, ENTRY_AT_MOST_ONE)
        problems += alternate_links(where, entry)
        if "content" not in entry_names and not any(link.get("rel", "alternate") == "alternate"
                                                    for link in entry.findall(f"{A}link")):
            problems.append(f"{where}: no atom:content, so it needs an atom:link rel='alternate'")
        problems += common(where, entry)
    return problems


def local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def cardinality(where: str, names: list[str], exactly_one: tuple[str, ...], at_most_one: tuple[str, ...]) -> list[str]:
    counts = Counter(names)
    return ([f"{where}: {counts[n]} atom:{n} (exactly one required)" for n in exactly_one if counts[n] != 1]
            + [f"{where}: {counts[n]} atom:{n} (at most one allowed)" for n in at_most_one if counts[n] > 1])


def alternate_links(where: str, parent: ET.Element) -> list[str]:
    pairs = Counter((link.get("type"), link.get("hreflang")) for link in parent.findall(f"{A}link")
                    if link.get("rel", "alternate") == "alternate")
    return [f"{where}: {n} rel='alternate' links with type={t} hreflang={h}" for (t, h), n in pairs.items() if n > 1]


def common(where: str, parent: ET.Element) -> list[str]:
    """Person, date, text, id, link and category constructs directly under a feed or an entry."""
    problems: list[str] = []
    for person in [*parent.findall(f"{A}author"), *parent.findall(f"{A}contributor")]:
        counts = Counter(local(c) for c in person)
        if counts["name"] != 1 or counts["uri"] > 1 or counts["email"] > 1:
            problems.append(f"{where}: person construct needs one atom:name, at most one uri and email")
        elif not (person.findtext(f"{A}name") or "").strip():
            problems.append(f"{where}: empty atom:name")
    for name in DATE_CONSTRUCTS:
        for element in parent.findall(f"{A}{name}"):
            if not RFC3339.match(element.text or ""):
                problems.append(f"{where}: atom:{name} {element.text!r} is not an RFC 3339 date-time")
    for name in TEXT_CONSTRUCTS:
        for element in parent.findall(f"{A}{name}"):
            kind = element.get("type", "text")
            if kind not in ("text", "html", "xhtml"):
                problems.append(f"{where}: atom:{name} has type={kind!r}")
            if kind == "text" and len(element):
                problems.append(f"{where}: atom:{name} of type text has child elements")
    for element in parent.findall(f"{A}id"):
        if not urlsplit((element.text or "").strip()).scheme:
            problems.append(f"{where}: atom:id {element.text!r} is not an absolute IRI")
    for link in parent.findall(f"{A}link"):
        if not link.get("href"):
            problems.append(f"{where}: atom:link without href")
    for category in parent.findall(f"{A}category"):
        if not category.get("term"):
            problems.append(f"{where}: atom:category without term")
    return problems


def parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def stamp(text: str | None) -> dt.datetime:
    assert text is not None and RFC3339.match(text), text
    return dt.datetime.fromisoformat(text)


@pytest.fixture(scope="module")
def feed() -> ET.Element:
    result = run("--data", str(DATA), "export", "atom", "--site-url", SITE)
    assert result.exit_code == 0, result.output
    return parse(result.stdout)


# ---------------------------------------------------------------------------------------------
# The feed of the committed catalogue


def test_root_is_an_atom_feed(feed: ET.Element) -> None:
    assert feed.tag == f"{A}feed"


def test_feed_meets_rfc4287(feed: ET.Element) -> None:
    assert rfc4287_violations(feed) == []


def test_feed_has_id_title_updated_and_self_link(feed: ET.Element) -> None:
    assert feed.findtext(f"{A}id") == SITE + "feed.xml"
    assert feed.findtext(f"{A}title") == "llmreads: recently added"
    stamp(feed.findtext(f"{A}updated"))
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links == {"self": SITE + "feed.xml", "alternate": SITE}


def test_every_entry_has_id_title_updated_link_and_author(feed: ET.Element, catalog: Catalog) -> None:
    entries = feed.findall(f"{A}entry")
    assert entries
    for entry in entries:
        entry_id = entry.findtext(f"{A}id") or ""
        assert entry_id.startswith(SITE + "entries/") and entry_id.endswith("/"), entry_id
        work = catalog.entry_by_id[entry_id.removeprefix(SITE + "entries/").rstrip("/")]
        assert entry.findtext(f"{A}title") == work.title
        assert stamp(entry.findtext(f"{A}updated")).date() == work.added
        alternate = [link.get("href") for link in entry.findall(f"{A}link") if link.get("rel") == "alternate"]
        assert alternate == [work.url]
        assert [a.findtext(f"{A}name") for a in entry.findall(f"{A}author")] == (work.authors or ["unknown"])


def test_timestamps_are_rfc3339_and_the_feed_is_as_new_as_its_newest_entry(feed: ET.Element) -> None:
    updated = [stamp(e.findtext(f"{A}updated")) for e in feed.findall(f"{A}entry")]
    assert all(u.tzinfo is not None for u in updated)
    assert stamp(feed.findtext(f"{A}updated")) == max(updated)


def test_entry_ids_are_unique(feed: ET.Element) -> None:
    ids = [e.findtext(f"{A}id") for e in feed.findall(f"{A}entry")]
    assert len(set(ids)) == len(ids)


def test_newest_first_and_limited(feed: ET.Element, catalog: Catalog) -> None:
    entries = feed.findall(f"{A}entry")
    assert len(entries) == min(FEED_SIZE, len(catalog.entries))
    updated = [stamp(e.findtext(f"{A}updated")) for e in entries]
    assert updated == sorted(updated, reverse=True)
    oldest_shown = min(updated).date()
    shown = {(e.findtext(f"{A}id") or "").rstrip("/").rsplit("/", 1)[-1] for e in entries}
    assert all(e.added <= oldest_shown for e in catalog.entries if e.id not in shown), "a newer entry was left out"


def test_each_topic_feed_holds_only_that_topic(catalog: Catalog) -> None:
    for topic in catalog.topics:
        feed = parse(render(catalog, "atom", topic=topic.id, site_url=SITE, info=SiteInfo(name="My list")))
        assert rfc4287_violations(feed) == [], topic.id
        assert feed.findtext(f"{A}id") == f"{SITE}topics/{topic.id}/feed.xml"
        assert feed.findtext(f"{A}title") == f"My list: {topic.title}"
        entries = feed.findall(f"{A}entry")
        assert len(entries) == min(FEED_SIZE, len(catalog.entries_in(topic.id))), topic.id
        for entry in entries:
            work = catalog.entry_by_id[(entry.findtext(f"{A}id") or "").rstrip("/").rsplit("/", 1)[-1]]
            assert topic.id in work.topics, (topic.id, work.id)
            assert topic.id in [c.get("term") for c in entry.findall(f"{A}category")]


def test_topic_feed_from_the_command_line() -> None:
    result = run("--data", str(DATA), "export", "atom", "--topic", "attention", "--site-url", SITE)
    assert result.exit_code == 0, result.output
    feed = parse(result.stdout)
    assert feed.findtext(f"{A}id") == SITE + "topics/attention/feed.xml"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links == {"self": SITE + "topics/attention/feed.xml", "alternate": SITE + "topics/attention/"}


def test_unknown_topic_is_one_line_error() -> None:
    result = run("--data", str(DATA), "export", "atom", "--topic", "atention")
    assert result.exit_code == 1
    assert result.stderr == "error: unknown topic 'atention'\n"


# ---------------------------------------------------------------------------------------------
# Made-up entries


def test_order_is_newest_first_and_limit_keeps_the_newest(make_entry: MakeEntry) -> None:
    days = [dt.date(2026, 3, 1), dt.date(2026, 1, 1), dt.date(2026, 5, 1), dt.date(2026, 2, 1)]
    entries = [make_entry(id=f"e{n}", url=f"https://example.com/{n}", added=day) for n, day in enumerate(days)]
    feed = parse(to_atom(entries, SITE, title="t", feed_path="feed.xml", limit=3))
    assert rfc4287_violations(feed) == []
    assert [e.findtext(f"{A}updated") for e in feed.findall(f"{A}entry")] == [
        "2026-05-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-02-01T00:00:00Z"]
    assert feed.findtext(f"{A}updated") == "2026-05-01T00:00:00Z"


def test_markup_in_titles_notes_and_authors_is_escaped(make_entry: MakeEntry) -> None:
    title = "<b>Tom & Jerry</b> say \"hi\" <script>alert(1)</script>"
    entry = make_entry(title=title, note="Uses <em>&amp;</em> & more.", authors=["A <b>& Co"],
                       url="https://example.com/?a=1&b=<2>")
    text = to_atom([entry], SITE, title="Feeds & <things>", feed_path="feed.xml")
    assert "<b>" not in text and "<script>" not in text and "<em>" not in text
    assert "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;" in text
    feed = parse(text)
    assert rfc4287_violations(feed) == []
    assert feed.findtext(f"{A}title") == "Feeds & <things>"
    item = feed.find(f"{A}entry")
    assert item is not None
    assert item.findtext(f"{A}title") == title
    assert item.findtext(f"{A}summary") == "Uses <em>&amp;</em> & more."
    assert item.findtext(f"{A}author/{A}name") == "A <b>& Co"
    assert [link.get("href") for link in item.findall(f"{A}link") if link.get("rel") == "alternate"] == [
        "https://example.com/?a=1&b=<2>"]


def test_an_entry_without_authors_still_has_an_author(make_entry: MakeEntry) -> None:
    feed = parse(to_atom([make_entry(authors=[])], SITE, title="t", feed_path="feed.xml"))
    assert rfc4287_violations(feed) == []
    assert feed.findtext(f"{A}entry/{A}author/{A}name")


def test_an_empty_feed_is_still_valid() -> None:
    feed = parse(to_atom([], SITE, title="t", feed_path="feed.xml"))
    assert rfc4287_violations(feed) == []
    assert feed.findtext(f"{A}updated") == "2000-01-01T00:00:00Z"  # a fixed date, so the text stays the same
    assert feed.findall(f"{A}entry") == []


def test_site_url_without_trailing_slash(make_entry: MakeEntry) -> None:
    feed = parse(to_atom([make_entry()], SITE.rstrip("/"), title="t", feed_path="feed.xml"))
    assert feed.findtext(f"{A}id") == SITE + "feed.xml"
    assert feed.findtext(f"{A}entry/{A}id") == SITE + "entries/an-entry/"


# ---------------------------------------------------------------------------------------------
# The checker itself catches what it claims to


@pytest.mark.parametrize(("xml", "expected"), [
    ("<feed xmlns='{ns}'><title>t</title><updated>2026-01-01T00:00:00Z</updated></feed>", "0 atom:id"),
    ("<feed xmlns='{ns}'><id>urn:x</id><id>urn:y</id><title>t</title><updated>2026-01-01T00:00:00Z</updated>"
     "<author><name>a</name></author></feed>", "2 atom:id"),
    ("<feed xmlns='{ns}'><id>urn:x</id><title>t</title><updated>2026-01-01</updated>"
     "<author><name>a</name></author></feed>", "not an RFC 3339"),
    ("<feed xmlns='{ns}'><id>urn:x</id><title>t</title><updated>2026-01-01T00:00:00Z</updated>"
     "<entry><id>urn:e</id><title>e</title><updated>2026-01-01T00:00:00Z</updated></entry></feed>",
     "no atom:author"),
    ("<feed xmlns='{ns}'><id>urn:x</id><title>t</title><updated>2026-01-01T00:00:00Z</updated>"
     "<author><name>a</name></author><entry><id>urn:e</id><title>e</title>"
     "<updated>2026-01-01T00:00:00Z</updated></entry></feed>", "needs an atom:link rel='alternate'"),
    ("<feed xmlns='{ns}'><id>relative/path</id><title>t</title><updated>2026-01-01T00:00:00Z</updated>"
     "<author><name>a</name></author></feed>", "not an absolute IRI"),
    ("<feed xmlns='{ns}'><id>urn:x</id><title type='markdown'>t</title><updated>2026-01-01T00:00:00Z</updated>"
     "<author><name>a</name></author></feed>", "type='markdown'"),
    ("<feed xmlns='http://purl.org/rss/1.0/'><id>urn:x</id></feed>", "not atom:feed"),
])
def test_the_rfc4287_check_rejects_broken_feeds(xml: str, expected: str) -> None:
    problems = rfc4287_violations(ET.fromstring(xml.replace("{ns}", NS)))
    assert any(expected in p for p in problems), problems


WHOLE_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>https://reads.example/sub/topics/rag/feed.xml</id>
  <title>Reads: RAG</title>
  <updated>2026-01-03T00:00:00Z</updated>
  <link rel="self" href="https://reads.example/sub/topics/rag/feed.xml" />
  <link rel="alternate" href="https://reads.example/sub/topics/rag/" />
  <author>
    <name>Eds</name>
  </author>
  <entry>
    <id>https://reads.example/sub/entries/no-authors/</id>
    <title>Anon</title>
    <updated>2026-01-03T00:00:00Z</updated>
    <link rel="alternate" href="https://example.com/a?b=1&amp;c=2" />
    <link rel="related" href="https://reads.example/sub/entries/no-authors/" />
    <author>
      <name>unknown</name>
    </author>
    <category term="rag" />
  </entry>
  <entry>
    <id>https://reads.example/sub/entries/an-entry/</id>
    <title>Same day, earlier id</title>
    <updated>2026-01-03T00:00:00Z</updated>
    <link rel="alternate" href="https://example.com/an-entry" />
    <link rel="related" href="https://reads.example/sub/entries/an-entry/" />
    <author>
      <name>Ada Lovelace</name>
    </author>
    <category term="rag" />
  </entry>
  <entry>
    <id>https://reads.example/sub/entries/vaswani-attention/</id>
    <title>Attention &lt;Is&gt; All</title>
    <updated>2026-01-02T00:00:00Z</updated>
    <link rel="alternate" href="https://arxiv.org/abs/1706.03762" />
    <link rel="related" href="https://reads.example/sub/entries/vaswani-attention/" />
    <author>
      <name>Ashish Vaswani</name>
    </author>
    <author>
      <name>Noam Shazeer</name>
    </author>
    <category term="attention" />
    <category term="rag" />
    <summary>The transformer &amp; its heads.</summary>
  </entry>
</feed>
"""


def test_a_whole_feed(make_entry: MakeEntry) -> None:
    """Every element and attribute of a small topic feed, written out by hand: newest first (ties by id,
    later id first), cut at the limit, people and categories repeated, markup escaped."""
    entries = [
        make_entry(id="vaswani-attention", title="Attention <Is> All", url="https://arxiv.org/abs/1706.03762",
                   authors=["Ashish Vaswani", "Noam Shazeer"], year=2017, kind="paper", topics=["attention", "rag"],
                   added=dt.date(2026, 1, 2), note="The transformer & its heads."),
        make_entry(id="no-authors", title="Anon", url="https://example.com/a?b=1&c=2", authors=[], topics=["rag"],
                   added=dt.date(2026, 1, 3)),
        make_entry(id="old", title="Old", url="https://example.com/old", topics=["rag"], added=dt.date(2025, 1, 3)),
        make_entry(title="Same day, earlier id", topics=["rag"], added=dt.date(2026, 1, 3)),
    ]
    text = to_atom(entries, "https://reads.example/sub", title="Reads: RAG", feed_path="topics/rag/feed.xml",
                   page_path="topics/rag.md", limit=3, author="Eds")
    assert text == WHOLE_FEED


def test_the_feed_keeps_the_fifty_newest(make_entry: MakeEntry) -> None:
    entries = [make_entry(id=f"e{n:02}", added=dt.date(2026, 1, 1) + dt.timedelta(days=n)) for n in range(51)]
    feed = ET.fromstring(to_atom(entries, "https://reads.example/", title="t", feed_path="feed.xml"))
    ids = [e.findtext(f"{A}id") for e in feed.findall(f"{A}entry")]
    assert len(ids) == 50
    assert ids[0] == "https://reads.example/entries/e50/" and ids[-1] == "https://reads.example/entries/e01/"
