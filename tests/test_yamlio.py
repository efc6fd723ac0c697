"""atomic_write: readers see the old file or the new one, never half of one, and no debris is left."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from llmreads import transaction
from llmreads.transaction import atomic_write

TEXT = "- id: a\n  title: Café › naïve\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_a_new_file_with_default_mode_and_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "topics.yaml"
    atomic_write(target, TEXT)
    assert target.read_bytes() == TEXT.encode("utf-8")
    assert mode(target) == 0o644
    assert os.listdir(tmp_path) == ["topics.yaml"]


def test_creates_missing_parent_folders(tmp_path: Path) -> None:
    target = tmp_path / "data" / "entries" / "new.yaml"
    atomic_write(target, TEXT)
    assert target.read_text(encoding="utf-8") == TEXT
    assert os.listdir(target.parent) == ["new.yaml"]


def test_replaces_an_existing_file_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "sources.yaml"
    target.write_text("old\n", encoding="utf-8")
    (tmp_path / "neighbour.yaml").write_text("untouched\n", encoding="utf-8")
    atomic_write(target, TEXT)
    assert target.read_text(encoding="utf-8") == TEXT
    assert sorted(os.listdir(tmp_path)) == ["neighbour.yaml", "sources.yaml"]
    assert (tmp_path / "neighbour.yaml").read_text(encoding="utf-8") == "untouched\n"


@pytest.mark.parametrize("existing_mode", [0o600, 0o640, 0o664, 0o755])
def test_keeps_the_mode_of_an_existing_file(tmp_path: Path, existing_mode: int) -> None:
    target = tmp_path / "entries.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(existing_mode)
    atomic_write(target, TEXT)
    assert mode(target) == existing_mode
    assert target.read_text(encoding="utf-8") == TEXT


def test_new_file_mode_ignores_a_strict_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        atomic_write(tmp_path / "a.yaml", TEXT)
    finally:
        os.umask(old)
    assert mode(tmp_path / "a.yaml") == 0o644


def test_writes_newlines_as_lf_and_utf8(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    atomic_write(target, "a: 1\nb: é\n")
    assert target.read_bytes() == b"a: 1\nb: \xc3\xa9\n"


def test_replaces_rather_than_rewrites_in_place(tmp_path: Path) -> None:
    """A reader holding the old file keeps reading the old content (a rename, not a truncate)."""
    target = tmp_path / "a.yaml"
    target.write_text("old content\n", encoding="utf-8")
    with target.open(encoding="utf-8") as reader:
        atomic_write(target, TEXT)
        assert reader.read() == "old content\n"
    assert target.read_text(encoding="utf-8") == TEXT


def _fail(*_args: object, **_kwargs: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("step", ["replace", "fsync", "chmod"])
def test_failure_mid_write_keeps_the_original_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    target = tmp_path / "topics.yaml"
    target.write_text("original\n", encoding="utf-8")
    target.chmod(0o640)
    monkeypatch.setattr(transaction.os, step, _fail)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, TEXT)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "original\n"
    assert mode(target) == 0o640
    assert os.listdir(tmp_path) == ["topics.yaml"]


def test_failure_on_a_new_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transaction.os, "replace", _fail)
    with pytest.raises(OSError):
        atomic_write(tmp_path / "new.yaml", TEXT)
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


def test_interrupt_mid_write_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("original\n", encoding="utf-8")

    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(transaction.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, TEXT)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "original\n"
    assert os.listdir(tmp_path) == ["a.yaml"]


def test_unencodable_text_keeps_the_original(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("original\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(target, "lone surrogate \ud800\n")
    assert target.read_text(encoding="utf-8") == "original\n"
    assert os.listdir(tmp_path) == ["a.yaml"]
