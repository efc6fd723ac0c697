"""Read the user's files safely: only regular files, never a FIFO, device or folder, and never too much."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from llmreads.errors import LlmreadsError

MAX_BYTES = 64 * 1024 * 1024
"""The largest file any command reads (a data file, a list, a settings file): far beyond any real one."""


class UnreadableFile(LlmreadsError):
    """A file exists but cannot be read as one; printed as `file: reason`."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes | None:
    """Return a regular file's bytes, or None if nothing is there; raise UnreadableFile for anything else.

    Opening without blocking and checking the opened handle, not the name, means a FIFO
    cannot hang the read and a file swapped for a folder between two looks cannot slip through.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnreadableFile(path, describe(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFile(path, "is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise UnreadableFile(path, f"is not a regular file ({_kind(mode)})")
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:
                raise UnreadableFile(path, f"is larger than {limit // (1024 * 1024)} MB")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(path, describe(exc)) from None
    finally:
        os.close(fd)


def read_text(path: Path, limit: int = MAX_BYTES) -> str | None:
    """Return a regular file's UTF-8 text, or None if nothing is there; raise UnreadableFile otherwise."""
    raw = read_bytes(path, limit)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UnreadableFile(path, f"line {line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x})") from None


def describe(exc: OSError, verb: str = "read") -> str:
    """Say in a few words why a file could not be read or written."""
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    if exc.errno == errno.ELOOP:
        return "is a symbolic link that points back to itself (a loop)"
    if exc.errno == errno.ENOTDIR or (verb == "written" and exc.errno == errno.EEXIST):
        return f"cannot be {verb}: a folder on its path is a file"
    return f"cannot be {verb}: {exc.strerror or exc}"


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a file")
