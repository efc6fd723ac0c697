"""One link checked against a local server that answers like a real one: the exact verdict, code, chain and detail.

Each test scripts the server's answers per path and asserts the whole result, plus what the server
saw (methods, paths, connections). Waits before a retry are recorded, not slept, so no test depends
on the clock; the only real waits are the short deadlines of the timeout cases.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from faults import fast_settings
from faultserver import LocalServer, Reply, Request, serving

from llmreads.links.checker import CHALLENGE_MARKERS, Budget, Engine, Failure
from llmreads.links.model import CheckResult, LinkState
from llmreads.links.rules import HostRule

#: One TLS context for every client: building one per client costs a tenth of a second (these are plain http
#: servers), which the mutation run would pay for every test of every mutant.
TLS = ssl.create_default_context()
Route = tuple[int, dict[str, str], bytes] | Callable[[Request, Reply], Awaitable[None]]
#: The order a page's answers are given in, per method: the last one repeats.
Script = dict[str, list[Route]]


@dataclass
class Site:
    """A server answering each path from a script, and noting which connection each request came on."""

    routes: dict[str, Script | list[Route]]
    connections: list[int] = field(default_factory=list)
    server: LocalServer | None = None
    _seen: dict[tuple[str, str], int] = field(default_factory=dict)

    async def __call__(self, request: Request, reply: Reply) -> None:
        self.connections.append(id(reply.writer))
        script = self.routes.get(request.path)
        if script is None:
            await reply.send(404, "no such page")
            return
        answers = script if isinstance(script, list) else script.get(request.method, script.get("*", []))
        key = (request.method, request.path)
        count = self._seen[key] = self._seen.get(key, 0) + 1
        route = answers[min(count, len(answers)) - 1]
        if callable(route):
            await route(request, reply)
        else:
            code, headers, body = route
            await reply.send(code, body, headers)

    def url(self, path: str, host: str | None = None) -> str:
        assert self.server is not None
        return self.server.url(path, host)

    def seen(self, path: str | None = None) -> list[tuple[str, str]]:
        assert self.server is not None
        return [(r.method, r.path) for r in self.server.requests if path is None or r.path == path]


def page(code: int, body: bytes | str = b"", **headers: str) -> Route:
    return (code, {k.replace("_", "-"): v for k, v in headers.items()},
            body.encode() if isinstance(body, str) else body)


def moved(code: int, location: str) -> Route:
    return page(code, Location=location)


async def never_answer(request: Request, reply: Reply) -> None:
    await reply.hang()


def slowly(route: Route, seconds: float = 0.2) -> Route:
    async def answer(request: Request, reply: Reply) -> None:
        await asyncio.sleep(seconds)
        code, headers, body = route  # type: ignore[misc]
        await reply.send(code, body, headers)
    return answer


@dataclass
class Checked:
    results: list[CheckResult]
    waits: list[float]

    @property
    def result(self) -> CheckResult:
        (only,) = self.results
        return only


def check(urls: list[str], *, seed: int = 1, **settings: Any) -> Checked:
    """Check URLs one after another with one engine; record the waits it asks for instead of sleeping."""
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    async def go() -> list[CheckResult]:
        async with httpx.AsyncClient(verify=TLS) as client:
            engine = Engine(client, fast_settings(**settings), rng=random.Random(seed), sleep=record)
            return [await engine.check_url(url) for url in urls]

    return Checked(asyncio.run(go()), waits)


@contextlib.contextmanager
def run_site(routes: dict[str, Script | list[Route]], hosts: tuple[str, ...] = ("127.0.0.1",)) -> Iterator[Site]:
    site = Site(routes)
    with serving(site, hosts) as server:
        site.server = server
        yield site


def expect(result: CheckResult, state: LinkState, code: int | None, final_url: str,
           redirects: list[tuple[str, int]], detail: str) -> None:
    """Assert the whole result; it is always reported under the link as given, wherever it led."""
    assert result.url == (redirects[0][0] if redirects else final_url)
    assert (result.state, result.code, result.final_url, [(h.url, h.code) for h in result.redirects],
            result.detail) == (state, code, final_url, redirects, detail)


# ------------------------------------------------------------------------------------------------ plain answers


def test_a_good_page_is_ok_after_one_head() -> None:
    with run_site({"/ok": [page(200, "fine")]}) as site:
        checked = check([site.url("/ok")])
    expect(checked.result, LinkState.OK, 200, site.url("/ok"), [], "HTTP 200")
    assert site.seen() == [("HEAD", "/ok")]
    assert checked.waits == []


def test_a_get_only_host_is_asked_with_get() -> None:
    with run_site({"/ok": [page(200, "fine")]}) as site:
        checked = check([site.url("/ok")], hosts={"127.0.0.1": HostRule(head=False)})
    expect(checked.result, LinkState.OK, 200, site.url("/ok"), [], "HTTP 200")
    assert site.seen() == [("GET", "/ok")]


@pytest.mark.parametrize(("head", "get", "state", "detail"), [
    (405, 200, LinkState.OK, "HTTP 200"),
    (404, 200, LinkState.OK, "HTTP 200"),        # HEAD is only a hint: GET has the last word
    (500, 200, LinkState.OK, "HTTP 200"),
    (200, 404, LinkState.OK, "HTTP 200"),        # a good HEAD is believed: no GET
    (404, 404, LinkState.BROKEN, "HTTP 404"),
    (403, 410, LinkState.BROKEN, "HTTP 410"),
    (405, 400, LinkState.BROKEN, "HTTP 400"),
    (404, 499, LinkState.BROKEN, "HTTP 499"),
    (404, 999, LinkState.BLOCKED, "HTTP 999: the site refuses robots"),
    (404, 408, LinkState.TIMEOUT, "HTTP 408: the server timed out the request"),
    (404, 429, LinkState.BLOCKED, "HTTP 429: still rate-limited after retries"),
    (404, 503, LinkState.ERROR, "HTTP 503 after retries"),
    (404, 500, LinkState.ERROR, "HTTP 500 after retries"),
    (404, 599, LinkState.ERROR, "HTTP 599 after retries"),
    (404, 600, LinkState.ERROR, "HTTP 600"),
    (404, 204, LinkState.OK, "HTTP 204"),
    (404, 299, LinkState.OK, "HTTP 299"),
    (404, 300, LinkState.ERROR, "HTTP 300"),
    (404, 304, LinkState.ERROR, "HTTP 304"),
    (300, 200, LinkState.OK, "HTTP 200"),        # only a 2xx HEAD is believed
    (299, 404, LinkState.OK, "HTTP 299"),
])
def test_the_last_answer_gives_the_verdict(head: int, get: int, state: LinkState, detail: str) -> None:
    with run_site({"/p": {"HEAD": [page(head)], "GET": [page(get, "body")]}}) as site:
        checked = check([site.url("/p")], retries=1)
    believed = 200 <= head < 300
    expect(checked.result, state, head if believed else get, site.url("/p"), [], detail)
    gets = 0 if believed else 2 if get in (408, 429) or 500 <= get < 600 else 1
    assert site.seen() == [("HEAD", "/p")] + [("GET", "/p")] * gets


def test_an_answer_the_host_rule_accepts_is_taken_from_head() -> None:
    rule = HostRule(accept={403: LinkState.BLOCKED, 503: LinkState.OK})
    with run_site({"/403": [page(403)], "/503": [page(503)]}) as site:
        checked = check([site.url("/403"), site.url("/503")], hosts={"127.0.0.1": rule})
    blocked, up = checked.results
    expect(blocked, LinkState.BLOCKED, 403, site.url("/403"), [], "HTTP 403 (host rule)")
    expect(up, LinkState.OK, 503, site.url("/503"), [], "HTTP 503 (host rule)")
    assert site.seen() == [("HEAD", "/403"), ("HEAD", "/503")]  # neither asked again, nor retried
    assert checked.waits == []


def test_an_answer_the_host_rule_accepts_is_not_retried() -> None:
    with run_site({"/503": [page(503)]}) as site:
        checked = check([site.url("/503")], hosts={"127.0.0.1": HostRule(head=False, accept={503: LinkState.OK})})
    expect(checked.result, LinkState.OK, 503, site.url("/503"), [], "HTTP 503 (host rule)")
    assert site.seen() == [("GET", "/503")]
    assert checked.waits == []


def test_an_endless_error_page_is_read_only_in_part() -> None:
    async def endless(request: Request, reply: Reply) -> None:
        await reply.endless(404)

    with run_site({"/p": [endless]}) as site:
        checked = check([site.url("/p")], timeout=30)
    expect(checked.result, LinkState.BROKEN, 404, site.url("/p"), [], "HTTP 404")


def test_an_unreadable_error_page_is_judged_by_its_status() -> None:
    """A robot-check word in a body that cannot be decoded is not seen; the status still gives the verdict."""
    with run_site({"/p": [page(403, b"captcha, not gzip", Content_Encoding="gzip")]}) as site:
        checked = check([site.url("/p")])
    expect(checked.result, LinkState.BROKEN, 403, site.url("/p"), [], "HTTP 403")


def test_a_redirect_without_a_location_is_an_error() -> None:
    with run_site({"/p": [page(302)]}) as site:
        checked = check([site.url("/p")])
    expect(checked.result, LinkState.ERROR, 302, site.url("/p"), [], "HTTP 302 without a Location")
    assert site.seen() == [("HEAD", "/p"), ("GET", "/p")]


# ------------------------------------------------------------------------------------------------ robot checks


def test_a_robot_check_page_is_blocked_and_not_retried() -> None:
    challenge = "<title>Just a moment...</title><script src='/cdn-cgi/challenge-platform/x'></script>"
    with run_site({"/403": [page(403, challenge)], "/503": [page(503, challenge)],
                   "/429": [page(429, "please solve the CAPTCHA", Retry_After="1")],
                   "/cf": [page(503, "wait", cf_mitigated="challenge")]}) as site:
        checked = check([site.url(p) for p in ("/403", "/503", "/429", "/cf")])
    for path, result in zip(("/403", "/503", "/429", "/cf"), checked.results, strict=True):
        code = int(path[1:]) if path != "/cf" else 503
        expect(result, LinkState.BLOCKED, code, site.url(path), [], f"HTTP {code}: a robot check stands in the way")
        assert site.seen(path) == [("HEAD", path), ("GET", path)]
    assert checked.waits == []


@pytest.mark.parametrize("marker", CHALLENGE_MARKERS)
def test_each_robot_check_marker_is_recognised(marker: bytes) -> None:
    with run_site({"/p": [page(403, b"<html>" + marker.upper() + b"</html>")]}) as site:
        checked = check([site.url("/p")])
    expect(checked.result, LinkState.BLOCKED, 403, site.url("/p"), [], "HTTP 403: a robot check stands in the way")


@pytest.mark.parametrize("head", [True, False])
def test_a_large_error_page_is_sniffed_for_a_robot_check(head: bool) -> None:
    """Only the first kilobytes of a big error page are read: enough to see a robot check near its top."""
    body = b"<html>" + b" " * 8000 + b"captcha" + b"x" * 200_000
    with run_site({"/p": [page(403, body)], "/deep": [page(403, b" " * 9000 + b"captcha" + b"x" * 200_000)]}) as site:
        top, deep = check([site.url("/p"), site.url("/deep")], hosts={"127.0.0.1": HostRule(head=head)}).results
    expect(top, LinkState.BLOCKED, 403, site.url("/p"), [], "HTTP 403: a robot check stands in the way")
    expect(deep, LinkState.BROKEN, 403, site.url("/deep"), [], "HTTP 403")


# ------------------------------------------------------------------------------------------------ redirects


def test_a_temporary_redirect_is_followed_and_ok() -> None:
    with run_site({"/old": [moved(302, "/new")], "/new": [page(200)]}) as site:
        checked = check([site.url("/old")])
    expect(checked.result, LinkState.OK, 200, site.url("/new"), [(site.url("/old"), 302)], "HTTP 200")
    assert checked.result.moved_to is None
    assert site.seen() == [("HEAD", "/old"), ("HEAD", "/new")]


@pytest.mark.parametrize("code", [301, 308])
def test_a_permanent_redirect_is_a_move(code: int) -> None:
    with run_site({"/old": [moved(code, "/mid")], "/mid": [moved(307, "/new")], "/new": [page(200)]}) as site:
        checked = check([site.url("/old")])
    expect(checked.result, LinkState.REDIRECTED, 200, site.url("/new"),
           [(site.url("/old"), code), (site.url("/mid"), 307)], f"moved permanently to {site.url('/mid')}")


def test_a_permanent_redirect_after_a_temporary_one_is_no_move() -> None:
    with run_site({"/old": [moved(303, "/mid")], "/mid": [moved(301, "/new")], "/new": [page(200)]}) as site:
        checked = check([site.url("/old")])
    expect(checked.result, LinkState.OK, 200, site.url("/new"),
           [(site.url("/old"), 303), (site.url("/mid"), 301)], "HTTP 200")


def test_a_move_to_a_missing_page_is_broken() -> None:
    with run_site({"/old": [moved(301, "/gone")], "/gone": [page(404)]}) as site:
        checked = check([site.url("/old")])
    expect(checked.result, LinkState.BROKEN, 404, site.url("/gone"), [(site.url("/old"), 301)], "HTTP 404")
    # HEAD to /gone said 404, so it was asked again with GET; the redirect itself was not.
    assert site.seen() == [("HEAD", "/old"), ("HEAD", "/gone"), ("GET", "/gone")]


def test_a_redirect_the_host_rule_accepts_is_not_followed() -> None:
    with run_site({"/old": [moved(301, "/new")], "/new": [page(200)]}) as site:
        checked = check([site.url("/old")], hosts={"127.0.0.1": HostRule(accept={301: LinkState.OK})})
    expect(checked.result, LinkState.OK, 301, site.url("/old"), [], "HTTP 301 (host rule)")
    assert site.seen() == [("HEAD", "/old")]


def test_the_links_host_rule_holds_along_its_redirects() -> None:
    """The rule is the link's: its headers go with every hop, and its accepted codes stand wherever it leads."""
    rule = HostRule(headers={"X-Test": "1"}, accept={403: LinkState.BLOCKED})
    with run_site({"/a": [], "/b": [page(403)]}, hosts=("127.0.0.1", "127.0.0.2")) as site:
        site.routes["/a"] = [moved(302, site.url("/b", "127.0.0.2"))]
        checked = check([site.url("/a")], hosts={"127.0.0.1": rule})
    expect(checked.result, LinkState.BLOCKED, 403, site.url("/b", "127.0.0.2"), [(site.url("/a"), 302)],
           "HTTP 403 (host rule)")
    assert site.server is not None
    assert [(r.host, r.path, r.headers.get("x-test")) for r in site.server.requests] == [
        ("127.0.0.1", "/a", "1"), ("127.0.0.2", "/b", "1")]


