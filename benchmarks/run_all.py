"""Run every benchmark and print one JSON document (`make bench`).

    python benchmarks/run_all.py [--quick] [--skip-reload] [--only catalog|site|links|enrich] [--workdir DIR]

Catalogue (catalog_bench), site (site_bench), link checker (links_bench) and enrich
(enrich_bench; both run as child processes: they start their own servers). The catalogue and
site benchmarks share one work folder, so each synthetic catalogue is generated once. --quick
uses 200 and 2,000 entries instead of 2,000 and 20,000 (CI smoke) and smaller link and enrich
runs. The full run takes about 25 minutes on a quiet 2-core machine (an hour or more on a busy
one), most of it the 20,000-entry builds.
    python benchmarks/run_all.py [--quick] [--skip-reload] [--only catalog|site|links|scale] [--workdir DIR]

Catalogue (catalog_bench), site (site_bench), link checker (links_bench, run as a child
process: it starts its own servers) and scale (scale_bench, a child process too: search in
headless Chromium, page sizes, MkDocs, ProperDocs and Zensical builds). The catalogue and site
benchmarks share one work folder, so each synthetic catalogue is generated once. --quick uses
200 and 2,000 entries instead of 2,000 and 20,000 (CI smoke) and a smaller link run. The full
run takes about 45 minutes on a quiet 2-core machine (two hours or more on a busy one), most of it
the 20,000-entry builds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import catalog_bench
import site_bench
from _common import PYTHON, machine
from _common import run as run_child

PARTS = ("catalog", "site", "links", "enrich", "scale")


def run_all(quick: bool = False, reload: bool = True, only: str | None = None,
            workdir: Path | None = None) -> dict[str, Any]:
    """Run the selected benchmarks; return {"machine", "catalog", "site", "links", "goals"}."""
    own = workdir is None
    work = Path(tempfile.mkdtemp(prefix="llmreads-bench-")) if workdir is None else workdir
    work.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"machine": machine(), "quick": quick}
    try:
        if only in (None, "catalog"):
            sizes = catalog_bench.QUICK_SIZES if quick else catalog_bench.SIZES
            result["catalog"] = catalog_bench.run_all(sizes, size_repeats=2 if quick else 3, workdir=work,
                                                      import_sizes=catalog_bench.QUICK_IMPORT_SIZES if quick
                                                      else catalog_bench.IMPORT_SIZES)
        if only in (None, "site"):
            sizes = site_bench.QUICK_SIZES if quick else site_bench.SIZES
            result["site"] = site_bench.run_all(sizes, workdir=work, reload=reload, reload_edits=2 if quick else 3,
                                                reload_size=sizes[0])
        if only in (None, "links"):
            args = ["--urls", "500", "--hosts", "20"] if quick else []
            links = json.loads(run_child([PYTHON, Path(__file__).resolve().parent / "links_bench.py", *args]).stdout)
            links["goals"] = {f"{name}_within_{links['goal_ratio']}x_bound": r["within_goal"]
                              for name, r in links["runs"].items()}
            links["goals"]["per_host_limit_respected"] = links["per_host_limit_respected"]
            result["links"] = links
        if only in (None, "enrich"):
            args = ["--papers", "500", "--interval", "0.1"] if quick else []
            result["enrich"] = json.loads(run_child([PYTHON, Path(__file__).resolve().parent / "enrich_bench.py",
                                                     *args]).stdout)
        if only in (None, "scale"):
            sizes = ["200", "2000"] if quick else ["2000", "20000"]
            scale = json.loads(run_child([PYTHON, Path(__file__).resolve().parent / "scale_bench.py", "--sizes",
                                          *sizes, "--workdir", work / "scale"]).stdout)
            scale["goals"] = _flat(scale["goals"])
            result["scale"] = scale
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)
    result["goals"] = {f"{part}.{name}": ok for part in PARTS if part in result
                       for name, ok in result[part]["goals"].items()}
    return result


def _flat(goals: dict[str, Any]) -> dict[str, bool]:
    """Nested verdicts ({size: {goal: bool}}) as one level of "size.goal" names."""
    flat: dict[str, bool] = {}
    for name, value in goals.items():
        if isinstance(value, bool):
            flat[name] = value
        elif isinstance(value, dict):
            flat.update({f"{name}.{k}": v for k, v in value.items() if isinstance(v, bool)})
    return flat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run all llmreads benchmarks; prints one JSON document.")
    parser.add_argument("--quick", action="store_true", help="200 and 2,000 entries instead of 2,000 and 20,000")
    parser.add_argument("--skip-reload", action="store_true", help="leave out the live-reload measurement")
    parser.add_argument("--only", choices=PARTS, help="run one benchmark")
    parser.add_argument("--workdir", type=Path, help="keep generated data and projects here")
    args = parser.parse_args(argv)
    result = run_all(args.quick, not args.skip_reload, args.only, args.workdir)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
