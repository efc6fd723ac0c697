"""Fuzz: `links`, `add` and `enrich` against a local server whose every answer is hostile.

Whatever the server says (odd codes, redirects to any text, broken or bomb-like compression,
deep JSON, control characters, garbage), each command ends with exit code 0, 1 or 2, one-line
messages and no traceback; the dry runs leave the data as it was.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run
from faultserver import BOMB, LocalServer, Reply, Request, serving
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TOPICS = "- id: attention\n  title: Attention\n  description: How attention works.\n  order: 1\n"
ANSWER: dict[str, object] = {}
"""What the server says next: code, headers and body, drawn by hypothesis."""

LOCATIONS = st.one_of(st.sampled_from(["mailto:a@b.c", "javascript:alert(1)", "data:,x", "tel:1", "http://[::1",
                                       "http://xn--/", "//", "http://0300.0250.0.1/", "https://ﬁ.example/",
                                       "/ok", "ftp://example.org/", " ", "http://exa mple.com/"]),
                      st.text(max_size=30).filter(lambda t: "\r" not in t and "\n" not in t))
BODIES = st.one_of(
    st.binary(max_size=200),
    st.just(BOMB),
    st.just(b"[" * 50_000 + b"]" * 50_000),
    st.text(max_size=60).map(lambda t: f"<html><head><title>{t}</title></head></html>".encode("utf-8", "replace")),
    st.just(b'<script type="application/ld+json">' + b'{"@graph":' * 2000 + b"{}" + b"}" * 2000 + b"</script>"),
    st.just(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id></entry></feed>'),
    st.just(json.dumps({"message": {"title": [None], "author": [{"given": 1}], "issued": {"date-parts": [["x"]]}},
                        "full_name": 7}).encode()),
)
ENCODINGS = st.sampled_from([None, "gzip", "deflate", "br", "gzip, gzip", "x-unknown"])
TYPES = st.sampled_from(["text/html", "application/json", "application/atom+xml", "application/pdf", ""])


async def _hostile(request: Request, reply: Reply) -> None:
    code, location, body, encoding, kind = (ANSWER.get(k) for k in ("code", "location", "body", "encoding", "type"))
    headers = {"Content-Type": str(kind)}
    if location is not None:
        headers["Location"] = str(location)
    if encoding is not None:
        headers["Content-Encoding"] = str(encoding)
        if encoding == "gzip" and isinstance(body, bytes) and body is not BOMB:
            body = zlib.compress(body, wbits=31)  # a real gzip body, sometimes
    await reply.send(int(str(code)), body if isinstance(body, bytes) else b"", headers)


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with serving(_hostile) as running:
        yield running


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, server: LocalServer) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    (data / "entries").mkdir(parents=True)
    (data / "topics.yaml").write_text(TOPICS)
    urls = [server.url("/page"), "https://arxiv.org/abs/2401.04088", "https://youtu.be/abcdefghijk",
            "https://doi.org/10.1000/xyz", "https://github.com/owner/repo"]
    (data / "entries" / "attention.yaml").write_text("".join(
        f"- id: e{i}\n  title: E{i}\n  url: '{url}'\n  kind: other\n  topics: [attention]\n  added: 2024-01-02\n"
        for i, url in enumerate(urls)))
    (root / "link-rules.yaml").write_text(f"""\
timeout: 2
retries: 0
interval: 0
arxiv_interval: 0
archive: false
endpoints:
  arxiv_api: {server.url('/arxiv')}
  youtube_oembed: {server.url('/oembed')}
  crossref: {server.url('/crossref')}
  github_api: {server.url('/github')}
""")
    return data


def _calm(result_output: str, exit_code: int) -> None:
    assert exit_code in (0, 1, 2), result_output
    assert "Traceback" not in result_output


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.sampled_from([200, 204, 301, 302, 303, 307, 308, 400, 403, 404, 410, 429, 500, 503, 999]),
       location=st.one_of(st.none(), LOCATIONS), body=BODIES, encoding=ENCODINGS, kind=TYPES)
def test_every_network_command_survives_any_answer(project: Path, server: LocalServer, code: int,
                                                     location: str | None, body: bytes, encoding: str | None,
                                                     kind: str) -> None:
    ANSWER.update(code=code, location=location, body=body, encoding=encoding, type=kind)
    before = (project / "entries" / "attention.yaml").read_bytes()
    asked = len(server.requests)
    data = str(project)
    for args in (["links", "--no-cache", server.url("/page")],
                 ["add", server.url("/new"), "--topic", "attention", "--dry-run", "--timeout", "2"],
                 ["add", "https://arxiv.org/abs/2402.00001", "--topic", "attention", "--dry-run", "--timeout", "2"],
                 ["enrich", "--dry-run", "--no-cache", "--timeout", "2"]):
        result = run("--data", data, *args)
        _calm(result.output, result.exit_code)
        assert all(len(line) < 2000 for line in result.stderr.splitlines())
    assert len(server.requests) >= asked + 4  # every command really met the hostile server
    assert (project / "entries" / "attention.yaml").read_bytes() == before
