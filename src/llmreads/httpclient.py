"""Shared HTTP plumbing for everything that asks the network (`links`, `add`, `enrich`).

    Endpoints     the external services asked (tests point them at local servers)
    Pacer         one request every few seconds to a service, across runs
    host_key      the unit of politeness: one key for every spelling of a host
    read_capped   a body read to a cap counted after decompression (a gzip bomb costs the cap, no more)
    get           GET with redirects followed by hand (http(s) only), a deadline and a cap
    build_client  the one real client the CLI builds

Network code takes its `httpx.AsyncClient` as a parameter, so tests hand in their own.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import idna
from pydantic import BaseModel, ConfigDict

from llmreads.errors import FetchError
from llmreads.urls import is_http_url

REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 10
#: The most of one page any command reads (after decompression).
MAX_PAGE = 2 * 1024 * 1024
#: What we ask servers for: only encodings whose decompression can be capped as it streams.
ACCEPT_ENCODING = "gzip, deflate"
_NUMERIC_HOST = re.compile(r"^(?:0x[0-9a-f]*|\d+)(?:\.(?:0x[0-9a-f]*|\d+)){0,3}$")


class Endpoints(BaseModel):
    """External services the checker, `add` and `enrich` ask (tests point them at local servers)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)

    youtube_oembed: str = "https://www.youtube.com/oembed"
    """YouTube's oEmbed endpoint: answers 404 for removed or private videos, unlike the watch page."""
    arxiv_api: str = "https://export.arxiv.org/api/query"
    """The arXiv API (Atom); confirms and describes papers in batches."""
    wayback: str = "https://archive.org/wayback/available"
    """The Wayback Machine availability API, asked for an archived copy of a broken link."""
    crossref: str = "https://api.crossref.org/works"
    """Crossref's REST API for DOIs (asked as <endpoint>/<DOI>)."""
    github_api: str = "https://api.github.com"
    """GitHub's REST API (asked as <endpoint>/repos/<owner>/<repo>)."""


class Pacer:
    """Space calls to one service at least `interval` seconds apart, across runs when given a state file."""

    def __init__(self, interval: float, state: Path | None = None, *, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.interval = interval
        self.state = state
        self.clock = clock
        """Wall-clock seconds (the state file outlives the process); tests pass a virtual clock and sleep."""
        self.sleep = sleep
        self._lock = asyncio.Lock()
        self._last = 0.0

    def _previous(self) -> float:
        if self.state is None:
            return self._last
        try:
            return max(self._last, float(self.state.read_text(encoding="utf-8").strip() or 0))
        except (OSError, ValueError):
            return self._last

    async def wait(self) -> None:
        """Return when the next call may start, and mark that start."""
        async with self._lock:
            delay = self._previous() + self.interval - self.clock()
            if delay > 0:
                await self.sleep(min(delay, self.interval))
            self._last = self.clock()
            if self.state is not None:
                try:
                    self.state.parent.mkdir(parents=True, exist_ok=True)
                    self.state.write_text(f"{self._last}\n", encoding="utf-8")
                except OSError:
                    pass  # pacing across runs is a courtesy; within this run it still holds


def host_key(url: str) -> str:
    """Return the host a request to `url` goes to, one spelling per host (the unit of politeness).

    Lowercase, trailing dot dropped, internationalised names in their IDNA form, and numeric
    addresses in their standard form (`0x7f.1`, `2130706433` and `[::ffff:127.0.0.1]` are `127.0.0.1`).
    """
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    numeric = _numeric(host)
    if numeric is not None:
        return numeric
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return host


def _numeric(host: str) -> str | None:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if not _NUMERIC_HOST.match(host):
            return None
        try:  # the forms inet_aton accepts: 127.1, 0x7f.0.0.1, 017700000001, 2130706433
            return str(ipaddress.IPv4Address(socket.inet_aton(host)))
        except (OSError, ValueError):
            return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


class UnreadableBody(ValueError):
    """A body in an encoding that cannot be decoded within a cap (or that is corrupt)."""


class _Decoder:
    """Undo one content encoding, never producing more than asked for."""

    def __init__(self, encoding: str) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip().lower() not in ("", "identity")]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise UnreadableBody(f"content encoding {encoding!r} is not supported")
        self.zlib = zlib.decompressobj(zlib.MAX_WBITS | 32) if codings else None
        self.raw_deflate = codings == ["deflate"]

    def feed(self, data: bytes, room: int) -> bytes:
        if self.zlib is None:
            return data[:room]
        try:
            return self.zlib.decompress(data, room)
        except zlib.error as exc:
            if self.raw_deflate:  # some servers send deflate without its zlib wrapper
                self.raw_deflate = False
                self.zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.feed(data, room)
            raise UnreadableBody(f"corrupt compressed body: {exc}") from None


