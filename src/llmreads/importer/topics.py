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


_TOKEN = re.compile(r"[\w+]+(?:-[\w+]+)*")  # a hyphenated compound is one word (`self-attention`)
_SUFFIXES = ("ation", "ment", "ity", "ing", "er", "ed")


def stem(word: str) -> str:
    """Cut common English endings, so `Deploying` meets `deployment` and `Securing` meets `security`."""
    head, _, last = word.rpartition("-")
    if last.endswith("s") and not last.endswith("ss") and len(last) > 4:
        last = last[:-1]
    suffix = next((x for x in _SUFFIXES if last.endswith(x) and len(last) - len(x) >= 4), "")
    last = last[: len(last) - len(suffix)]
    last = last[:-1] if last.endswith("e") and len(last) >= 5 else last
    return f"{head}-{last}" if head else last


def _stems(text: str) -> str:
    return " " + " ".join(stem(w) for w in _TOKEN.findall(text.lower().replace("_", " "))) + " "


@lru_cache(maxsize=1024)
def _stemmed(keywords: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(s for s in (_stems(k) for k in keywords) if s.strip())


def keyword_topics(texts: Sequence[str], topics: Sequence[Topic], *, stemmed: bool = False) -> list[str]:
    """Return the topics whose keywords appear in the first of `texts` that has any.

    `stemmed` compares words by their stems (for headings, whose words name a subject in any form:
    `Deploying LLMs`, `Securing LLMs`, `Books`); titles are matched on the keywords as written.
    """
    found: list[str] = []
    ordered = sorted(topics, key=lambda t: t.order)
    for text in texts:
        lower = text.lower()
        stems = _stems(text) if stemmed else ""
        for topic in ordered:
            if topic.id in found:
                continue
            if stemmed:
                hit = any(k in stems for k in _stemmed(tuple(topic.keywords)))
            else:
                pattern = _pattern(tuple(topic.keywords))
                hit = pattern is not None and pattern.search(lower) is not None
            if hit:
                found.append(topic.id)
        if found:
            break
    return found[:MAX_TOPICS]


def suggest_topics(headings: Sequence[str], title: str | None, topics: Sequence[Topic]) -> list[str]:
    """Return topic ids whose keywords appear in the innermost heading first, then outer ones, then the title."""
    return keyword_topics(list(reversed(headings)), topics, stemmed=True) or keyword_topics([title or ""], topics)
