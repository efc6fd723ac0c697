"""What the sources say about a work, for `add` and `enrich`: the arXiv API, Crossref for DOIs,
GitHub's REST API for repositories, YouTube oEmbed, or the page's own meta tags.

For any other page the fields come from, in order: `citation_*` meta tags, OpenGraph and
Twitter cards, JSON-LD, then `<title>` — parsed with BeautifulSoup, never with regular expressions.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import Tag

from llmreads import arxiv, crossref, github
from llmreads.clock import today
from llmreads.crossref import doi_of
from llmreads.errors import FetchError
from llmreads.github import repo_of
from llmreads.httpclient import Endpoints, Pacer, get
from llmreads.importer.guess import guess_kind
from llmreads.model import MIN_YEAR, Kind
from llmreads.plaintext import one_line
from llmreads.urls import arxiv_id, is_http_url, youtube_id

_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_PAPER_TYPES = {"scholarlyarticle", "report", "thesis"}
_VIDEO_TYPES = {"videoobject"}


@dataclass
class Metadata:
    """What a source says about a work; any field may be missing."""

    url: str
    """The URL to store in the entry (arXiv links become their abs page)."""
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    kind: Kind | None = None
    archived: bool = False
    """The source says the work is archived (a read-only GitHub repository)."""


async def fetch_metadata(url: str, client: httpx.AsyncClient, endpoints: Endpoints, *, timeout: float,
                         arxiv_pacer: Pacer | None = None, github_token: str | None = None) -> Metadata:
    """Ask the right source about `url`, raising FetchError (one line) when the network fails."""
    ident = arxiv_id(url)
    if ident:
        found = await fetch_arxiv([ident], client, endpoints.arxiv_api, timeout=timeout, pacer=arxiv_pacer)
        if ident not in found:
            raise FetchError(f"arXiv has no paper {ident}")
        return found[ident]
    video = youtube_id(url)
    if video:
        return await _from_oembed(url, video, client, endpoints.youtube_oembed, timeout)
    doi = doi_of(url)
    if doi:
        return await _from_crossref(url, doi, client, endpoints.crossref, timeout)
    repo = repo_of(url)
    if repo:
        return await _from_github(url, repo, client, endpoints.github_api, timeout, github_token)
    return await _from_page(url, client, timeout)


async def fetch_arxiv(ids: list[str], client: httpx.AsyncClient, endpoint: str, *, timeout: float,
                      pacer: Pacer | None) -> dict[str, Metadata]:
    """Ask the arXiv API about some papers in one request (after the pacer's wait); papers it lacks are absent."""
    await (pacer or Pacer(arxiv.INTERVAL)).wait()
    answer = await get(client, endpoint, timeout=timeout, params=arxiv.query(ids), what=f"arXiv API ({endpoint})")
    if answer.code != 200:
        raise FetchError(f"arXiv API answered HTTP {answer.code}")
    try:
        papers = arxiv.parse_feed(answer.body)
    except ValueError as exc:
        raise FetchError(f"arXiv API: {exc}") from None
    wanted = set(ids)
    return {p.id: Metadata(f"https://arxiv.org/abs/{p.id}", p.title, p.authors, plausible_year(p.year), Kind.PAPER)
            for p in papers if p.id in wanted}


async def _from_crossref(url: str, doi: str, client: httpx.AsyncClient, endpoint: str, timeout: float) -> Metadata:
    answer = await get(client, f"{endpoint.rstrip('/')}/{quote(doi, safe='')}", timeout=timeout,
                       what=f"Crossref ({endpoint})")
    if answer.code == 404:
        raise FetchError(f"Crossref has no DOI {doi}")
    if answer.code != 200:
        raise FetchError(f"Crossref answered HTTP {answer.code} for {doi}")
    try:
        work = crossref.parse_work(load_json(answer.body))
    except ValueError as exc:
        raise FetchError(f"Crossref: {exc}") from None
    return Metadata(url, work.title, work.authors, plausible_year(work.year), Kind.BOOK if work.book else Kind.PAPER)


async def _from_github(url: str, repo: str, client: httpx.AsyncClient, endpoint: str, timeout: float,
                       token: str | None) -> Metadata:
    headers = dict(github.HEADERS) | ({"Authorization": f"Bearer {token}"} if token else {})
    answer = await get(client, f"{endpoint.rstrip('/')}/repos/{repo}", timeout=timeout, headers=headers,
                       what=f"GitHub API ({endpoint})")
    if answer.code == 404:
        raise FetchError(f"GitHub has no public repository {repo}")
    if answer.code in (403, 429) and answer.headers.get("x-ratelimit-remaining") == "0":
        raise FetchError("GitHub API rate limit reached: set GITHUB_TOKEN, or try again later")
    if answer.code != 200:
        raise FetchError(f"GitHub API answered HTTP {answer.code} for {repo}")
    try:
        found = github.parse_repo(load_json(answer.body))
    except ValueError as exc:
        raise FetchError(f"GitHub API: {exc}") from None
    return Metadata(url, found.title, [found.owner] if found.owner else [], plausible_year(found.year), Kind.CODE,
                    archived=found.archived)


async def _from_oembed(url: str, video: str, client: httpx.AsyncClient, endpoint: str, timeout: float) -> Metadata:
    watch = f"https://www.youtube.com/watch?v={video}"
    answer = await get(client, endpoint, timeout=timeout, params={"url": watch, "format": "json"},
                       what=f"YouTube oEmbed ({endpoint})")
    if answer.code in (400, 401, 403, 404):
        raise FetchError(f"YouTube has no public video {video} (oEmbed HTTP {answer.code}): "
                         "removed, private or not embeddable")
    if answer.code != 200:
        raise FetchError(f"YouTube oEmbed answered HTTP {answer.code} for {video}")
    data = load_json(answer.body)
    if data is None:
        raise FetchError("YouTube oEmbed answered something that is not JSON")
    return from_oembed(url, data if isinstance(data, dict) else {})


def load_json(body: bytes | str) -> Any:
    """Parse JSON from outside, or None: nesting deep enough to exhaust the stack is not JSON we can use."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def from_oembed(url: str, data: dict[str, Any]) -> Metadata:
    """Read title and channel (as author) from an oEmbed answer."""
    title = _clean(data.get("title"))
    author = _clean(data.get("author_name"))
    return Metadata(url, title, [author] if author else [], None, Kind.VIDEO)


async def _from_page(url: str, client: httpx.AsyncClient, timeout: float) -> Metadata:
    answer = await get(client, url, timeout=timeout)
    if answer.code >= 400:
        raise FetchError(f"cannot fetch {url}: HTTP {answer.code}")
    kind = answer.media_type
    if kind and "html" not in kind and "xml" not in kind:
        return Metadata(url, None, [], None, guess_kind(url))
    return from_html(answer.body, url, encoding=answer.charset)


def from_html(html: bytes | str, url: str, *, encoding: str | None = None) -> Metadata:
    """Read title, authors, year and kind from a page's markup."""
    with warnings.catch_warnings():
        # A page served as HTML may be XML or look like a file name; we read what metadata it has either way.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser", from_encoding=encoding if isinstance(html, bytes) else None)
    meta = _meta(soup)
    ld = _json_ld(soup)
    site = _first(meta, "og:site_name", "application-name")
    citation_title = _first(meta, "citation_title")
    title = citation_title or _first(meta, "og:title", "twitter:title") or _clean(ld.get("headline")) or _clean(
        ld.get("name"))
    if not title and soup.title is not None:
        title = _clean(soup.title.get_text())
    if title and not citation_title:
        title = _strip_site(title, site)
    authors = [_person(a) for a in meta.get("citation_author", [])] or _meta_authors(meta) or _ld_authors(ld)
    date = _first(meta, "citation_publication_date", "citation_date", "citation_online_date", "dc.date",
                  "article:published_time", "og:published_time", "date") or _clean(ld.get("datePublished"))
    match = _YEAR.search(date or "")
    return Metadata(url, title or None, _unique(authors), plausible_year(int(match.group(1))) if match else None,
                    _kind(url, meta, ld))


def plausible_year(year: int | None) -> int | None:
    """Keep a year a source gives only if a work could have it (a page dated 2099 has a bug, not a year)."""
    return year if year is not None and MIN_YEAR <= year <= today().year + 1 else None


def _meta(soup: BeautifulSoup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in soup.find_all("meta"):
        if not isinstance(tag, Tag):
            continue
        key = tag.get("name") or tag.get("property") or tag.get("itemprop")
        content = _clean(tag.get("content"))
        if isinstance(key, str) and content:
            found.setdefault(key.strip().lower(), []).append(content)
    return found


def _first(meta: dict[str, list[str]], *keys: str) -> str | None:
    return next((meta[k][0] for k in keys if meta.get(k)), None)


def _json_ld(soup: BeautifulSoup) -> dict[str, Any]:
    """Return the first JSON-LD object that describes a work (an article, a paper, a video...)."""
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        data = load_json(script.get_text())
        for item in _ld_objects(data):
            if item.get("headline") or item.get("name"):
                kinds = item.get("@type", "")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if not {str(k).lower() for k in kinds} & {"website", "organization", "person", "breadcrumblist"}:
                    return item
    return {}


def _ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Yield the objects of a JSON-LD document and its @graph, breadth first, without recursion."""
    queue = [data]
    for item in queue:
        if isinstance(item, list):
            queue.extend(item)
        elif isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, (list, dict)):
                queue.append(graph)
        if len(queue) > 10_000:
            return


def _ld_authors(ld: dict[str, Any]) -> list[str]:
    people = ld.get("author", [])
    people = people if isinstance(people, list) else [people]
    names = [_clean(p.get("name")) if isinstance(p, dict) else _clean(p) for p in people]
    return [n for n in names if n and not is_http_url(n)]


def _meta_authors(meta: dict[str, list[str]]) -> list[str]:
    for key in ("author", "article:author", "og:article:author", "dc.creator", "parsely-author"):
        names = [n for n in meta.get(key, []) if not is_http_url(n)]
        if names:
            return names
    return []


def _kind(url: str, meta: dict[str, list[str]], ld: dict[str, Any]) -> Kind:
    types = ld.get("@type", "")
    types = {str(t).lower() for t in (types if isinstance(types, list) else [types])}
    og_type = (_first(meta, "og:type") or "").lower()
    if types & _VIDEO_TYPES or og_type.startswith("video"):
        return Kind.VIDEO
    if types & _PAPER_TYPES or "citation_title" in meta:
        return Kind.PAPER
    guessed = guess_kind(url)
    return Kind.ARTICLE if guessed is Kind.OTHER else guessed


def _person(name: str) -> str:
    """Turn 'Vaswani, Ashish' (the citation_author convention) into 'Ashish Vaswani'."""
    parts = [p.strip() for p in name.split(",")]
    return f"{parts[1]} {parts[0]}" if len(parts) == 2 and all(parts) else name


def _strip_site(title: str, site: str | None) -> str:
    """Drop a trailing ' | Site name' or ' - Site name' that pages add to their titles."""
    if site:
        for separator in (" | ", " - ", " – ", " — ", " · "):
            if title.endswith(separator + site) and len(title) > len(separator + site):
                return title[: -len(separator + site)].strip()
    return title


def _clean(value: Any) -> str | None:
    return one_line(value)


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))
