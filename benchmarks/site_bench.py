"""Site benchmarks (issue 4): plugin overhead, scale, entry-page share, live reload, Zensical.

    python benchmarks/site_bench.py [--quick] [--skip-reload] [--workdir DIR]

Prints one JSON object. Every build runs in a child process (see _common.run) and reports wall
time, CPU time (user + sys) and peak RSS; goals are judged on median CPU time, which a busy shared
machine disturbs far less than wall time (both are reported).

- overhead: `mkdocs build` of the committed project (plugin) against a plain `mkdocs build` of the
  same pages written out by `llmreads build --out`, interleaved, median of 3 each (goal ≤ 1.10×);
- scale: synthetic catalogues (2,000 and 20,000 entries; --quick: 200 and 2,000): page generation
  (`pages.build_pages` in a fresh interpreter), the full plugin build, peak memory, their ratios
  (10× the data ≤ 11× the time; the largest build under 1 GB), and the entry pages' share of a
  build: plain builds of the written-out pages with and without `entries/<id>.md`;
- live_reload: `mkdocs serve --livereload` on a free loopback port; an entry with a new title is
  appended to data/entries/attention.yaml and the time until /topics/attention/ shows it is
  compared with a full `mkdocs build` of the same project;
- zensical: `zensical build --clean` of the same written-out pages against plain `mkdocs build`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic
from _common import (
    DATA,
    ENV,
    PYTHON,
    BenchError,
    Run,
    llmreads,
    machine,
    make_project,
    mkdocs_build,
    ratio,
    run,
    summary,
    zensical_build,
)

from llmreads.yamlio import dump_item

SIZES = (2000, 20000)
QUICK_SIZES = (200, 2000)
GOAL_OVERHEAD = 1.10
GOAL_SLACK = 1.1  # 10x the data may cost at most 11x the time
GOAL_MEMORY_MB = 1024
#: Zensical needed about 7.5 GB for 2,000 synthetic entries in the first run; larger sizes would not
#: fit this machine's memory, so they are skipped (and said so in the output).
ZENSICAL_MAX_ENTRIES = 2000
PROBE_TOPIC = "attention"

_PAGEGEN = """
import gc, json, sys, time
from pathlib import Path
from llmreads.catalog import load_catalog
from llmreads.gcpause import collector_paused
from llmreads.pages import build_pages
# As the CLI and the plugin run it. The pause is kept in a name: a context manager dropped right after
# __enter__ is finalised at once, and its `finally` turned the collector back on before the load.
paused = collector_paused()
paused.__enter__()
assert not gc.isenabled()
wall, cpu = time.perf_counter(), time.process_time()
catalog = load_catalog(Path(sys.argv[1]))
load_wall, load_cpu = time.perf_counter() - wall, time.process_time() - cpu
wall, cpu = time.perf_counter(), time.process_time()
pages = build_pages(catalog)
gen_wall, gen_cpu = time.perf_counter() - wall, time.process_time() - cpu
sizes = {path: len(text.encode()) for path, text in pages.items()}
largest = max(sizes, key=sizes.__getitem__)
print(json.dumps({"entries": len(catalog.entries), "pages": len(pages),
                  "entry_pages": sum(1 for p in pages if p.startswith("entries/") and p != "entries/index.md"),
                  "load_wall_s": load_wall, "load_cpu_s": load_cpu, "pagegen_wall_s": gen_wall,
                  "pagegen_cpu_s": gen_cpu, "markdown_mb": sum(sizes.values()) / 2**20,
                  "largest_page": largest, "largest_page_kb": sizes[largest] / 1024,
                  "maxrss_mb": next(int(l.split()[1]) for l in open("/proc/self/status")
                                    if l.startswith("VmHWM:")) / 1024}))
"""


def write_out(data: Path, docs: Path, out: Path) -> Run:
    """`llmreads build --out`: the generated pages as plain Markdown with a standalone mkdocs.yml."""
    shutil.rmtree(out, ignore_errors=True)
    return llmreads("--data", data, "build", "--out", out, "--docs", docs)


def without_entry_pages(written: Path, out: Path) -> int:
    """Copy a written-out project without its entries/<id>.md pages; return how many were dropped."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(written, out, ignore=shutil.ignore_patterns("site", ".cache"))
    dropped = 0
    for page in (out / "docs" / "entries").glob("*.md"):
        if page.name != "index.md":
            page.unlink()
            dropped += 1
    return dropped


