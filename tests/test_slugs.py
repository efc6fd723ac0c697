"""Ids from titles: lowercase kebab-case ASCII, cut at a word boundary, never empty, unique on demand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmreads.slugs import MAX_LENGTH, slugify, unique_slug


@pytest.mark.parametrize(("title", "slug"), [
    ("Attention Is All You Need", "attention-is-all-you-need"),
    ("  GPT-2: Language Models!  ", "gpt-2-language-models"),
    ("Über die Tokenisierung — Café", "uber-die-tokenisierung-cafe"),
    ("C++ & CUDA_kernels", "c-cuda-kernels"),
    ("日本語", "entry"),
    ("", "entry"),
    ("---", "entry"),
])
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_a_long_title_is_cut_at_a_word_boundary_without_a_weak_last_word() -> None:
    title = "Understanding the Key Value Cache of Large Language Models for the Fast Inference of Them"
    slug = slugify(title)
    assert slug == "understanding-the-key-value-cache-of-large"
    assert len(slug) <= MAX_LENGTH == 50
    assert slugify("Efficient memory management for large language model serving with") == \
        "efficient-memory-management-for-large-language"


def test_weak_endings_are_dropped_only_from_a_cut_slug() -> None:
    assert slugify("Attention is all you need for the", max_length=30) == "attention-is-all-you-need"
    assert slugify("What is in a name of the") == "what-is-in-a-name-of-the"  # short enough: kept whole


def test_one_long_word_is_cut_at_the_limit() -> None:
    assert slugify("a" * 80) == "a" * 50
    assert slugify("x" * 10, max_length=4) == "xxxx"


def test_cut_at_exactly_the_limit() -> None:
    assert slugify("abcd efgh", max_length=9) == "abcd-efgh"
    assert slugify("abcd efghi", max_length=9) == "abcd"


@given(st.text(max_size=200))
def test_any_title_gives_a_valid_slug(title: str) -> None:
    slug = slugify(title)
    assert 1 <= len(slug) <= MAX_LENGTH
    assert slug == slug.strip("-") and "--" not in slug
    assert all(c.isascii() and (c.islower() or c.isdigit() or c == "-") for c in slug)


def test_unique_slug_prefers_the_base_then_the_year_then_a_counter() -> None:
    assert unique_slug("gpt", set()) == "gpt"
    assert unique_slug("gpt", {"gpt"}, year=2019) == "gpt-2019"
    assert unique_slug("gpt", {"gpt", "gpt-2019"}, year=2019) == "gpt-2"
    assert unique_slug("gpt", {"gpt"}) == "gpt-2"
    assert unique_slug("gpt", {"gpt", "gpt-2", "gpt-3"}) == "gpt-4"
    assert unique_slug("gpt", {"gpt-2"}) == "gpt"
