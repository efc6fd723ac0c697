"""Suggest topics for an imported link from the headings it stood under (rules live in topics.yaml)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from llmreads.model import Topic

UNSORTED = "unsorted"
MAX_TOPICS = 3


@lru_cache(maxsize=1024)
def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    """One compiled pattern for all of a topic's keywords (an import tests every link against it)."""
    if not keywords:
        return None
    words = "|".join(re.escape(k.lower()) for k in sorted(keywords, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + words + r")(?:s|es)?(?![\w-])")


def keyword_topics(texts: Sequence[str], topics: Sequence[Topic]) -> list[str]:
    """Return the topics whose keywords appear in the first of `texts` that has any."""
    found: list[str] = []
    ordered = sorted(topics, key=lambda t: t.order)
    for text in texts:
        lower = text.lower()
        for topic in ordered:
            pattern = _pattern(tuple(topic.keywords))
            if topic.id not in found and pattern is not None and pattern.search(lower):
                found.append(topic.id)
        if found:
            break
    return found[:MAX_TOPICS]


def suggest_topics(headings: Sequence[str], title: str | None, topics: Sequence[Topic]) -> list[str]:
    """Return topic ids whose keywords appear in the innermost heading first, then outer ones, then the title."""
    return keyword_topics([*reversed(headings), title or ""], topics)