def bench_overhead(project: Path, work: Path, repeats: int) -> dict[str, Any]:
    """Plugin build against a plain build of the written-out pages, interleaved."""
    written = work / "overhead-written"
    out = write_out(project / "data", project / "docs", written)
    plugin: list[Run] = []
    plain: list[Run] = []
    for _ in range(repeats):
        plugin.append(mkdocs_build(project))
        plain.append(mkdocs_build(written))
    a, b = summary(plugin), summary(plain)
    return {"pages": _count_pages(written), "plugin_build": a, "plain_build": b, "write_out": summary([out]),
            "ratio_wall": ratio(a["wall_s"], b["wall_s"]), "ratio_cpu": ratio(a["cpu_s"], b["cpu_s"])}


def bench_zensical(written: Path, repeats: int, plain: dict[str, Any] | None = None) -> dict[str, Any]:
    """`zensical build` of written-out pages, and plain `mkdocs build` of the same (unless given)."""
    zen: list[Run] = []
    mk: list[Run] = []
    for _ in range(repeats):
        zen.append(zensical_build(written))
        if plain is None:
            mk.append(mkdocs_build(written))
    z = summary(zen)
    m = plain if plain is not None else summary(mk)
    return {"zensical_build": z, "mkdocs_plain_build": m, "ratio_wall": ratio(z["wall_s"], m["wall_s"]),
            "ratio_cpu": ratio(z["cpu_s"], m["cpu_s"]), "ratio_peak_memory": ratio(z["maxrss_mb"], m["maxrss_mb"])}


def pagegen(data: Path) -> dict[str, Any]:
    """Load the catalogue and generate every page in a fresh interpreter."""
    child = run([PYTHON, "-c", _PAGEGEN, data])
    report: dict[str, Any] = json.loads(child.stdout)
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in report.items()}


def bench_size(n: int, work: Path, builds: int, zensical_max: int) -> dict[str, Any]:
    """Page generation, full build, memory and entry-page share for n synthetic entries."""
    data = synthetic.cached(work, n)
    project = make_project(work / f"project-{n}", data)
    result: dict[str, Any] = {"pagegen": pagegen(project / "data")}
    result["plugin_build"] = summary([mkdocs_build(project) for _ in range(builds)])
    written = work / f"written-{n}"
    result["write_out"] = summary([write_out(project / "data", project / "docs", written)])
    bare = work / f"written-{n}-no-entry-pages"
    dropped = without_entry_pages(written, bare)
    with_entries = summary([mkdocs_build(written)])
    without = summary([mkdocs_build(bare)])
    shutil.rmtree(bare, ignore_errors=True)
    result["plain_build"] = with_entries
    result["plain_build_without_entry_pages"] = without
    result["entry_pages"] = dropped
    result["pages"] = result["pagegen"]["pages"]
    cost_wall = with_entries["wall_s"] - without["wall_s"]
    cost_cpu = with_entries["cpu_s"] - without["cpu_s"]
    result["entry_page_share"] = {
        "wall": ratio(cost_wall, with_entries["wall_s"]),
        "cpu": ratio(cost_cpu, with_entries["cpu_s"]),
        "cpu_ms_per_entry_page": round(1000 * cost_cpu / dropped, 3) if dropped else None,
        "cpu_ms_per_other_page": round(1000 * without["cpu_s"] / max(1, result["pages"] - dropped), 3),
    }
    if n <= zensical_max:
        result["zensical"] = bench_zensical(written, 1, with_entries)
    else:
        result["zensical"] = {"skipped": f"more than {zensical_max} entries: Zensical's peak memory at "
                                         f"{ZENSICAL_MAX_ENTRIES} entries extrapolates beyond this machine's RAM"}
    shutil.rmtree(written, ignore_errors=True)
    result["project"] = str(project)
    return result


# ---------------------------------------------------------------------------------------------
# Live reload


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status), response.read().decode("utf-8", errors="replace")
    except OSError:
        return 0, ""


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a live process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _probe(token: str) -> str:
    entry = {"id": "live-reload-probe", "title": f"Live reload probe {token}",
             "url": f"https://example.com/live-reload-probe/{token}", "kind": "article", "topics": [PROBE_TOPIC],
             "note": "Appended by benchmarks/site_bench.py to time a rebuild.", "added": dt.date(2024, 1, 1)}
    return dump_item(entry)