def test_a_redirect_loop_is_an_error() -> None:
    with run_site({"/a": [moved(302, "/b")], "/b": [moved(307, "/a")]}) as site:
        checked = check([site.url("/a")])
    expect(checked.result, LinkState.ERROR, 307, site.url("/a"), [(site.url("/a"), 302), (site.url("/b"), 307)],
           f"redirect loop after 2 redirects (back to {site.url('/a')})")
    assert site.seen() == [("HEAD", "/a"), ("HEAD", "/b")]


def test_a_loop_that_does_not_pass_the_start_is_a_loop() -> None:
    with run_site({"/a": [moved(302, "/b")], "/b": [moved(302, "/c")], "/c": [moved(302, "/b")]}) as site:
        checked = check([site.url("/a")])
    expect(checked.result, LinkState.ERROR, 302, site.url("/b"),
           [(site.url("/a"), 302), (site.url("/b"), 302), (site.url("/c"), 302)],
           f"redirect loop after 3 redirects (back to {site.url('/b')})")


def test_a_redirect_to_itself_is_a_loop() -> None:
    with run_site({"/a": [moved(301, "/a")]}) as site:
        checked = check([site.url("/a")])
    expect(checked.result, LinkState.ERROR, 301, site.url("/a"), [(site.url("/a"), 301)],
           f"redirect loop after 1 redirects (back to {site.url('/a')})")