async def read_capped(response: httpx.Response, limit: int) -> bytes:
    """Read at most `limit` bytes of a streamed body, counted after decompression.

    Raises UnreadableBody for an encoding that cannot be decoded.
    """
    if limit <= 0:
        return b""
    decoder = _Decoder(response.headers.get("content-encoding", ""))
    body = bytearray()
    async for raw in response.aiter_raw():
        body += decoder.feed(raw, limit - len(body))
        if len(body) >= limit:
            break
    return bytes(body[:limit])


def redirect_target(current: str, location: str) -> str | None:
    """Return the absolute URL a Location header points at, or None when it is not a usable http(s) URL."""
    try:
        target = urljoin(current, location.strip())
    except ValueError:
        return None
    return target if is_http_url(target) else None


@dataclass(frozen=True)
class Page:
    """The last answer to a GET, after its redirects: where it came from, its code, headers and body."""

    url: str
    code: int
    headers: httpx.Headers
    body: bytes

    @property
    def media_type(self) -> str:
        """The content type without its parameters, lowercase."""
        return str(self.headers.get("content-type", "")).split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type names, if any."""
        match = re.search(r"charset=[\"']?([\w.:-]+)", str(self.headers.get("content-type", "")), re.IGNORECASE)
        return match.group(1) if match else None


async def get(client: httpx.AsyncClient, url: str, *, timeout: float, cap: int = MAX_PAGE,
              params: dict[str, str] | None = None, headers: dict[str, str] | None = None,
              what: str = "") -> Page:
    """GET `url` within a total deadline, following http(s) redirects by hand, reading at most `cap` bytes.

    Raises FetchError (one line, naming `what` or the URL) when no usable answer arrives.
    """
    what = what or url
    try:
        async with asyncio.timeout(timeout):
            return await _follow(client, url, timeout, cap, params, headers or {}, what)
    except (TimeoutError, httpx.TimeoutException):
        raise FetchError(f"cannot fetch {what}: no answer within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch {what}: {error_text(exc)}") from None
    except (UnreadableBody, UnusableRedirect) as exc:
        raise FetchError(f"cannot read {what}: {exc}") from None
    except (httpx.InvalidURL, ValueError) as exc:  # a host name or redirect httpx cannot turn into a request
        raise FetchError(f"cannot fetch {what}: {error_text(exc)}") from None


async def _follow(client: httpx.AsyncClient, url: str, timeout: float, cap: int, params: dict[str, str] | None,
                  headers: dict[str, str], what: str) -> Page:
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        request = client.build_request("GET", current, params=params, headers=headers, timeout=httpx.Timeout(timeout))
        response = await send(client, request)
        try:
            location = response.headers.get("location")
            if response.status_code in REDIRECTS and location:
                target = redirect_target(str(request.url), location)
                if target is None:
                    raise FetchError(f"cannot fetch {what}: it redirects to a URL that is not http(s): "
                                     f"{location.strip()[:200]!r}")
                current, params = target, None
                continue
            return Page(str(request.url), response.status_code, response.headers, await read_capped(response, cap))
        finally:
            await response.aclose()
    raise FetchError(f"cannot fetch {what}: more than {MAX_REDIRECTS} redirects")


class UnusableRedirect(ValueError):
    """httpx could not read the Location of a redirect (a mailto:, javascript: or malformed URL)."""


async def send(client: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    """Send `request` without following redirects, streaming the body.

    httpx turns every Location into its next request even when not following it, and fails on a
    Location that is no URL it can request; that is the server's answer, so say so.
    """
    try:
        return await client.send(request, stream=True, follow_redirects=False)
    except httpx.RemoteProtocolError as exc:
        if "location header" not in str(exc).lower():
            raise
        raise UnusableRedirect(f"it redirects to a malformed URL ({error_text(exc)})") from None
    except (httpx.InvalidURL, ValueError) as exc:
        raise UnusableRedirect(f"it redirects to a URL that is not http(s) or is malformed ({error_text(exc)})"
                               ) from None


def error_text(exc: BaseException) -> str:
    """One line saying what went wrong, for a message."""
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def build_client(user_agent: str, timeout: float, *, limits: httpx.Limits | None = None) -> httpx.AsyncClient:
    """Build the real client: HTTP/2, our User-Agent, only encodings we can cap as they stream."""
    return httpx.AsyncClient(http2=True, headers={"User-Agent": user_agent, "Accept-Encoding": ACCEPT_ENCODING},
                             limits=limits or httpx.Limits(), timeout=timeout)
