"""Crossref's REST API for DOIs: which URLs carry a DOI, and what a /works/<DOI> answer says.

The answer is `{"status": "ok", "message-type": "work", "message": {...}}`; the work has `title`
(a list), `author` (people as `given`/`family`, organisations as `name`), `issued` (`date-parts`)
and `type` (journal-article, proceedings-article, posted-content, book, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from llmreads.plaintext import one_line

_DOI = re.compile(r"^(10\.\d{4,9}/\S+)$")
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})
_BOOKS = frozenset({"book", "monograph", "edited-book", "reference-book", "book-set"})


@dataclass(frozen=True)
class Work:
    """What Crossref says about one DOI."""

    title: str | None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    book: bool = False


def doi_of(url: str) -> str | None:
    """Return the DOI a doi.org link resolves, if `url` is one."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if (parts.hostname or "").lower() not in _DOI_HOSTS:
        return None
    match = _DOI.match(unquote(parts.path).lstrip("/"))
    return match.group(1) if match else None


def parse_work(data: Any) -> Work:
    """Read a /works/<DOI> answer; ValueError when it is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise ValueError("not a Crossref work (no message)")
    work: dict[str, Any] = data["message"]
    titles = work.get("title")
    title = one_line(titles[0]) if isinstance(titles, list) and titles else one_line(titles)
    authors = [name for name in (_person(a) for a in _list(work.get("author"))) if name]
    return Work(title, authors, _year(work), str(work.get("type", "")) in _BOOKS)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _person(author: Any) -> str | None:
    if not isinstance(author, dict):
        return None
    if author.get("name"):
        return one_line(author["name"], 200)
    return one_line(" ".join(str(author.get(k) or "") for k in ("given", "family")), 200)


def _year(work: dict[str, Any]) -> int | None:
    for key in ("issued", "published", "published-print", "published-online", "created"):
        date = work.get(key)
        parts = date.get("date-parts") if isinstance(date, dict) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = parts[0][0]
            if isinstance(year, int) and not isinstance(year, bool):
                return year
    return None
