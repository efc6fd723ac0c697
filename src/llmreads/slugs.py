"""Stable, readable ids from titles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

MAX_LENGTH = 50
_WEAK_ENDINGS = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "of", "on", "or", "the", "to",
                           "with", "your", "its"})


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """Turn a title into lowercase kebab-case ASCII, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
        words = slug.split("-")
        while len(words) > 1 and words[-1] in _WEAK_ENDINGS:
            words.pop()
        slug = "-".join(words)
    return slug or "entry"


def unique_slug(base: str, taken: Container[str], year: int | None = None) -> str:
    """Return `base`, or `base-YEAR`, or `base-2`, `base-3`... whichever is free first."""
    if base not in taken:
        return base
    if year is not None and f"{base}-{year}" not in taken:
        return f"{base}-{year}"
    counter = 2
    while f"{base}-{counter}" in taken:
        counter += 1
    return f"{base}-{counter}"
