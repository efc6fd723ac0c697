"""Lighthouse benchmark (issue 8): our site against a plain Material build of the same pages.

    cd benchmarks && npm ci && cd ..        # Lighthouse, pinned in benchmarks/package.json
    python benchmarks/lighthouse.py [--runs N] [--quick] [--new-project] [--reports DIR] [--markdown FILE]

Prints one JSON object. Two builds are scored side by side in one run:

- site: `mkdocs build` of the committed project (mkdocs.yml with our plugin, CSS, JS and templates), or
  with --new-project of the one `llmreads new` makes (one topic, one entry, the package's own mkdocs.yml),
  with SITE_URL set to the address it is served from, so canonical URLs point at the served pages;
- baseline: the pages written out by `llmreads build --out`, built by plain `mkdocs build` with the
  mkdocs.yml it writes, minus what is ours (`font: false`, custom_dir, extra_css, extra_javascript):
  plain Material, with its default font setting (Roboto from Google Fonts, which cannot load here).

Both are served on 127.0.0.1 (OS-chosen ports) by a small HTTP/1.1 server with keep-alive and gzip,
as static hosts such as GitHub Pages serve them. Lighthouse runs with its defaults (mobile form factor,
simulated throttling) in Debian's Chromium (CHROME_PATH, never a downloaded browser) on: home, the
largest topic page, an entry page and the all-entries page, in the light and the dark colour scheme.
Dark is `--force-dark-mode`, which makes `prefers-color-scheme: dark` match so Material picks its
slate palette; a preflight check dumps each build's home page with Chromium and checks the
data-md-color-scheme Material set for each scheme.

Performance depends on timing: every page and scheme runs --runs times (default 3, interleaved
with the baseline) and the report gives the median of each score and timing. Every audit that cost
a score point on any run is listed under `failing`, with how many runs it failed in and its items.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import mimetypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DATA, ENV, PYTHON, REPO, BenchError, machine, make_project

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
ASSETS = REPO / "src" / "llmreads" / "assets"
CHROME_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync")
SCHEMES = {"light": (), "dark": ("--force-dark-mode",)}
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TIMINGS = {"fcp_ms": "first-contentful-paint", "lcp_ms": "largest-contentful-paint",
           "tbt_ms": "total-blocking-time", "cls": "cumulative-layout-shift", "si_ms": "speed-index",
           "bytes": "total-byte-weight"}
#: What of the generated mkdocs.yml is ours and not plain Material's.
NOT_PLAIN = ("extra_css", "extra_javascript")
NOT_PLAIN_THEME = ("font", "custom_dir")
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
                "application/atom+xml")


# --- serving -------------------------------------------------------------------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    """GET/HEAD of a built site: index.html for folders, 404.html for misses, gzip when accepted."""

    protocol_version = "HTTP/1.1"
    root: Path

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root):
            target = self.root / "__missing__"
        if target.is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if target.is_dir():
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, self.root / "404.html"
        data = target.read_bytes() if target.is_file() else b"not found"
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith(("javascript", "json", "xml")):
            ctype += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Cache-Control", "max-age=600")
        if ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            try:
                self.wfile.write(data)
            except ConnectionError:  # the browser went away (Lighthouse closes Chrome at will)
                self.close_connection = True


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `root` on 127.0.0.1 and an OS-chosen port from a daemon thread; return the server and its URL."""
    handler = type("Handler", (_Handler,), {"root": root.resolve()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# --- building ------------------------------------------------------------------------------------

def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str] | None = None, timeout: float = 1800) -> str:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env or ENV, capture_output=True, text=True,
                          timeout=timeout, check=False)
    if proc.returncode != 0:
        raise BenchError(f"exit {proc.returncode}: {' '.join(map(str, cmd))}\n{proc.stderr[-4000:]}")
    return proc.stdout


def build_site(project: Path, site: Path, url: str) -> None:
    """`mkdocs build` of the committed project, its canonical URLs pointing at `url`."""
    shutil.rmtree(site, ignore_errors=True)
    _run([PYTHON, "-m", "mkdocs", "build", "-q", "-d", site], cwd=project, env={**ENV, "SITE_URL": url})


