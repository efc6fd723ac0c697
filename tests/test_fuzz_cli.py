"""No traceback, ever: every command driven by hypothesis with hostile data folders and odd arguments.

Each example copies a small valid data folder, breaks it in one drawn way (a hostile value in a
field, a hostile line, a file swapped for a folder, a FIFO, a symlink loop, binary bytes), then runs
one command. It must exit 0, 1 or 2 without an exception escaping, print no traceback, leave the data
as it was unless it is a writing command that succeeded, and then the data must still be valid.
Examples are bounded so the whole file runs in CI in a minute or two.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmreads.catalog import read_catalog

FIXTURE = Path(__file__).resolve().parent / "pages" / "fixture_data"
SETTINGS = settings(max_examples=20, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["\x1b[31m", "\x00", "\x0c", "\ufffe", "\U0010ffff", "\u202e", "<script>x</script>", "%0A::x",
                     "a\nb", "\r", "{{ x }}", "&amp;", "x" * 600, "🙂", "", " "]),
)
HOSTILE_LINES = st.sampled_from([
    "a: &x [*x]", "- &a [*a, *a]", "[" * 200, "{", "key: [unclosed", "\t- tab", "~: null key", "? [a]\n: b",
    "added: 2024-02-30", "year: 99999999999999999999999999", "year: .nan", "minutes: -1", "--- !!python/object:x {}",
    "- id: " + "a" * 300, "  tags: [" + "t" * 300 + "]", "...", "%YAML 1.1", "!!binary aGVsbG8=", "id: !!int 3",
])
FIELDS = ["title", "note", "authors", "description", "heading", "why", "name", "id", "url", "tags", "topics"]


@st.composite
def breakage(draw: st.DrawFn) -> tuple[str, object]:
    """One way to break a data folder: (kind, detail)."""
    kind = draw(st.sampled_from(["value", "line", "folder", "fifo", "loop", "bytes", "empty", "none"]))
    if kind == "value":
        return kind, (draw(st.sampled_from(FIELDS)), draw(HOSTILE_TEXT))
    if kind == "line":
        return kind, draw(HOSTILE_LINES)
    if kind == "bytes":
        return kind, draw(st.binary(max_size=64))
    return kind, None


def _files(data: Path) -> list[Path]:
    return sorted(p for p in data.rglob("*.yaml") if p.is_file())


def _break(data: Path, how: tuple[str, object], pick: int) -> None:
    kind, detail = how
    files = _files(data)
    target = files[pick % len(files)]
    if kind == "value":
        field, value = detail  # type: ignore[misc]
        text = target.read_text(encoding="utf-8")
        lines = text.splitlines()
        hits = [i for i, line in enumerate(lines) if line.strip().lstrip("- ").startswith(f"{field}:")]
        if hits:
            i = hits[pick % len(hits)]
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            lines[i] = f"{indent}{'- ' if lines[i].lstrip().startswith('- ') else ''}{field}: {json.dumps(value)}"
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "line":
        lines = target.read_text(encoding="utf-8").splitlines()
        lines.insert(pick % (len(lines) + 1), str(detail))
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "folder":
        target.unlink()
        target.mkdir()
    elif kind == "fifo":
        target.unlink()
        os.mkfifo(target)
    elif kind == "loop":
        target.unlink()
        target.symlink_to(target)
    elif kind == "bytes":
        target.write_bytes(bytes(detail))  # type: ignore[call-overload]
    elif kind == "empty":
        target.write_bytes(b"")


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    for p in sorted(folder.rglob("*")):
        if p.is_symlink() or not p.exists():
            out[str(p)] = "link"
        elif p.is_file():
            out[str(p)] = p.read_bytes()
        else:
            out[str(p)] = "other"
    return out


@pytest.fixture
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def _fresh(root: Path, how: tuple[str, object], pick: int) -> Path:
    """A new project folder under root holding a broken copy of the fixture data."""
    project = Path(tempfile.mkdtemp(dir=root))
    shutil.copytree(FIXTURE, project / "data")
    _break(project / "data", how, pick)
    return project


def _assert_clean(result: object, allowed: tuple[int, ...] = (0, 1, 2)) -> None:
    code = result.exit_code  # type: ignore[attr-defined]
    output = result.output  # type: ignore[attr-defined]
    assert code in allowed, output
    assert "Traceback" not in output


READ_ONLY = [["check"], ["check", "--format", "github"], ["export", "json"], ["export", "bibtex"],
             ["export", "markdown"], ["export", "atom", "--site-url", "https://example.org/"], ["stats"], ["schema"]]


@SETTINGS
@given(how=breakage(), pick=st.integers(0, 1000), command=st.sampled_from(READ_ONLY))
def test_reading_commands_never_crash_nor_write(workdir: Path, how: tuple[str, object], pick: int,
                                                command: list[str]) -> None:
    project = _fresh(workdir, how, pick)
    before = _snapshot(project / "data")
    result = run("--data", "data", *command, cwd=project)
    _assert_clean(result)
    assert _snapshot(project / "data") == before


@SETTINGS
@given(how=breakage(), pick=st.integers(0, 1000), out=st.sampled_from(["site", "data", "data/topics.yaml/x", "."]))
def test_build_never_crashes(workdir: Path, how: tuple[str, object], pick: int, out: str) -> None:
    project = _fresh(workdir, how, pick)
    before = _snapshot(project / "data")
    result = run("--data", "data", "build", "--out", out, cwd=project)
    _assert_clean(result)
    assert _snapshot(project / "data") == before


@SETTINGS
@given(how=breakage(), pick=st.integers(0, 1000), title=HOSTILE_TEXT, heading=HOSTILE_TEXT,
       front=st.one_of(st.just(""), HOSTILE_LINES.map(lambda line: f"---\n{line}\n---\n")),
       url=st.sampled_from(["https://example.com/a", "http://[::1/", "https://example.com:99999/",
                            "javascript:alert(1)", "https://ex ample.com/", "https://例え.jp/x"]))
def test_import_never_crashes_and_leaves_valid_data(workdir: Path, how: tuple[str, object], pick: int, title: str,
                                                    heading: str, front: str, url: str) -> None:
    project = _fresh(workdir, how, pick)
    before = _snapshot(project / "data")
    (project / "list.md").write_text(f"{front}# {heading}\n\n- [{title}]({url})\n- <https://example.org/b>\n",
                                     encoding="utf-8")
    result = run("--data", "data", "import", "list.md", cwd=project)
    _assert_clean(result, (0, 1))
    if result.exit_code == 0:
        assert read_catalog(project / "data")[1] == []
    else:
        assert _snapshot(project / "data") == before


@SETTINGS
@given(how=breakage(), pick=st.integers(0, 1000), title=HOSTILE_TEXT, tag=HOSTILE_TEXT, topic=HOSTILE_TEXT,
       url=st.sampled_from(["https://example.com/new", "http://[::1/", "ftp://x", "https://example.com:0/",
                            "https://example.com/a\x1b"]))
def test_add_offline_never_crashes(workdir: Path, how: tuple[str, object], pick: int, title: str, tag: str,
                                   topic: str, url: str) -> None:
    project = _fresh(workdir, how, pick)
    before = _snapshot(project / "data")
    result = run("--data", "data", "add", url, "--no-fetch", "--dry-run", "--title", title, "--tag", tag,
                 "--topic", topic or "attention", cwd=project)
    _assert_clean(result)
    assert _snapshot(project / "data") == before


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        code = 404 if "missing" in self.path else 200
        self.send_response(code)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<title>x</title>")

    do_HEAD = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(how=breakage(), pick=st.integers(0, 1000), path=st.sampled_from(["/ok", "/missing", "/%00", "/?q=\u00e9"]),
       extra=st.sampled_from([[], ["--timeout", "nan"], ["--timeout", "0.5"], ["--per-host", "0"],
                              ["--fail-on", "nonsense"], ["--format", "markdown"], ["--retries", "99"]]))
def test_links_on_a_local_server_never_crash(workdir: Path, server: str, how: tuple[str, object], pick: int,
                                             path: str, extra: list[str]) -> None:
    project = _fresh(workdir, how, pick)
    (project / "link-rules.yaml").write_text("timeout: 5\nretries: 0\ninterval: 0\narchive: false\n",
                                             encoding="utf-8")
    before = _snapshot(project / "data")
    result = run("--data", "data", "links", "--no-cache", "--no-archive", *extra, server + path, cwd=project)
    _assert_clean(result)
    assert _snapshot(project / "data") == before
