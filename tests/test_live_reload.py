"""`mkdocs serve` rebuilds when data/ changes, reports YAML mistakes in one line and keeps serving."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import make_project

# Generous bounds: this waits for events, it does not measure speed.
STARTUP = 180.0
REBUILD = 120.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), response.read().decode("utf-8")
    except OSError:
        return 0, ""


def _wait(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


class Server:
    """A running `mkdocs serve` whose combined output is collected in a file."""

    def __init__(self, root: Path, *options: str) -> None:
        self.root = root
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = root / "serve.log"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.handle = self.log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", *options, "-a", f"127.0.0.1:{self.port}"],
            cwd=root, env=env, stdout=self.handle, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.handle.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(make_project(tmp_path / "project"))
    try:
        _wait(lambda: _get(running.url + "topics/attention/")[0] == 200, STARTUP, "the first build")
        yield running
    finally:
        running.stop()


def _file_with(root: Path, text: str) -> Path:
    return next(p for p in sorted((root / "data" / "entries").glob("*.yaml")) if text in p.read_text("utf-8"))


def test_editing_yaml_rebuilds_the_served_page(server: Server) -> None:
    entries = _file_with(server.root, "title: Attention Is All You Need")
    text = entries.read_text(encoding="utf-8")
    assert "Attention Is All You Need" in _get(server.url + "topics/attention/")[1]
    entries.write_text(text.replace("title: Attention Is All You Need", "title: Attention Is Still All You Need"),
                       encoding="utf-8")
    _wait(lambda: "Attention Is Still All You Need" in _get(server.url + "topics/attention/")[1], REBUILD,
          "the edited title on the topic page")


def test_yaml_mistake_is_one_line_and_the_server_survives(server: Server) -> None:
    entries = _file_with(server.root, "title: Attention Is All You Need")
    good = entries.read_text(encoding="utf-8")
    assert "topics: [" in good
    entries.write_text(good.replace("topics: [", "topics: [atention, ", 1), encoding="utf-8")
    expected = re.compile(rf"data/entries/{entries.stem}\.yaml:\d+: topics: unknown topic 'atention' "
                          r"\(did you mean 'attention'\?\)")
    _wait(lambda: expected.search(server.output()) is not None, REBUILD, "the one-line error in the terminal")
    assert "Traceback" not in server.output()
    # MkDocs holds page requests while the last build failed ("the server will appear stuck"),
    # so what matters is that the process lives on and the fix brings the pages back.
    assert server.process.poll() is None, "mkdocs serve died on a YAML mistake"
    entries.write_text(good.replace("title: Attention Is All You Need", "title: Attention Was All You Needed"),
                       encoding="utf-8")
    _wait(lambda: "Attention Was All You Needed" in _get(server.url + "topics/attention/")[1], REBUILD,
          "the site to come back after the fix")


_INCREMENTAL = re.compile(r"llmreads: incremental build, (\d+) of (\d+) pages to render")


def test_dirty_serve_renders_only_what_an_edit_changed_and_comes_back_incremental_after_broken_data(
        tmp_path: Path) -> None:
    running = Server(make_project(tmp_path / "project"), "--dirty")
    try:
        page, entry = running.url + "topics/attention/", running.url + "entries/attention-is-all-you-need/"
        _wait(lambda: _get(page)[0] == 200, STARTUP, "the first build")
        entries = _file_with(running.root, "title: Attention Is All You Need")
        good = entries.read_text(encoding="utf-8")
        entries.write_text(good.replace("title: Attention Is All You Need", "title: Attention Is Still All You Need"),
                           encoding="utf-8")
        _wait(lambda: all("Attention Is Still All You Need" in _get(url)[1] for url in (page, entry)), REBUILD,
              "the edited title on the topic and entry pages")
        rendered, total = map(int, _INCREMENTAL.findall(running.output())[-1])
        assert 0 < rendered < total / 10, (rendered, total)
        entries.write_text(good.replace("topics: [", "topics: [atention, ", 1), encoding="utf-8")
        _wait(lambda: "unknown topic" in _get(page)[1], REBUILD, "the problems on the served page")
        builds = len(_INCREMENTAL.findall(running.output()))
        entries.write_text(good.replace("title: Attention Is All You Need", "title: Attention Was All You Needed"),
                           encoding="utf-8")
        _wait(lambda: "Attention Was All You Needed" in _get(page)[1], REBUILD, "the site back after the fix")
        assert len(_INCREMENTAL.findall(running.output())) == builds + 1, "the fix should be built incrementally"
        assert "Traceback" not in running.output()
    finally:
        running.stop()
