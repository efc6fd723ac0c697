"""Catalogue benchmarks (issues 3 and 12): seed import, `llmreads check`, load + validate and import at scale.

    python benchmarks/catalog_bench.py [--quick] [--repeats N]

Prints one JSON object. Measured in child processes (see _common.run):

- seeds_import: `llmreads --data <empty tmp> import` of the five seed lists, median of 5 (goal < 1 s);
- check_committed: `llmreads check` of the committed data/, median of 5 (goal < 1 s);
- cli_startup: `llmreads --help`, the fixed cost both of them include (the baseline);
- synthetic: for each size, `catalog.load_catalog` timed inside a fresh interpreter (imports done
  first), its peak RSS (getrusage) and, in a separate run, the tracemalloc peak of the load itself;
  the ratio time(large)/time(small) must stay within 1.1 × the data ratio (10× data ≤ 11× time);
- import_scale: `llmreads import` of one synthetic list of 1,000 and of 10,000 bullets
  (`synthetic.markdown_list`: every tenth links to an existing entry, the rest are new) into a
  synthetic catalogue a tenth its size, with all bullets under one heading (so every new entry
  goes to one file) and spread over 20 headings (12 topics' files and `unsorted`); median CPU of
  the child, and the same less the CLI's bare start-up. 10× the links must cost ≤ 11× the CPU, and
  10,000 links < 10 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic
from _common import DATA, PYTHON, SEEDS, Run, llmreads, machine, ratio, run, summary

SIZES = (2000, 20000)
QUICK_SIZES = (200, 2000)
IMPORT_SIZES = (1000, 10000)
QUICK_IMPORT_SIZES = (100, 1000)
IMPORT_LAYOUTS = {"one_heading": 1, "20_headings": 20}
IMPORT_GOAL_SECONDS = 10.0
GOAL_SECONDS = 1.0
GOAL_SLACK = 1.1  # 10x the data may cost at most 11x the time

_LOAD = """
import json, sys, time, tracemalloc
from pathlib import Path
from llmreads.catalog import load_catalog
from llmreads.gcpause import collector_paused
def hwm():  # own peak RSS in KiB; ru_maxrss would start at the spawning process's peak
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
traced = sys.argv[2] == "trace"
before = hwm()
if traced:
    tracemalloc.start()
start, cpu = time.perf_counter(), time.process_time()
with collector_paused():  # as the CLI and the plugin load it
    catalog = load_catalog(Path(sys.argv[1]))
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
peak = tracemalloc.get_traced_memory()[1] if traced else 0
after = hwm()
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "entries": len(catalog.entries),
                  "rss_before_mb": before / 1024, "rss_after_mb": after / 1024, "tracemalloc_peak_mb": peak / 2**20}))
"""


def _seed_files() -> list[Path]:
    files = sorted(p for p in SEEDS.glob("*") if p.suffix in (".txt", ".md"))
    if len(files) != 5:
        raise SystemExit(f"expected the five seed lists in {SEEDS} (set LLMREADS_SEEDS)")
    return files


def bench_seeds_import(repeats: int, workdir: Path) -> dict[str, Any]:
    """Import the five seeds into an empty data folder, `repeats` times."""
    runs: list[Run] = []
    for k in range(repeats):
        target = workdir / f"import-{k}" / "data"
        shutil.rmtree(target.parent, ignore_errors=True)
        runs.append(llmreads("--data", target, "import", *_seed_files()))
    check = llmreads("--data", target, "check")
    return {**summary(runs), "result": check.stderr.strip()}


def bench_check(repeats: int, data: Path) -> dict[str, Any]:
    """`llmreads check` of a data folder."""
    runs = [llmreads("--data", data, "check") for _ in range(repeats)]
    return {**summary(runs), "result": runs[-1].stderr.strip()}


def bench_startup(repeats: int) -> dict[str, Any]:
    """The CLI's fixed cost: interpreter, click, and its help text."""
    return summary([llmreads("--help") for _ in range(repeats)])


def load_in_child(data: Path, trace: bool = False) -> dict[str, Any]:
    """Time load_catalog(data) in a fresh interpreter; return its report plus the child's peak RSS."""
    child = run([PYTHON, "-c", _LOAD, data, "trace" if trace else "plain"])
    report: dict[str, Any] = json.loads(child.stdout)
    report["maxrss_mb"] = report["rss_after_mb"]
    return report


def bench_load(n: int, repeats: int, workdir: Path) -> dict[str, Any]:
    """Load + validate a synthetic catalogue of n entries."""
    start = time.perf_counter()
    data = synthetic.cached(workdir, n)
    generated = time.perf_counter() - start
    reports = [load_in_child(data) for _ in range(repeats)]
    traced = load_in_child(data, trace=True)
    seconds = [r["seconds"] for r in reports]
    cpu = statistics.median(r["cpu_seconds"] for r in reports)
    return {
        "entries": reports[0]["entries"],
        "load_validate_s": round(statistics.median(seconds), 4),
        "load_validate_cpu_s": round(cpu, 4),
        "load_validate_runs_s": [round(s, 4) for s in seconds],
        "per_entry_cpu_ms": round(1000 * cpu / n, 4),
        "peak_rss_mb": round(max(r["maxrss_mb"] for r in reports), 1),
        "rss_before_load_mb": round(min(r["rss_before_mb"] for r in reports), 1),
        "rss_growth_mb": round(max(r["rss_after_mb"] - r["rss_before_mb"] for r in reports), 1),
        "tracemalloc_peak_mb": round(traced["tracemalloc_peak_mb"], 1),
        "generate_s": round(generated, 2),
    }


