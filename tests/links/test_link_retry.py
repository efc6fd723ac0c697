"""Which failures the link checker tries again: every one a second try could fix, and no other.

Each case scripts the answers of a mock transport (no network) and counts the requests: a retryable
failure followed by a good answer must end OK after two requests; a failure that stays gets
1 + `retries` requests; a final one gets exactly one.
"""

from __future__ import annotations

import asyncio
import email.utils
import socket
import ssl
import time
from collections.abc import Callable

import httpx
import pytest
from faults import fast_settings

from llmreads.links.checker import Answer, Engine, Failure, Outcome, is_challenge, pool_limits, retry_after
from llmreads.links.model import LinkState

URL = "http://127.0.0.1:9/page"
Step = int | Callable[[httpx.Request], Exception]


def caused(exc: httpx.HTTPError, cause: BaseException) -> Callable[[httpx.Request], Exception]:
    def make(request: httpx.Request) -> Exception:
        exc.__cause__ = cause
        return exc
    return make


def raise_(kind: type[httpx.TransportError]) -> Callable[[httpx.Request], Exception]:
    return lambda request: kind("scripted failure", request=request)


TEMPORARY_DNS = caused(httpx.ConnectError("dns"),
                       socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"))
NO_SUCH_HOST = caused(httpx.ConnectError("dns"), socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
REFUSED = caused(httpx.ConnectError("refused"), ConnectionRefusedError(111, "Connection refused"))
RESET = caused(httpx.ReadError("reset"), ConnectionResetError(104, "Connection reset by peer"))
TLS = caused(httpx.ConnectError("tls"), ssl.SSLCertVerificationError(1, "certificate verify failed"))

RETRYABLE: dict[str, Step] = {
    "408": 408, "429": 429, "500": 500, "502": 502, "503": 503, "504": 504,
    "read timeout": raise_(httpx.ReadTimeout), "connect timeout": raise_(httpx.ConnectTimeout),
    "write timeout": raise_(httpx.WriteTimeout), "pool timeout": raise_(httpx.PoolTimeout),
    "temporary DNS failure": TEMPORARY_DNS, "connection refused": REFUSED, "connect error": raise_(httpx.ConnectError),
    "connection reset": RESET, "read error": raise_(httpx.ReadError),
    "remote protocol error": raise_(httpx.RemoteProtocolError),
}
FINAL: dict[str, tuple[Step, LinkState | None]] = {
    "404": (404, None), "410": (410, None), "403": (403, None), "400": (400, None), "200": (200, None),
    "no such host": (NO_SUCH_HOST, LinkState.BROKEN), "TLS": (TLS, LinkState.ERROR),
}


def fetch(steps: list[Step], method: str = "GET", **settings: object) -> tuple[Outcome, int]:
    """Fetch URL through a transport answering with `steps` in turn (the last one repeats)."""
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        step = steps[min(calls, len(steps) - 1)]
        calls += 1
        if isinstance(step, int):
            return httpx.Response(step, stream=httpx.ByteStream(b"answer"))
        raise step(request)

    async def go() -> Outcome:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            return await Engine(client, fast_settings(**settings)).fetch(URL, method=method)

    return asyncio.run(go()), calls


@pytest.mark.parametrize("name", list(RETRYABLE))
def test_a_passing_fault_is_tried_again_and_the_link_is_ok(name: str) -> None:
    outcome, calls = fetch([RETRYABLE[name], 200])
    assert isinstance(outcome, Answer) and outcome.code == 200, outcome
    assert calls == 2


@pytest.mark.parametrize("name", list(RETRYABLE))
def test_a_lasting_fault_is_tried_once_plus_the_retries(name: str) -> None:
    outcome, calls = fetch([RETRYABLE[name]], retries=2)
    assert calls == 3
    if isinstance(outcome, Failure):
        assert outcome.retryable


@pytest.mark.parametrize("name", list(FINAL))
def test_a_final_answer_is_asked_once(name: str) -> None:
    step, state = FINAL[name]
    outcome, calls = fetch([step, 200])
    assert calls == 1
    if state is not None:
        assert isinstance(outcome, Failure) and outcome.state is state and not outcome.retryable


def test_retries_zero_asks_once() -> None:
    assert fetch([503, 200], retries=0)[1] == 1


def test_head_answers_are_not_retried() -> None:
    """A HEAD answer is only a hint (the check asks again with GET), so waiting on it would be wasted."""
    assert fetch([503, 200], method="HEAD")[1] == 1


def test_retry_after_is_honoured_up_to_the_cap() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        status = 429 if calls == 1 else 200
        return httpx.Response(status, headers={"retry-after": "0"}, stream=httpx.ByteStream(b""))

    async def go() -> Outcome:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            return await Engine(client, fast_settings()).fetch(URL)

    outcome = asyncio.run(go())
    assert isinstance(outcome, Answer) and outcome.code == 200 and calls == 2


# --------------------------------------------------------------------------- headers and bodies (mutation gaps)


@pytest.mark.parametrize(("value", "seconds"), [
    (None, None), ("", None), ("  7 ", 7.0), ("0", 0.0), ("soon", None), ("-3", None),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # a date in the past: no wait
])
def test_retry_after(value: str | None, seconds: float | None) -> None:
    assert retry_after(value) == seconds


def test_retry_after_a_date_in_the_future_is_the_time_until_it() -> None:
    later = email.utils.formatdate(time.time() + 120, usegmt=True)
    wait = retry_after(later)
    assert wait is not None and 100 < wait <= 120


def answer(code: int, body: bytes = b"", **headers: str) -> Answer:
    return Answer("https://a.example/", code, httpx.Headers(headers), body)


@pytest.mark.parametrize(("code", "body", "headers", "challenge"), [
    (403, b"<title>Just a moment...</title>", {}, True),
    (503, b"<script src='/cdn-cgi/challenge-platform/x'>", {}, True),
    (429, b"Please complete the CAPTCHA", {}, True),
    (404, b"captcha", {}, False),                      # only 403, 429 and 503 can be a robot check by body
    (403, b"Forbidden", {}, False),
    (403, b"x" * 9000 + b"captcha", {}, False),         # the marker must be in the first bytes
    (200, b"", {"cf-mitigated": "Challenge"}, True),   # the header says so whatever the code
    (404, b"", {"cf-mitigated": "none"}, False),
])
def test_is_challenge(code: int, body: bytes, headers: dict[str, str], challenge: bool) -> None:
    assert is_challenge(answer(code, body, **headers)) is challenge


@pytest.mark.parametrize(("name", "state", "detail"), [
    ("temporary DNS failure", LinkState.ERROR, "DNS: Temporary failure in name resolution"),
    ("no such host", LinkState.BROKEN, "DNS: no such host"),
    ("connection refused", LinkState.ERROR, "connection refused"),
    ("connection reset", LinkState.ERROR, "connection reset: reset"),
    ("TLS", LinkState.ERROR, "TLS: certificate verify failed"),
])
def test_a_failure_says_what_went_wrong(name: str, state: LinkState, detail: str) -> None:
    step = RETRYABLE.get(name) or FINAL[name][0]
    outcome, _ = fetch([step], retries=0)
    assert isinstance(outcome, Failure)
    assert (outcome.state, outcome.detail) == (state, detail)


def tls_error(verify_message: str | None, reason: str | None) -> ssl.SSLError:
    error = ssl.SSLCertVerificationError(1, "certificate verify failed")
    error.verify_message = verify_message
    error.reason = reason
    return error


@pytest.mark.parametrize(("error", "detail"), [
    (tls_error("self-signed certificate", "CERTIFICATE_VERIFY_FAILED"), "TLS: self-signed certificate"),
    (tls_error(None, "WRONG_VERSION_NUMBER"), "TLS: WRONG_VERSION_NUMBER"),
    (tls_error(None, None), "TLS: certificate verify failed"),
])
def test_a_tls_failure_gives_the_most_precise_reason(error: ssl.SSLError, detail: str) -> None:
    outcome, calls = fetch([caused(httpx.ConnectError("tls"), error)])
    assert isinstance(outcome, Failure)
    assert (outcome.state, outcome.detail, outcome.retryable, calls) == (LinkState.ERROR, detail, False, 1)


@pytest.mark.parametrize("errno", [socket.EAI_NONAME, socket.EAI_NODATA])
def test_a_name_without_an_address_is_no_such_host(errno: int) -> None:
    outcome, calls = fetch([caused(httpx.ConnectError("dns"), socket.gaierror(errno, "no address"))])
    assert outcome == Failure(LinkState.BROKEN, "DNS: no such host", retryable=False, dns=True)
    assert calls == 1


def test_the_pool_leaves_the_request_limit_to_the_engine() -> None:
    """The limiter bounds requests in flight; the pool only keeps a few idle connections for reuse."""
    limits = pool_limits(fast_settings())
    assert (limits.max_connections, limits.max_keepalive_connections, limits.keepalive_expiry) == (None, 32, 10)


@pytest.mark.parametrize(("step", "expected"), [
    (TEMPORARY_DNS, Failure(LinkState.ERROR, "DNS: Temporary failure in name resolution", retryable=True, dns=True)),
    (caused(httpx.ConnectError("dns"), socket.gaierror(socket.EAI_AGAIN, "")),
     Failure(LinkState.ERROR, "DNS: [Errno -3] ", retryable=True, dns=True)),
    (raise_(httpx.ConnectError), Failure(LinkState.ERROR, "cannot connect: scripted failure", retryable=True)),
    (caused(httpx.ProxyError("proxy went away"), ConnectionResetError(104, "Connection reset by peer")),
     Failure(LinkState.ERROR, "connection reset: proxy went away", retryable=True)),
    (lambda request: httpx.ReadError("", request=request),
     Failure(LinkState.ERROR, "connection reset", retryable=True)),
    (lambda request: httpx.WriteError("  broken\n pipe ", request=request),
     Failure(LinkState.ERROR, "connection reset: broken pipe", retryable=True)),
    (raise_(httpx.UnsupportedProtocol), Failure(LinkState.ERROR, "UnsupportedProtocol: scripted failure")),
    (lambda request: httpx.ProxyError(""), Failure(LinkState.ERROR, "ProxyError: ProxyError")),
])
def test_a_failure_is_classified_whole(step: Step, expected: Failure) -> None:
    outcome, calls = fetch([step], retries=1)
    assert outcome == expected
    assert calls == (2 if expected.retryable else 1)
