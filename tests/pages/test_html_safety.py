"""HTML safe by construction: every page kind rendered with hostile values in every field, read with a parser.

The allowed (element, attribute) pairs are those the same catalogue produces with its ordinary values:
a hostile value may change text, never the structure. Only http(s) URLs may become links.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from llmreads.catalog import Catalog, load_catalog
from llmreads.errors import Problem
from llmreads.links.model import HealthRecord, LinkState
from llmreads.model import Link, Rel
from llmreads.pages import build_pages
from llmreads.pages.errors import error_page
from llmreads.pages.html import Html, html, join, page
from llmreads.siteinfo import SiteInfo

FIXTURE = Path(__file__).resolve().parent / "fixture_data"
EVIL = ('<script>alert(1)</script>"><img src=x onerror=alert(2)>\' onmouseover=\'alert(3)\' '
        "<!-- [x](javascript:alert(4)) &amp; `<b>`")
BAD_URLS = ("javascript:alert(5)", 'https://example.com/"><script>alert(6)</script>',
            "data:text/html,<script>x</script>")
WHEN = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def _evil(n: int) -> str:
    return f"{EVIL} #{n}"


def _hostile(catalog: Catalog) -> tuple[Catalog, dict[str, HealthRecord]]:
    """The fixture catalogue with every free-text field replaced by markup (model_copy skips validation)."""
    counter = iter(range(10_000))
    topics = [t.model_copy(update={
        "title": _evil(next(counter)), "description": _evil(next(counter)), "intro": _evil(next(counter)),
        "key_ideas": [k.model_copy(update={"name": _evil(next(counter))}) for k in t.key_ideas]})
        for t in catalog.topics]
    sources = [s.model_copy(update={"title": _evil(next(counter)), "author": _evil(next(counter)),
                                    "url": BAD_URLS[0]}) for s in catalog.sources]
    entries = []
    for i, e in enumerate(catalog.entries):
        entries.append(e.model_copy(update={
            "title": _evil(next(counter)), "note": _evil(next(counter)), "organisation": _evil(next(counter)),
            "short_title": _evil(next(counter)),
            "authors": [_evil(next(counter)), _evil(next(counter))],
            "url": BAD_URLS[i % len(BAD_URLS)] if i % 2 else e.url,
            "links": [Link.model_construct(url=url, rel=Rel.CODE) for url in BAD_URLS],
            "sources": [r.model_copy(update={"heading": _evil(next(counter)), "comment": _evil(next(counter))})
                        for r in e.sources]}))
    reading_paths = [p.model_copy(update={
        "title": _evil(next(counter)), "description": _evil(next(counter)),
        "steps": [s.model_copy(update={"why": _evil(next(counter))}) for s in p.steps]}) for p in catalog.paths]
    hostile = Catalog(catalog.data_dir, topics, sources, entries, dict(catalog.places), reading_paths)
    health = {e.url: HealthRecord.model_construct(url=e.url, state=LinkState.BROKEN, code=404,
                                                  final_url=BAD_URLS[1], checked_at=WHEN, archive_url=BAD_URLS[0])
              for e in entries}
    return hostile, health


def _structure(text: str) -> tuple[set[tuple[str, str]], list[Tag]]:
    """Every (element, attribute) pair of a page's HTML (Markdown rendered as MkDocs does), and its links."""
    body = text.split("\n---\n", 1)[1]
    soup = BeautifulSoup(markdown.markdown(body, extensions=["toc", "attr_list", "md_in_html"]), "html.parser")
    pairs: set[tuple[str, str]] = set()
    for element in soup.find_all(True):
        pairs.add((element.name, ""))
        pairs.update((element.name, attr) for attr in element.attrs)
    return pairs, [a for a in soup.find_all("a")]


