"""The async engine: one request at a time per slot, retried when worth it, bounded by a total deadline.

The `httpx.AsyncClient` is always passed in (only the CLI builds the real one), so tests can
hand in a client pointed at local servers or a mock transport.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import socket
import ssl
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from llmreads.httpclient import (
    REDIRECTS,
    UnreadableBody,
    UnusableRedirect,
    error_text,
    host_key,
    read_capped,
    redirect_target,
    send,
)
from llmreads.links.limits import HostLimiter
from llmreads.links.model import PERMANENT, CheckResult, Hop, LinkState
from llmreads.links.rules import HostRule, Settings

RETRY_CODES = frozenset({408, 429})
SNIFF_BYTES = 8192
#: Bodies up to this size are read to their end, so the connection can serve the next request.
REUSE_BYTES = 64 * 1024
DNS_NO_HOST = "DNS: no such host"
MAX_BODY = 4 * 1024 * 1024
#: Words in the first bytes of an error page that say a robot check, not a missing page, stands in the way.
CHALLENGE_MARKERS = (b"challenge-platform", b"cf-chl", b"/cdn-cgi/challenge", b"just a moment...", b"captcha",
                     b"attention required", b"_incapsula_", b"datadome", b"are you a robot", b"bot verification")


def pool_limits(settings: Settings) -> httpx.Limits:
    """Connection-pool limits for the client the engine is given.

    The engine's limiter already bounds requests in flight, so the pool does not; its idle
    connections are kept few because httpcore scans them all, pairwise, on every request.
    """
    return httpx.Limits(max_connections=None, max_keepalive_connections=32, keepalive_expiry=10)


@dataclass(frozen=True)
class Answer:
    """An HTTP response: its code, headers and the first bytes of its body (when they were wanted)."""

    url: str
    code: int
    headers: httpx.Headers
    body: bytes = b""


@dataclass(frozen=True)
class Failure:
    """A request that got no HTTP answer: a verdict, a reason, and whether trying again could help."""

    state: LinkState
    detail: str
    retryable: bool = False
    dns: bool = False


Outcome = Answer | Failure


@dataclass
class Budget:
    """The time one link may still cost: every attempt and back-off is paid from it."""

    seconds: float
    spent: float = 0.0

    @property
    def remaining(self) -> float:
        return max(0.0, self.seconds - self.spent)


@dataclass
class Engine:
    """Check links over a shared client, within the settings' limits."""

    client: httpx.AsyncClient
    settings: Settings
    limiter: HostLimiter | None = None
    rng: random.Random = field(default_factory=random.Random)
    resolved: bool = False
    """Whether any host name resolved in this run (if none did, name failures mean no network)."""
    unresolved: dict[str, Failure] = field(default_factory=dict)
    """Hosts whose name did not resolve: not asked again in this run."""
    probes: dict[str, asyncio.Event] = field(default_factory=dict)
    """Set once the first request to a host has finished: the others wait for it, so a dead name is looked up once."""
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    """How the engine waits before trying again (tests pass one that records the waits)."""

    def __post_init__(self) -> None:
        if self.limiter is None:
            self.limiter = HostLimiter(self.settings.concurrency, self._policy)

    def _policy(self, host: str) -> tuple[int, float]:
        rule = self.settings.rule_for(f"http://[{host}]/" if ":" in host else f"http://{host}/")
        return (rule.per_host or self.settings.per_host,
                self.settings.interval if rule.interval is None else rule.interval)

    async def check_url(self, url: str) -> CheckResult:
        """Check one link with plain HTTP: HEAD first where allowed, GET when HEAD is refused or unreliable."""
        started = time.monotonic()
        rule = self.settings.rule_for(url)
        budget = Budget(self.settings.timeout)
        hops: list[Hop] = []
        seen = {url}
        current, method = url, "HEAD" if rule.head else "GET"
        while True:
            outcome = await self.fetch(current, method=method, rule=rule, budget=budget)
            elapsed = int((time.monotonic() - started) * 1000)
            if isinstance(outcome, Failure):
                return CheckResult(url, outcome.state, None, current, tuple(hops), elapsed, detail=outcome.detail)
            location = outcome.headers.get("location")
            if outcome.code in REDIRECTS and location and outcome.code not in rule.accept:
                target = redirect_target(current, location)
                hops.append(Hop(current, outcome.code))
                problem = self._bad_redirect(target, location, seen, hops)
                if problem:
                    return CheckResult(url, LinkState.ERROR, outcome.code, target or current, tuple(hops),
                                       elapsed, detail=problem)
                assert target is not None
                seen.add(target)
                current = target
                continue
            if method == "HEAD" and not 200 <= outcome.code < 300 and outcome.code not in rule.accept:
                method = "GET"  # HEAD refused or unreliable: ask again the way a browser would
                continue
            return _verdict(url, outcome, rule, tuple(hops), elapsed)

    def _bad_redirect(self, target: str | None, location: str, seen: set[str], hops: list[Hop]) -> str:
        if target is None:
            return f"redirect to a URL that is not http(s): {location.strip()[:200]!r}"
        if target in seen:
            return f"redirect loop after {len(hops)} redirects (back to {target})"
        if len(hops) > self.settings.max_redirects:
            return f"more than {self.settings.max_redirects} redirects"
        return ""

    async def fetch(self, url: str, *, method: str = "GET", rule: HostRule | None = None,
                    budget: Budget | None = None, params: dict[str, str] | None = None,
                    body: bool = False) -> Outcome:
        """Request `url`, retrying connect errors, timeouts, resets, 408, 429 and 5xx while the budget lasts.

        With `body`, the whole body (up to 4 MB) is read; otherwise only the start of an error page.
        """
        rule = rule or self.settings.rule_for(url)
        budget = budget or Budget(self.settings.timeout)
        attempt = 0
        while True:
            outcome = await self._attempt(method, url, rule, budget, params, body)
            delay = self._retry_delay(outcome, method, rule, attempt)
            if delay is None or attempt >= self.settings.retries or delay >= budget.remaining:
                return outcome
            await self.sleep(delay)
            budget.spent += delay
            attempt += 1

    def _retry_delay(self, outcome: Outcome, method: str, rule: HostRule, attempt: int) -> float | None:
        """Return how long to wait before trying again, or None when another try cannot help."""
        if isinstance(outcome, Failure):
            return self._backoff(attempt) if outcome.retryable else None
        code = outcome.code
        if method == "HEAD" or code in rule.accept or not (code in RETRY_CODES or 500 <= code < 600):
            return None
        if is_challenge(outcome):
            return None
        after = retry_after(outcome.headers.get("retry-after"))
        if after is not None:
            return min(after, self.settings.max_retry_after)
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        base = self.settings.backoff
        return float(base * 2**attempt + self.rng.uniform(0, base))

    async def _attempt(self, method: str, url: str, rule: HostRule, budget: Budget,
                       params: dict[str, str] | None, body: bool) -> Outcome:
        assert self.limiter is not None
        if budget.remaining <= 0:
            return Failure(LinkState.TIMEOUT, f"no answer within {self.settings.timeout:g} s")
        host = host_key(url)
        probe = self.probes.get(host)
        if probe is None:
            self.probes[host] = asyncio.Event()
        else:
            await probe.wait()
        if host in self.unresolved:
            return self.unresolved[host]
        try:
            return await self._limited(method, url, rule, budget, params, body)
        finally:
            self.probes[host].set()

    async def _limited(self, method: str, url: str, rule: HostRule, budget: Budget,
                       params: dict[str, str] | None, body: bool) -> Outcome:
        assert self.limiter is not None
        async with self.limiter.slot(url):
            started = time.monotonic()
            try:
                async with asyncio.timeout(budget.remaining):
                    return await self._send(method, url, rule, budget.remaining, params, body)
            except (TimeoutError, httpx.TimeoutException):
                return Failure(LinkState.TIMEOUT, f"no complete answer within {self.settings.timeout:g} s",
                               retryable=True)
            except UnusableRedirect as exc:
                return Failure(LinkState.ERROR, str(exc).replace("it redirects", "redirect", 1))
            except (httpx.InvalidURL, ValueError) as exc:  # a host name httpx refuses (e.g. 0300.0250.0.1)
                return Failure(LinkState.ERROR, f"cannot request this URL: {error_text(exc)}")
            except httpx.HTTPError as exc:
                failure = _failure(exc)
                self.resolved = self.resolved or not failure.dns
                if failure.dns and not failure.retryable:
                    self.unresolved[host_key(url)] = failure
                return failure
            finally:
                budget.spent += time.monotonic() - started

    async def _send(self, method: str, url: str, rule: HostRule, seconds: float,
                    params: dict[str, str] | None, body: bool) -> Answer:
        request = self.client.build_request(method, url, params=params, headers=rule.headers,
                                            timeout=httpx.Timeout(seconds))
        response = await send(self.client, request)
        self.resolved = True
        try:
            limit = MAX_BODY if body else SNIFF_BYTES if method == "GET" and response.status_code >= 400 else 0
            content = await _read_some(response, max(limit, _small(response, method)))
        finally:
            await response.aclose()
        return Answer(str(request.url), response.status_code, response.headers, content)


