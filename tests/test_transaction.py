"""Writes to data/: locked against a second writer, all or nothing across files, symlinks written through."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run

from llmreads import transaction
from llmreads.catalog import load_catalog
from llmreads.errors import LlmreadsError
from llmreads.transaction import (
    CRASH_ENV,
    JOURNAL_FILE,
    LOCK_FILE,
    LOCK_TIMEOUT_ENV,
    DataLocked,
    data_lock,
    data_transaction,
    recover,
)

EPOCH = "1795000000"  # 2026-11-18 (UTC)

TOPICS = """\
# Our topics (this comment must survive every write).
- id: attention
  title: Attention
  description: How attention works.
  order: 1
  keywords: [attention, transformer]

- id: agents
  title: Agents
  description: Models that act.
  order: 2
  keywords: [agent]
"""
SOURCES = """\
- id: first-list
  title: First list
  origin: https://example.org/first
  imported: 2026-01-01
"""
ATTENTION = """\
# yaml-language-server: $schema=../../schema/entries.schema.json
- id: attention-is-all-you-need
  title: Attention Is All You Need
  url: https://arxiv.org/abs/1706.03762
  kind: paper
  topics: [attention]
  sources:
    - {source: first-list, heading: Papers, position: 1}
  added: 2026-01-01
"""
#: A list that touches every kind of file: a new source, new entries in two existing topics'
#: files, a new `unsorted` topic with its new file, and a merge into an existing entry.
LIST_A = """\
# List A

