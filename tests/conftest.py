"""Shared fixtures. Environment variables that change behaviour are cleared so tests see defaults."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from llmreads.cli import cli

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
DATA = REPO / "data"

# Variables that would point llmreads (or httpx) somewhere other than the test's own setup.
_CLEARED = ("LLMREADS_DATA", "SOURCE_DATE_EPOCH", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
            "http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def seeds() -> list[Path]:
    """The five seed reading lists, in name order (they must exist: they are the product's input)."""
    files = sorted(SEEDS.glob("*.txt"))
    assert len(files) == 5, f"expected the five seed lists in {SEEDS}"
    return files


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the committed data/ folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


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
