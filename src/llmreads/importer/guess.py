"""What an imported link's URL alone tells about the work: its kind, year and a stand-in title."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from llmreads.model import Kind
from llmreads.urls import arxiv_id, youtube_id

_PAPER_HOSTS = ("arxiv.org", "openreview.net", "aclanthology.org", "proceedings.mlr.press", "nature.com")


def guess_kind(url: str) -> Kind:
    """Guess the kind of work from where it lives."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    if youtube_id(url):
        return Kind.VIDEO
    if host.endswith("youtube.com") and "list=" in parts.query:
        return Kind.COURSE
    if arxiv_id(url) or any(host == h or host.endswith("." + h) for h in _PAPER_HOSTS):
        return Kind.PAPER
    if host in ("news.ycombinator.com", "reddit.com", "old.reddit.com", "redditmedia.com"):
        return Kind.THREAD
    if host == "docs.google.com" and parts.path.startswith("/presentation"):
        return Kind.SLIDES
    if host in ("github.com", "gitlab.com", "gist.github.com") and not parts.path.lower().endswith(".pdf"):
        return Kind.CODE
    if parts.path.lower().endswith(".pdf"):
        return Kind.PAPER
    return Kind.ARTICLE


def guess_year(url: str, latest: int) -> int | None:
    """Read the year from an arXiv id or a /YYYY/ date in the path, if there is one."""
    ident = arxiv_id(url)
    if ident:
        return arxiv_year(ident, latest)
    match = re.search(r"/((?:19|20)\d{2})[/-](?:\d{2}|[A-Z][a-z]{2})[/-]", urlsplit(url).path)
    if match and 1990 <= int(match.group(1)) <= latest:
        return int(match.group(1))
    return None


def arxiv_year(ident: str, latest: int) -> int | None:
    """Read the year from an arXiv id (2401.04088 or hep-th/9901001), or None when its YYMM cannot be a real one."""
    match = re.search(r"(?:^|/)(\d{2})(\d{2})", ident)
    if not match:
        return None
    yy, mm = int(match.group(1)), int(match.group(2))
    year = 1900 + yy if yy >= 91 else 2000 + yy  # arXiv began in August 1991
    new_style = "/" not in ident
    if not 1 <= mm <= 12 or year > latest or (new_style and year < 2007):
        return None
    return year


def stand_in_title(url: str) -> str:
    """Make a readable placeholder title for a bare URL (flagged `needs-title` by the importer)."""
    parts = urlsplit(url)
    segments = [s for s in unquote(parts.path).split("/") if s and s.lower() not in ("index.html", "index")]
    words = re.sub(r"\.(html?|php|aspx?|pdf)$", "", segments[-1]) if segments else ""
    words = re.sub(r"[-_+]+", " ", words).strip()
    words = re.sub(r"\s[0-9a-f]{8,}$", "", words)
    host = (parts.hostname or "").removeprefix("www.")
    return f"{words[:1].upper()}{words[1:]} ({host})" if words else host
