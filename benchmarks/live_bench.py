"""Live preview benchmark (issue 15): a one-field edit under `mkdocs serve`, at 2,000 and 20,000 entries.

    python benchmarks/live_bench.py [--sizes 2000 20000] [--edits 5] [--workdir DIR]

Prints one JSON object. For each synthetic catalogue (benchmarks/synthetic.py): a full
`mkdocs build` (CPU, wall, peak memory; the baseline of the same run), then `mkdocs serve
--dirty --livereload` on a free loopback port, and `edits` times: the title of one entry of the
`attention` topic is rewritten in its YAML file, and the time is taken until both the entry's
page and the topic page its card stands on (a large topic spreads its cards over part pages)
serve the new title. Reported: each latency, their median, the server's CPU seconds per edit,
and MkDocs' own "Documentation built in" time of each rebuild. Goal: median under 2 s at 2,000
entries and under 3 s at 20,000, about the same at both sizes (edits that touch one topic).
Wall time on a shared 2-core machine: the load average at each step is reported beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic
from _common import ENV, PYTHON, BenchError, machine, make_project, mkdocs_build, ratio, summary
from site_bench import _cpu_seconds, _free_port, _get, _wait_for

from llmreads.catalog import load_catalog
from llmreads.pages import paths
from llmreads.pages.site import Site

SIZES = (2000, 20000)
TOPIC = "attention"
GOALS = {2000: 2.0, 20000: 3.0}
_BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")


def _target(project: Path) -> tuple[Path, str, str, str]:
    """The edited file, the entry's id and title, and the URL path of the page its card stands on."""
    catalog = load_catalog(project / "data")
    entry = next(e for e in catalog.entries if e.topics[0] == TOPIC)
    page = Site(catalog).card_pages[(TOPIC, entry.id)]
    return project / "data" / "entries" / f"{TOPIC}.yaml", entry.id, entry.title, paths.url_of(page)


def bench_edits(project: Path, edits: int, timeout: float = 3600) -> dict[str, Any]:
    """Serve with --dirty and time `edits` title edits until the entry and topic pages show them."""
    target, entry_id, title, card_page = _target(project)
    original = target.read_text(encoding="utf-8")
    line = next(ln for ln in original.splitlines() if ln.strip().startswith("title:") and title in ln)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    urls = [base + paths.url_of(paths.entry(entry_id)), base + card_page]
    log_path = project / "serve-dirty.log"
    latencies: list[float] = []
    cpus: list[float] = []
    loads: list[float] = []
    with log_path.open("w") as log:
        start = time.perf_counter()
        proc = subprocess.Popen([PYTHON, "-m", "mkdocs", "serve", "--dirty", "--livereload", "-a",
                                 f"127.0.0.1:{port}"], cwd=project, env=ENV, stdout=log, stderr=subprocess.STDOUT)
        try:
            first = _wait_for(lambda: all(_get(u)[0] == 200 for u in urls), start, timeout, proc, log_path,
                              "the first build")
            first_cpu = _cpu_seconds(proc.pid)
            for k in range(edits):
                new_title = f"{title} (edit {k} {time.monotonic_ns()})"
                text = original.replace(line, line.replace(title, new_title), 1)
                time.sleep(2.0)  # let the watcher settle after the previous build
                loads.append(round(os.getloadavg()[0], 2))
                cpu = _cpu_seconds(proc.pid)
                edited = time.perf_counter()
                target.write_text(text, encoding="utf-8")
                latencies.append(_wait_for(lambda t=new_title: all(_shows(_get(u)[1], t) for u in urls), edited,
                                           timeout, proc, log_path, "the edit to appear"))
                cpus.append(_cpu_seconds(proc.pid) - cpu)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            target.write_text(original, encoding="utf-8")
    built = [float(x) for x in _BUILT.findall(log_path.read_text(errors="replace"))]
    return {"first_serve_s": round(first, 3), "first_serve_cpu_s": round(first_cpu, 3),
            "latencies_s": [round(x, 3) for x in latencies], "latency_s": round(statistics.median(latencies), 3),
            "rebuild_cpu_s": [round(x, 3) for x in cpus], "rebuild_cpu_median_s": round(statistics.median(cpus), 3),
            "mkdocs_reported_rebuild_s": built[1:], "loadavg_at_edits": loads, "pages_checked": urls}


def run_all(sizes: tuple[int, ...] = SIZES, edits: int = 5, workdir: Path | None = None,
            build: bool = True) -> dict[str, Any]:
    """Full build and served title edits for each size; JSON-ready.

    Without `build` the baseline is the server's own first build (a full one, Pagefind included),
    which saves one full build per size (about 4 CPU-minutes at 20,000 entries).
    """
    work = workdir or Path(tempfile.mkdtemp(prefix="llmreads-live-"))
    work.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"benchmark": "live", "machine": machine(), "sizes": list(sizes), "edits": edits}
    for n in sizes:
        project = make_project(work / f"live-project-{n}", synthetic.cached(work, n))
        full = summary([mkdocs_build(project)]) if build else None
        live = bench_edits(project, edits)
        if full is None:
            full = {"wall_s": live["first_serve_s"], "cpu_s": live["first_serve_cpu_s"],
                    "basis": "the first build of mkdocs serve --dirty (every page)"}
        live["full_build"] = full
        live["ratio_to_full_build_wall"] = ratio(live["latency_s"], full["wall_s"])
        live["ratio_to_full_build_cpu"] = ratio(live["rebuild_cpu_median_s"], full["cpu_s"])
        result[str(n)] = live
    result["goals"] = {f"title_edit_under_{GOALS.get(n, 3.0):g}s_at_{n}": result[str(n)]["latency_s"] <
                       GOALS.get(n, 3.0) for n in sizes}
    if len(sizes) > 1:
        result["ratio_latency_largest_to_smallest"] = ratio(result[str(sizes[-1])]["latency_s"],
                                                            result[str(sizes[0])]["latency_s"])
    return result


def _shows(body: str, title: str) -> bool:
    escaped = title.replace("&", "&amp;")
    return "</html>" in body and (title in body or escaped in body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Live preview benchmark; prints JSON.")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--workdir", type=Path, help="keep generated data and projects here")
    parser.add_argument("--no-build", action="store_true",
                        help="take the server's first (full) build as the baseline instead of a separate mkdocs build")
    args = parser.parse_args(argv)
    try:
        result = run_all(tuple(args.sizes), args.edits, args.workdir, build=not args.no_build)
    except BenchError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
