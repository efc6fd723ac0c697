"""Guesses from a bare URL: a year only when the URL can really carry it."""

from __future__ import annotations

import pytest

from llmreads.importer.guess import arxiv_year, guess_kind, guess_year
from llmreads.model import Kind


@pytest.mark.parametrize(("url", "year"), [
    ("https://arxiv.org/abs/2401.04088", 2024),
    ("https://arxiv.org/pdf/0704.0001v2", 2007),
    ("https://arxiv.org/abs/hep-th/9901001", 1999),
    ("https://arxiv.org/abs/cs/0112017", 2001),
    ("https://arxiv.org/abs/9912.12345", None),   # a typo: would be 2099
    ("https://arxiv.org/abs/2413.00001", None),   # no 13th month
    ("https://arxiv.org/abs/2601.00001", None),   # after the latest year allowed
    ("https://arxiv.org/abs/0612.00001", None),   # new-style ids began in 2007
    ("https://example.org/blog/2023/05/post", 2023),
])
def test_year_from_a_url(url: str, year: int | None) -> None:
    assert guess_year(url, 2025) == year


@pytest.mark.parametrize(("url", "year"), [
    ("https://example.org/2023-05-01/post", 2023),      # dashes as well as slashes
    ("https://example.org/2023/May/post", 2023),        # a month's name
    ("https://example.org/1990/01/post", 1990),         # the earliest year read
    ("https://example.org/1989/01/post", None),
    ("https://example.org/2025/01/post", 2025),         # the latest year allowed
    ("https://example.org/2026/01/post", None),
    ("https://example.org/2023/may/post", None),        # a month name is capitalised
    ("https://example.org/2023/05", None),              # the month is followed by a separator
    ("https://example.org/x2023/05/post", None),        # the year starts a segment
    ("https://example.org/post?d=/2023/05/", None),     # only the path counts
    ("https://example.org/2023/5/post", None),
])
def test_year_from_a_dated_path(url: str, year: int | None) -> None:
    assert guess_year(url, 2025) == year


@pytest.mark.parametrize(("ident", "year"), [
    ("2401.04088", 2024), ("0704.0001", 2007), ("0612.0001", None), ("2412.00001", 2024), ("2400.00001", None),
    ("2413.00001", None), ("2501.00001", 2025), ("2601.00001", None), ("hep-th/9108001", 1991),
    ("hep-th/9012001", None), ("math/0001001", 2000), ("cs/0612001", 2006), ("x", None),
    ("cs/abcd", None),
])
def test_year_from_an_arxiv_id(ident: str, year: int | None) -> None:
    assert arxiv_year(ident, 2025) == year


@pytest.mark.parametrize(("url", "kind"), [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", Kind.VIDEO),
    ("https://youtu.be/dQw4w9WgXcQ", Kind.VIDEO),
    ("https://www.youtube.com/playlist?list=PL123", Kind.COURSE),
    ("https://m.youtube.com/playlist?list=PL123", Kind.COURSE),
    ("https://www.youtube.com/@channel", Kind.ARTICLE),
    ("https://example.com/watch?list=PL123", Kind.ARTICLE),      # a playlist only on YouTube
    ("https://arxiv.org/abs/2401.04088", Kind.PAPER),
    ("https://openreview.net/forum?id=abc", Kind.PAPER),
    ("https://www.aclanthology.org/2023.acl-long.1/", Kind.PAPER),
    ("https://papers.nature.com/articles/x", Kind.PAPER),         # a subdomain of a paper host
    ("https://notnature.com/articles/x", Kind.ARTICLE),           # not a subdomain: another site
    ("https://proceedings.mlr.press/v1/a.html", Kind.PAPER),
    ("https://news.ycombinator.com/item?id=1", Kind.THREAD),
    ("https://www.reddit.com/r/x/comments/1", Kind.THREAD),
    ("https://old.reddit.com/r/x/comments/1", Kind.THREAD),
    ("https://redditmedia.com/r/x", Kind.THREAD),
    ("https://docs.google.com/presentation/d/1", Kind.SLIDES),
    ("https://docs.google.com/document/d/1", Kind.ARTICLE),
    ("https://github.com/karpathy/nanoGPT", Kind.CODE),
    ("https://gitlab.com/a/b", Kind.CODE),
    ("https://gist.github.com/a/1", Kind.CODE),
    ("https://github.com/a/b/raw/main/Paper.PDF", Kind.PAPER),    # a PDF kept in a repository
    ("https://example.com/files/report.pdf", Kind.PAPER),
    ("https://example.com/files/report.PDF", Kind.PAPER),
    ("https://example.com/pdf/report", Kind.ARTICLE),
    ("https://example.com/post", Kind.ARTICLE),
    ("not a url", Kind.ARTICLE),
])
def test_kind_from_a_url(url: str, kind: Kind) -> None:
    assert guess_kind(url) is kind
