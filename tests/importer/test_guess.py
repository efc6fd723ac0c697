"""Guesses from a bare URL: a year only when the URL can really carry it."""

from __future__ import annotations

import pytest

from llmreads.importer.guess import guess_year


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
