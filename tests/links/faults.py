"""The fault server's routes (one path per misbehaviour, plus oEmbed, arXiv API and Wayback stand-ins)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Iterator
from typing import Any

from faultserver import BOMB, ODD_SCHEMES, LocalServer, Reply, Request, serving

from llmreads.links.rules import Settings

#: Variables that would point llmreads at real services instead of the test's own.
ENDPOINT_VARIABLES = ("LLMREADS_YOUTUBE_OEMBED", "LLMREADS_ARXIV_API", "LLMREADS_WAYBACK")

CHALLENGE_PAGE = """<!DOCTYPE html><html><head><title>Just a moment...</title></head>
<body><div id="challenge-running">Checking your browser</div>
<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script></body></html>"""

ATOM_ENTRY = """<entry><id>http://arxiv.org/abs/{id}v2</id><published>2017-06-12T17:57:34Z</published>
<title>Paper {id}</title><author><name>Ada Lovelace</name></author></entry>"""
ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>arXiv Query</title>{entries}</feed>"""
KNOWN_PAPERS = {"1706.03762", "2005.14165", "hep-th/9901001"}
KNOWN_VIDEOS = {"dQw4w9WgXcQ"}




async def faults(request: Request, reply: Reply) -> None:
    """Answer by path; a path's name says how it misbehaves."""
    path = request.path
    routes = {
        "/ok": lambda: reply.send(200, "<p>fine</p>"),
        "/301": lambda: reply.redirect(301, "/308"),
        "/308": lambda: reply.redirect(308, "/ok"),
        "/302": lambda: reply.redirect(302, "/ok"),
        "/mixed": lambda: reply.redirect(301, "/302"),
        "/temp-then-perm": lambda: reply.redirect(302, "/301"),
        "/loop-a": lambda: reply.redirect(302, "/loop-b"),
        "/loop-b": lambda: reply.redirect(302, "/loop-a"),
        "/to-home": lambda: reply.redirect(301, "/"),
        "/": lambda: reply.send(200, "home"),
        "/404": lambda: reply.send(404, "not here"),
        "/410": lambda: reply.send(410, "gone"),
        "/403": lambda: reply.send(403, "forbidden"),
        "/999": lambda: reply.send(999, "no robots"),
        "/challenge": lambda: reply.send(403, CHALLENGE_PAGE, {"Server": "cloudflare"}),
        "/cf-503": lambda: reply.send(503, "wait", {"cf-mitigated": "challenge"}),
        "/429": lambda: reply.send(429, "slow down", {"Retry-After": "1"}),
        "/503": lambda: reply.send(503, "unavailable"),
        "/hang": reply.hang,
        "/trickle": reply.trickle,
    }
    if path in ODD_SCHEMES:
        await reply.redirect(302, ODD_SCHEMES[path])
        return
    if path == "/gzip-bomb-404":
        await reply.send(404, BOMB, {"Content-Encoding": "gzip"})
        return
    if path in routes:
        await routes[path]()
        return
    gets = GETS[(request.host, path)] = GETS.get((request.host, path), 0) + (request.method == "GET")
    if request.method == "HEAD" and path in ("/head-405", "/endless", "/endless-404", "/429-then-200"):
        await reply.send(405, "")
    elif path == "/head-405":
        await reply.send(200, "ok")
    elif path == "/endless":
        await reply.endless(200)
    elif path == "/endless-404":
        await reply.endless(404)
    elif path == "/500-then-200":
        await reply.send(500 if gets <= 1 else 200, "flaky")
    elif path == "/429-then-200":
        await (reply.send(429, "", {"Retry-After": "1"}) if gets <= 1 else reply.send(200, "ok"))
    elif path == "/reset":
        reply.reset()
    elif path.startswith("/slow"):
        await asyncio.sleep(0.15)
        await reply.send(200, "slow")
    elif path == "/oembed":
        video = request.query.get("url", "").rsplit("v=", 1)[-1]
        if video in KNOWN_VIDEOS:
            await reply.send(200, json.dumps({"title": "A video", "author_name": "A channel"}),
                             {"Content-Type": "application/json"})
        else:
            await reply.send(404, "Not Found")
    elif path == "/arxiv":
        ids = request.query.get("id_list", "").split(",")
        ARXIV_QUERIES.append(ids)
        entries = "".join(ATOM_ENTRY.format(id=i) for i in ids if i in KNOWN_PAPERS)
        await reply.send(200, ATOM.format(entries=entries), {"Content-Type": "application/atom+xml"})
    elif path == "/wayback":
        url = request.query.get("url", "")
        snapshot = {"closest": {"available": True, "status": "200", "timestamp": "20200101000000",
                                "url": f"http://web.archive.org/web/20200101000000/{url}"}}
        await reply.send(200, json.dumps({"url": url, "archived_snapshots": snapshot if "404" in url else {}}),
                         {"Content-Type": "application/json"})
    else:
        await reply.send(404, "no such route")


GETS: dict[tuple[str, str], int] = {}
"""GET requests seen per (host, path), for paths that change their answer."""
ARXIV_QUERIES: list[list[str]] = []
"""The id lists the arXiv stand-in was asked for."""


@contextlib.contextmanager
def fault_server(hosts: tuple[str, ...] = ("127.0.0.1",)) -> Iterator[LocalServer]:
    """Run the fault server, with fresh counters."""
    GETS.clear()
    ARXIV_QUERIES.clear()
    with serving(faults, hosts) as server:
        yield server


def fast_settings(**changes: Any) -> Settings:
    """Settings for tests: short deadlines and back-offs, no pacing, no strategies or archive unless asked."""
    base: dict[str, Any] = {"timeout": 2.0, "retries": 2, "backoff": 0.05, "interval": 0.0, "max_retry_after": 1.5,
                            "strategies": [], "archive": False, "arxiv_interval": 0.0}
    return Settings.model_validate({**base, **changes})