def chain(length: int) -> dict[str, Script | list[Route]]:
    """/r0 redirects to /r1 ... to /r{length}, which answers 200."""
    routes: dict[str, Script | list[Route]] = {f"/r{i}": [moved(302, f"/r{i + 1}")] for i in range(length)}
    routes[f"/r{length}"] = [page(200)]
    return routes


def test_as_many_redirects_as_allowed_are_followed() -> None:
    with run_site(chain(3)) as site:
        checked = check([site.url("/r0")], max_redirects=3)
    expect(checked.result, LinkState.OK, 200, site.url("/r3"), [(site.url(f"/r{i}"), 302) for i in range(3)],
           "HTTP 200")


def test_one_redirect_too_many_is_an_error() -> None:
    with run_site(chain(4)) as site:
        checked = check([site.url("/r0")], max_redirects=3)
    expect(checked.result, LinkState.ERROR, 302, site.url("/r4"), [(site.url(f"/r{i}"), 302) for i in range(4)],
           "more than 3 redirects")
    assert site.seen("/r4") == []  # the chain is cut before the fourth redirect is followed


@pytest.mark.parametrize("location", ["ftp://files.example.org/paper.pdf", "gopher://old.example.org/"])
def test_a_redirect_to_another_scheme_is_the_links_error(location: str) -> None:
    with run_site({"/p": [moved(302, location)]}) as site:
        checked = check([site.url("/p")])
    expect(checked.result, LinkState.ERROR, 302, site.url("/p"), [(site.url("/p"), 302)],
           f"redirect to a URL that is not http(s): {location!r}")


