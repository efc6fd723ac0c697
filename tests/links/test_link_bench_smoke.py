"""The link benchmark still runs (a tiny configuration; the real one is `python benchmarks/links_bench.py`)."""

from __future__ import annotations

import importlib.util
import io
import sys

from conftest import REPO

from llmreads.links.model import CheckResult, LinkState
from llmreads.links.progress import ProgressReporter


def test_benchmark_smoke() -> None:
    spec = importlib.util.spec_from_file_location("links_bench", REPO / "benchmarks" / "links_bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["links_bench"] = bench
    spec.loader.exec_module(bench)
    result = bench.measure(total=12, hosts=3, latency=0.01, per_host=2, interval=0.0, concurrency=4)
    assert result["states"] == {"ok": 12} and result["requests"] == 12
    assert 1 <= result["max_concurrent_per_host_server"] <= 2
    assert result["lower_bound_s"] == bench.lower_bound(12, 3, 0.01, 2, 0.0, 4)
    assert set(result) >= {"wall_s", "ratio_to_bound", "requests_per_s", "peak_rss_mb"}


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere() -> None:
    result = CheckResult("https://example.org/", LinkState.BROKEN, 404)
    plain = io.StringIO()
    with ProgressReporter(2, plain, tty=False) as progress:
        progress(result)
    assert plain.getvalue() == "[1/2] broken     https://example.org/\n"
    terminal = io.StringIO()
    with ProgressReporter(2, terminal, tty=True) as progress:
        progress(result)
    assert "checking links" in terminal.getvalue()  # a bar...
    assert "https://example.org/" not in terminal.getvalue()  # ...not a line per link
    assert progress.done == 1
