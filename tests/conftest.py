"""Shared fixtures. Environment variables that change behaviour are cleared so tests see defaults."""

from __future__ import annotations

import contextlib
import difflib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from llmreads.cli import cli

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
#: Reading lists written for these tests, one per input shape the importer meets (the original
#: seed lists are not part of the project; these cover every form they use).
LISTS = REPO / "tests" / "importer" / "lists"


def _seeds_folder() -> Path:
    """The folder of the five original seed lists: $LLMREADS_SEEDS, relative to the repository root."""
    folder = Path(os.environ.get("LLMREADS_SEEDS") or "../shared/seeds")
    return folder if folder.is_absolute() else REPO / folder


SEEDS = _seeds_folder()
SEED_FILES = sorted(SEEDS.glob("*.txt"))
SEEDS_MISSING = f"the five seed lists are not in {SEEDS}: set LLMREADS_SEEDS to their folder"
#: Marks the few tests about the original seed lists themselves; they skip without them (CI sets the variable).
needs_seeds = pytest.mark.skipif(len(SEED_FILES) != 5, reason=SEEDS_MISSING)

# Variables that would point llmreads (or httpx) somewhere other than the test's own setup.
_CLEARED = ("LLMREADS_DATA", "SOURCE_DATE_EPOCH", "UPDATE_SNAPSHOTS", "LLMREADS_YOUTUBE_OEMBED", "LLMREADS_ARXIV_API",
            "LLMREADS_CROSSREF_API", "LLMREADS_GITHUB_API", "GITHUB_TOKEN",
            "LLMREADS_WAYBACK", "LLMREADS_LOCK_TIMEOUT", "LLMREADS_CRASH_AT_STEP",
            "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
            "http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def seeds() -> list[Path]:
    """The five original seed lists, in name order; the test skips when LLMREADS_SEEDS does not hold them."""
    if len(SEED_FILES) != 5:
        pytest.skip(SEEDS_MISSING)
    return SEED_FILES


@pytest.fixture
def lists() -> list[Path]:
    """Our own reading lists (tests/importer/lists), in name order: every shape the seed lists use."""
    return sorted(LISTS.glob("*.md"))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the committed data/ folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def inserted_lines(before: str, after: str) -> list[str]:
    """Assert `after` is `before` with whole lines inserted, and return those lines."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), f"{tag}: {old[i1:i2]!r} -> {new[j1:j2]!r}"
        if tag == "insert":
            added += new[j1:j2]
    return added


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """Invoke the CLI in-process, as a user would from a shell."""
    runner = CliRunner()
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    """Run the test from inside tmp_path."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


# ---------------------------------------------------------------------------------------------
# Built sites, a local web server and a real browser (shared by the site and browser tests).

import functools  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO / "test-artifacts"


def make_project(root: Path, data: Path = DATA) -> Path:
    """Lay out a project (mkdocs.yml, docs/, data/) under `root` for building."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(data, root / "data")
    return root


def mkdocs(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs` command in a project folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def build_site(root: Path) -> Path:
    """Build a project strictly and return its site folder; fail the test with MkDocs' output if it fails."""
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 at a port the OS picks; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed catalogue built with the committed mkdocs.yml (once per test session)."""
    return build_site(make_project(tmp_path_factory.mktemp("site-project")))


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL of the built committed site, served on loopback."""
    with serve(built_site) as url:
        yield url


# Module scope, not session: Playwright's sync API keeps an event loop running on the main
# thread while it is open, and asyncio.run() in any later test (the link checker's) would fail.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright. A missing browser is a failure, never a skip."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Chromium is missing: run scripts/ensure-chromium (make test does)"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield instance
        finally:
            instance.close()
