"""Writes to data/: one writer at a time, and every multi-file change all or nothing.

The one way to change files under a data folder::

    with data_transaction(data_dir) as tx:   # waits for the folder's lock (LLMREADS_LOCK_TIMEOUT, 5 s)
        catalog = load_catalog(data_dir)     # read *after* taking the lock: another writer may just have finished
        old = tx.read(path)                  # the staged text if this transaction wrote it, else the file's
        tx.write(path, new_text)             # staged in memory; nothing touches the disk yet
        tx.delete(other_path)
        problems = validate(tx.staged)       # e.g. read_catalog(data_dir, tx.staged); raise to write nothing
    # leaving the block normally commits every staged file at once; an exception discards them all.
    # data_transaction(data_dir, dry_run=True) takes no lock and never writes (tx.changed() says what would change).

- **Locked.** `data_lock` / `data_transaction` hold an exclusive `flock` on `<data>/.llmreads.lock`
  (removed again on release; a folder made only to hold it is removed too). A second writer polls
  for `timeout` seconds, then raises `DataLocked` (a one-line `LlmreadsError`). The lock is
  re-entrant within one process and released by the kernel if the process dies.
- **All or nothing.** `commit` writes each file to a temporary file beside its target, records the
  plan in `<data>/.llmreads-journal` (state `staging`, then `commit`), renames every temporary
  file over its target, and removes the journal. A crash before the `commit` state leaves the old
  files (the next `recover` deletes the temporary files); a crash after it is finished by the next
  `recover`, which renames what is left. `read_catalog` calls `recover`, so any command that reads
  the data first repairs an interrupted write.
- **Symlinks are written through.** A data file that is a symlink keeps being a link; its target
  gets the new content (the temporary file is made beside the target, so the rename stays atomic).
- Tests crash a commit on purpose: with `LLMREADS_CRASH_AT_STEP=k` the process kills itself with
  SIGKILL right after the k-th step of a commit (steps are counted per commit, from 1).

`atomic_write` replaces a single file outside data/ (exports, caches) the same crash-safe way.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from llmreads.errors import LlmreadsError
from llmreads.files import UnreadableFile, read_text

LOCK_FILE = ".llmreads.lock"
JOURNAL_FILE = ".llmreads-journal"
TEMP_SUFFIX = ".llmreads-tmp"
LOCK_TIMEOUT_ENV = "LLMREADS_LOCK_TIMEOUT"
CRASH_ENV = "LLMREADS_CRASH_AT_STEP"
DEFAULT_LOCK_TIMEOUT = 5.0
_POLL = 0.05


class DataLocked(LlmreadsError):
    """Another process is writing the data folder and did not finish in time."""


# --- the lock ------------------------------------------------------------------------------------

@dataclass
class _Held:
    fd: int
    path: Path
    created: list[Path]
    """Folders made to hold the lock file, removed again if still empty."""
    depth: int = 1


_held: dict[str, _Held] = {}
_held_guard = threading.Lock()


def lock_timeout() -> float:
    """Seconds a writer waits for the lock: LLMREADS_LOCK_TIMEOUT, or 5."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value < 86_400:  # also refuses nan and inf
        raise LlmreadsError(f"{LOCK_TIMEOUT_ENV}={raw!r}: must be a number of seconds from 0 to 86399")
    return value


