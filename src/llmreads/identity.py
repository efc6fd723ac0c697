"""Which work a link names, beyond its URL: arXiv ids, DOIs, OpenReview ids, GitHub repositories, titles.

Two rules decide whether two entries are the same work:

* **Certain** — their addresses share a work key (`work_key`): the same arXiv id in any form
  (abs, pdf, html, versions, Hugging Face papers, alphaXiv, ar5iv, its 10.48550 DOI), the same
  DOI (an ACL Anthology page is its 10.18653/v1 DOI), the same OpenReview id, the same GitHub
  repository (its `/tree/<branch>` and `/blob/<branch>/README.md` pages), or otherwise the same
  canonical URL. Also certain: an arXiv page and a proceedings or publisher copy of a paper whose
  normalised titles match, both papers, published within a year of each other.
* **Possible** — the same normalised title and the same kind, but not certain (`compare`):
  reported for a person to settle, never merged.

A blog post or video reusing a paper's title is a different work (a different kind), and two
works whose authors are all known and share no surname are different works.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from urllib.parse import parse_qsl, unquote, urlsplit

from llmreads.urls import canonical_url

_ARXIV_ID = r"(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ARXIV_PAGES = re.compile(r"^/(?:abs|pdf|html|format|overview|papers)/" + _ARXIV_ID + r"(?:\.pdf)?(?:/.*)?$", re.I)
_ARXIV_HOSTS = frozenset({
    "arxiv.org", "export.arxiv.org", "ar5iv.org", "ar5iv.labs.arxiv.org", "alphaxiv.org",
    "huggingface.co", "hf.co",
})
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\." + _ARXIV_ID + r"$", re.I)
_DOI = re.compile(r"(?P<doi>10\.\d{4,9}/[^\s?#]+)")
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org"})
_DOI_IN_PATH = re.compile(r"/doi/(?:abs/|pdf/|full/|epdf/|book/)?(?P<doi>10\.\d{4,9}/[^?#]+?)(?:\.pdf)?/?$")
_ACL_ID = re.compile(r"^/(?:anthology/)?(?P<id>\d{4}\.[a-z0-9-]+\.\d+|[A-Z]\d{2}-\d{4})(?:v\d+)?(?:\.pdf)?/?$", re.I)
_GITHUB_RESERVED = frozenset({"orgs", "topics", "features", "about", "sponsors", "marketplace", "settings", "apps"})
_README = re.compile(r"^readme(?:\.\w+)?$", re.I)
_NEURIPS = re.compile(r"/(?:hash|file)/(?P<hash>[0-9a-f]{32})-", re.I)
_PMLR = re.compile(r"^/(?P<volume>v\d+)/(?P<paper>[a-z0-9-]+?)(?:\.html|/(?P=paper)\.pdf)$", re.I)
_PROCEEDINGS_HOSTS = (
    "openreview.net", "aclanthology.org", "proceedings.neurips.cc", "papers.nips.cc", "neurips.cc",
    "proceedings.mlr.press", "openaccess.thecvf.com", "jmlr.org", "dl.acm.org", "ieeexplore.ieee.org",
    "link.springer.com", "nature.com", "science.org", "aaai.org", "ojs.aaai.org", "ijcai.org",
    "transacl.org", "direct.mit.edu", "iclr.cc", "icml.cc", "sciencedirect.com", "pnas.org",
)


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def arxiv_id(url: str) -> str | None:
    """Return the arXiv id (no version) behind any of the addresses a preprint goes by."""
    parts = urlsplit(url.strip())
    host = _host(url)
    if host in _DOI_HOSTS:
        match = _ARXIV_DOI.match(unquote(parts.path).strip("/"))
        return _arxiv_case(match.group("id")) if match else None
    if host not in _ARXIV_HOSTS:
        return None
    path = parts.path
    if host in ("huggingface.co", "hf.co") and not path.startswith("/papers/"):
        return None
    match = _ARXIV_PAGES.match(path)
    return _arxiv_case(match.group("id")) if match else None


def _arxiv_case(ident: str) -> str:
    archive, slash, number = ident.rpartition("/")
    if not slash:
        return ident
    name, dot, subject = archive.partition(".")
    return f"{name.lower()}{dot}{subject.upper()}/{number}"


def doi(url: str) -> str | None:
    """Return the DOI (lowercased) a doi.org link, a publisher's /doi/ page or an ACL Anthology page names."""
    parts = urlsplit(url.strip())
    host = _host(url)
    path = unquote(parts.path)
    if host in _DOI_HOSTS:
        match = _DOI.match(path.strip("/"))
        return match.group("doi").rstrip("/").lower() if match else None
    if host == "aclanthology.org":
        acl = _ACL_ID.match(path)
        return f"10.18653/v1/{acl.group('id')}".lower() if acl else None
    match = _DOI_IN_PATH.search(path)
    return match.group("doi").lower() if match else None


