"""Suggest topics for an imported link from the headings it stood under (rules live in topics.yaml)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from llmreads.model import Topic

UNSORTED = "unsorted"
MAX_TOPICS = 3


def _matches(keyword: str, text: str) -> bool:
    pattern = r"(?<![\w-])" + re.escape(keyword.lower()) + r"(?:s|es)?(?![\w-])"
    return re.search(pattern, text.lower()) is not None


def keyword_topics(texts: Sequence[str], topics: Sequence[Topic]) -> list[str]:
    """Return the topics whose keywords appear in the first of `texts` that has any."""
    found: list[str] = []
    for text in texts:
        for topic in sorted(topics, key=lambda t: t.order):
            if topic.id not in found and any(_matches(k, text) for k in topic.keywords):
                found.append(topic.id)
        if found:
            break
    return found[:MAX_TOPICS]


def suggest_topics(headings: Sequence[str], title: str | None, topics: Sequence[Topic]) -> list[str]:
    """Return topic ids whose keywords appear in the innermost heading first, then outer ones, then the title."""
    return keyword_topics([*reversed(headings), title or ""], topics)
