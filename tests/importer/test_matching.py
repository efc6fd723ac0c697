"""The works an import already knows: found by any address they go by, or by title for a paper's copies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from llmreads.identity import work_key
from llmreads.importer import matching
from llmreads.importer.matching import Known, Works
from llmreads.model import Entry, Kind, Link, Rel, SourceRef

DAY = dt.date(2026, 1, 1)
FILE = Path("data/entries/a.yaml")


def known(entry_id: str, url: str, title: str = "A title", kind: str = "article", year: int | None = None,
          other_urls: tuple[str, ...] = ()) -> Known:
    return Known(entry_id, url, FILE, [], set(), Works().key(url), title, kind, year, other_urls)


def test_known_of_an_entry() -> None:
    entry = Entry(id="attn", title="Attention Is All You Need", url="https://arxiv.org/abs/1706.03762v5",
                  kind=Kind.PAPER, year=2017, topics=["t"], added=DAY,
                  sources=[SourceRef(source="s", heading="H", position=3)],
                  links=[Link(url="https://a.example/attn.pdf", rel=Rel.PDF),
                         Link(url="https://web.archive.org/web/2020/https://a.example/attn", rel=Rel.ARCHIVE),
                         Link(url="https://github.com/a/b", rel=Rel.CODE)])
    found = Known.of(entry, FILE)
    assert (found.id, found.url, found.file, found.title, found.kind, found.year) == (
        "attn", "https://arxiv.org/abs/1706.03762v5", FILE, "Attention Is All You Need", "paper", 2017)
    assert found.refs == [SourceRef(source="s", heading="H", position=3)]
    assert found.links == {"https://a.example/attn.pdf", "https://github.com/a/b",
                           "https://web.archive.org/web/2020/https://a.example/attn"}
    assert found.key == "arxiv:1706.03762"
    assert found.other_urls == ("https://a.example/attn.pdf", "https://web.archive.org/web/2020/https://a.example/attn")


def test_a_work_is_found_by_its_address_in_any_spelling() -> None:
    works = Works()
    work = known("a", "https://example.com/post/")
    works.add(work)
    assert works.find("http://www.example.com/post?utm_source=x", None, "article", None) is work
    assert works.find("https://example.com/other", None, "article", None) is None


def test_a_work_is_found_by_its_pdf_or_archived_copy_but_its_own_address_wins() -> None:
    works = Works()
    first = known("first", "https://a.example/paper", other_urls=("https://b.example/paper.pdf",))
    second = known("second", "https://b.example/paper.pdf", other_urls=("https://a.example/paper",))
    third = known("third", "https://c.example/x", other_urls=("https://b.example/paper.pdf",))
    for work in (first, second, third):
        works.add(work)
    assert works.find("https://b.example/paper.pdf", None, "article", None) is second
    assert works.find("https://a.example/paper", None, "article", None) is first
    assert works.by_key[works.key("https://c.example/x")] is third
    fourth = known("fourth", "https://d.example/x", other_urls=("https://d.example/x.pdf",))
    works.add(fourth)
    assert works.find("https://d.example/x.pdf", None, "article", None) is fourth  # by its copy alone


def test_an_arxiv_preprint_is_found_by_title_from_its_proceedings_copy() -> None:
    works = Works()
    preprint = known("p", "https://arxiv.org/abs/2005.14165", "Language Models are Few-Shot Learners", "paper", 2020)
    works.add(preprint)
    proceedings = "https://proceedings.neurips.cc/paper/2020/hash/1457c0d6bfcb4967418bfb8ac142f64a-Abstract.html"
    assert works.find(proceedings, "Language models are few-shot learners!", "paper", 2020) is preprint
    assert works.find(proceedings, "Language models are few-shot learners", "paper", 2022) is None  # years apart
    assert works.find(proceedings, "Language models are few-shot learners", "article", 2020) is None
    assert works.find(proceedings, "Another title", "paper", 2020) is None
    assert works.find(proceedings, None, "paper", 2020) is None
    assert works.find(proceedings, "", "paper", 2020) is None


def test_a_same_title_elsewhere_is_only_possible_so_not_found() -> None:
    works = Works()
    works.add(known("a", "https://a.example/intro", "Introduction to RLHF"))
    assert works.find("https://b.example/intro", "Introduction to RLHF", "article", None) is None


def test_every_work_of_a_title_is_tried() -> None:
    works = Works()
    blog = known("blog", "https://a.example/gpt3", "Language Models are Few-Shot Learners", "article", 2020)
    preprint = known("p", "https://arxiv.org/abs/2005.14165", "Language Models are Few-Shot Learners", "paper", 2020)
    works.add(blog)
    works.add(preprint)
    assert [w.id for w in works.by_title["language models are few shot learners"]] == ["blog", "p"]
    proceedings = "https://proceedings.neurips.cc/paper/2020/hash/1457c0d6bfcb4967418bfb8ac142f64a-Abstract.html"
    assert works.find(proceedings, "Language Models are Few-Shot Learners", "paper", 2021) is preprint


def test_the_key_cache_works_out_each_address_once(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def counted(url: str) -> str:
        asked.append(url)
        return work_key(url)

    monkeypatch.setattr(matching, "work_key", counted)
    works = Works()
    assert works.key("https://arxiv.org/pdf/1706.03762v2") == "arxiv:1706.03762"
    assert works.key("https://arxiv.org/pdf/1706.03762v2") == "arxiv:1706.03762"
    assert works.key("https://Example.com/a/") == works.key("https://example.com/a")
    assert asked == ["https://arxiv.org/pdf/1706.03762v2", "https://Example.com/a/", "https://example.com/a"]
