"""Mutation testing of the core modules with mutmut: what share of small deliberate bugs the tests catch.

Each module is mutated in its own scratch copy of the repository (the files git tracks), with mutmut
told to mutate only that module and to run only the tests that exercise it, so one run fits a shared
2-core machine. Prints JSON: per module the mutants killed (a test failed or timed out), survived, not
covered by any selected test, and the score killed / (total - skipped); then the overall score and
whether it meets the goal (at least 85 % killed).

    .venv/bin/python benchmarks/mutation.py                  # every module (about an hour on 2 cores)
    .venv/bin/python benchmarks/mutation.py urls exports     # some of them
    .venv/bin/python benchmarks/mutation.py --survivors urls # also list the surviving mutants
    .venv/bin/python benchmarks/mutation.py importer/merge   # one file of a package, with the package's tests
    .venv/bin/python benchmarks/mutation.py --keep catalog   # keep the scratch copy: `mutmut show NAME` in it

Each module's result is also written to --out (if given) as soon as it is measured, so a long run that is
stopped keeps what it measured.

mutmut is not a test dependency: `make mutation` installs it (the `mutation` extra) and runs this.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).parent / "mutmut"
GOAL = 0.85

#: module name -> (files to mutate, the tests that exercise them)
MODULES: dict[str, tuple[list[str], list[str]]] = {
    "urls": (["src/llmreads/urls.py"],
             ["tests/test_urls.py", "tests/test_urls_edges.py", "tests/test_catalog_lookup.py"]),
    "catalog": (["src/llmreads/catalog.py"],
                ["tests/test_catalog.py", "tests/test_check_corpus.py", "tests/test_catalog_lookup.py",
                 "tests/pages/test_reading_paths.py"]),
    "importer": (sorted(str(p.relative_to(REPO)) for p in (REPO / "src/llmreads/importer").glob("*.py")),
                 ["tests/importer"]),
    "links/checker": (["src/llmreads/links/checker.py"],
                      # not test_link_faults.py: its slow-server cases flip state under mutmut's tracing
                      ["tests/links/test_check_url.py", "tests/links/test_link_retry.py",
                       "tests/links/test_link_hostile.py", "tests/links/test_link_strategies.py",
                       "tests/links/test_link_limits.py"]),
    # Direct tests of each function, and every page kind rendered with hostile values (no site build).
    "pages/html": (["src/llmreads/pages/html.py"], ["tests/pages/test_html.py", "tests/pages/test_html_safety.py"]),
    "exports": (sorted(str(p.relative_to(REPO)) for p in (REPO / "src/llmreads/exports").glob("*.py")),
                ["tests/exports/test_published_files.py", "tests/exports/test_hostile.py",
                 "tests/exports/test_atom.py", "tests/exports/test_bibtex.py",
                 "tests/exports/test_json.py", "tests/exports/test_markdown.py", "tests/test_annotations.py"]),
}


def target(name: str) -> tuple[list[str], list[str]]:
    """The files to mutate and the tests for `name`: a module of MODULES or one file of a package in it."""
    if name in MODULES:
        return MODULES[name]
    package = name.rpartition("/")[0]
    path = f"src/llmreads/{name}.py"
    if package in MODULES and path in MODULES[package][0]:
        return [path], MODULES[package][1]
    raise KeyError(name)


def scratch_copy() -> Path:
    """The tracked files of the repository (as they are in the work tree) in a fresh folder."""
    target = Path(tempfile.mkdtemp(prefix="llmreads-mutation-"))
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def configure(root: Path, mutate: list[str], tests: list[str]) -> None:
    """Point mutmut at `mutate` only (the whole package is copied so it imports) and at `tests`."""
    others = sorted(str(p.relative_to(root)) for p in (root / "src/llmreads").rglob("*.py")
                    if str(p.relative_to(root)) not in mutate)
    # mutmut copies src/ and tests/ into mutants/; the tests also read data/, docs/, mkdocs.yml and the rest.
    extra = sorted(p.name for p in root.iterdir() if p.name not in ("src", "tests", "mutants", ".git"))
    config = ["", "[tool.mutmut]", 'source_paths = ["src/llmreads/"]', f"do_not_mutate = {json.dumps(others)}",
              f"also_copy = {json.dumps(extra)}",
              f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
              'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-m", "not browser"]', ""]
    with (root / "pyproject.toml").open("a", encoding="utf-8") as out:
        out.write("\n".join(config))


def run_module(name: str, max_children: int, timeout: float, survivors: bool, keep: bool) -> dict[str, Any]:
    """Mutate one module and return mutmut's counts and the score."""
    mutate, tests = target(name)
    root = scratch_copy()
    try:
        configure(root, mutate, tests)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("UPDATE_SNAPSHOTS", None)
        started = time.monotonic()
        # Its own session, so a cut run takes mutmut's forked workers down with it.
        proc = subprocess.Popen([str(MUTMUT), "run", "--max-children", str(max_children)], cwd=root, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
            finished = True
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            finished = False
        seconds = round(time.monotonic() - started)
        subprocess.run([str(MUTMUT), "export-cicd-stats"], cwd=root, env=env, capture_output=True, check=False)
        stats_file = root / "mutants" / "mutmut-cicd-stats.json"
        stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
        killed = stats.get("killed", 0) + stats.get("timeout", 0)
        checked = killed + stats.get("survived", 0) + stats.get("no_tests", 0) + stats.get("suspicious", 0)
        result: dict[str, Any] = {
            "mutated": mutate, "tests": tests, "seconds": seconds, "finished": finished,
            "total": stats.get("total", 0), "checked": checked, "killed": killed,
            "survived": stats.get("survived", 0), "no_tests": stats.get("no_tests", 0),
            "suspicious": stats.get("suspicious", 0), "skipped": stats.get("skipped", 0),
            "score": round(killed / checked, 4) if checked else None,
        }
        if survivors:
            listing = subprocess.run([str(MUTMUT), "results"], cwd=root, env=env, capture_output=True, text=True,
                                     check=False).stdout
            result["survivors"] = [line.split(":")[0].strip() for line in listing.splitlines()
                                   if line.rstrip().endswith(("survived", "no tests"))]
        if keep:
            result["kept"] = str(root)
        return result
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"some of {', '.join(MODULES)}, or one file of a package "
                        "such as importer/merge (default: all modules)")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per module; a cut run reports "
                        "what it checked")
    parser.add_argument("--survivors", action="store_true", help="list the mutants no test killed")
    parser.add_argument("--keep", action="store_true", help="keep each scratch copy (its path is in the JSON) to "
                        "inspect mutants with `mutmut show NAME` there")
    parser.add_argument("--out", type=Path, help="also write the JSON here, updated after each module")
    args = parser.parse_args()
    unknown = set()
    for name in args.modules:
        try:
            target(name)
        except KeyError:
            unknown.add(name)
    if unknown:
        parser.error(f"unknown module(s): {', '.join(sorted(unknown))}")
    names = args.modules or list(MODULES)
    modules: dict[str, dict[str, Any]] = {}
    for name in names:
        modules[name] = run_module(name, args.max_children, args.timeout, args.survivors, args.keep)
        print(f"{name}: {modules[name]['killed']}/{modules[name]['checked']} killed", file=sys.stderr, flush=True)
        if args.out:
            args.out.write_text(summary(modules) + "\n", encoding="utf-8")
    print(summary(modules))


def summary(modules: dict[str, dict[str, Any]]) -> str:
    """The JSON report over the modules measured so far."""
    killed = sum(m["killed"] for m in modules.values())
    checked = sum(m["checked"] for m in modules.values())
    score = killed / checked if checked else 0.0
    return json.dumps({"tool": "mutmut", "modules": modules, "killed": killed, "checked": checked,
                       "score": round(score, 4), "goal": GOAL, "met": score >= GOAL}, indent=2)


if __name__ == "__main__":
    main()