def openreview_id(url: str) -> str | None:
    """Return the OpenReview id of a forum, pdf or attachment page."""
    parts = urlsplit(url.strip())
    if _host(url) != "openreview.net" or parts.path.rstrip("/") not in ("/forum", "/pdf", "/attachment"):
        return None
    ident = dict(parse_qsl(parts.query)).get("id", "").strip()
    return ident or None


def github_repo(url: str) -> str | None:
    """Return `owner/repo` (lowercased) for a repository's home, its branch root or its README."""
    parts = urlsplit(url.strip())
    if _host(url) != "github.com":
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0].lower() in _GITHUB_RESERVED:
        return None
    owner, repo, rest = segments[0], segments[1].removesuffix(".git"), segments[2:]
    whole = not rest or (rest[0] == "tree" and len(rest) == 2) or (
        rest[0] == "blob" and len(rest) == 3 and _README.match(rest[2]) is not None)
    return f"{owner}/{repo}".lower() if whole and repo else None


def proceedings_id(url: str) -> str | None:
    """Return the id a NeurIPS or PMLR paper's abstract page and its PDF share."""
    host, path = _host(url), urlsplit(url.strip()).path
    if host in ("proceedings.neurips.cc", "papers.nips.cc"):
        match = _NEURIPS.search(path)
        return f"neurips/{match.group('hash').lower()}" if match else None
    if host == "proceedings.mlr.press":
        pmlr = _PMLR.match(path)
        return f"pmlr/{pmlr.group('volume')}/{pmlr.group('paper')}".lower() if pmlr else None
    return None


def work_key(url: str) -> str:
    """Return the key naming the work at `url`: equal keys are certainly the same work."""
    ident = arxiv_id(url)
    if ident:
        return f"arxiv:{ident}"
    for scheme, finder in (("doi", doi), ("openreview", openreview_id), ("github", github_repo),
                           ("proceedings", proceedings_id)):
        value = finder(url)
        if value:
            return f"{scheme}:{value}"
    return canonical_url(url)


def is_proceedings(url: str) -> bool:
    """Tell whether `url` is a paper's copy at a venue or publisher (not a preprint server)."""
    host = _host(url)
    if any(host == h or host.endswith("." + h) for h in _PROCEEDINGS_HOSTS):
        return True
    return doi(url) is not None and arxiv_id(url) is None


_STOP = re.compile(r"[^\w\s]")


def normal_title(title: str) -> str:
    """Fold a title for comparison: accents, case, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(_STOP.sub(" ", text).split())


class Verdict(Enum):
    """How sure we are that two entries name the same work."""

    DIFFERENT = "different"
    POSSIBLE = "possible"
    SAME = "same"


@dataclass(frozen=True)
class Work:
    """What identity looks at in an entry (or in a link about to become one)."""

    url: str
    title: str
    kind: str
    year: int | None = None
    authors: Sequence[str] = ()
    other_urls: Sequence[str] = ()

    def keys(self) -> set[str]:
        """Every work key of the entry's own address and of its extra copies."""
        return {work_key(u) for u in (self.url, *self.other_urls)}


def _surnames(authors: Sequence[str]) -> set[str]:
    return {normal_title(a).split()[-1] for a in authors if normal_title(a)}


def compare(a: Work, b: Work) -> Verdict:
    """Say whether two works are certainly the same, possibly the same, or different."""
    if a.keys() & b.keys():
        return Verdict.SAME
    if normal_title(a.title) != normal_title(b.title) or a.kind != b.kind or not normal_title(a.title):
        return Verdict.DIFFERENT
    if a.authors and b.authors and not _surnames(a.authors) & _surnames(b.authors):
        return Verdict.DIFFERENT
    if _preprint_and_proceedings(a, b) or _preprint_and_proceedings(b, a):
        return Verdict.SAME
    return Verdict.POSSIBLE


def _preprint_and_proceedings(preprint: Work, copy: Work) -> bool:
    return (preprint.kind == "paper" and arxiv_id(preprint.url) is not None and is_proceedings(copy.url)
            and preprint.year is not None and copy.year is not None and abs(preprint.year - copy.year) <= 1)


def why_possible(a: Work, b: Work) -> str:
    """Explain a possible duplicate in a few words, e.g. 'same title, both papers'."""
    return f"same title, both {_PLURAL_KINDS.get(a.kind, a.kind + 's')}"


_PLURAL_KINDS = {"thread": "threads", "slides": "slide decks", "podcast": "podcasts", "other": "other works",
                 "code": "code repositories"}