@pytest.fixture(scope="module")
def built() -> tuple[dict[str, str], dict[str, str]]:
    catalog = load_catalog(FIXTURE)
    plain_entries = [e.model_copy(update={"organisation": "Lab", "short_title": "T5", "sources": [
        r.model_copy(update={"comment": "A comment."}) for r in e.sources]}) for e in catalog.entries]
    catalog = Catalog(catalog.data_dir, catalog.topics, catalog.sources, plain_entries,
        dict(catalog.places), catalog.paths)
    plain = build_pages(catalog, info=SiteInfo(name="Plain", description="A list."),
                        health={e.url: HealthRecord(url=e.url, state=LinkState.BROKEN, code=404,
                                                    final_url="https://example.com/moved", checked_at=WHEN,
                                                    archive_url="https://web.archive.org/x") for e in catalog.entries})
    hostile_catalog, health = _hostile(catalog)
    info = SiteInfo(name=_evil(9001), description=_evil(9002), home_title=_evil(9003), home_intro=_evil(9004))
    return plain, build_pages(hostile_catalog, health=health, info=info)


def test_every_page_kind_is_built_with_hostile_values(built: tuple[dict[str, str], dict[str, str]]) -> None:
    plain, hostile = built
    kinds = {path.split("/")[0] for path in hostile}
    assert {"index.md", "topics", "entries", "sources", "tags", "paths", "health.md", "most-recommended.md"} <= kinds
    assert set(plain) == set(hostile)


def test_hostile_values_add_no_element_or_attribute(built: tuple[dict[str, str], dict[str, str]]) -> None:
    plain, hostile = built
    allowed: set[tuple[str, str]] = set()
    for text in plain.values():
        allowed |= _structure(text)[0]
    for path, text in hostile.items():
        pairs, _ = _structure(text)
        assert pairs <= allowed, f"{path}: injected {sorted(pairs - allowed)}"
        assert not any(attr.startswith("on") for _, attr in pairs), path


def test_only_http_urls_become_links(built: tuple[dict[str, str], dict[str, str]]) -> None:
    _, hostile = built
    for path, text in hostile.items():
        for link in _structure(text)[1]:
            href = str(link.get("href", ""))
            scheme = urlsplit(href).scheme
            assert scheme in ("http", "https") or (not scheme and ":" not in href.split("/")[0]), f"{path}: {href}"


def test_hostile_text_is_shown_as_text(built: tuple[dict[str, str], dict[str, str]]) -> None:
    _, hostile = built
    body = hostile["index.md"].split("\n---\n", 1)[1]
    soup = BeautifulSoup(markdown.markdown(body, extensions=["toc", "attr_list", "md_in_html"]), "html.parser")
    assert EVIL + " #9004" in soup.get_text()  # the home intro, escaped and shown, not interpreted


def test_front_matter_values_are_escaped_for_the_theme(built: tuple[dict[str, str], dict[str, str]]) -> None:
    _, hostile = built
    for path, text in hostile.items():
        front: Any = yaml.safe_load(text[4:].split("\n---\n", 1)[0])
        for key in ("title", "description"):
            assert "<" not in str(front.get(key, "")), f"{path}: {key}"


def test_the_error_page_escapes_problems() -> None:
    text = error_page([Problem(EVIL, 1, EVIL, EVIL)], data_dir=EVIL)
    pairs, links = _structure(text)
    assert pairs <= {("p", ""), ("p", "class"), ("p", "role"), ("code", ""), ("pre", ""), ("pre", "class"),
                     ("h1", ""), ("h1", "id")}
    assert links == []


def test_html_escapes_every_value_that_is_not_marked_safe() -> None:
    assert html("<p>{}</p>", "<b>") == "<p>&lt;b&gt;</p>"
    assert html("<p>{}</p>", Html("<b>")) == "<p><b></p>"
    assert join(", ", ["<i>", Html("<b>")]) == "&lt;i&gt;, <b>"
    assert Html("<p>") + "<b>" == "<p>&lt;b&gt;"
    assert "<b>" + Html("<p>") == "&lt;b&gt;<p>"
    assert page([Html("<p>"), "<script>"]) == "<p>&lt;script&gt;"
    assert html('<a title="{}">', "\"'\x1b\u202e") == '<a title="&quot;&#x27;">'
