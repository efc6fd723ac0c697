"""Counted nouns in English: "1 entry", "2 entries"."""

from __future__ import annotations

_PLURALS = {"entry": "entries", "list": "lists", "topic": "topics", "source": "sources", "link": "links",
            "problem": "problems", "reading list": "reading lists"}


def count(n: int, word: str) -> str:
    """The number and the noun, singular for exactly one."""
    return f"{n} {word if n == 1 else _PLURALS.get(word, word + 's')}"