_COUNT = re.compile(r'class="lr-count">(\d+) entries')


def _count(body: str) -> int | None:
    found = _COUNT.search(body)
    return int(found.group(1)) if found else None


def bench_live_reload(project: Path, edits: int, full_build: dict[str, Any],
                      timeout: float = 1800) -> dict[str, Any]:
    """Time from a YAML edit under data/ to the served topic page showing it.

    Edits alternate: append a probe entry to data/entries/<topic>.yaml, then restore the file.
    The topic page shows the edit when its entry count changes (a topic split into pages of
    kinds lists counts, not every card) or, failing a count, when the probe's title comes or goes.
    """
    target = project / "data" / "entries" / f"{PROBE_TOPIC}.yaml"
    original = target.read_text(encoding="utf-8") if target.exists() else ""
    port = _free_port()
    page = f"http://127.0.0.1:{port}/topics/{PROBE_TOPIC}/"
    log_path = project / "serve.log"
    latencies: list[float] = []
    cpus: list[float] = []
    with log_path.open("w") as log:
        start = time.perf_counter()
        proc = subprocess.Popen([PYTHON, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                                cwd=project, env=ENV, stdout=log, stderr=subprocess.STDOUT)
        try:
            first = _wait_for(lambda: _get(page)[0] == 200, start, timeout, proc, log_path, "the first build")
            base = _count(_get(page)[1])
            token = ""
            for k in range(edits):
                adding = k % 2 == 0
                if adding:
                    token = f"lrbench{k}x{time.monotonic_ns()}"
                    text = original + ("" if not original or original.endswith("\n") else "\n") + "\n" + _probe(token)
                else:
                    text = original

                def shows(body: str, adding: bool = adding, token: str = token) -> bool:
                    count = _count(body)
                    if count is not None and base is not None:
                        return count == base + (1 if adding else 0)
                    return (token in body) == adding and "</html>" in body

                time.sleep(1.0)  # let the watcher settle after the previous build
                cpu = _cpu_seconds(proc.pid)
                edited = time.perf_counter()
                target.write_text(text, encoding="utf-8")
                latencies.append(_wait_for(lambda shows=shows: shows(_get(page)[1]), edited, timeout, proc,
                                           log_path, "the edit to appear"))
                cpus.append(_cpu_seconds(proc.pid) - cpu)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            target.write_text(original, encoding="utf-8")
    median, cpu_median = statistics.median(latencies), statistics.median(cpus)
    return {"first_serve_s": round(first, 3), "latencies_s": [round(x, 3) for x in latencies],
            "latency_s": round(median, 3), "rebuild_cpu_s": round(cpu_median, 3),
            "detected_by": "entry count" if base is not None else "probe title",
            "full_build_wall_s": full_build["wall_s"], "full_build_cpu_s": full_build["cpu_s"],
            "ratio_to_full_build_wall": ratio(median, full_build["wall_s"]),
            "ratio_to_full_build_cpu": ratio(cpu_median, full_build["cpu_s"])}


def _wait_for(predicate: Any, start: float, timeout: float, proc: subprocess.Popen[bytes], log: Path,
              what: str) -> float:
    while not predicate():
        if proc.poll() is not None:
            raise BenchError(f"mkdocs serve exited while waiting for {what}:\n"
                             + log.read_text(errors="replace")[-3000:])
        if time.perf_counter() - start > timeout:
            raise BenchError(f"timed out waiting for {what}:\n" + log.read_text(errors="replace")[-3000:])
        time.sleep(0.05)
    return time.perf_counter() - start


# ---------------------------------------------------------------------------------------------


def _count_pages(written: Path) -> int:
    return sum(1 for _ in (written / "docs").rglob("*.md"))


def run_all(sizes: tuple[int, int] = SIZES, repeats: int = 3, size_builds: int = 1, workdir: Path | None = None,
            data: Path = DATA, reload: bool = True, reload_edits: int = 3, reload_size: int | None = 2000,
            zensical_max: int = ZENSICAL_MAX_ENTRIES, zensical: bool = True) -> dict[str, Any]:
    """Run every site benchmark and return the JSON-ready result."""
    own = workdir is None
    work = Path(tempfile.mkdtemp(prefix="llmreads-bench-")) if workdir is None else workdir
    work.mkdir(parents=True, exist_ok=True)
    try:
        result: dict[str, Any] = {"benchmark": "site", "machine": machine(), "sizes": list(sizes),
                                  "goals_basis": "median CPU seconds (user+sys) of each child; wall also reported"}
        project = make_project(work / "project-committed", data)
        overhead = bench_overhead(project, work, repeats)
        result["overhead"] = overhead
        result["zensical_committed"] = (bench_zensical(work / "overhead-written", repeats) if zensical
                                        else {"skipped": "zensical=False"})
        shutil.rmtree(work / "overhead-written", ignore_errors=True)
        scale = {str(n): bench_size(n, work, size_builds, zensical_max if zensical else 0) for n in sizes}
        result["scale"] = scale
        small, large = (scale[str(n)] for n in sizes)
        data_ratio = sizes[1] / sizes[0]
        ratios = {
            "data": data_ratio,
            "pagegen_cpu": ratio(large["pagegen"]["pagegen_cpu_s"], small["pagegen"]["pagegen_cpu_s"]),
            "pagegen_wall": ratio(large["pagegen"]["pagegen_wall_s"], small["pagegen"]["pagegen_wall_s"]),
            "build_cpu": ratio(large["plugin_build"]["cpu_s"], small["plugin_build"]["cpu_s"]),
            "build_wall": ratio(large["plugin_build"]["wall_s"], small["plugin_build"]["wall_s"]),
            "build_peak_memory": ratio(large["plugin_build"]["maxrss_mb"], small["plugin_build"]["maxrss_mb"]),
            "plain_build_cpu": ratio(large["plain_build"]["cpu_s"], small["plain_build"]["cpu_s"]),
        }
        result["ratios"] = ratios
        result["contention"] = {  # wall / CPU of single-threaded builds: about 1 on an idle machine
            "committed_plain_build": ratio(overhead["plain_build"]["wall_s"], overhead["plain_build"]["cpu_s"]),
            f"plugin_build_{sizes[1]}": ratio(large["plugin_build"]["wall_s"], large["plugin_build"]["cpu_s"]),
        }
        if reload:
            live = {"committed": bench_live_reload(project, reload_edits, overhead["plugin_build"])}
            if reload_size is not None and str(reload_size) in scale:
                live[str(reload_size)] = bench_live_reload(Path(scale[str(reload_size)]["project"]),
                                                           max(1, reload_edits - 1),
                                                           scale[str(reload_size)]["plugin_build"])
            result["live_reload"] = live
        result["goals"] = {
            "plugin_overhead_at_most_1.10x": overhead["ratio_cpu"] <= GOAL_OVERHEAD,
            "pagegen_time_ratio_within_1.1x_data_ratio": ratios["pagegen_cpu"] <= GOAL_SLACK * data_ratio,
            "build_time_ratio_within_1.1x_data_ratio": ratios["build_cpu"] <= GOAL_SLACK * data_ratio,
            "largest_build_under_1GB": large["plugin_build"]["maxrss_mb"] < GOAL_MEMORY_MB,
        }
        result["goals_wall"] = {
            "plugin_overhead_at_most_1.10x": overhead["ratio_wall"] <= GOAL_OVERHEAD,
            "pagegen_time_ratio_within_1.1x_data_ratio": ratios["pagegen_wall"] <= GOAL_SLACK * data_ratio,
            "build_time_ratio_within_1.1x_data_ratio": ratios["build_wall"] <= GOAL_SLACK * data_ratio,
        }
        return result
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Site benchmarks; prints JSON.")
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES} instead of {SIZES} (CI smoke)")
    parser.add_argument("--sizes", type=int, nargs=2, metavar=("SMALL", "LARGE"), help="override the two sizes")
    parser.add_argument("--repeats", type=int, default=3, help="builds per variant for the overhead (median)")
    parser.add_argument("--skip-reload", action="store_true", help="leave out the live-reload measurement")
    parser.add_argument("--workdir", type=Path, help="keep generated data and projects here")
    args = parser.parse_args(argv)
    sizes = tuple(args.sizes) if args.sizes else (QUICK_SIZES if args.quick else SIZES)
    result = run_all((sizes[0], sizes[1]), repeats=args.repeats, workdir=args.workdir, reload=not args.skip_reload,
                     reload_edits=2 if args.quick else 3, reload_size=sizes[0])
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
