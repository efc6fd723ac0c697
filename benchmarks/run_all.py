"""Run every benchmark and print one JSON document (`make bench`).

    python benchmarks/run_all.py [--quick] [--skip-reload] [--only catalog|site] [--workdir DIR]

The catalogue and site benchmarks share one work folder, so each synthetic catalogue is
generated once. --quick uses 200 and 2,000 entries instead of 2,000 and 20,000 (CI smoke);
the full run takes about an hour on a busy 2-core machine, most of it the 20,000-entry builds.
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
from _common import machine


def run_all(quick: bool = False, reload: bool = True, only: str | None = None,
            workdir: Path | None = None) -> dict[str, Any]:
    """Run the selected benchmarks; return {"machine", "catalog", "site", "goals"}."""
    own = workdir is None
    work = Path(tempfile.mkdtemp(prefix="llmreads-bench-")) if workdir is None else workdir
    work.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"machine": machine(), "quick": quick}
    try:
        if only in (None, "catalog"):
            sizes = catalog_bench.QUICK_SIZES if quick else catalog_bench.SIZES
            result["catalog"] = catalog_bench.run_all(sizes, size_repeats=2 if quick else 3, workdir=work)
        if only in (None, "site"):
            sizes = site_bench.QUICK_SIZES if quick else site_bench.SIZES
            result["site"] = site_bench.run_all(sizes, workdir=work, reload=reload, reload_edits=2 if quick else 3,
                                                reload_size=sizes[0])
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)
    result["goals"] = {f"{part}.{name}": ok for part in ("catalog", "site") if part in result
                       for name, ok in result[part]["goals"].items()}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run all llmreads benchmarks; prints one JSON document.")
    parser.add_argument("--quick", action="store_true", help="200 and 2,000 entries instead of 2,000 and 20,000")
    parser.add_argument("--skip-reload", action="store_true", help="leave out the live-reload measurement")
    parser.add_argument("--only", choices=["catalog", "site"], help="run one benchmark")
    parser.add_argument("--workdir", type=Path, help="keep generated data and projects here")
    args = parser.parse_args(argv)
    result = run_all(args.quick, not args.skip_reload, args.only, args.workdir)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
