"""The fast item writer gives exactly the bytes PyYAML's emitter gives, or steps aside."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import pytest
import yaml
from conftest import REPO
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from llmreads.itemwriter import render_item
from llmreads.yamlio import DataLoader, _dump_item

sys.path.insert(0, str(REPO / "benchmarks"))

import synthetic

#: Characters that change how YAML must write a scalar, mixed with ordinary ones.
TRICKY = " -:#,?[]{}&*!|>'\"%@`.~=<0123456789eExXoObB+_/\\\t\n\x85\u2028\ufeff\xa0é›“”你😀\x00\x1b"
WORDS = ["yes", "no", "on", "off", "true", "False", "null", "NULL", "~", "1.5", "0x1F", "0o17", "1_000", ".inf",
         "-.nan", "2024-01-31", "2024-01-31 10:00:00", "12:30", "<<", "=", "---", "...", "- x", "? x", ": x",
         "a: b", "a #b", "a#b", "https://example.org/a?b=c#d", "'quoted'", "-", "", " lead", "trail "]

text = st.one_of(st.sampled_from(WORDS), st.text(st.sampled_from(TRICKY + "abcXYZ"), max_size=12),
                 st.text(max_size=30), st.text(st.sampled_from("abc de"), min_size=60, max_size=110))
scalar = st.one_of(text, st.integers(-10**6, 10**12), st.booleans(), st.dates(), st.none(), st.floats(allow_nan=False))
flat = st.one_of(st.lists(scalar, max_size=4), st.dictionaries(text, scalar, max_size=3))
field = st.one_of(scalar, flat, st.lists(st.dictionaries(text, scalar, min_size=1, max_size=3), min_size=1, max_size=3),
                  st.lists(flat, max_size=2))
item = st.dictionaries(st.one_of(st.sampled_from(["id", "title", "url", "sources", "tags"]), text), field,
                       min_size=1, max_size=6)


def _no_fallback(value: dict[str, Any]) -> str:
    return "- FALLBACK"


@settings(max_examples=500)
@given(item)
def test_any_item_renders_as_pyyaml_renders_it(value: dict[str, Any]) -> None:
    assert render_item(value, _dump_item) == _dump_item(value)


sentence = st.lists(st.text(st.sampled_from("abcdefghij:#'-"), min_size=1, max_size=25), min_size=3, max_size=25).map(
    lambda words: " ".join(words)) | st.lists(st.sampled_from(["word", "a", "  ", "longerwordhere", "é›"]),
                                              min_size=20, max_size=60).map(" ".join)
plain_scalar = st.one_of(text, sentence, st.integers(-10**6, 10**12), st.booleans(), st.dates())
plain_flat = st.one_of(st.lists(plain_scalar, max_size=4), st.dictionaries(text, plain_scalar, max_size=3))
plain_item = st.dictionaries(st.sampled_from(["id", "title", "url", "sources", "tags", "a b", "x:"]), st.one_of(
    plain_scalar, plain_flat, st.lists(st.dictionaries(st.sampled_from(["url", "rel", "k"]), plain_scalar, min_size=1,
                                                       max_size=3), min_size=1, max_size=3)), min_size=1, max_size=6)


@settings(max_examples=1000)
@given(plain_item)
def test_items_of_the_shapes_it_takes_render_as_pyyaml_renders_them(value: dict[str, Any]) -> None:
    fields = [render_item({key: field}, _no_fallback) for key, field in value.items()]
    assume(any(field != "- FALLBACK" for field in fields))  # too few on the fast path fails the test
    assert render_item(value, _dump_item) == _dump_item(value)


@pytest.mark.parametrize("value", synthetic.entries(300), ids=lambda e: e["id"])
def test_catalogue_shaped_items_render_as_pyyaml_renders_them(value: dict[str, Any]) -> None:
    assert render_item(value, _dump_item) == _dump_item(value)


def test_an_imported_entry_takes_the_fast_path() -> None:
    entry = {"id": "attention", "title": "Attention Is All You Need: a paper", "url": "https://arxiv.org/abs/1706.03762",
             "authors": ["Ashish Vaswani", "Noam Shazeer"], "year": 2017, "kind": "paper", "topics": ["attention"],
             "links": [{"url": "https://github.com/x/y", "rel": "code"}],
             "sources": [{"source": "a-list", "heading": "Papers › Classics", "position": 3}],
             "added": dt.date(2026, 11, 18)}
    fast = render_item(entry, _no_fallback)
    assert fast == _dump_item(entry)
    assert yaml.load(fast, Loader=DataLoader) == [{**entry, "added": "2026-11-18"}]