@contextlib.contextmanager
def data_lock(data_dir: Path, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the data folder's write lock (creating the folder if needed), after finishing any interrupted write."""
    key = _real(data_dir)
    with _held_guard:
        held = _held.get(key)
        if held is not None:
            held.depth += 1
    if held is None:
        wait = lock_timeout() if timeout is None else timeout
        created = _make_folder(data_dir)
        try:
            fd = _acquire(data_dir, wait)
        except BaseException:
            _remove_empty(created)
            raise
        with _held_guard:
            _held[key] = _Held(fd, data_dir / LOCK_FILE, created)
        try:
            _recover_locked(data_dir)
        except BaseException:
            _release(key)
            raise
    try:
        yield
    finally:
        _release(key)


def _make_folder(data_dir: Path) -> list[Path]:
    missing = [folder for folder in [data_dir, *data_dir.parents] if not folder.exists()]
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LlmreadsError(f"{data_dir}: cannot create the data folder: {exc.strerror or exc}") from None
    return missing


def _remove_empty(folders: list[Path]) -> None:
    for folder in folders:  # deepest first
        try:
            folder.rmdir()
        except OSError:
            return


def _acquire(data_dir: Path, timeout: float) -> int:
    """Lock `<data>/.llmreads.lock`: the file is removed on release, so a lock on a removed file is retried."""
    path = data_dir / LOCK_FILE
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise LlmreadsError(f"{data_dir}: cannot lock the data folder for writing: "
                                f"{exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise DataLocked(f"{data_dir}: another llmreads command is changing this data folder "
                                 f"(waited {timeout:g} s); try again when it has finished") from None
            time.sleep(_POLL)
            continue
        except OSError as exc:
            os.close(fd)
            raise LlmreadsError(f"{data_dir}: cannot lock the data folder: {exc.strerror or exc}") from None
        if _same_file(fd, path):
            return fd
        os.close(fd)  # the holder removed the file as we waited for it: lock the new one


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _release(key: str) -> None:
    with _held_guard:
        held = _held[key]
        held.depth -= 1
        if held.depth:
            return
        del _held[key]
    with contextlib.suppress(OSError):
        held.path.unlink()  # while still locked, so no one can lock this file after we let it go
    os.close(held.fd)  # closing the descriptor releases the flock
    _remove_empty(held.created)


# --- the transaction -----------------------------------------------------------------------------

@dataclass
class Transaction:
    """Files staged for one all-or-nothing write to a data folder (see the module docstring)."""

    data_dir: Path
    _staged: dict[Path, str | None] = field(default_factory=dict)

    def read(self, path: Path) -> str | None:
        """Return the text staged for `path`, else the file's text (through symlinks), or None if there is none."""
        if path in self._staged:
            return self._staged[path]
        return read_text(path)

    def write(self, path: Path, text: str) -> None:
        """Stage `text` as the new content of `path`."""
        self._staged[path] = text

    def delete(self, path: Path) -> None:
        """Stage the removal of `path` (nothing happens if it does not exist)."""
        self._staged[path] = None

    @property
    def staged(self) -> dict[Path, str]:
        """The staged texts by path (deletions left out), e.g. as overrides for `read_catalog`."""
        return {path: text for path, text in self._staged.items() if text is not None}

    def changed(self) -> list[Path]:
        """The staged paths whose content would differ from the disk's, sorted."""
        return sorted(path for path, text in self._staged.items() if text != _disk_text(path))

    def discard(self) -> None:
        """Forget everything staged (a dry run)."""
        self._staged.clear()

    def commit(self) -> list[Path]:
        """Write every changed file at once (under the lock) and return their paths."""
        changed = self.changed()
        if changed:
            with data_lock(self.data_dir):
                _commit(self.data_dir, {path: self._staged[path] for path in changed})
        self._staged.clear()
        return changed


@contextlib.contextmanager
def data_transaction(data_dir: Path, *, timeout: float | None = None, dry_run: bool = False) -> Iterator[Transaction]:
    """Lock `data_dir`, collect writes, and commit them all when the block ends without an exception.

    With `dry_run` nothing is locked, created or written: the block stages and validates as usual.
    """
    if dry_run:
        yield Transaction(data_dir)
        return
    with data_lock(data_dir, timeout=timeout):
        tx = Transaction(data_dir)
        yield tx
        tx.commit()


def _disk_text(path: Path) -> str | None:
    try:
        return read_text(path)
    except UnreadableFile:
        return None


def _crash_step() -> int:
    raw = os.environ.get(CRASH_ENV, "")
    return int(raw) if raw.strip().isdigit() else 0


@dataclass
class _Step:
    """Counts a commit's steps, and kills the process at the one named by LLMREADS_CRASH_AT_STEP."""

    crash_at: int = field(default_factory=_crash_step)
    count: int = 0

    def done(self) -> None:
        self.count += 1
        if self.count == self.crash_at:
            os.kill(os.getpid(), signal.SIGKILL)


def _commit(data_dir: Path, files: Mapping[Path, str | None]) -> None:
    token = secrets.token_hex(6)
    plan = [(_real(path), None if text is None else _temp_name(_real(path), token), text)
            for path, text in files.items()]
    step = _Step()
    journal = data_dir / JOURNAL_FILE
    _write_journal(journal, "staging", [(target, temp) for target, temp, _ in plan])
    step.done()
    try:
        for target, temp, text in plan:
            if temp is not None and text is not None:
                _stage(Path(target), Path(temp), text)
                step.done()
    except BaseException as exc:
        _roll_back(journal)
        if isinstance(exc, OSError):
            raise LlmreadsError(f"{exc.filename or data_dir}: cannot write: {exc.strerror or exc}") from None
        raise
    _write_journal(journal, "commit", [(target, temp) for target, temp, _ in plan])
    step.done()
    try:
        for target, temp, _ in plan:
            _apply(target, temp)
            step.done()
        _finish(journal, [target for target, _, _ in plan])
    except OSError as exc:
        raise LlmreadsError(f"{exc.filename or data_dir}: cannot write: {exc.strerror or exc}; "
                            "the next llmreads command on this data folder finishes the write") from None
    step.done()


def _finish(journal: Path, targets: list[str]) -> None:
    for folder in sorted({os.path.dirname(target) for target in targets}):
        _fsync_dir(folder)
    journal.unlink()
    _fsync_dir(str(journal.parent))


def _temp_name(target: str, token: str) -> str:
    folder, name = os.path.split(target)
    return os.path.join(folder, f".{name}.{token}{TEMP_SUFFIX}")


def _stage(target: Path, temp: Path, text: str) -> None:
    """Write `text` to the new file `temp`, durable, with the mode of `target` (or 0644)."""
    temp.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = target.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(temp, mode)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _apply(target: str, temp: str | None) -> None:
    """Make one journal line true; safe to repeat after a crash."""
    if temp is None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
    elif os.path.lexists(temp):
        os.replace(temp, target)


def _write_journal(journal: Path, state: str, files: list[tuple[str, str | None]]) -> None:
    """Record the plan; paths inside the data folder are kept relative, so the folder may be moved."""
    home = _real(journal.parent)

    def name(path: str | None) -> str | None:
        if path is None or not path.startswith(home + os.sep):
            return path
        return os.path.relpath(path, home)

    items = [{"target": name(target), "temp": name(temp)} for target, temp in files]
    text = json.dumps({"state": state, "files": items}, indent=1)
    temp = journal.with_name(journal.name + TEMP_SUFFIX)
    with open(temp, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, journal)
    _fsync_dir(str(journal.parent))


def _roll_back(journal: Path) -> None:
    for _, temp in _read_journal(journal)[1]:
        if temp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
    journal.unlink()
    _fsync_dir(str(journal.parent))


def _read_journal(journal: Path) -> tuple[str, list[tuple[str, str | None]]]:
    home = _real(journal.parent)
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        files = [(os.path.join(home, str(item["target"])),
                  None if item["temp"] is None else os.path.join(home, str(item["temp"])))
                 for item in data["files"]]
        state = data["state"]
        if state not in ("staging", "commit"):
            raise ValueError(state)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LlmreadsError(f"{journal}: an interrupted write left a journal that cannot be read ({exc}); "
                            "check the data folder by hand, then delete the journal") from None
    return state, files


# --- recovery ------------------------------------------------------------------------------------

def recover(data_dir: Path) -> bool:
    """Finish or undo a write that a crash interrupted; return whether there was one.

    Costs two `stat`s when there is nothing to do, so every reader can call it.
    """
    journal = data_dir / JOURNAL_FILE
    if not os.path.lexists(journal) and not os.path.lexists(journal.with_name(journal.name + TEMP_SUFFIX)):
        return False
    with data_lock(data_dir):  # taking the lock runs the recovery
        return True


def _recover_locked(data_dir: Path) -> None:
    journal = data_dir / JOURNAL_FILE
    leftover = journal.with_name(journal.name + TEMP_SUFFIX)
    try:
        leftover.unlink(missing_ok=True)
        if not os.path.lexists(journal):
            return
        state, files = _read_journal(journal)
        if state == "staging":
            _roll_back(journal)
            return
        for target, temp in files:
            _apply(target, temp)
        _finish(journal, [target for target, _ in files])
    except OSError as exc:
        raise LlmreadsError(f"{data_dir}: cannot finish an interrupted write: {exc.strerror or exc}") from None


# --- single files --------------------------------------------------------------------------------

def atomic_write(path: Path, text: str) -> None:
    """Replace one file (outside data/) through a temporary file and a rename; a symlink is written through."""
    target = Path(_real(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(_temp_name(str(target), secrets.token_hex(6)))
    _stage(target, temp, text)
    try:
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _real(path: Path) -> str:
    return os.path.realpath(path)


def _fsync_dir(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the renames are still atomic
    finally:
        os.close(fd)