def _small(response: httpx.Response, method: str) -> int:
    """Return how much of a body to read just to keep the connection: all of a small one, none of a large one."""
    if method == "HEAD":
        return 1
    length = response.headers.get("content-length", "")
    return int(length) + 1 if length.isdigit() and int(length) <= REUSE_BYTES else 0


async def _read_some(response: httpx.Response, limit: int) -> bytes:
    """Read at most `limit` bytes of the body (decompressed): an endless or bomb-like body is never read whole."""
    try:
        return await read_capped(response, limit)
    except UnreadableBody:
        return b""


def retry_after(value: str | None) -> float | None:
    """Read a Retry-After header: seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def is_challenge(answer: Answer) -> bool:
    """Tell whether an error answer is a robot check (a CAPTCHA or a JavaScript challenge) rather than a verdict."""
    if answer.headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    if answer.code not in (403, 429, 503):
        return False
    start = answer.body[:SNIFF_BYTES].lower()
    return any(marker in start for marker in CHALLENGE_MARKERS)


def _verdict(url: str, answer: Answer, rule: HostRule, hops: tuple[Hop, ...], elapsed: int) -> CheckResult:
    code = answer.code
    state, detail = classify(answer, rule)
    result = CheckResult(url, state, code, answer.url, hops, elapsed, detail=detail)
    if state is LinkState.OK and hops and hops[0].code in PERMANENT:
        return CheckResult(url, LinkState.REDIRECTED, code, answer.url, hops, elapsed,
                           detail=f"moved permanently to {result.moved_to}")
    return result


def classify(answer: Answer, rule: HostRule) -> tuple[LinkState, str]:
    """Turn the last answer for a link into a verdict and a reason."""
    code = answer.code
    if code in rule.accept:
        return rule.accept[code], f"HTTP {code} (host rule)"
    if 200 <= code < 300:
        return LinkState.OK, f"HTTP {code}"
    if is_challenge(answer):
        return LinkState.BLOCKED, f"HTTP {code}: a robot check stands in the way"
    if code == 999:
        return LinkState.BLOCKED, "HTTP 999: the site refuses robots"
    if code == 429:
        return LinkState.BLOCKED, "HTTP 429: still rate-limited after retries"
    if code == 408:
        return LinkState.TIMEOUT, "HTTP 408: the server timed out the request"
    if code in REDIRECTS:
        return LinkState.ERROR, f"HTTP {code} without a Location"
    if 400 <= code < 500:
        return LinkState.BROKEN, f"HTTP {code}"
    return LinkState.ERROR, f"HTTP {code}" + (" after retries" if 500 <= code < 600 else "")


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _failure(exc: httpx.HTTPError) -> Failure:
    """Classify a request that got no HTTP answer."""
    causes = _causes(exc)
    tls = next((c for c in causes if isinstance(c, ssl.SSLError)), None)
    if tls is not None:
        reason = getattr(tls, "verify_message", None) or getattr(tls, "reason", None) or str(tls)
        return Failure(LinkState.ERROR, f"TLS: {reason}")
    dns = next((c for c in causes if isinstance(c, socket.gaierror)), None)
    if dns is not None:
        if dns.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
            return Failure(LinkState.BROKEN, DNS_NO_HOST, dns=True)
        return Failure(LinkState.ERROR, f"DNS: {dns.strerror or dns}", retryable=True, dns=True)
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return Failure(LinkState.ERROR, "connection refused", retryable=True)
    if isinstance(exc, httpx.ConnectError):
        return Failure(LinkState.ERROR, f"cannot connect: {_text(exc)}", retryable=True)
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)) or any(
            isinstance(c, ConnectionResetError) for c in causes):
        reason = _text(exc)
        return Failure(LinkState.ERROR, "connection reset" + ("" if reason == type(exc).__name__ else f": {reason}"),
                       retryable=True)
    return Failure(LinkState.ERROR, f"{type(exc).__name__}: {_text(exc)}")


def _text(exc: BaseException) -> str:
    return error_text(exc)