def test_a_long_odd_location_is_cut_in_the_detail() -> None:
    location = "ftp://files.example.org/" + "x" * 300
    with run_site({"/p": [moved(302, location)]}) as site:
        checked = check([site.url("/p")])
    assert checked.result.detail == f"redirect to a URL that is not http(s): {location[:200]!r}"


@pytest.mark.parametrize("location", ["mailto:someone@example.org", "javascript:alert(1)", "tel:+15555550100"])
def test_a_redirect_httpx_cannot_follow_is_the_links_error(location: str) -> None:
    with run_site({"/p": [moved(302, location)], "/ok": [page(200)]}) as site:
        first, after = check([site.url("/p"), site.url("/ok")]).results
    assert (first.state, first.code, first.final_url, first.redirects) == (LinkState.ERROR, None, site.url("/p"), ())
    assert first.detail.startswith("redirect to a URL that is not http(s) or is malformed (")
    expect(after, LinkState.OK, 200, site.url("/ok"), [], "HTTP 200")  # the next link is checked as usual
    assert site.seen("/p") == [("HEAD", "/p")]  # not retried: the answer will not change


def test_a_redirect_to_a_malformed_url_is_the_links_error() -> None:
    with run_site({"/p": [moved(302, "http://[::1")]}) as site:
        checked = check([site.url("/p")])
    assert (checked.result.state, checked.result.code) == (LinkState.ERROR, None)
    assert checked.result.detail.startswith("redirect to a malformed URL (")