## Transformers
- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)
- [The Annotated Transformer](https://nlp.seas.harvard.edu/annotated-transformer/)

## Agents
- [ReAct: Synergizing Reasoning and Acting](https://arxiv.org/abs/2210.03629)

## Odds and ends
- [A cooking blog](https://example.org/cooking)
"""
LIST_B = """\
# List B

## Attention
- [FlashAttention](https://arxiv.org/abs/2205.14135)

## Agent tools
- [Toolformer](https://arxiv.org/abs/2302.04761)
"""


def make_data(root: Path) -> Path:
    data = root / "data"
    (data / "entries").mkdir(parents=True)
    (data / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (data / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (data / "entries" / "attention.yaml").write_text(ATTENTION, encoding="utf-8")
    return data


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, hidden ones included, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_list(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def cli_process(data: Path, *args: str | Path, **env: str) -> subprocess.Popen[str]:
    """Start `llmreads` in its own process (a lock held here must block it)."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **env}
    return subprocess.Popen([sys.executable, "-m", "llmreads", "--data", str(data), *map(str, args)],
                            cwd=REPO, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


# ------------------------------------------------------------------------------------------ the lock


def test_a_second_writer_waits_then_fails_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    data = make_data(tmp_path)
    before = tree(data)
    with data_lock(data):
        code, _, err = finish(cli_process(data, "import", write_list(tmp_path, "a.md", LIST_A),
                                          **{LOCK_TIMEOUT_ENV: "0.2"}))
        assert code == 1
        assert err == (f"error: {data}: another llmreads command is changing this data folder (waited 0.2 s); "
                       "try again when it has finished\n")
    assert tree(data) == before


def test_two_imports_at_once_both_keep_their_work(tmp_path: Path) -> None:
    data = make_data(tmp_path)
    lists = [write_list(tmp_path, "a.md", LIST_A), write_list(tmp_path, "b.md", LIST_B)]
    with data_lock(data):  # both start while the folder is busy, so they really do overlap
        processes = [cli_process(data, "import", path, **{LOCK_TIMEOUT_ENV: "120"}) for path in lists]
    outcomes = [finish(process) for process in processes]
    assert [code for code, _, _ in outcomes] == [0, 0], outcomes
    catalog = load_catalog(data)
    assert {s.id for s in catalog.sources} == {"first-list", "list-a", "list-b"}
    urls = {e.url for e in catalog.entries}
    assert {"https://arxiv.org/abs/2210.03629", "https://arxiv.org/abs/2302.04761",
            "https://arxiv.org/abs/2205.14135", "https://example.org/cooking"} <= urls
    attention = catalog.entry_by_id["attention-is-all-you-need"]
    assert [ref.source for ref in attention.sources] == ["first-list", "list-a"]
    assert run("--data", str(data), "check").exit_code == 0
    assert not (data / LOCK_FILE).exists() and not (data / JOURNAL_FILE).exists()


def test_the_lock_is_reentrant_within_a_process_and_released_after(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with data_lock(data), data_transaction(data) as tx:
        tx.write(data / "topics.yaml", "[]\n")
    assert (data / "topics.yaml").read_text() == "[]\n"
    with data_lock(data, timeout=0):  # free again
        pass
    assert os.listdir(data) == ["topics.yaml"]


def test_a_lock_on_a_missing_folder_leaves_nothing_behind(tmp_path: Path) -> None:
    with data_lock(tmp_path / "new" / "data"):
        assert (tmp_path / "new" / "data" / LOCK_FILE).exists()
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf"])
def test_a_bad_lock_timeout_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, value)
    data = make_data(tmp_path)
    result = run("--data", str(data), "import", str(write_list(tmp_path, "a.md", LIST_A)))
    assert result.exit_code == 1
    assert result.stderr == f"error: {LOCK_TIMEOUT_ENV}={value!r}: must be a number of seconds from 0 to 86399\n"


def test_data_locked_is_a_user_error() -> None:
    assert issubclass(DataLocked, LlmreadsError)


# ------------------------------------------------------------------------------------------ all or nothing


def test_an_exception_inside_the_block_writes_nothing(tmp_path: Path) -> None:
    data = make_data(tmp_path)
    before = tree(data)
    with pytest.raises(RuntimeError), data_transaction(data) as tx:
        tx.write(data / "topics.yaml", "changed\n")
        tx.write(data / "entries" / "new.yaml", "new\n")
        raise RuntimeError("validation failed")
    assert tree(data) == before


def test_staged_text_is_read_back_and_deletes_are_committed(tmp_path: Path) -> None:
    data = make_data(tmp_path)
    with data_transaction(data) as tx:
        assert tx.read(data / "sources.yaml") == SOURCES
        tx.write(data / "sources.yaml", "[]\n")
        assert tx.read(data / "sources.yaml") == "[]\n"
        tx.delete(data / "entries" / "attention.yaml")
        tx.write(data / "topics.yaml", TOPICS)  # unchanged: not rewritten
        assert tx.changed() == [data / "entries" / "attention.yaml", data / "sources.yaml"]
    assert (data / "sources.yaml").read_text() == "[]\n"
    assert not (data / "entries" / "attention.yaml").exists()
    assert sorted(tree(data)) == ["sources.yaml", "topics.yaml"]


def test_a_dry_run_creates_nothing(tmp_path: Path) -> None:
    with data_transaction(tmp_path / "data", dry_run=True) as tx:
        tx.write(tmp_path / "data" / "topics.yaml", "[]\n")
        assert tx.changed() == [tmp_path / "data" / "topics.yaml"]
    assert os.listdir(tmp_path) == []


def test_a_failed_write_leaves_the_old_files_and_no_debris(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_data(tmp_path)
    before = tree(data)
    real_fsync = os.fsync
    calls = []

    def full_disk(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:  # the journal and the first file are written; the second is not
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(transaction.os, "fsync", full_disk)
    with pytest.raises(LlmreadsError, match="No space left on device"), data_transaction(data) as tx:
        tx.write(data / "topics.yaml", "changed\n")
        tx.write(data / "sources.yaml", "changed\n")
    monkeypatch.undo()
    assert tree(data) == before


def test_recover_rolls_back_a_journal_that_never_reached_commit(tmp_path: Path) -> None:
    data = make_data(tmp_path)
    before = tree(data)
    temp = data / "entries" / ".attention.yaml.abc.llmreads-tmp"
    temp.write_text("half of the new text")
    (data / JOURNAL_FILE).write_text(json.dumps(
        {"state": "staging", "files": [{"target": "entries/attention.yaml", "temp": "entries/" + temp.name}]}))
    assert recover(data)
    assert tree(data) == before
    assert not recover(data)


def test_a_damaged_journal_is_a_one_line_error(tmp_path: Path) -> None:
    data = make_data(tmp_path)
    (data / JOURNAL_FILE).write_text("{not json")
    result = run("--data", str(data), "check")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {data / JOURNAL_FILE}: an interrupted write left a journal that cannot "
                                    "be read")
    assert len(result.stderr.splitlines()) == 1


def _import_killed_at(step: int, data: Path, lists: list[Path]) -> int:
    code, _, err = finish(cli_process(data, "import", *lists, **{CRASH_ENV: str(step)}))
    assert code in (0, -signal.SIGKILL), err
    return code


def test_kill_9_at_every_step_of_a_multi_file_import_leaves_old_or_new(tmp_path: Path) -> None:
    base = make_data(tmp_path / "base")
    lists = [write_list(tmp_path, "a.md", LIST_A)]
    old = tree(base)
    reference = make_data(tmp_path / "reference")
    assert _import_killed_at(0, reference, lists) == 0
    new = tree(reference)
    assert len({name for name in set(old) | set(new) if old.get(name) != new.get(name)}) == 5  # five files change
    outcomes = []
    for step in range(1, 100):
        data = make_data(tmp_path / f"killed-at-{step}")
        code = _import_killed_at(step, data, lists)
        if code == 0:
            assert tree(data) == new
            break
        # The next command that reads the data finishes or undoes the interrupted write.
        checked = run("--data", str(data), "check")
        assert checked.exit_code == 0, checked.stderr
        after = tree(data)
        after.pop(LOCK_FILE, None)  # a killed writer's empty lock file stays until the next writer
        assert after in (old, new), f"killed at step {step}: neither the old nor the new catalogue"
        outcomes.append("new" if after == new else "old")
        if after == old:
            assert _import_killed_at(0, data, lists) == 0  # and a re-run completes the import
            assert tree(data) == new
    # 1 journal + 5 staged files | 1 journal + 5 renames + 1 journal removed
    assert outcomes == ["old"] * 6 + ["new"] * 7


# ------------------------------------------------------------------------------------------ symlinks


def test_a_symlinked_data_file_is_written_through(tmp_path: Path) -> None:
    data = make_data(tmp_path)
    shared = tmp_path / "elsewhere" / "topics.yaml"
    shared.parent.mkdir()
    (data / "topics.yaml").rename(shared)
    (data / "topics.yaml").symlink_to(shared)
    result = run("--data", str(data), "import", str(write_list(tmp_path, "a.md", LIST_A)), env={
        "SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output
    assert (data / "topics.yaml").is_symlink()
    assert (data / "topics.yaml").readlink() == shared
    assert shared.read_text().startswith(TOPICS) and "id: unsorted" in shared.read_text()
    assert os.listdir(shared.parent) == ["topics.yaml"]
    assert run("--data", str(data), "check").exit_code == 0


def test_a_symlinked_data_folder_and_entry_file_are_written_through(tmp_path: Path) -> None:
    real = make_data(tmp_path / "real")
    link = tmp_path / "data"
    link.symlink_to(real)
    entries = real / "entries" / "attention.yaml"
    kept = tmp_path / "kept.yaml"
    entries.rename(kept)
    entries.symlink_to(kept)
    with data_transaction(link) as tx:
        tx.write(link / "entries" / "attention.yaml", ATTENTION + "# more\n")
    assert link.is_symlink() and entries.is_symlink()
    assert kept.read_text() == ATTENTION + "# more\n"
