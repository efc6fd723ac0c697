"""The benchmarks still run: synthetic data is valid, and each benchmark returns its JSON keys.

Tiny sizes and single runs; nothing here asserts on time (the machine is shared and noisy).
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import pytest
from conftest import LISTS, REPO, run

sys.path.insert(0, str(REPO / "benchmarks"))

import _common
import catalog_bench
import scale_bench
import site_bench
import synthetic

SUMMARY_KEYS = {"wall_s", "cpu_s", "walls_s", "maxrss_mb"}


def test_synthetic_data_passes_check(tmp_path: Path) -> None:
    data = synthetic.generate(tmp_path / "data", 50)
    result = run("--data", str(data), "check")
    assert result.exit_code == 0, result.output
    assert "ok: 50 entries" in result.output
    files = sorted(p.name for p in (data / "entries").glob("*.yaml"))
    assert len(files) > 5, files


def test_synthetic_data_is_deterministic_and_varied(tmp_path: Path) -> None:
    first = synthetic.generate(tmp_path / "a", 200)
    second = synthetic.generate(tmp_path / "b", 200)
    texts = {p.relative_to(first): p.read_bytes() for p in first.rglob("*.yaml")}
    assert texts == {p.relative_to(second): p.read_bytes() for p in second.rglob("*.yaml")}
    entries = synthetic.entries(200)
    assert len({e["url"] for e in entries}) == 200
    assert len({t for e in entries for t in e["tags"]}) > 100
    assert len(synthetic.TAGS) == 300
    assert all(1 <= len(e["sources"]) <= 2 and e["note"].count(". ") == 1 for e in entries)


def test_catalog_bench_returns_its_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_bench, "SEEDS", LISTS)  # our own five lists stand in for the seeds
    result = catalog_bench.run_all(sizes=(10, 30), repeats=1, size_repeats=1, workdir=tmp_path, import_sizes=(20, 40))
    json.dumps(result)
    assert {"machine", "cli_startup", "seeds_import", "check_committed", "synthetic", "ratios", "goals"} <= set(result)
    assert set(result["seeds_import"]) >= SUMMARY_KEYS
    assert result["seeds_import"]["result"].startswith("ok:")
    assert set(result["synthetic"]) == {"10", "30"}
    assert {"load_validate_s", "load_validate_cpu_s", "peak_rss_mb", "tracemalloc_peak_mb"} <= set(
        result["synthetic"]["30"])
    assert result["synthetic"]["30"]["entries"] == 30
    assert set(result["goals"]) == {"seeds_import_under_1s", "check_under_1s",
                                    "load_time_ratio_within_1.1x_data_ratio",
                                    "import_cpu_ratio_within_1.1x_data_ratio", "largest_import_under_10s"}
    for layout in ("one_heading", "20_headings"):
        scale = result["import_scale"][layout]
        assert scale["40"]["links"] == 40 and scale["40"]["result"].startswith("synthetic-reading-list: ")
        assert {"cpu_ratio", "cpu_ratio_less_startup", "wall_ratio"} <= set(scale)
    assert all(isinstance(v, bool) for v in result["goals"].values())


def test_site_bench_returns_its_keys(tmp_path: Path) -> None:
    data = synthetic.generate(tmp_path / "tiny", 12)
    result = site_bench.run_all(sizes=(6, 12), repeats=1, workdir=tmp_path / "work", data=data, reload_edits=1,
                                reload_size=6, zensical_max=6)
    json.dumps(result)
    assert {"machine", "overhead", "zensical_committed", "scale", "ratios", "live_reload", "goals"} <= set(result)
    assert set(result["overhead"]["plugin_build"]) >= SUMMARY_KEYS and "ratio_cpu" in result["overhead"]
    small, large = result["scale"]["6"], result["scale"]["12"]
    for size in (small, large):
        assert {"pagegen", "plugin_build", "plain_build", "plain_build_without_entry_pages",
                "entry_page_share"} <= set(size)
    assert large["pagegen"]["entries"] == large["entry_pages"] == 12
    assert "ratio_cpu" in small["zensical"] and "skipped" in large["zensical"]
    assert {"committed", "6"} == set(result["live_reload"])
    assert {"latency_s", "ratio_to_full_build_wall"} <= set(result["live_reload"]["committed"])
    assert set(result["goals"]) == {"plugin_overhead_at_most_1.10x", "pagegen_time_ratio_within_1.1x_data_ratio",
                                    "build_time_ratio_within_1.1x_data_ratio", "largest_build_under_1GB"}
    assert all(isinstance(v, bool) for v in result["goals"].values())


def test_scale_bench_measures_pages_and_the_search_bundle(built_site: Path) -> None:
    pages = scale_bench.page_sizes(built_site)
    assert {"home", "topic", "entry", "tag", "list", "entries index", "tags index"} <= set(pages["largest_by_kind"])
    assert pages["largest_bytes"] == max(p.stat().st_size for p in built_site.rglob("index.html")
                                         if "pagefind" not in p.parts)
    bundle = scale_bench.bundle_bytes(built_site)
    assert 0 < bundle["index_bytes"] < bundle["bundle_bytes"]
    assert scale_bench.kind_of("tags/gpu/page-2/index.html") == "tag"
    assert scale_bench.kind_of("topics/inference/papers-2/index.html") == "topic part"


def test_scale_bench_counts_the_files_its_server_sends(built_site: Path) -> None:
    """Bytes of a query are what the server sent (a worker's requests included), and gzip only shrinks text."""
    from urllib.request import urlopen

    served: list[str] = []
    wasm = next((built_site / "pagefind").glob("wasm.*.pagefind"))
    with scale_bench.serve(built_site, served) as base:
        for path in ("pagefind/pagefind.js", f"pagefind/{wasm.name}", "no-such-file.js"):
            with contextlib.suppress(OSError):
                urlopen(base + path).read()
    counted = scale_bench.sent(served)
    code = (built_site / "pagefind" / "pagefind.js").stat().st_size
    assert counted["requests"] == 3
    assert counted["transferred_bytes"] == code + wasm.stat().st_size
    assert wasm.stat().st_size < counted["transferred_gzip_bytes"] < counted["transferred_bytes"]


def test_enrich_benchmark_fills_every_paper() -> None:
    import enrich_bench

    result = enrich_bench.measure(120, 0.0, 0.0)
    assert (result["requests"], result["filled"], result["entries_complete_after"]) == (3, 120, 120)


def test_run_reports_each_process_of_the_tree() -> None:
    """A child's own peak and CPU, apart from the process that started it; the tree's peak counts both."""
    child = "import time; b = bytearray(96 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(0.5)"
    parent_code = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    done = _common.run([sys.executable, "-c", parent_code])
    parent, started = done.processes
    assert "subprocess" in parent["command"] and "bytearray" in started["command"]
    assert started["peak_rss_mb"] >= 96 > parent["peak_rss_mb"]
    assert done.tree_peak_mb > started["peak_rss_mb"]  # both were alive at the child's peak
    assert done.maxrss_mb >= 96


def test_import_quality_reports_each_lists_measures_and_goals(capsys: pytest.CaptureFixture[str]) -> None:
    import import_quality

    excerpt = LISTS / "real" / "llm-course-excerpt.md"
    assert import_quality.main([f"{excerpt}=https://github.com/mlabonne/llm-course"]) == 0
    report = json.loads(capsys.readouterr().out)
    (result,) = report["results"]
    assert result["list"] == "https://github.com/mlabonne/llm-course"
    assert (result["links_found"], result["new"], result["generic_titles"]) == (13, 13, [])
    assert result["goals_met"] == {"unsorted_share": True, "generic_titles": True, "missing_given_years": True,
                                   "duplicates": True}
    assert set(result["triage"]) >= {"unsorted", "needs-title", "possible-duplicate"}
    assert report["summary"]["errors"] == 0
