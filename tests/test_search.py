"""The search index's parts (llmreads.search.shards): every entry page in exactly one Pagefind run."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from llmreads.search import ENTRY_DIR, searchable, shards

SLUG = st.text(alphabet="abcz019-", min_size=1, max_size=6)


def _matches(glob: str, name: str) -> bool:
    """Whether one of our globs (`entries/<literal>*/index.html` or `entries/<literal>/index.html`) takes `name`."""
    found = re.fullmatch(rf"{ENTRY_DIR}/(.*?)(\*?)/index\.html", glob)
    assert found, glob
    literal = re.sub(r"\\(.)", r"\1", found[1])
    return name.startswith(literal) if found[2] else name == literal


@settings(max_examples=200)
@given(st.sets(SLUG, max_size=300), st.integers(min_value=1, max_value=120))
def test_every_entry_page_is_in_exactly_one_run_of_at_most_size_pages(names: set[str], size: int) -> None:
    runs = shards(sorted(names), size)
    for name in names:
        taking = [n for n, globs in enumerate(runs) for glob in globs if _matches(glob, name)]
        assert len(taking) == 1, (name, taking)
    counts = [sum(_matches(g, name) for g in globs for name in names) for globs in runs]
    assert max(counts) <= size
    assert len(runs) == max(1, -(-len(names) // size))


def test_a_site_within_the_size_is_one_run_over_every_entry_page() -> None:
    assert shards(["b", "a"], 2) == [[f"{ENTRY_DIR}/*/index.html"]]
    assert shards([], 7000) == [[f"{ENTRY_DIR}/*/index.html"]]


def test_a_larger_site_is_split_evenly() -> None:
    names = [f"{letter}{n}" for letter in "abcdefghij" for n in range(100)]
    runs = shards(names, 400)
    counts = [sum(any(_matches(g, name) for g in globs) for name in names) for globs in runs]
    assert len(runs) == 3
    assert min(counts) >= 250


def test_a_site_of_twice_the_size_is_two_full_runs_not_a_tiny_third() -> None:
    # 20,000 entry pages at 10,000 a run made three runs, the third of a few hundred pages: groups of an
    # eighth of a run did not pack into two. Each run adds an index chunk per query word.
    # Here: 16 letters of 120 pages and one of 80, so 8 letters fill a run to 960 and the ninth overflows it.
    names = [f"{letter}{n:03d}" for letter in "abcdefghijklmnop" for n in range(120)] + [f"q{n:03d}" for n in range(80)]
    runs = shards(names, 1000)
    counts = [sum(any(_matches(g, name) for g in globs) for name in names) for globs in runs]
    assert counts == [1000, 1000]


def test_names_with_glob_characters_match_only_themselves() -> None:
    runs = shards(["a{b}", "a*", "ab", "a"], 1)
    assert [n for globs in runs for n in ["a{b}", "a*", "ab", "a"] if any(_matches(g, n) for g in globs)] \
        == ["a", "a*", "ab", "a{b}"]
    assert searchable(["x[1].html"]) == "{entries/*/index.html,x\\[1\\].html}"