# ------------------------------------------------------------------------------------------------ retries


def test_retry_after_seconds_is_the_wait() -> None:
    with run_site({"/p": {"HEAD": [page(405)], "GET": [page(429, Retry_After="1"), page(200, "ok")]}}) as site:
        checked = check([site.url("/p")], timeout=30)
    expect(checked.result, LinkState.OK, 200, site.url("/p"), [], "HTTP 200")
    assert checked.waits == [1.0]
    assert site.seen() == [("HEAD", "/p"), ("GET", "/p"), ("GET", "/p")]


def test_retry_after_is_capped() -> None:
    with run_site({"/p": {"HEAD": [page(405)], "GET": [page(503, Retry_After="120"), page(200, "ok")]}}) as site:
        checked = check([site.url("/p")], timeout=30, max_retry_after=1.5)
    assert checked.waits == [1.5]
    assert checked.result.state is LinkState.OK


def test_a_retry_after_beyond_the_deadline_is_not_waited_for() -> None:
    with run_site({"/p": {"HEAD": [page(405)], "GET": [page(429, Retry_After="5"), page(200, "ok")]}}) as site:
        checked = check([site.url("/p")], timeout=2, max_retry_after=10)
    expect(checked.result, LinkState.BLOCKED, 429, site.url("/p"), [], "HTTP 429: still rate-limited after retries")
    assert checked.waits == []
    assert site.seen() == [("HEAD", "/p"), ("GET", "/p")]


