"""The arXiv API: build a query for some papers and read its Atom answer (shared by `links` and `add`)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field

from llmreads.plaintext import one_line

_ATOM = "{http://www.w3.org/2005/Atom}"
_ABS_ID = re.compile(r"/abs/(?P<id>.+?)(?:v\d+)?$")

#: arXiv asks API clients for one request every three seconds.
INTERVAL = 3.0


@dataclass(frozen=True)
class Paper:
    """What the arXiv API says about one paper."""

    id: str
    title: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None


def query(ids: Sequence[str]) -> dict[str, str]:
    """Return the query parameters asking for these papers (ids without versions)."""
    return {"id_list": ",".join(ids), "max_results": str(len(ids))}


def parse_feed(xml: bytes | str) -> list[Paper]:
    """Read the papers in an arXiv API Atom feed, skipping its error entries.

    Raises ValueError when the text is not an Atom feed.
    """
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise ValueError(f"not an Atom feed: {exc}") from None
    if root.tag != f"{_ATOM}feed":
        raise ValueError("not an Atom feed")
    papers = []
    for entry in root.iter(f"{_ATOM}entry"):
        match = _ABS_ID.search(_text(entry, "id"))
        title = _text(entry, "title")
        if not match or not title or "/api/errors" in _text(entry, "id"):
            continue
        authors = [one_line(a.findtext(f"{_ATOM}name"), 200) for a in entry.iter(f"{_ATOM}author")]
        published = _text(entry, "published")
        year = int(published[:4]) if re.match(r"^\d{4}", published) else None
        papers.append(Paper(match.group("id"), title, [a for a in authors if a], year))
    return papers


def _text(element: ET.Element, name: str) -> str:
    return one_line(element.findtext(f"{_ATOM}{name}")) or ""
