"""A small HTTP/1.1 server on loopback that misbehaves on purpose, run in a thread with its own event loop.

Handlers get the parsed request and a writer; they can answer, redirect, stall, trickle,
stream forever or reset the connection. The server counts requests and concurrent
requests per local address, so tests can use 127.0.0.2, 127.0.0.3... as separate hosts.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import struct
import subprocess
import threading
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    """One request as the server saw it."""

    method: str
    target: str
    headers: dict[str, str]
    host: str
    """The local address the request came in on (the 'host' in per-host counts)."""
    at: float = field(default_factory=time.monotonic)

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.target).query).items()}


#: Redirect targets a browser would not fetch as a page; each must be that link's problem, not the run's.
ODD_SCHEMES = {"/to-mailto": "mailto:someone@example.org", "/to-javascript": "javascript:alert(1)",
               "/to-data": "data:text/html,<p>hi</p>", "/to-tel": "tel:+15555550100",
               "/to-bad-port": "http://[::1", "/to-bad-host": "http://xn--/"}


def gzip_bomb(size: int = 64 * 1024 * 1024) -> bytes:
    """`size` zero bytes, gzipped (about a thousandth of the size)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1024 * 1024)
    return b"".join([*(packer.compress(block) for _ in range(size // len(block))), packer.flush()])


BOMB = gzip_bomb()


class Reply:
    """Ways to answer a request on the connection's writer."""

    def __init__(self, writer: asyncio.StreamWriter, method: str) -> None:
        self.writer = writer
        self.method = method
        self.keep_alive = True

    async def send(self, code: int, body: bytes | str = b"", headers: dict[str, str] | None = None,
                   reason: str = "Status") -> None:
        data = body.encode() if isinstance(body, str) else body
        head = {"Content-Length": str(len(data)), "Content-Type": "text/html; charset=utf-8", **(headers or {})}
        lines = [f"HTTP/1.1 {code} {reason}", *(f"{k}: {v}" for k, v in head.items()), "", ""]
        self.writer.write("\r\n".join(lines).encode() + (b"" if self.method == "HEAD" else data))
        await self.writer.drain()

    async def redirect(self, code: int, location: str) -> None:
        await self.send(code, b"", {"Location": location})

    async def hang(self) -> None:
        """Never answer."""
        await asyncio.sleep(3600)

    async def trickle(self, every: float = 0.3) -> None:
        """Send a status line, then one header byte at a time, forever (slowloris, server side)."""
        self.writer.write(b"HTTP/1.1 200 OK\r\n")
        while True:
            await asyncio.sleep(every)
            self.writer.write(b"X")
            await self.writer.drain()

    async def endless(self, code: int = 200) -> None:
        """Answer with a chunked body that never ends."""
        self.writer.write(f"HTTP/1.1 {code} Status\r\nTransfer-Encoding: chunked\r\n"
                          "Content-Type: text/html\r\n\r\n".encode())
        if self.method == "HEAD":
            self.writer.write(b"0\r\n\r\n")
            await self.writer.drain()
            return
        chunk = b"<p>" + b"x" * 4096 + b"</p>"
        while True:
            self.writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            await self.writer.drain()
            await asyncio.sleep(0.001)

    def reset(self) -> None:
        """Close the connection with a TCP reset."""
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()
        self.keep_alive = False


Handler = Callable[[Request, Reply], Awaitable[None]]


class LocalServer:
    """Serve `handler` on the given loopback addresses (OS-chosen ports) from a background thread."""

    def __init__(self, handler: Handler, hosts: tuple[str, ...] = ("127.0.0.1",),
                 tls: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.hosts = hosts
        self.tls = tls
        self.ports: dict[str, int] = {}
        self.requests: list[Request] = []
        self.in_flight: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.hits: defaultdict[str, int] = defaultdict(int)
        self.peak_total = 0
        """Most requests in flight at once over all addresses."""
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._servers: list[asyncio.Server] = []
        self._tasks: set[asyncio.Task[None]] = set()

    def url(self, path: str = "/", host: str | None = None) -> str:
        host = host or self.hosts[0]
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host}:{self.ports[host]}{path}"

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._start())
        self._ready.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        for host in self.hosts:
            server = await asyncio.start_server(self._connection, host, 0, ssl=self.tls, backlog=1024)
            self._servers.append(server)
            self.ports[host] = server.sockets[0].getsockname()[1]

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)  # type: ignore[arg-type]
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                line = await reader.readline()
                if not line.strip():
                    break
                method, target, _ = line.decode("latin-1").split(" ", 2)
                headers = {}
                while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = header.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                request = Request(method, target, headers, host)
                self.requests.append(request)
                self.hits[request.path] += 1
                reply = Reply(writer, method)
                self.in_flight[host] += 1
                self.peak[host] = max(self.peak[host], self.in_flight[host])
                self.peak_total = max(self.peak_total, sum(self.in_flight.values()))
                try:
                    await self.handler(request, reply)
                finally:
                    self.in_flight[host] -= 1
                if not reply.keep_alive:
                    return
        except (ConnectionError, ValueError, asyncio.IncompleteReadError, ssl.SSLError, asyncio.CancelledError):
            pass
        finally:
            self._tasks.discard(task)  # type: ignore[arg-type]
            with contextlib.suppress(Exception):
                writer.close()

    def __enter__(self) -> LocalServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            for server in self._servers:
                server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.sleep(0)

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


def self_signed(folder: Path) -> ssl.SSLContext:
    """Make a throwaway self-signed certificate for 127.0.0.1 with the openssl command; return a server context."""
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@contextlib.contextmanager
def serving(handler: Handler, hosts: tuple[str, ...] = ("127.0.0.1",),
            tls: ssl.SSLContext | None = None) -> Iterator[LocalServer]:
    """Run a LocalServer for the duration of a with block."""
    with LocalServer(handler, hosts, tls) as server:
        yield server
