"""Catalog lookups: by id, and by URL under its canonical form (any spelling of a work's address finds it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from llmreads.catalog import Catalog
from llmreads.model import Entry
from llmreads.urls import canonical_url

URLS = {
    "paper": "http://www.arxiv.org/pdf/1706.03762v5.pdf",
    "post": "https://blog.example.com/posts/one/?utm_source=x&b=2&a=1#intro",
    "video": "https://youtu.be/dQw4w9WgXcQ?t=42",
}
SPELLINGS = {
    "paper": ["https://arxiv.org/abs/1706.03762", "https://arxiv.org/abs/1706.03762v7", "https://export.arxiv.org/abs/1706.03762"],
    "post": ["http://blog.example.com/posts/one?a=1&b=2", "https://BLOG.example.com/posts/one/?b=2&a=1&utm_medium=y"],
    "video": ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share"],
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    entries = [Entry(id=name, title=name.title(), url=url, kind="article", topics=["t"], added=dt.date(2026, 1, 1))
               for name, url in URLS.items()]
    return Catalog(data_dir=Path("data"), topics=[], sources=[], entries=entries)


def test_entry_by_url_is_keyed_on_the_canonical_url(catalog: Catalog) -> None:
    assert set(catalog.entry_by_url) == {canonical_url(url) for url in URLS.values()}
    assert URLS["post"] not in catalog.entry_by_url  # not the raw spelling


@pytest.mark.parametrize("name", list(SPELLINGS))
def test_every_spelling_of_an_address_finds_its_entry(catalog: Catalog, name: str) -> None:
    for spelling in [URLS[name], *SPELLINGS[name]]:
        assert catalog.entry_by_url[canonical_url(spelling)].id == name, spelling


def test_entry_by_id_and_entries_in(catalog: Catalog) -> None:
    assert catalog.entry_by_id["post"].url == URLS["post"]
    assert [e.id for e in catalog.entries_in("t")] == list(URLS)
    assert catalog.entries_in("other") == []
