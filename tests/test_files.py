"""Only regular files are read: FIFOs, devices, folders, symlink loops and unreadable files are one-line errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, run

from llmreads.files import UnreadableFile, read_bytes, read_text


def test_a_regular_file_is_read_and_a_missing_one_is_none(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"x: 1\n")
    assert read_bytes(tmp_path / "a.yaml") == b"x: 1\n"
    assert read_bytes(tmp_path / "missing.yaml") is None
    assert read_text(tmp_path / "missing.yaml") is None


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    with pytest.raises(UnreadableFile, match=r"pipe\.yaml: is not a regular file \(a FIFO\)$"):
        read_bytes(tmp_path / "pipe.yaml")


def test_a_device_a_folder_and_a_symlink_loop_are_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "dir.yaml").mkdir()
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    with pytest.raises(UnreadableFile, match=r"is not a regular file \(a character device\)$"):
        read_bytes(tmp_path / "zero.yaml")
    with pytest.raises(UnreadableFile, match=r"is a folder, not a file$"):
        read_bytes(tmp_path / "dir.yaml")
    with pytest.raises(UnreadableFile, match=r"symbolic link that points back to itself"):
        read_bytes(tmp_path / "loop.yaml")


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    assert read_text(tmp_path / "link.yaml") == "x: 1\n"


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_bytes(b"x" * 2048)
    assert read_bytes(tmp_path / "big.yaml", limit=2048) == b"x" * 2048
    with pytest.raises(UnreadableFile, match=r"is larger than"):
        read_bytes(tmp_path / "big.yaml", limit=2047)


def test_text_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(b"ok\n\xff\n")
    with pytest.raises(UnreadableFile, match=r"bad\.md: line 2: not valid UTF-8 \(byte 0xff\)$"):
        read_text(tmp_path / "bad.md")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("x: 1\n", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(UnreadableFile, match=r"secret\.yaml: cannot be read: Permission denied$"):
        read_bytes(path)


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


def test_check_reports_a_fifo_in_data_on_one_line_and_does_not_hang(tmp_path: Path) -> None:
    data = _data(tmp_path)
    os.mkfifo(data / "entries" / "waiting.yaml")
    # A subprocess with a generous timeout: if the FIFO ever blocks again, the test fails instead of hanging.
    done = subprocess.run([sys.executable, "-m", "llmreads", "--data", str(data), "check"], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"{data}/entries/waiting.yaml:1: file: is not a regular file (a FIFO)"]


@pytest.mark.parametrize("name", ["topics.yaml", "sources.yaml", "paths.yaml", "health.yaml"])
def test_check_reports_a_device_or_loop_in_place_of_any_data_file(tmp_path: Path, name: str) -> None:
    data = _data(tmp_path)
    (data / name).unlink(missing_ok=True)
    (data / name).symlink_to(data / name)
    result = run("--data", "data", "check", cwd=tmp_path)
    assert result.exit_code == 1
    assert f"data/{name}:1: file: is a symbolic link that points back to itself (a loop)" in result.stderr.splitlines()
    assert "Traceback" not in result.output


def test_import_of_a_list_that_is_a_fifo_or_a_loop_is_one_line(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    reasons = {"pipe.md": "is not a regular file (a FIFO)",
               "loop.md": "is a symbolic link that points back to itself (a loop)"}
    for name, reason in reasons.items():
        result = run("--data", "data", "import", name, cwd=tmp_path)
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [f"error: {name}: {reason}"]
    assert not (tmp_path / "data").exists()