def test_without_retry_after_the_wait_doubles_with_jitter() -> None:
    with run_site({"/p": {"HEAD": [page(405)], "GET": [page(503, "down")]}}) as site:
        checked = check([site.url("/p")], seed=7, retries=3, backoff=0.1, timeout=30)
    expect(checked.result, LinkState.ERROR, 503, site.url("/p"), [], "HTTP 503 after retries")
    jitter = random.Random(7)
    assert checked.waits == [0.1 * 2**attempt + jitter.uniform(0, 0.1) for attempt in range(3)]
    assert site.seen() == [("HEAD", "/p")] + [("GET", "/p")] * 4


def test_waits_are_paid_from_the_links_deadline() -> None:
    """Waits of 10 s against a 25 s deadline: two are taken, the third would pass the deadline."""
    with run_site({"/p": {"HEAD": [page(405)], "GET": [page(503, Retry_After="10")]}}) as site:
        checked = check([site.url("/p")], retries=5, timeout=25, max_retry_after=10)
    assert checked.waits == [10.0, 10.0]
    expect(checked.result, LinkState.ERROR, 503, site.url("/p"), [], "HTTP 503 after retries")
    assert site.seen() == [("HEAD", "/p")] + [("GET", "/p")] * 3


def test_a_retry_after_that_is_no_whole_number_falls_back_to_the_back_off() -> None:
    with run_site({"/p": {"HEAD": [page(405)], "GET": [page(503, Retry_After="0.9"), page(200)]}}) as site:
        checked = check([site.url("/p")], seed=5, backoff=0.2)
    assert checked.waits == [0.2 + random.Random(5).uniform(0, 0.2)]
    assert checked.result.state is LinkState.OK


def test_retries_zero_asks_once() -> None:
    with run_site({"/p": {"HEAD": [page(405)], "GET": [page(503), page(200)]}}) as site:
        checked = check([site.url("/p")], retries=0)
    expect(checked.result, LinkState.ERROR, 503, site.url("/p"), [], "HTTP 503 after retries")
    assert checked.waits == []


def test_a_refused_connection_is_retried_then_an_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/p"
    checked = check([url], seed=3, retries=2, backoff=0.05)
    expect(checked.result, LinkState.ERROR, None, url, [], "connection refused")
    jitter = random.Random(3)
    assert checked.waits == [0.05 * 2**attempt + jitter.uniform(0, 0.05) for attempt in range(2)]


def test_a_reset_connection_is_retried_then_an_error() -> None:
    async def reset(request: Request, reply: Reply) -> None:
        reply.reset()

    with run_site({"/p": [reset]}) as site:
        checked = check([site.url("/p")], retries=2)
    expect(checked.result, LinkState.ERROR, None, site.url("/p"), [], "connection reset")
    assert site.seen() == [("HEAD", "/p")] * 3
    assert len(checked.waits) == 2


# ------------------------------------------------------------------------------------------------ deadlines


@pytest.mark.parametrize("head", [True, False])
def test_a_server_that_never_answers_is_a_timeout(head: bool) -> None:
    with run_site({"/p": [never_answer]}) as site:
        checked = check([site.url("/p")], timeout=0.3, hosts={"127.0.0.1": HostRule(head=head)})
    expect(checked.result, LinkState.TIMEOUT, None, site.url("/p"), [], "no complete answer within 0.3 s")
    assert site.seen() == [("HEAD" if head else "GET", "/p")]  # the whole deadline went on the first try
    assert checked.waits == []


def test_a_server_that_trickles_is_a_timeout() -> None:
    async def trickle(request: Request, reply: Reply) -> None:
        await reply.trickle(every=0.05)

    with run_site({"/p": [trickle]}) as site:
        checked = check([site.url("/p")], timeout=0.4)
    expect(checked.result, LinkState.TIMEOUT, None, site.url("/p"), [], "no complete answer within 0.4 s")


def test_a_redirect_chain_shares_one_deadline() -> None:
    """The deadline is the link's, not each request's: a hanging last hop ends the whole check."""
    with run_site({"/a": [moved(302, "/b")], "/b": [never_answer]}) as site:
        checked = check([site.url("/a")], timeout=0.3)
    expect(checked.result, LinkState.TIMEOUT, None, site.url("/b"), [(site.url("/a"), 302)],
           "no complete answer within 0.3 s")


