"""Settings and per-host rules for the link checker, read from link-rules.yaml at the project root.

Every key is optional; a missing file means the defaults below. Problems in the file are
reported like problems in data/: one line each, `file:line: field: message`.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from llmreads import __version__
from llmreads.errors import DataError, Problem
from llmreads.files import UnreadableFile, read_bytes
from llmreads.httpclient import Endpoints, host_key
from llmreads.links.model import LinkState
from llmreads.yamlio import Located, decode, parse

RULES_FILE = "link-rules.yaml"
StrategyName = Literal["youtube-oembed", "arxiv-api"]
USER_AGENT = f"llmreads-linkcheck/{__version__} (+https://github.com/llmreads/llmreads; link checker of a reading list)"


_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_VALUE = re.compile(r"^[\x20-\x7e]*$")


def _header_name(name: str) -> str:
    if not _TOKEN.match(name):
        raise ValueError(f"{name!r} is not a valid HTTP header name (ASCII letters, digits and -)")
    return name


def _header_value(value: str) -> str:
    if not _VALUE.match(value):
        raise ValueError("HTTP header values must be printable ASCII (no accents, emoji or line breaks)")
    return value


HeaderName = Annotated[str, AfterValidator(_header_name)]
HeaderValue = Annotated[str, AfterValidator(_header_value)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True, allow_inf_nan=False)


class HostRule(_Strict):
    """How to treat one host (and its subdomains)."""

    exclude: bool = False
    """Skip every link to this host (reported as `skipped`)."""
    headers: dict[HeaderName, HeaderValue] = {}
    """Extra request headers, e.g. Accept-Language."""
    accept: dict[int, LinkState] = {}
    """HTTP codes with a fixed verdict for this host, e.g. {403: blocked}; such codes are never retried."""
    head: bool = True
    """Try HEAD first; false where the host answers HEAD wrongly, so only GET is used."""
    per_host: int | None = Field(default=None, ge=1)
    """Concurrent requests to this host (default: the global per_host)."""
    interval: float | None = Field(default=None, ge=0)
    """Seconds between the starts of two requests to this host (default: the global interval)."""


class Settings(_Strict):
    """Everything that tunes a link check; command-line options override these."""

    user_agent: HeaderValue = USER_AGENT
    """The User-Agent header, naming the project so site owners can tell who is asking."""
    timeout: float = Field(default=15.0, gt=0)
    """Total seconds one link may cost: every attempt, redirect, retry and back-off included."""
    concurrency: int = Field(default=64, ge=1)
    """Requests in flight at once, over all hosts."""
    per_host: int = Field(default=4, ge=1)
    """Requests in flight at once to one host."""
    interval: float = Field(default=0.25, ge=0)
    """Minimum seconds between the starts of two requests to one host."""
    retries: int = Field(default=2, ge=0, le=10)
    """Extra attempts after a connect error, timeout, reset, 408, 429 or 5xx."""
    backoff: float = Field(default=0.5, ge=0)
    """First back-off in seconds; doubled each retry, plus random jitter."""
    max_retry_after: float = Field(default=30.0, ge=0)
    """Cap on a server's Retry-After, in seconds."""
    max_redirects: int = Field(default=10, ge=0)
    """Redirects followed before giving up."""
    cache_max_age: float = Field(default=86_400.0, ge=0)
    """Seconds an ok or redirected result is reused; failures are always checked again."""
    strategies: list[StrategyName] = ["youtube-oembed", "arxiv-api"]
    """Source-specific strategies to use before plain HTTP (names from llmreads.links.strategies)."""
    arxiv_batch: int = Field(default=50, ge=1, le=2000)
    """Papers confirmed per arXiv API request."""
    arxiv_interval: float = Field(default=3.0, ge=0)
    """Seconds between two arXiv API requests (arXiv asks for one request every three seconds)."""
    archive: bool = True
    """Look up an archived copy of each broken link."""
    endpoints: Endpoints = Endpoints()
    """External services (YouTube oEmbed, arXiv API, Wayback Machine)."""
    exclude: list[str] = []
    """URL patterns (shell-style, e.g. https://example.com/private/*) never checked."""
    hosts: dict[str, HostRule] = {}
    """Rules per host name; a rule for example.com also covers www.example.com and other subdomains."""

    def rule_for(self, url: str) -> HostRule:
        """Return the rule of the most specific host name that covers `url`, or the default rule."""
        host = host_key(url)
        best, best_key = "", ""
        for name in self.hosts:
            key = host_key(f"http://{name}/")
            if key and (host == key or host.endswith("." + key)) and len(key) > len(best_key):
                best, best_key = name, key
        return self.hosts[best] if best_key else HostRule()

    def excluded(self, url: str) -> bool:
        """Tell whether a rule says not to check `url`."""
        return self.rule_for(url).exclude or any(fnmatch.fnmatchcase(url, p) for p in self.exclude)

    def merged(self, **overrides: Any) -> Settings:
        """Return a copy with the given settings replaced (None values are ignored)."""
        changes = {k: v for k, v in overrides.items() if v is not None}
        endpoints = {k: changes.pop(k) for k in list(changes) if k in Endpoints.model_fields}
        if endpoints:
            changes["endpoints"] = self.endpoints.model_copy(update=endpoints)
        return self.model_copy(update=changes)


def load_settings(path: Path, *, required: bool = False) -> Settings:
    """Read link-rules.yaml (defaults if it is absent and not required), raising DataError on problems."""
    name = str(path)
    try:
        raw = read_bytes(path)
    except UnreadableFile as exc:
        raise DataError([Problem(name, 1, "file", exc.reason)]) from None
    if raw is None:
        if required:
            raise DataError([Problem(name, 1, "file", "missing")])
        return Settings()
    text = decode(raw, name)
    located = parse(text, name) if isinstance(text, str) else text
    if isinstance(located, Problem):
        raise DataError([located])
    if located.data is None:
        return Settings()
    if not isinstance(located.data, dict):
        raise DataError([Problem(name, 1, "file", "expected a mapping of settings")])
    try:
        return Settings.model_validate(located.data)
    except ValidationError as exc:
        raise DataError([_problem(error, located) for error in exc.errors(include_url=False)]) from None


def _problem(error: Any, located: Located) -> Problem:
    path, names = _yaml_path(located.data, [part for part in error["loc"] if part != "[key]"])
    kind = error["type"]
    if kind == "extra_forbidden":
        message = "unknown setting"
    elif kind == "enum":
        message = f"{error.get('input')!r} is not one of " + ", ".join(s.value for s in LinkState)
    else:
        message = str(error["msg"]).removeprefix("Value error, ")
        if kind != "missing" and not isinstance(error.get("input"), (dict, list)):
            message += f", got {error.get('input')!r}"
    return Problem(located.file, located.line(path), ".".join(names) or "file", message)


def _yaml_path(data: Any, loc: list[Any]) -> tuple[tuple[str | int, ...], list[str]]:
    """Turn a pydantic location into yamlio's line path (keys as text) and the field's dotted name."""
    path: list[str | int] = []
    names: list[str] = []
    node = data
    for part in loc:
        if isinstance(node, dict):
            key = next((k for k in node if str(k) == str(part)), part)
            path.append(str(key))
            names.append(str(key))
            node = node.get(key)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            path.append(part)
            node = node[part]
        else:
            names.append(str(part))
            node = None
    return tuple(path), names
