"""Shared HTTP plumbing: one key per host however it is spelled, bodies capped after decompression, redirects."""

from __future__ import annotations

import asyncio
import tracemalloc
import zlib
from collections.abc import Iterator

import httpx
import pytest
from faultserver import BOMB, ODD_SCHEMES, LocalServer, Reply, Request, serving

from llmreads.errors import FetchError
from llmreads.httpclient import get, host_key, read_capped, redirect_target


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://127.1/", "http://0x7f.0.0.1/", "http://2130706433/",
                                 "http://017700000001/", "http://[::ffff:127.0.0.1]/", "http://127.0.0.1.:8080/"])
def test_every_spelling_of_an_address_is_one_host(url: str) -> None:
    assert host_key(url) == "127.0.0.1"


@pytest.mark.parametrize("url", ["https://BÜCHER.example./x", "https://xn--bcher-kva.example/", "http://bücher.example:80"])
def test_international_names_key_on_their_idna_form(url: str) -> None:
    assert host_key(url) == "xn--bcher-kva.example"


def test_ipv6_addresses_key_on_their_short_form() -> None:
    assert host_key("http://[2001:DB8:0:0::1]/") == host_key("http://[2001:db8::1]:8080/") == "2001:db8::1"


def test_names_that_look_numeric_but_are_not_stay_names() -> None:
    assert host_key("http://0xdeadbeef.example/") == "0xdeadbeef.example"
    assert host_key("http://1.2.3.4.5/") == "1.2.3.4.5"


@pytest.mark.parametrize("location", [*(v for v in ODD_SCHEMES.values() if not v.startswith("http")),
                                      "http://exa mple.com/", "http://[::1"])
def test_only_http_redirect_targets_are_usable(location: str) -> None:
    assert redirect_target("https://example.org/a", location) is None


def test_relative_redirect_targets_are_resolved() -> None:
    assert redirect_target("https://example.org/a/b", "../c") == "https://example.org/c"


async def _bomb(request: Request, reply: Reply) -> None:
    if request.path == "/bomb":
        await reply.send(200, BOMB, {"Content-Encoding": "gzip"})
    elif request.path == "/deflate":
        await reply.send(200, zlib.compress(b"hello " * 1000), {"Content-Encoding": "deflate"})
    elif request.path == "/raw-deflate":
        packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        await reply.send(200, packer.compress(b"hello " * 1000) + packer.flush(), {"Content-Encoding": "deflate"})
    elif request.path == "/br":
        await reply.send(200, b"\x1b\x00\x00", {"Content-Encoding": "br"})
    elif request.path in ODD_SCHEMES:
        await reply.redirect(302, ODD_SCHEMES[request.path])
    else:
        await reply.send(200, "<title>ok</title>")


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serving(_bomb) as running:
        yield running


def _read(url: str, cap: int) -> bytes:
    async def go() -> bytes:
        async with httpx.AsyncClient() as client:
            request = client.build_request("GET", url)
            response = await client.send(request, stream=True)
            try:
                return await read_capped(response, cap)
            finally:
                await response.aclose()

    return asyncio.run(go())


def test_a_gzip_bomb_costs_the_cap_not_its_size(server: LocalServer) -> None:
    assert len(BOMB) < 1024 * 1024  # 64 MB once decompressed
    tracemalloc.start()
    try:
        body = _read(server.url("/bomb"), 8192)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert body == bytes(8192)
    assert peak < 8 * 1024 * 1024


def test_deflate_with_and_without_its_wrapper_is_read(server: LocalServer) -> None:
    assert _read(server.url("/deflate"), 100) == (b"hello " * 20)[:100]
    assert _read(server.url("/raw-deflate"), 12) == b"hello hello "


def test_get_reports_an_encoding_it_cannot_cap(server: LocalServer) -> None:
    with pytest.raises(FetchError, match="content encoding 'br' is not supported"):
        _get(server.url("/br"))


def _get(url: str) -> bytes:
    async def go() -> bytes:
        async with httpx.AsyncClient() as client:
            return (await get(client, url, timeout=3)).body

    return asyncio.run(go())


@pytest.mark.parametrize("path", sorted(ODD_SCHEMES))
def test_get_refuses_redirects_to_other_schemes_in_one_line(server: LocalServer, path: str) -> None:
    with pytest.raises(FetchError) as caught:
        _get(server.url(path))
    assert "redirects to" in str(caught.value) and "\n" not in str(caught.value)
