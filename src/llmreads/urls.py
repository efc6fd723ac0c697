"""Canonical identity of a link: two URLs name the same work when their canonical forms match."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters that track the visitor and never change the work a URL names.
TRACKING_PARAMS = frozenset(
    {
        "si", "feature", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid",
        "igshid", "ref", "ref_src", "ref_url", "_hsenc", "_hsmi", "useskin", "trk",
    }
)
_YOUTUBE_HOSTS = frozenset({"youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"})
_ARXIV_HOSTS = frozenset({"arxiv.org", "export.arxiv.org"})
_ARXIV_PATH = re.compile(
    r"^/(?:abs|pdf|html|format)/(?P<id>(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?(?:\.pdf)?/*$"
)
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,}$")
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def is_http_url(url: str) -> bool:
    """Tell whether `url` is an absolute http(s) URL safe to render as a link."""
    if _UNSAFE.search(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and url.startswith(parts.scheme + "://")


def _host(netloc_host: str | None) -> str:
    host = (netloc_host or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def arxiv_id(url: str) -> str | None:
    """Return the arXiv identifier (without version) a URL points at, if any."""
    parts = urlsplit(url)
    if _host(parts.hostname) not in _ARXIV_HOSTS:
        return None
    match = _ARXIV_PATH.match(parts.path)
    return match.group("id") if match else None


def youtube_id(url: str) -> str | None:
    """Return the YouTube video id a URL points at, if any."""
    parts = urlsplit(url)
    host = _host(parts.hostname)
    candidate: str | None = None
    if host == "youtu.be":
        candidate = parts.path.strip("/").split("/")[0]
    elif host in _YOUTUBE_HOSTS:
        segments = [s for s in parts.path.split("/") if s]
        if segments == ["watch"]:
            candidate = dict(parse_qsl(parts.query)).get("v")
        elif len(segments) == 2 and segments[0] in ("embed", "shorts", "live", "v"):
            candidate = segments[1]
    return candidate if candidate and _YOUTUBE_ID.match(candidate) else None


def canonical_url(url: str) -> str:
    """Return the canonical form of `url`, the key that says which work it names.

    Scheme, `www.`, default ports, trailing slashes, fragments and tracking parameters are
    ignored; arXiv abs/pdf/version forms and YouTube watch/short/mobile forms collapse to one.
    """
    url = url.strip()
    ident = arxiv_id(url)
    if ident:
        return f"https://arxiv.org/abs/{ident}"
    video = youtube_id(url)
    if video:
        return f"https://youtube.com/watch?v={video}"
    parts = urlsplit(url)
    host = _host(parts.hostname)
    if ":" in host:
        host = f"[{host}]"
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    if host in _YOUTUBE_HOSTS:
        host = "youtube.com"
    path = re.sub(r"/+$", "", parts.path)
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")
    )
    return urlunsplit(("https", host, path, urlencode(query), ""))
