"""TopicIndex and place() on a two-topic index small enough to check by hand: the TF-IDF numbers and each threshold.

idf(word) = ln((1 + topics) / (1 + topics holding it)) + 1; a word's weight in a topic is
(1 + ln(count)) * idf, and each vector is scaled to length 1. Written after mutation testing showed the
formula and the placing rules (score, margin over the runner-up, shared words) could change unseen.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from llmreads.importer.similar import Placement, TopicIndex, place, url_words, words
from llmreads.model import Entry, Kind, Topic


def topic(topic_id: str, order: int, keywords: list[str]) -> Topic:
    return Topic(id=topic_id, title=topic_id.title(), description="About pets.", order=order, keywords=keywords)


def entry(entry_id: str, title: str, topics: list[str], tags: list[str], note: str | None = None) -> Entry:
    return Entry(id=entry_id, title=title, url=f"https://e.example/{entry_id}", kind=Kind.ARTICLE, topics=topics,
                 tags=tags, note=note, added=dt.date(2026, 1, 1))


TOPICS = [topic("cats", 2, ["feline"]), topic("dogs", 1, []), topic("unsorted", 3, [])]
ENTRIES = [entry("p", "Purring machines", ["cats", "elsewhere"], ["purr"]),
           entry("u", "Barking loud", ["unsorted"], [], note="Very loud barking")]


def index() -> TopicIndex:
    """Built in each test, not at import, so a mutation tool sees which tests exercise the index."""
    return TopicIndex(TOPICS, ENTRIES)

RARE = math.log(3 / 2) + 1    # in one topic of two
COMMON = 1.0                  # in both


def test_idf_of_every_word() -> None:
    # cats: its title and description, its keyword twice, its entry's title twice and tag; the unsorted
    # topic and the entry filed under it count for nothing
    assert index().idf == pytest.approx({"cats": RARE, "pets": COMMON, "feline": RARE, "purring": RARE,
                                       "machine": RARE, "purr": RARE, "dogs": RARE})


def test_each_topic_vector_is_sublinear_tf_times_idf_of_length_one() -> None:
    twice = (1 + math.log(2)) * RARE
    cats = {"cats": RARE, "pets": COMMON, "feline": twice, "purring": twice, "machine": twice, "purr": RARE}
    norm = math.sqrt(sum(v * v for v in cats.values()))
    assert index().vectors["cats"] == pytest.approx({w: v / norm for w, v in cats.items()})
    dogs = {"dogs": RARE, "pets": COMMON}
    norm = math.sqrt(sum(v * v for v in dogs.values()))
    assert index().vectors["dogs"] == pytest.approx({w: v / norm for w, v in dogs.items()})
    assert set(index().vectors) == {"cats", "dogs"}


def test_rank_scores_are_cosines_and_name_the_shared_words() -> None:
    (first, second) = index().rank("dogs and pets")
    assert (first.topic, first.shared, first.score) == ("dogs", ("dogs", "pets"), pytest.approx(1.0))
    assert (second.topic, second.shared) == ("cats", ("pets",))
    assert second.score == pytest.approx(index().vectors["cats"]["pets"] * index().vectors["dogs"]["pets"])


def test_rank_ties_keep_topic_order() -> None:
    assert [(r.topic, r.score) for r in index().rank("nothing in common")] == [("dogs", 0), ("cats", 0)]


def test_an_empty_index() -> None:
    index = TopicIndex([], [])
    assert (index.idf, index.vectors, index.rank("cats")) == ({}, {}, [])


@pytest.mark.parametrize(("title", "list_words", "url", "placement"), [
    ("Purring machines", "", "https://a.example/x", Placement([], ["cats"])),        # none of the topic's own words
    ("Purring cats machines", "", "https://a.example/x", Placement(["cats"], [])),   # three, one the topic's own
    ("Purring", "", "https://a.example/x", Placement([], ["cats"])),                # one is a coincidence
    (None, "purring machines", "https://a.example/x", Placement([], ["cats"])),     # no title of its own
    ("Purring dogs pets", "", "https://a.example/x", Placement(["dogs"], [])),      # 1.86 times the runner-up
    ("Purring machine dogs", "", "https://a.example/x", Placement([], ["cats", "dogs"])),  # wins, shares no own word
    ("Purring machine cats dogs", "", "https://a.example/x", Placement(["cats"], [])),  # wins, shares `cats`
    ("Dogs pets purring machines", "", "https://a.example/x", Placement([], ["dogs", "cats"])),  # 1.05 times
    ("Cats pets", "", "https://a.example/x", Placement([], ["cats", "dogs"])),      # 1.1 times
    ("Weekend", "", "https://a.example/x", Placement([], [])),                      # nothing in common
    ("A post", "", "https://a.example/feline/facts", Placement(["cats"], [])),      # a keyword in the address
    ("A post", "", "https://a.example/feline-facts", Placement(["cats"], [])),  # an address's slug is words
    ("A post", "all about feline life", "https://a.example/x", Placement(["cats"], [])),
    ("Purring machines", "all about felines", "https://a.example/x", Placement(["cats"], [])),
])
def test_place(title: str | None, list_words: str, url: str, placement: Placement) -> None:
    assert place(title, list_words, url, TOPICS, index()) == placement


def test_place_without_an_index_uses_keywords_only() -> None:
    assert place("Feline facts", "", "https://a.example/x", TOPICS, None) == Placement(["cats"], [])
    assert place("Purring machines", "", "https://a.example/x", TOPICS, None) == Placement([], [])
    assert place("A post", "all about feline life", "https://a.example/x", TOPICS, None) == Placement(["cats"], [])
    assert place("A post", "", "https://a.example/feline/x", TOPICS, None) == Placement(["cats"], [])


def test_at_most_three_suggestions() -> None:
    topics = [topic(f"t{i}", i, []) for i in range(5)]
    entries = [entry(f"e{i}", f"Shared word{i}", [f"t{i}"], []) for i in range(5)]
    placed = place("Shared", "", "https://a.example/x", topics, TopicIndex(topics, entries))
    assert placed == Placement([], ["t0", "t1", "t2"])


@pytest.mark.parametrize(("text", "found"), [
    ("Agents of the LLMs", ["agent"]),
    ("class bus GPUs kernels", ["class", "bus", "gpus", "kernel"]),    # a plural s goes only from longer words
    ("3d gpt4 x1 42 a", ["3d", "gpt4", "x1"]),
    ("fine_tuning state-space", ["fine", "tuning", "state", "space"]),
    ("The Guide: How to use it, with GitHub", []),
])
def test_words(text: str, found: list[str]) -> None:
    assert words(text) == found


@pytest.mark.parametrize(("url", "text"), [
    ("https://www.blog.example.com/a/b%20c-d", "blog example a b c d"),
    ("https://localhost/x", "x"),
    ("https://example.com", "example"),
])
def test_url_words(url: str, text: str) -> None:
    assert url_words(url) == text