def test_a_redirect_chain_shares_one_deadline_across_its_hops() -> None:
    """Two answers of 0.6 s each do not fit in a 1 s deadline, though each alone would (with 0.4 s to spare
    for a loaded machine: the first answer must come within the deadline for this case to be what it is)."""
    with run_site({"/a": [slowly(moved(302, "/b"), 0.6)], "/b": [slowly(page(200), 0.6)]}) as site:
        checked = check([site.url("/a")], timeout=1.0, hosts={"127.0.0.1": HostRule(head=False)})
    expect(checked.result, LinkState.TIMEOUT, None, site.url("/b"), [(site.url("/a"), 302)],
           "no complete answer within 1 s")


def test_asking_again_with_get_shares_the_deadline() -> None:
    with run_site({"/p": {"HEAD": [slowly(page(405))], "GET": [slowly(page(200))]}}) as site:
        checked = check([site.url("/p")], timeout=0.3)
    expect(checked.result, LinkState.TIMEOUT, None, site.url("/p"), [], "no complete answer within 0.3 s")


@pytest.mark.parametrize("path", ["/never", "/slow", "/moved", "/loop"])
def test_the_time_a_check_took_is_recorded(path: str) -> None:
    """Not a timing bound: each check waited at least 0.2 s for its answer, so it cannot report less, and
    it cannot report more than the call took as the test saw it."""
    routes: dict[str, Script | list[Route]] = {"/never": [never_answer], "/slow": [slowly(page(200))],
                                               "/moved": [moved(301, "/slow")], "/loop": [slowly(moved(302, "/loop"))]}
    with run_site(routes) as site:
        called = time.monotonic()
        checked = check([site.url(path)], timeout=0.2 if path == "/never" else 30)
        took_ms = (time.monotonic() - called) * 1000
    assert checked.result.url == site.url(path)
    assert checked.result.state is {"/never": LinkState.TIMEOUT, "/slow": LinkState.OK,
                                    "/moved": LinkState.REDIRECTED, "/loop": LinkState.ERROR}[path]
    assert 200 <= checked.result.elapsed_ms <= took_ms


# ------------------------------------------------------------------------------------------------ connections


@pytest.mark.parametrize(("size", "reused"), [(0, True), (65_536, True), (65_537, False)])
def test_a_small_body_is_read_to_its_end_so_the_connection_serves_the_next_link(size: int, reused: bool) -> None:
    with run_site({"/p": [page(404, b"x" * size)], "/q": [page(200)]}) as site:
        results = check([site.url("/p"), site.url("/q")]).results
    assert [r.state for r in results] == [LinkState.BROKEN, LinkState.OK]
    assert site.seen() == [("HEAD", "/p"), ("GET", "/p"), ("HEAD", "/q")]
    assert len(set(site.connections)) == (1 if reused else 2)


def test_a_body_is_read_whole_when_asked_for() -> None:
    body = bytes(range(256)) * 1024
    big_error = b"<title>Just a moment...</title>" + b"x" * 100_000
    with run_site({"/p": [page(200, body)], "/403": [page(403, big_error)]}) as site:
        async def go() -> tuple[Any, Any]:
            async with httpx.AsyncClient(verify=TLS) as client:
                engine = Engine(client, fast_settings(hosts={"127.0.0.1": HostRule(headers={"X-Test": "1"})}))
                return (await engine.fetch(site.url("/p"), body=True, params={"q": "1 2"}),
                        await engine.fetch(site.url("/403")))
        whole, start = asyncio.run(go())
    assert (whole.url, whole.code, whole.body) == (site.url("/p") + "?q=1+2", 200, body)
    # Without `body`, a GET reads only the first kilobytes of an error page (enough to spot a robot check).
    assert (start.code, start.body) == (403, big_error[:8192])
    assert site.server is not None
    assert [(r.method, r.target, r.headers.get("x-test")) for r in site.server.requests] == [
        ("GET", "/p?q=1+2", "1"), ("GET", "/403", "1")]  # the host's rule holds without being passed in


# ------------------------------------------------------------------------------------------------ names and URLs


