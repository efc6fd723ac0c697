"""Scale benchmarks (issue 13): search, page sizes and engines at 2,000 and 20,000 entries.

    python benchmarks/scale_bench.py [--sizes 2000 20000] [--workdir DIR] [--no-baseline] [--no-zensical]
    python benchmarks/scale_bench.py --site DIR      # the search measures alone, on a site already built

Prints one JSON object. For each size, a synthetic catalogue (benchmarks/synthetic.py) is built:

- engines: `mkdocs build` and `properdocs build` of the same project (the plugin, Pagefind
  indexing included), CPU time (user + sys, children included) and peak RSS of each, split per
  process (the engine's Python process, the Pagefind indexer it starts) and the most they held
  together; Zensical
  (`llmreads build --out` then `zensical build`) up to --zensical-max entries;
- pages: the largest HTML page of each kind (home, topic, topic part, entry, tag, list, ...);
- search: the Pagefind bundle's bytes (all of it, and the index alone: no UI kits), then in
  headless Chromium (Debian's, through Playwright) three typical queries typed into the header
  search box of a fresh page: time from the last keystroke to the result list first filled after it
  (measured in the page: the query's results, not an earlier prefix's), bytes
  transferred for the query (counted by the server, so Pagefind's worker counts too; Pagefind's
  code and wasm count on the first query), as served uncompressed and as a host gzipping text files
  would send them (Pagefind's index files are gzip already), and the page's JS heap and the
  renderer's memory afterwards; and the all-entries page filtered by kind (the same index's filters).

At the committed catalogue the same search is measured against a baseline in the same run: the
same pages built with Material's own search plugin (lunr) and Material's stock search box
(--no-baseline skips it). Ratios and sizes are the results; seconds only compare within a run.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import material

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic
from _common import BIN, DATA, PYTHON, BenchError, llmreads, machine, make_project, ratio, run

SIZES = (2000, 20000)
ZENSICAL_MAX = 2000
QUERIES = {"committed": ["attention", "lora", "tokenizer"],
           "synthetic": ["speculative decoding", "kv cache", "hopper"]}
UI_KITS = ("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui")
CHROMIUM = "/usr/bin/chromium"


def build(engine: str, project: Path) -> dict[str, Any]:
    """Build the project with `mkdocs` or `properdocs`: CPU seconds and peak RSS, of the build and of each process.

    `maxrss_mb` is the largest process's own peak; `tree_peak_mb` the most the build's processes held
    together (the engine's process stays alive, with its pages, while the Pagefind indexer it starts runs).
    """
    shutil.rmtree(project / "site", ignore_errors=True)
    done = run([PYTHON, "-m", engine, "build", "-q", "-f", "mkdocs.yml", "-d", "site"], cwd=project)
    return {"cpu_s": round(done.cpu, 2), "wall_s": round(done.wall, 2), "maxrss_mb": round(done.maxrss_mb, 1),
            "tree_peak_mb": done.tree_peak_mb, "processes": list(done.processes)}


#: Index a built site as the plugin does (llmreads.search): the entry pages and the hand-written pages given.
_INDEX = "import sys; from pathlib import Path; from llmreads.search import index_site; " \
         "index_site(Path(sys.argv[1]), sys.argv[2:])"


def index_again(project: Path) -> dict[str, Any]:
    """Pagefind run again on the built site in its own process, as the plugin runs it."""
    docs = project / "docs"
    hand_written = [f"{p.relative_to(docs).with_suffix('').as_posix()}/index.html" for p in docs.rglob("*.md")]
    done = run([PYTHON, "-c", _INDEX, project / "site", *hand_written])
    return {"cpu_s": round(done.cpu, 2), "maxrss_mb": round(done.maxrss_mb, 1), "processes": list(done.processes)}


def zensical(data: Path, work: Path) -> dict[str, Any]:
    """`llmreads build --out` then `zensical build --clean` of the written-out pages."""
    out = work / "written"
    shutil.rmtree(out, ignore_errors=True)
    llmreads("--data", data, "build", "--out", out, "--docs", DATA.parent / "docs")
    done = run([BIN / "zensical", "build", "--clean"], cwd=out, timeout=3600)
    return {"cpu_s": round(done.cpu, 2), "wall_s": round(done.wall, 2), "maxrss_mb": round(done.maxrss_mb, 1)}


def kind_of(path: str) -> str:
    """The kind of a built page from its path under site/."""
    parts = path.split("/")[:-1]  # drop index.html
    if not parts:
        return "home"
    if parts[0] in ("entries", "tags", "sources", "topics", "paths") and len(parts) == 1:
        return f"{parts[0]} index"
    if parts[0] == "topics":
        return "topic" if len(parts) == 2 else "topic part"
    if "page-2" in path or any(p.startswith("page-") for p in parts):
        return {"tags": "tag", "sources": "list", "most-recommended": "most recommended"}.get(parts[0], parts[0])
    return {"entries": "entry", "tags": "tag", "sources": "list", "paths": "reading path"}.get(parts[0], parts[0])


def page_sizes(site: Path) -> dict[str, Any]:
    """The largest HTML page of each kind, in bytes, with its path."""
    largest: dict[str, tuple[int, str]] = {}
    for page in site.rglob("index.html"):
        rel = page.relative_to(site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        kind, size = kind_of(rel), page.stat().st_size
        if size > largest.get(kind, (0, ""))[0]:
            largest[kind] = (size, rel)
    top = max(largest.values())
    return {"largest_by_kind": {k: {"bytes": s, "page": p} for k, (s, p) in sorted(largest.items())},
            "largest_bytes": top[0], "largest_page": top[1], "under_300kb": top[0] < 300_000}


def bundle_bytes(site: Path) -> dict[str, int]:
    """Bytes of the Pagefind bundle: all of it, and without the UI kits this site never loads."""
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    kits = sum(p.stat().st_size for p in files if p.name.startswith(UI_KITS))
    return {"bundle_bytes": total, "index_bytes": total - kits, "files": len(files)}


#: Files a static host would compress on the way (Pagefind's index files and wasm are gzip already).
TEXT = (".js", ".css", ".html", ".json", ".xml")


class _Counting(SimpleHTTPRequestHandler):
    """A quiet static server that records the path of each file it sends (the page's and workers' requests)."""

    served: list[str]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        self.served.append(self.translate_path(self.path))
        return super().send_head()


@functools.cache
def _sizes(path: str) -> tuple[int, int]:
    """Bytes of a file as sent uncompressed, and as a host compressing text (gzip -6) would send it."""
    data = Path(path).read_bytes()
    return len(data), len(gzip.compress(data, 6)) if path.endswith(TEXT) else len(data)


def sent(paths: list[str]) -> dict[str, int]:
    """Requests and bytes of the files served: as served here (uncompressed) and gzipped where a host would."""
    files = [_sizes(p) for p in paths if Path(p).is_file()]
    return {"requests": len(paths), "transferred_bytes": sum(a for a, _ in files),
            "transferred_gzip_bytes": sum(b for _, b in files)}


@contextlib.contextmanager
def serve(folder: Path, served: list[str] | None = None) -> Iterator[str]:
    handler = type("Handler", (_Counting,), {"served": served if served is not None else []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _renderer_mb(marker: str) -> float:
    """Private (anonymous) resident memory of the renderers (page and workers) of the Chromium run with `marker`."""
    parents: dict[int, int] = {}
    cmdlines: dict[int, str] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            cmdlines[int(proc.name)] = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            stat = (proc / "stat").read_text()
            parents[int(proc.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    roots = {pid for pid, cmd in cmdlines.items() if marker in cmd}
    family, grew = set(roots), True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    total_kb = 0
    for pid in family:
        if "--type=renderer" in cmdlines.get(pid, ""):
            with contextlib.suppress(OSError, ValueError, IndexError):
                status = Path(f"/proc/{pid}/status").read_text()
                total_kb += int(next(line for line in status.splitlines() if line.startswith("RssAnon:")).split()[1])
    return round(total_kb / 1024, 1)


def _heap_mb(page: Any) -> float:
    client = page.context.new_cdp_session(page)
    client.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in client.send("Performance.getMetrics")["metrics"]}
    return round(metrics.get("JSHeapUsedSize", 0) / 2**20, 1)


#: In the page: the time of the last keystroke in the search box, and each time the result list is filled
#: (Playwright's own wait for an element polls at growing intervals: 20, 50, 100, 100, 500 ms, so timing
#: the wait itself added up to half a second).
_WATCH = """() => {
  window.__lrTyped = Infinity; window.__lrShown = [];
  document.addEventListener("input", () => { window.__lrTyped = performance.now(); }, true);
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver(() => {
    // the frame that paints the list: its requestAnimationFrame callbacks run just before it is drawn
    if (list.querySelector(".md-search-result__item")) {
      requestAnimationFrame(() => window.__lrShown.push(performance.now()));
    }
  }).observe(list, { childList: true });
}"""


def search_in_browser(site: Path, queries: list[str], entries_filter: bool = True) -> dict[str, Any]:
    """Type each query into the header search box of a fresh page; time, bytes and memory per query."""
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {}
    served: list[str] = []
    with serve(site, served) as base, sync_playwright() as p:
        marker = f"--lr-bench-{time.monotonic_ns()}"
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[marker])
        try:
            for query in queries:
                page = browser.new_page()
                page.goto(base + "about/")
                page.wait_for_load_state("networkidle")
                served.clear()
                before = _renderer_mb(marker)
                page.evaluate(_WATCH)
                box = page.locator("input.md-search__input")
                box.click()
                page.keyboard.type(query, delay=20)
                start = time.perf_counter()
                page.wait_for_function("window.__lrShown.length && window.__lrShown.at(-1) > window.__lrTyped",
                                       timeout=120_000)
                waited = time.perf_counter() - start
                first = page.evaluate("window.__lrShown.find(t => t > window.__lrTyped) - window.__lrTyped")
                page.wait_for_load_state("networkidle")
                out[query] = {"first_results_ms": round(first), "waited_ms": round(waited * 1000), **sent(served),
                              "js_heap_mb": _heap_mb(page), "renderer_rss_mb": _renderer_mb(marker),
                              "renderer_rss_before_mb": before,
                              "shown": page.locator(".md-search-result__item").count(),
                              "results": page.locator(".md-search-result__meta").text_content()}
                page.close()
            if entries_filter:
                page = browser.new_page()
                page.goto(base + "entries/")
                page.wait_for_load_state("networkidle")
                served.clear()
                page.locator("#lr-filters select[name=kind]").select_option("paper")
                start = time.perf_counter()
                page.wait_for_function("!document.querySelector('.lr-table tbody tr:not([data-topics])')",
                                       timeout=120_000)
                first = time.perf_counter() - start
                page.wait_for_load_state("networkidle")
                out["entries page: kind=paper"] = {
                    "first_rows_ms": round(first * 1000), **sent(served),
                    "js_heap_mb": _heap_mb(page), "renderer_rss_mb": _renderer_mb(marker),
                    "rows": page.locator(".lr-table tbody tr").count(),
                    "count": page.locator("#lr-filters output").text_content()}
                page.close()
        finally:
            browser.close()
    return out


def lunr_baseline(data: Path, work: Path) -> Path:
    """The same pages with Material's own search (lunr) and stock search box: the search of before."""
    project = make_project(work / "baseline", data)
    config = project / "mkdocs.yml"
    # Material's stock header and search box, in a custom_dir, which comes before the llmreads package's templates.
    config.write_text(config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - search\n", 1)
                      .replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1), encoding="utf-8")
    stock = Path(material.__file__).resolve().parent / "templates" / "partials"
    (project / "overrides" / "partials").mkdir(parents=True, exist_ok=True)
    for name in ("header.html", "search.html"):
        shutil.copy(stock / name, project / "overrides" / "partials" / name)
    run([PYTHON, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=project)
    return project / "site"


def bench_size(label: str, data: Path, work: Path, queries: list[str], zensical_max: int, n: int,
               baseline: bool, engines: tuple[str, ...] = ("properdocs", "mkdocs")) -> dict[str, Any]:
    project = make_project(work / f"project-{label}", data)
    result: dict[str, Any] = {engine: build(engine, project) for engine in engines}  # the last one's site is measured
    if "properdocs" in result and "mkdocs" in result:
        result["properdocs_vs_mkdocs_cpu"] = ratio(result["properdocs"]["cpu_s"], result["mkdocs"]["cpu_s"])
    site = project / "site"
    # Each build above reports its processes (the engine's, Pagefind's); the indexing again on its own:
    result["pagefind_alone"] = index_again(project)
    result["pages"] = page_sizes(site)
    result["search_bundle"] = bundle_bytes(site)
    result["search"] = search_in_browser(site, queries)
    if baseline:
        lunr_site = lunr_baseline(data, work)
        index = lunr_site / "search" / "search_index.json"
        result["baseline_lunr"] = {"index_bytes": index.stat().st_size,
                                   "search": search_in_browser(lunr_site, queries, entries_filter=False)}
    if n <= zensical_max:
        try:
            result["zensical"] = zensical(data, work)
        except BenchError as exc:
            result["zensical"] = {"failed": str(exc).splitlines()[0]}
    else:
        result["zensical"] = {"skipped": f"more than {zensical_max} entries"}
    return result


def linearity(datas: dict[int, Path], repeats: int) -> dict[str, Any]:
    """Catalogue load and page generation (build_pages) in fresh interpreters: median CPU per size, ratios."""
    import site_bench

    out: dict[str, Any] = {}
    for n, data in datas.items():
        runs = [site_bench.pagegen(data) for _ in range(repeats)]
        out[str(n)] = {"load_cpu_s": round(statistics.median(r["load_cpu_s"] for r in runs), 3),
                       "pagegen_cpu_s": round(statistics.median(r["pagegen_cpu_s"] for r in runs), 3),
                       "maxrss_mb": round(max(r["maxrss_mb"] for r in runs), 1), "pages": runs[0]["pages"]}
    a, b = out[str(min(datas))], out[str(max(datas))]
    out["ratios"] = {"entries": max(datas) / min(datas), "load": ratio(b["load_cpu_s"], a["load_cpu_s"]),
                     "pagegen": ratio(b["pagegen_cpu_s"], a["pagegen_cpu_s"])}
    return out


def overhead(work: Path, repeats: int) -> dict[str, Any]:
    """The plugin's build of the committed project against plain MkDocs on the same written-out pages,
    interleaved: plain alone (no search), and plain followed by the same Pagefind indexing the plugin runs."""
    import site_bench

    project = make_project(work / "overhead-project", DATA)
    written = work / "overhead-written"
    site_bench.write_out(project / "data", project / "docs", written)
    plugin, plain, indexed = [], [], []
    for _ in range(repeats):
        plugin.append(run([PYTHON, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=project).cpu)
        plain.append(run([PYTHON, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=written).cpu)
        index = run([PYTHON, "-m", "pagefind", "--site", written / "site", "--exclude-selectors", ".headerlink",
                     "--silent"])
        indexed.append(plain[-1] + index.cpu)
    a, b, c = (round(statistics.median(x), 3) for x in (plugin, plain, indexed))
    return {"plugin_cpu_s": a, "plain_cpu_s": b, "plain_plus_pagefind_cpu_s": c,
            "ratio_vs_plain": ratio(a, b), "ratio_vs_plain_plus_pagefind": ratio(a, c)}


def goals(result: dict[str, Any]) -> dict[str, Any]:
    """Each goal of issue 13 with what was measured and whether it is met."""
    verdicts: dict[str, Any] = {}
    for size, r in result["sizes"].items():
        searches = [v for k, v in r["search"].items() if "first_results_ms" in v]
        verdicts[size] = {
            "largest_page_under_300kb": r["pages"]["under_300kb"],
            **{f"{engine}_build_under_1gb": r[engine]["maxrss_mb"] < 1024
               for engine in ("mkdocs", "properdocs") if engine in r},
            **{f"{engine}_build_processes_together_under_1gb": r[engine]["tree_peak_mb"] < 1024
               for engine in ("mkdocs", "properdocs") if engine in r},
            "first_results_under_300ms": max(s["first_results_ms"] for s in searches) < 300,
            "query_under_300kb": max(s["transferred_bytes"] for s in searches) < 300_000,
            "page_memory_under_100mb": max(s["renderer_rss_mb"] for s in searches) < 100,
        }
        if "baseline_lunr" in r:
            old = [v["first_results_ms"] for v in r["baseline_lunr"]["search"].values()]
            verdicts[size]["no_slower_than_lunr"] = max(s["first_results_ms"] for s in searches) <= max(old)
    sizes = sorted((int(k), v) for k, v in result["sizes"].items() if k.isdigit())
    if len(sizes) == 2 and all("properdocs" in v for _, v in sizes):
        (n0, small), (n1, big) = sizes
        verdicts["build_cpu_ratio"] = {
            "entries": n1 / n0, "mkdocs": ratio(big["mkdocs"]["cpu_s"], small["mkdocs"]["cpu_s"]),
            "properdocs": ratio(big["properdocs"]["cpu_s"], small["properdocs"]["cpu_s"])}
        verdicts["build_linear"] = verdicts["build_cpu_ratio"]["mkdocs"] <= 1.1 * n1 / n0
    return verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--no-baseline", action="store_true", help="skip the lunr baseline at the committed size")
    parser.add_argument("--no-committed", action="store_true", help="skip the committed catalogue")
    parser.add_argument("--zensical-max", type=int, default=ZENSICAL_MAX)
    parser.add_argument("--only-linearity", action="store_true",
                        help="only catalogue load, page generation and plugin overhead (no builds of the sizes)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--engines", nargs="*", default=["properdocs", "mkdocs"], choices=["properdocs", "mkdocs"])
    parser.add_argument("--site", type=Path, help="only the search measures, on this built site (synthetic queries "
                        "if it has more than 1,000 entry pages)")
    args = parser.parse_args(argv)
    if args.site:
        entries = sum(1 for _ in (args.site / "entries").glob("*/index.html"))
        queries = QUERIES["synthetic" if entries > 1000 else "committed"]
        print(json.dumps({"machine": machine(), "site": str(args.site), "entry_pages": entries,
                          "search_bundle": bundle_bytes(args.site), "search": search_in_browser(args.site, queries)},
                         indent=2))
        return 0
    work = args.workdir or Path(tempfile.mkdtemp(prefix="llmreads-scale-"))
    result: dict[str, Any] = {"machine": machine(), "sizes": {}}
    if args.only_linearity:
        result["linearity"] = linearity({n: synthetic.cached(work, n) for n in args.sizes}, args.repeats)
        result["overhead"] = overhead(work, args.repeats)
        print(json.dumps(result, indent=2))
        return 0
    if not args.no_committed:
        result["sizes"]["committed"] = bench_size("committed", DATA, work, QUERIES["committed"], 0, 0,
                                                  not args.no_baseline)
    for n in args.sizes:
        data = synthetic.cached(work, n)
        result["sizes"][str(n)] = bench_size(str(n), data, work, QUERIES["synthetic"], args.zensical_max, n, False,
                                             tuple(args.engines))
    result["goals"] = goals(result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
