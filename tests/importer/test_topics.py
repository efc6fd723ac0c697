"""Heading-to-topic suggestion: which topics an imported link is filed under, from the headings above it."""

from __future__ import annotations

import pytest

from llmreads.importer.topics import MAX_TOPICS, stem, suggest_topics
from llmreads.model import Topic


def topic(id: str, order: int, *keywords: str) -> Topic:
    return Topic(id=id, title=id.title(), description="A topic.", order=order, keywords=list(keywords))


TOPICS = [
    topic("training", 3, "training", "pre-training"),
    topic("tokenization", 2, "tokenization", "tokenizer", "bpe"),
    topic("rag", 4, "rag", "retrieval"),
    topic("fine-tuning", 5, "fine-tuning", "lora"),
    topic("attention", 1, "attention"),
    topic("cpp", 6, "c++"),
    topic("in-context", 7, "in-context learning"),
]


def suggest(*headings: str, title: str | None = None, topics: list[Topic] = TOPICS) -> list[str]:
    return suggest_topics(list(headings), title, topics)


def test_the_innermost_heading_decides() -> None:
    assert suggest("Training", "Tokenization") == ["tokenization"]
    assert suggest("Tokenization", "Training") == ["training"]


def test_an_outer_heading_counts_only_when_the_inner_ones_say_nothing() -> None:
    assert suggest("Retrieval", "Further reading", "Misc") == ["rag"]
    assert suggest("Retrieval", "Tokenization", "Misc") == ["tokenization"]  # never both levels


def test_the_title_counts_only_when_no_heading_matches() -> None:
    assert suggest("Misc", title="A BPE walkthrough") == ["tokenization"]
    assert suggest("Attention", title="A BPE walkthrough") == ["attention"]
    assert suggest(title="A LoRA recipe") == ["fine-tuning"]
    assert suggest("Misc", title=None) == []


def test_several_topics_of_one_heading_come_in_topic_order() -> None:
    assert suggest("Training tokenizers with attention") == ["attention", "tokenization", "training"]
    assert suggest("Attention, tokenization") == suggest("Tokenization, attention")


def test_at_most_three_topics() -> None:
    assert MAX_TOPICS == 3
    assert suggest("Attention, tokenization, training, retrieval and LoRA") == ["attention", "tokenization", "training"]


def test_a_topic_is_named_once_even_when_several_keywords_match() -> None:
    assert suggest("Tokenization and the BPE tokenizer") == ["tokenization"]


@pytest.mark.parametrize(("heading", "expected"), [
    ("TOKENIZATION", ["tokenization"]),          # any case
    ("Tokenizers", ["tokenization"]),            # plural in s
    ("Retrievals", ["rag"]),
    ("Attention: the basics", ["attention"]),    # punctuation ends a word
    ("(LoRA)", ["fine-tuning"]),
    ("Fine-tuning", ["fine-tuning"]),            # a keyword with a hyphen
    ("In-context learning", ["in-context"]),     # a keyword of two words
    ("C++ kernels", ["cpp"]),                    # regex characters in a keyword are literal
])
def test_keywords_match_whole_words_in_any_case(heading: str, expected: list[str]) -> None:
    assert suggest(heading) == expected


@pytest.mark.parametrize("heading", [
    "Fragmented notes",     # "rag" inside a word
    "Drag and drop",
    "Explorations",         # "lora" inside a word
    "Retrained models",     # a prefix is not the word
    "Attentional",          # a suffix other than s/es
    "Ccc compilers",        # "c++" taken as a pattern would match
    "Self-attention",       # a hyphenated compound is another word
    "Tokenization-free models",
])
def test_no_match_inside_other_words(heading: str) -> None:
    assert suggest(heading) == []


def test_pre_training_is_its_own_keyword_not_training() -> None:
    only_training = [topic("training", 1, "training")]
    assert suggest("Pre-training", topics=only_training) == []
    assert suggest("Pre-training") == ["training"]  # through its own keyword


def test_no_keywords_no_topic() -> None:
    assert suggest("Attention", topics=[topic("attention", 1)]) == []


@pytest.mark.parametrize(("heading", "expected"), [
    ("Securing LLMs", ["security"]),            # a heading's words meet a keyword in another form
    ("7. Deploying LLMs", ["deployment"]),
    ("LLM Books", ["books"]),
    ("Courses", ["books"]),
    ("Retrievals", ["rag"]),
])
def test_a_headings_words_match_keywords_in_any_form(heading: str, expected: list[str]) -> None:
    topics = [*TOPICS, topic("security", 8, "security"), topic("deployment", 9, "deployment"),
              topic("books", 10, "book", "course")]
    assert suggest(heading, topics=topics) == expected


def test_a_title_matches_keywords_only_as_written() -> None:
    topics = [topic("ux", 1, "design")]
    assert suggest("Design notes", topics=topics) == ["ux"]
    assert suggest(title="Designing data for instruction tuning", topics=topics) == []


def test_stems_keep_hyphenated_compounds_whole() -> None:
    assert [stem(w) for w in ("deploying", "deployment", "securing", "security", "courses", "course")] == [
        "deploy", "deploy", "secur", "secur", "cours", "cours"]
    assert stem("self-attention") == "self-attention" and stem("pre-trained") == stem("pre-training")
    assert stem("attentional") != stem("attention")  # a suffix other than these forms is another word
