"""Helpers shared by the benchmarks: timed child processes with their own peak memory, medians, paths.

Every measurement runs in a child process reaped with os.wait4, so each one reports its own
wall time, CPU time (user + system, all threads) and peak resident memory (ru_maxrss), free of
whatever the parent process has allocated. The machine is shared: compare ratios measured in
the same run, not absolute seconds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
#: The five original seed lists: $LLMREADS_SEEDS (default ../shared/seeds), relative to the repository root.
SEEDS = REPO / os.environ.get("LLMREADS_SEEDS", "../shared/seeds")
DATA = REPO / "data"
PYTHON = sys.executable
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
for _name in ("LLMREADS_DATA", "SOURCE_DATE_EPOCH"):
    ENV.pop(_name, None)


#: Folders besides data/ that `mkdocs build` of the committed project reads.
PROJECT_FOLDERS = ("docs",)


class BenchError(RuntimeError):
    """A benchmarked command failed: the numbers would mean nothing."""


@dataclass(frozen=True)
class Run:
    """One child process: wall seconds, CPU seconds (user + sys) and peak RSS in MiB."""

    wall: float
    cpu: float
    maxrss_mb: float
    stdout: str
    stderr: str
    #: Each process of the run's tree (the child first, then the processes it started): its command,
    #: own peak RSS (VmHWM, MiB) and own CPU seconds, sampled from /proc while it ran.
    processes: tuple[dict[str, Any], ...] = ()
    #: The most resident memory the whole tree held at one moment (sum of VmRSS over its processes), MiB.
    tree_peak_mb: float = 0.0


def run(cmd: Sequence[str | Path], cwd: Path | None = None, timeout: float = 3600) -> Run:
    """Run a command to completion, raising BenchError if it fails.

    Peak memory: Linux starts a child's ru_maxrss at the high-water mark of the memory it was
    spawned from (this process's), so a child smaller than this process would report this
    process's peak. Such a child's own peak is read from /proc/<pid>/status (VmHWM) while it runs.
    """
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"llmreads-bench-{os.getpid()}-{time.monotonic_ns()}"
    with open(f"{out_path}.out", "w+b") as out, open(f"{out_path}.err", "w+b") as err:
        parent_peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=ENV, stdout=out, stderr=err)
        deadline = start + timeout
        tree = _Tree(proc.pid)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree.sample()
            if time.perf_counter() > deadline:
                proc.kill()
                proc.wait()
                raise BenchError(f"timed out after {timeout:.0f} s: {' '.join(map(str, cmd))}")
            time.sleep(0.02)  # a tree walk costs about 0.1 ms; more often would load the shared cores
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    for suffix in (".out", ".err"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    if proc.returncode != 0:
        raise BenchError(f"exit {proc.returncode}: {' '.join(map(str, cmd))}\n{stderr[-4000:]}")
    seen_kb = max(tree.hwm_kb.values(), default=0)  # the largest process's own peak, as ru_maxrss gives it
    peak_kb = usage.ru_maxrss if usage.ru_maxrss > parent_peak_kb or not seen_kb else seen_kb
    return Run(wall, usage.ru_utime + usage.ru_stime, peak_kb / 1024, stdout, stderr,
               tree.processes(), round(tree.peak_rss_kb / 1024, 1))


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class _Tree:
    """A running process and its descendants, sampled from /proc: peak and CPU of each, and their summed RSS."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.order: list[int] = []
        self.names: dict[int, str] = {}
        self.hwm_kb: dict[int, int] = {}
        self.cpu_ticks: dict[int, int] = {}
        self.peak_rss_kb = 0

    def sample(self) -> None:
        rss = 0
        names: dict[int, str] = {}
        for pid, parent in self._members():
            status = _status(pid)
            if not status:
                continue
            name = names[pid] = _command(pid)
            if parent in names and names[parent] == name:
                # Forked and not yet exec'd (subprocess.Popen starting a program): the child shows its
                # parent's pages, which it shares, so counting them would count them twice.
                continue
            if pid not in self.names:
                self.order.append(pid)
            if name != self.names.get(pid):  # a process that exec'd another program starts a new peak
                self.names[pid], self.hwm_kb[pid] = name, 0
            self.hwm_kb[pid] = max(self.hwm_kb[pid], status.get("VmHWM", 0))
            rss += status.get("VmRSS", 0)
            self.cpu_ticks[pid] = max(self.cpu_ticks.get(pid, 0), _own_ticks(pid))
        self.peak_rss_kb = max(self.peak_rss_kb, rss)

    def _members(self) -> list[tuple[int, int]]:
        """The processes of the tree with their parents, parents first (the root's parent: 0)."""
        found: list[tuple[int, int]] = []
        todo = [(self.root, 0)]
        while todo:
            pid, parent = todo.pop()
            found.append((pid, parent))
            for task in Path(f"/proc/{pid}/task").glob("*/children"):
                with contextlib.suppress(OSError, ValueError):
                    todo += [(int(c), pid) for c in task.read_text().split()]
        return found

    def processes(self) -> tuple[dict[str, Any], ...]:
        return tuple({"command": self.names[pid], "peak_rss_mb": round(self.hwm_kb[pid] / 1024, 1),
                      "cpu_s": round(self.cpu_ticks[pid] / _TICKS, 2)} for pid in self.order)


def _status(pid: int) -> dict[str, int]:
    """The memory lines (kB) of /proc/<pid>/status; empty once the process is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {k: int(v.split()[0]) for k, _, v in (line.partition(":") for line in lines)
            if k in ("VmHWM", "VmRSS") and v.strip()}


def _command(pid: int) -> str:
    """The program and first argument of a process (`python -m`, `pagefind --site`, ...)."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    return " ".join(Path(args[0].decode(errors="replace")).name if i == 0 else a.decode(errors="replace")
                    for i, a in enumerate(args[:3]) if a)