def plain_config(config: dict[str, Any]) -> dict[str, Any]:
    """The generated mkdocs.yml without what is ours: plain Material around the same pages and nav."""
    plain = {k: v for k, v in config.items() if k not in NOT_PLAIN}
    plain["theme"] = {k: v for k, v in config["theme"].items() if k not in NOT_PLAIN_THEME}
    return plain


def build_baseline(project: Path, out: Path, site: Path) -> None:
    """`llmreads build --out`, then plain `mkdocs build` with the plain-Material mkdocs.yml."""
    _run([Path(PYTHON).parent / "llmreads", "build", "--out", out], cwd=project)
    config_path = out / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config_path.write_text(yaml.safe_dump(plain_config(config), sort_keys=False, allow_unicode=True),
                           encoding="utf-8")
    shutil.rmtree(site, ignore_errors=True)
    _run([PYTHON, "-m", "mkdocs", "build", "-q", "-d", site], cwd=out)


def new_project(root: Path) -> Path:
    """A project as `llmreads new` makes it, with the installed llmreads."""
    shutil.rmtree(root, ignore_errors=True)
    _run([Path(PYTHON).parent / "llmreads", "new", root, "--title", "Async Rust reading list"], cwd=root.parent)
    return root


def pick_pages(site: Path) -> dict[str, str]:
    """The four pages of the issue; the largest topic page is the one with the most HTML."""
    topics = [p for p in (site / "topics").glob("*/index.html") if p.parent.name != "index"]
    largest = max(topics, key=lambda p: p.stat().st_size)
    entry = "attention-is-all-you-need"
    if not (site / "entries" / entry).is_dir():  # a project other than the committed one: its first entry
        entry = sorted(p.parent.name for p in (site / "entries").glob("*/index.html"))[0]
    return {"home": "", f"topic:{largest.parent.name}": f"topics/{largest.parent.name}/",
            "entry": f"entries/{entry}/", "all-entries": "entries/"}


# --- chromium and lighthouse -------------------------------------------------------------------

def chromium_version() -> str:
    return _run([CHROME, "--version"], cwd=HERE).strip()


def material_scheme(url: str, scheme: str) -> str:
    """The data-md-color-scheme Material sets on <body> when Chromium loads `url` in `scheme`."""
    with tempfile.TemporaryDirectory(prefix="llmreads-chrome-") as profile:
        dom = _run([CHROME, *CHROME_FLAGS, *SCHEMES[scheme], f"--user-data-dir={profile}",
                    "--virtual-time-budget=5000", "--dump-dom", url], cwd=HERE, timeout=120)
    body = dom[dom.find("<body"):][:400]
    marker = 'data-md-color-scheme="'
    return body[body.find(marker) + len(marker):].split('"', 1)[0] if marker in body else "?"


def lighthouse(url: str, scheme: str, report: Path) -> dict[str, Any]:
    """One Lighthouse run (CLI defaults: mobile, simulated throttling); its JSON report."""
    with tempfile.TemporaryDirectory(prefix="llmreads-chrome-") as profile:
        flags = " ".join([*CHROME_FLAGS, *SCHEMES[scheme], f"--user-data-dir={profile}"])
        cmd = [LIGHTHOUSE, url, "--output=json", f"--output-path={report}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"]
        _run(cmd, cwd=HERE, env={**ENV, "CHROME_PATH": str(CHROME)}, timeout=600)
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise BenchError(f"Lighthouse on {url}: {data['runtimeError']}")
    return data


def _items(audit: dict[str, Any]) -> list[Any]:
    """The short form of an audit's detail items: selectors, URLs and sizes, at most 12."""
    details = audit.get("details") or {}
    items = details.get("items") or []
    out: list[Any] = []
    for item in items[:12]:
        if not isinstance(item, dict):
            continue
        node = item.get("node") or {}
        short = {k: item[k] for k in ("url", "wastedMs", "totalBytes", "source", "description") if k in item}
        if node:
            short["selector"] = node.get("selector")
            short["snippet"] = (node.get("snippet") or "")[:160]
            explanation = node.get("explanation")
            if explanation:
                short["explanation"] = explanation[:300]
        for sub in (item.get("subItems") or {}).get("items", [])[:5]:
            related = (sub.get("relatedNode") or {}).get("selector")
            if related:
                short.setdefault("related", []).append(related)
        if short:
            out.append(short)
    return out