def bench_import(n: int, headings: int, repeats: int, workdir: Path) -> dict[str, Any]:
    """Import a synthetic list of n bullets under `headings` headings into a catalogue of n/10 entries."""
    base = synthetic.cached(workdir, n // 10)
    listing = workdir / f"list-{n}-{headings}.md"
    listing.write_text(synthetic.markdown_list(n, headings, synthetic.entries(n // 10)), encoding="utf-8")
    runs: list[Run] = []
    for k in range(repeats):
        target = workdir / f"import-{n}-{headings}-{k}"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(base, target, ignore=shutil.ignore_patterns(synthetic.MARKER))
        runs.append(llmreads("--data", target, "import", listing))
        report = runs[-1].stdout.splitlines()[0]
        shutil.rmtree(target)
    return {**summary(runs), "links": n, "catalogue_entries": n // 10, "headings": headings, "result": report}


def bench_import_scale(sizes: tuple[int, int], repeats: int, workdir: Path, startup_cpu: float) -> dict[str, Any]:
    """Import at two sizes and two layouts; the CPU ratios of large to small, raw and less start-up."""
    small, large = sizes
    result: dict[str, Any] = {}
    for layout, headings in IMPORT_LAYOUTS.items():
        low, high = (bench_import(n, headings, repeats, workdir) for n in sizes)
        result[layout] = {str(small): low, str(large): high, "data_ratio": large / small,
                          "cpu_ratio": ratio(high["cpu_s"], low["cpu_s"]),
                          "cpu_ratio_less_startup": ratio(high["cpu_s"] - startup_cpu, low["cpu_s"] - startup_cpu),
                          "wall_ratio": ratio(high["wall_s"], low["wall_s"])}
    return result


def run_all(sizes: tuple[int, int] = SIZES, repeats: int = 5, size_repeats: int = 3,
            workdir: Path | None = None, data: Path = DATA,
            import_sizes: tuple[int, int] = IMPORT_SIZES) -> dict[str, Any]:
    """Run every catalogue benchmark and return the JSON-ready result."""
    own = workdir is None
    work = Path(tempfile.mkdtemp(prefix="llmreads-bench-")) if workdir is None else workdir
    try:
        result: dict[str, Any] = {"benchmark": "catalog", "machine": machine(), "sizes": list(sizes),
                                  "goals_basis": "median CPU seconds (user+sys) of each child, which a busy shared "
                                                 "machine disturbs far less than wall time; goals_wall judges "
                                                 "the same on median wall time"}
        result["cli_startup"] = bench_startup(repeats)
        result["seeds_import"] = bench_seeds_import(repeats, work)
        result["check_committed"] = bench_check(repeats, data)
        small, large = sizes
        scale = {str(n): bench_load(n, size_repeats, work) for n in sizes}
        result["synthetic"] = scale
        s, big = scale[str(small)], scale[str(large)]
        data_ratio = large / small
        time_ratio = ratio(big["load_validate_cpu_s"], s["load_validate_cpu_s"])
        result["ratios"] = {
            "data": data_ratio,
            "load_validate_cpu": time_ratio,
            "load_validate_wall": ratio(big["load_validate_s"], s["load_validate_s"]),
            "rss_growth": ratio(big["rss_growth_mb"], s["rss_growth_mb"]),
            "tracemalloc_peak": ratio(big["tracemalloc_peak_mb"], s["tracemalloc_peak_mb"]),
            "seeds_import_over_startup_cpu": ratio(result["seeds_import"]["cpu_s"], result["cli_startup"]["cpu_s"]),
            "check_over_startup_cpu": ratio(result["check_committed"]["cpu_s"], result["cli_startup"]["cpu_s"]),
        }
        result["contention"] = {name: ratio(result[name]["wall_s"], result[name]["cpu_s"])
                                for name in ("cli_startup", "seeds_import", "check_committed")}
        imports = bench_import_scale(import_sizes, size_repeats, work, result["cli_startup"]["cpu_s"])
        result["import_scale"] = imports
        largest = str(import_sizes[1])
        result["goals"] = {
            "seeds_import_under_1s": result["seeds_import"]["cpu_s"] < GOAL_SECONDS,
            "check_under_1s": result["check_committed"]["cpu_s"] < GOAL_SECONDS,
            "load_time_ratio_within_1.1x_data_ratio": time_ratio <= GOAL_SLACK * data_ratio,
            "import_cpu_ratio_within_1.1x_data_ratio": all(
                r["cpu_ratio_less_startup"] <= GOAL_SLACK * r["data_ratio"] for r in imports.values()),
            "largest_import_under_10s": all(r[largest]["cpu_s"] < IMPORT_GOAL_SECONDS for r in imports.values()),
        }
        result["goals_wall"] = {
            "seeds_import_under_1s": result["seeds_import"]["wall_s"] < GOAL_SECONDS,
            "check_under_1s": result["check_committed"]["wall_s"] < GOAL_SECONDS,
            "load_time_ratio_within_1.1x_data_ratio": result["ratios"]["load_validate_wall"] <= GOAL_SLACK * data_ratio,
            "import_cpu_ratio_within_1.1x_data_ratio": all(
                r["wall_ratio"] <= GOAL_SLACK * r["data_ratio"] for r in imports.values()),
            "largest_import_under_10s": all(r[largest]["wall_s"] < IMPORT_GOAL_SECONDS for r in imports.values()),
        }
        return result
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Catalogue benchmarks; prints JSON.")
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES} instead of {SIZES}")
    parser.add_argument("--repeats", type=int, default=5, help="runs of the seed import and check (median)")
    parser.add_argument("--workdir", type=Path, help="keep generated data here (reused between runs)")
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES if args.quick else SIZES
    result = run_all(sizes, repeats=args.repeats, size_repeats=2 if args.quick else 3, workdir=args.workdir,
                     import_sizes=QUICK_IMPORT_SIZES if args.quick else IMPORT_SIZES)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