def _own_ticks(pid: int) -> int:
    """User + system clock ticks of the process itself (not its children)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return int(fields[11]) + int(fields[12])


def summary(runs: Sequence[Run]) -> dict[str, Any]:
    """Median wall and CPU seconds, every wall time, and the highest peak RSS."""
    return {
        "wall_s": round(statistics.median(r.wall for r in runs), 4),
        "cpu_s": round(statistics.median(r.cpu for r in runs), 4),
        "walls_s": [round(r.wall, 4) for r in runs],
        "maxrss_mb": round(max(r.maxrss_mb for r in runs), 1),
    }


def ratio(a: float, b: float) -> float:
    """a / b rounded for the report (inf when b is 0)."""
    return round(a / b, 3) if b else float("inf")


def machine() -> dict[str, Any]:
    """Where and when the numbers were taken."""
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - not on Linux
        load = []
    return {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "cores": os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform(), "loadavg_at_start": load,
            "commit": _git("rev-parse", "--short", "HEAD"),
            "src_modified": bool(_git("status", "--porcelain", "--", "src", "data", "mkdocs.yml"))}


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return ""
    return done.stdout.strip()


def make_project(root: Path, data: Path) -> Path:
    """A project folder (the committed mkdocs.yml, docs/, and `data` as data/)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in PROJECT_FOLDERS:
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    shutil.copytree(data, root / "data", ignore=shutil.ignore_patterns(".synthetic"))
    return root


def llmreads(*args: str | Path, cwd: Path | None = None) -> Run:
    """Run the llmreads CLI as a user would."""
    return run([BIN / "llmreads", *args], cwd=cwd)


def mkdocs_build(project: Path, site: Path | None = None) -> Run:
    """`mkdocs build` (quiet, clean) of the project folder."""
    target = site or project / "site"
    shutil.rmtree(target, ignore_errors=True)
    return run([PYTHON, "-m", "mkdocs", "build", "-q", "-d", target], cwd=project)


def zensical_build(project: Path) -> Run:
    """`zensical build --clean` (no cache from an earlier build) of a written-out project."""
    shutil.rmtree(project / "site", ignore_errors=True)
    return run([BIN / "zensical", "build", "--clean"], cwd=project)
