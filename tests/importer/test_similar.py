"""Topics for links no heading places: keywords in their words, then TF-IDF against curated entries."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from llmreads.catalog import load_catalog
from llmreads.importer import import_lists
from llmreads.importer.similar import Placement, TopicIndex, place, section_consensus, words
from llmreads.model import Entry, Kind, Topic

DAY = dt.date(2026, 11, 18)


def topic(topic_id: str, order: int, keywords: list[str]) -> Topic:
    return Topic(id=topic_id, title=topic_id.title(), description=f"About {topic_id}.", order=order,
                 keywords=keywords)


def entry(entry_id: str, title: str, topic_id: str, note: str, tags: list[str]) -> Entry:
    return Entry(id=entry_id, title=title, url=f"https://e.example/{entry_id}", kind=Kind.ARTICLE,
                 topics=[topic_id], note=note, tags=tags, added=DAY)


TOPICS = [topic("inference", 1, ["serving"]), topic("alignment", 2, ["rlhf"]), topic("agents", 3, ["tool use"])]
ENTRIES = [
    entry("kv", "The KV cache explained", "inference", "How the key value cache speeds up decoding tokens.",
          ["kv-cache", "latency"]),
    entry("flash", "Fast attention kernels", "inference", "Fused GPU kernels cut memory traffic and latency.",
          ["gpu", "latency"]),
    entry("reward", "Reward models from human feedback", "alignment", "Preference data trains a reward model.",
          ["reward-model", "preference"]),
    entry("react", "ReAct: reasoning and acting", "agents", "An agent loop that calls tools between thoughts.",
          ["agent", "planning"]),
]
INDEX = TopicIndex(TOPICS, ENTRIES)


def test_words_drop_stopwords_and_plurals() -> None:
    assert words("The Agents of LLMs: Using tools-and-kernels") == ["agent", "tool", "kernel"]


def test_a_keyword_in_the_title_or_the_lists_words_places_the_link() -> None:
    assert place("Serving at scale", "", "https://a.example/x", TOPICS, INDEX).topics == ["inference"]
    assert place("A post", "all about RLHF", "https://a.example/x", TOPICS, INDEX).topics == ["alignment"]


def test_words_shared_with_a_topics_curated_entries_place_the_link_and_say_why() -> None:
    ranked = INDEX.rank("Lowering inference latency with a paged KV cache")
    assert ranked[0].topic == "inference" and ranked[0].score > 2 * ranked[1].score
    assert {"inference", "latency", "cache"} <= set(ranked[0].shared)
    assert place("Lowering inference latency with a paged KV cache", "", "https://a.example/p", TOPICS,
                 INDEX).topics == ["inference"]


def test_a_likeness_sharing_none_of_the_topics_own_words_only_suggests() -> None:
    # "latency" and "cache" come from the curated entries only: not the topic's title or keywords
    placed = place("Lowering latency with a paged KV cache", "", "https://a.example/p", TOPICS, INDEX)
    assert placed.topics == []
    assert placed.suggested[0] == "inference"


def test_a_keyword_only_in_the_lists_words_needs_the_links_words_to_agree() -> None:
    # a description mentioning serving in passing does not outweigh a title about reward models
    placed = place("Reward models from preference data", "weights you can use for serving",
                   "https://a.example/r", TOPICS, INDEX)
    assert placed.topics == ["alignment"] or placed.topics == []
    assert "inference" not in placed.topics
    assert place("Paged KV cache", "serving many requests", "https://a.example/k", TOPICS, INDEX).topics == [
        "inference"]


def test_an_unclear_link_stays_unsorted_with_its_three_best_guesses() -> None:
    placed = place("A weekend in the mountains", "", "https://a.example/weekend", TOPICS, INDEX)
    assert placed.topics == []
    assert placed.suggested == []  # nothing in common with any topic: no guess is better than none
    vague = place("Preference and latency", "", "https://a.example/v", TOPICS, INDEX)
    assert vague.topics == []
    assert vague.suggested == ["alignment", "inference"]


def test_an_untitled_link_is_never_placed_by_similarity() -> None:
    assert place(None, "", "https://a.example/kv-cache-latency", TOPICS, INDEX).topics == []


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(REPO / "data", target)
    return target


def test_importing_into_the_catalogue_places_headingless_links_and_records_suggestions(data: Path,
                                                                                       tmp_path: Path) -> None:
    lines = ["# Misc", "", "## Stuff", ""]
    titles = ["Efficient memory management for LLM serving with PagedAttention",
              "Direct preference optimization for RLHF",
              "Toolformer: language models can teach themselves to use tools",
              "Byte pair encoding tokenizer from scratch",
              "Retrieval-augmented generation for knowledge-intensive NLP tasks",
              "Chain of thought prompting elicits reasoning",
              "LoRA: low-rank adaptation of large language models",
              "A weekend with my notes"]
    lines += [f"- [{t}](https://n.example/{i})" for i, t in enumerate(titles)]
    source = tmp_path / "misc.md"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_lists([source], data, today=DAY)
    catalog = load_catalog(data)
    new = [e for e in catalog.entries if e.url.startswith("https://n.example/")]
    unsorted = [e for e in new if e.topics == ["unsorted"]]
    assert [e.title for e in unsorted] == ["A weekend with my notes"]
    assert all(e.suggested_topics == [] for e in new if e not in unsorted)
    placed = {e.title: e.topics[0] for e in new if e not in unsorted}
    assert placed["Byte pair encoding tokenizer from scratch"] == "tokenization"
    assert placed["Direct preference optimization for RLHF"] == "alignment"
    assert placed["Retrieval-augmented generation for knowledge-intensive NLP tasks"] == "retrieval"


def test_an_unsure_link_joins_the_topic_most_of_its_section_went_to() -> None:
    placed = [Placement(["retrieval"], []), Placement(["retrieval"], []), Placement(["embeddings"], [])]
    assert section_consensus([*placed, Placement([], ["retrieval"])]) == "retrieval"
    assert section_consensus(placed[:2]) is None  # too few neighbours to speak for a section
    split = [Placement(["retrieval"], []), Placement(["embeddings"], []), Placement(["agents"], [])]
    assert section_consensus(split) is None  # a miscellany has no topic of its own