def mock_check(urls: list[str], handler: Callable[[httpx.Request], Any], **settings: Any) -> list[CheckResult]:
    """Check URLs at once through a mock transport (for names no local server can stand in for)."""
    async def record(seconds: float) -> None:
        pass

    async def go() -> list[CheckResult]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            engine = Engine(client, fast_settings(**settings), sleep=record)
            return list(await asyncio.gather(*(engine.check_url(url) for url in urls)))

    return asyncio.run(go())


def test_a_dead_name_is_looked_up_once_per_run() -> None:
    asked: list[str] = []

    async def dead(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        await asyncio.sleep(0.05)  # the look-up takes a while: the other links are waiting by then
        error = httpx.ConnectError("dns")
        error.__cause__ = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        raise error

    urls = [f"http://dead.example/{i}" for i in range(4)]
    results = mock_check(urls, dead)
    assert [(r.url, r.state, r.detail) for r in results] == [(url, LinkState.BROKEN, "DNS: no such host")
                                                             for url in urls]
    assert asked == [urls[0]]  # the others waited for the first answer and took it


def test_a_passing_name_failure_is_asked_again_for_every_link() -> None:
    asked: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        error = httpx.ConnectError("dns")
        error.__cause__ = socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        raise error

    urls = ["http://flaky.example/1", "http://flaky.example/2"]
    results = mock_check(urls, flaky, retries=1)
    assert {(r.state, r.detail) for r in results} == {(LinkState.ERROR, "DNS: Temporary failure in name resolution")}
    assert sorted(asked) == sorted(urls * 2)  # each link tried, and tried again


@pytest.mark.parametrize(("url", "reason"), [
    ("http://0300.0250.0.1/", "Invalid IPv4 address: '0300.0250.0.1'"),
    ("http://xn--/", "Malformed A-label, no Punycode eligible content found"),
])
def test_a_url_httpx_refuses_is_the_links_error(url: str, reason: str) -> None:
    asked: list[str] = []

    def ok(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(200, stream=httpx.ByteStream(b""))

    (result,) = mock_check([url], ok)
    expect(result, LinkState.ERROR, None, url, [], f"cannot request this URL: {reason}")
    assert asked == []


def test_whether_any_name_resolved_is_noted() -> None:
    """A run in which no name resolved says "no network" rather than "broken" (links/run.py reads this)."""
    def dead(request: httpx.Request) -> httpx.Response:
        error = httpx.ConnectError("dns")
        error.__cause__ = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        raise error

    def refused(request: httpx.Request) -> httpx.Response:
        error = httpx.ConnectError("refused")
        error.__cause__ = ConnectionRefusedError(111, "Connection refused")
        raise error

    def ok(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=httpx.ByteStream(b""))

    async def resolved(handler: Callable[[httpx.Request], httpx.Response]) -> bool:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            engine = Engine(client, fast_settings(retries=0))
            await engine.check_url("http://host.example/")
            return engine.resolved

    assert [asyncio.run(resolved(h)) for h in (dead, refused, ok)] == [False, True, True]


def test_a_link_whose_deadline_is_spent_is_not_requested() -> None:
    asked: list[str] = []

    def ok(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(200, stream=httpx.ByteStream(b""))

    async def go() -> Any:
        async with httpx.AsyncClient(transport=httpx.MockTransport(ok)) as client:
            return await Engine(client, fast_settings(timeout=2)).fetch("http://host.example/",
                                                                       budget=Budget(2, spent=2))

    assert asyncio.run(go()) == Failure(LinkState.TIMEOUT, "no answer within 2 s")
    assert asked == []


def test_the_politeness_policy_follows_the_host_rules() -> None:
    """What the limiter is told per host: a rule's own limit and interval, else the settings' (IPv6 too)."""
    rules = {"[::1]": HostRule(per_host=1, interval=0.7), "slow.example": HostRule(interval=2.5),
             "one.example": HostRule(per_host=1)}

    async def policies() -> list[tuple[int, float]]:
        async with httpx.AsyncClient(verify=TLS) as client:
            engine = Engine(client, fast_settings(hosts=rules, per_host=3, interval=0.25))
            return [engine._policy(host) for host in ("::1", "slow.example", "one.example", "other.example")]

    assert asyncio.run(policies()) == [(1, 0.7), (3, 2.5), (1, 0.25), (3, 0.25)]