def summarize(data: dict[str, Any]) -> dict[str, Any]:
    """Scores (0-100), timings, foreign requests and the audits that cost points in one report."""
    audits = data["audits"]
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    timings = {k: audits[a].get("numericValue") for k, a in TIMINGS.items()}
    requests = (audits.get("network-requests", {}).get("details") or {}).get("items", [])
    foreign = sorted({r["url"] for r in requests
                      if urlsplit(r.get("url", "")).scheme in ("http", "https")
                      and urlsplit(r["url"]).hostname != "127.0.0.1"})
    failing: dict[str, Any] = {}
    for category in CATEGORIES:
        for ref in data["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing[ref["id"]] = {"category": category, "score": audit["score"], "title": audit["title"],
                                      "display": audit.get("displayValue", ""), "items": _items(audit)}
    # Render-blocking requests are an insight (no weight) in Lighthouse 13; they matter for FCP.
    for insight in ("render-blocking-insight", "render-blocking-resources"):
        audit = audits.get(insight)
        if audit and audit.get("score") is not None and audit["score"] < 1:
            failing[insight] = {"category": "performance (insight)", "score": audit["score"],
                                "title": audit["title"], "display": audit.get("displayValue", ""),
                                "items": _items(audit)}
    return {"scores": scores, "timings": timings, "foreign": foreign, "failing": failing,
            "requests": len(requests), "benchmark_index": data.get("environment", {}).get("benchmarkIndex"),
            "warnings": data.get("runWarnings", [])}


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of every score and timing over runs; failing audits with how many runs they failed."""
    scores = {c: statistics.median(r["scores"][c] for r in runs) for c in CATEGORIES}
    timings = {}
    for key in TIMINGS:
        values = [r["timings"][key] for r in runs if r["timings"][key] is not None]
        timings[key] = round(statistics.median(values), 3 if key == "cls" else 0) if values else None
    failing: dict[str, Any] = {}
    for r in runs:
        for audit_id, audit in r["failing"].items():
            entry = failing.setdefault(audit_id, {**audit, "runs": 0})
            entry["runs"] += 1
    foreign = sorted({u for r in runs for u in r["foreign"]})
    return {"scores": scores, "timings": timings, "runs": [r["scores"] for r in runs],
            "foreign_requests": len(foreign), "foreign_urls": foreign[:10],
            "requests": statistics.median(r["requests"] for r in runs),
            "benchmark_index": statistics.median(r["benchmark_index"] or 0 for r in runs),
            "loadavg": statistics.median(r["loadavg"] for r in runs),
            "failing": dict(sorted(failing.items()))}


# --- budgets -----------------------------------------------------------------------------------

def budgets(sites: dict[str, Path], pages: dict[str, str]) -> dict[str, Any]:
    """Uncompressed and gzipped HTML of each page, our extra script and stylesheet bytes."""
    html: dict[str, Any] = {}
    for name, path in pages.items():
        html[name] = {}
        for build, root in sites.items():
            raw = (root / path / "index.html").read_bytes()
            html[name][build] = {"bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, 6, mtime=0))}
    topic_html = {p.parent.name: p.stat().st_size for p in (sites["site"] / "topics").glob("**/index.html")}
    extra = {p.name: p.stat().st_size for p in sorted(ASSETS.iterdir()) if p.suffix in (".js", ".css")}
    return {"html": html, "largest_topic_html_bytes": max(topic_html.values()),
            "extra_assets": extra,
            "extra_js_bytes": sum(v for k, v in extra.items() if k.endswith(".js")),
            "extra_css_bytes": sum(v for k, v in extra.items() if k.endswith(".css"))}


# --- markdown ---------------------------------------------------------------------------------

def markdown(report: dict[str, Any]) -> str:
    """The median scores and timings as a Markdown table, site beside plain Material, page by page."""
    head = ("| page | scheme | build | perf | perf runs | a11y | best pr. | SEO | FCP s | LCP s | TBT ms | CLS | KB "
            "| other hosts |\n|---|---|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
    rows = []
    for name, page in report["pages"].items():
        for scheme in report["settings"]["schemes"]:
            for build in ("site", "baseline"):
                r = page[build][scheme]
                s, t = r["scores"], r["timings"]
                runs = " ".join(f"{run['performance']:g}" for run in r["runs"])
                rows.append(f"| {name} `{page['path']}` | {scheme} | {build} | {s['performance']:g} | {runs} | "
                            f"{s['accessibility']:g} | {s['best-practices']:g} | {s['seo']:g} | "
                            f"{t['fcp_ms'] / 1000:.1f} | {t['lcp_ms'] / 1000:.1f} | {t['tbt_ms']:.0f} | "
                            f"{t['cls']:.3f} | {t['bytes'] / 1024:.0f} | {r['foreign_requests']} |")
    return head + "\n".join(rows) + "\n"


# --- main --------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lighthouse scores of the site and plain Material; prints JSON.")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page, scheme and build (median)")
    parser.add_argument("--quick", action="store_true", help="one run, light scheme only")
    parser.add_argument("--reports", type=Path, help="keep every Lighthouse JSON report in this folder")
    parser.add_argument("--markdown", type=Path, help="also write the median table as Markdown to this file")
    parser.add_argument("--workdir", type=Path, help="build here instead of a temporary folder")
    parser.add_argument("--new-project", action="store_true",
                        help="score a project made by `llmreads new` instead of the committed one")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        parser.error(f"{LIGHTHOUSE} is missing: run `npm ci` in {HERE}")
    if not CHROME.exists():
        parser.error(f"{CHROME} is missing: apt-get install -y chromium (or set CHROME_PATH)")
    runs = 1 if args.quick else args.runs
    schemes = ["light"] if args.quick else list(SCHEMES)

    with tempfile.TemporaryDirectory(prefix="llmreads-lighthouse-") as tmp:
        work = (args.workdir or Path(tmp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        reports = (args.reports or work / "reports").resolve()
        reports.mkdir(parents=True, exist_ok=True)
        sites = {"site": work / "site", "baseline": work / "baseline-site"}
        servers, urls = {}, {}
        for build, root in sites.items():
            root.mkdir(parents=True, exist_ok=True)
            servers[build], urls[build] = serve(root)
        try:
            where = machine()  # before the build, so the commit is the one measured
            started = time.perf_counter()
            project = new_project(work / "project") if args.new_project else make_project(work / "project", DATA)
            build_site(project, sites["site"], urls["site"])
            build_baseline(project, work / "baseline", sites["baseline"])
            log(f"built both sites in {time.perf_counter() - started:.0f} s")
            for build, url in urls.items():
                for scheme in schemes:
                    seen = material_scheme(url, scheme)
                    if seen != MATERIAL_SCHEME[scheme]:
                        raise BenchError(f"{build} in {scheme}: Material chose data-md-color-scheme={seen!r}")
            pages = pick_pages(sites["site"])
            results: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {
                name: {build: {s: [] for s in schemes} for build in sites} for name in pages}
            version = ""
            for n in range(runs):
                for name, path in pages.items():
                    for scheme in schemes:
                        for build in sites:
                            slug = f"{name.replace(':', '-')}-{scheme}-{build}-{n + 1}"
                            started, load = time.perf_counter(), os.getloadavg()[0]
                            data = lighthouse(urls[build] + path, scheme, reports / f"{slug}.json")
                            version = data["lighthouseVersion"]
                            summary = {**summarize(data), "loadavg": load}
                            results[name][build][scheme].append(summary)
                            log(f"run {n + 1}/{runs} {name} {scheme} {build}: {summary['scores']} "
                                f"({time.perf_counter() - started:.0f} s)")
            report = {
                "machine": {**where, "chromium": chromium_version(), "node": _run(["node", "--version"],
                                                                                  cwd=HERE).strip()},
                "lighthouse": version,
                "settings": {"runs": runs, "schemes": schemes, "form_factor": "mobile (Lighthouse default)",
                             "throttling": "simulated (Lighthouse default)", "chrome_flags": list(CHROME_FLAGS),
                             "dark": SCHEMES["dark"], "server": "127.0.0.1, HTTP/1.1 keep-alive, gzip"},
                "pages": {name: {"path": "/" + pages[name],
                                 **{build: {s: median_of(rs) for s, rs in by_scheme.items()}
                                    for build, by_scheme in result.items()}}
                          for name, result in results.items()},
                "budgets": budgets(sites, pages),
                "project": "llmreads new" if args.new_project else "committed",
            }
        finally:
            for server in servers.values():
                server.shutdown()
                server.server_close()
    if args.markdown:
        args.markdown.write_text(markdown(report), encoding="utf-8")
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
