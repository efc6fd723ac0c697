"""Import quality on real reading lists: titles, years, one entry per work, topics, the review queue.

Each list is imported on its own into a fresh copy of a data folder (default: the committed
catalogue, data/) and the result is measured:

- links found, new entries, merged, skipped (as `llmreads import` reports them);
- unsorted: new entries no topic took (goal: under 15 % of the new ones);
- generic titles: new titles that are a link's generic word (`Article`, `Paper`, `here`; goal: none);
- needs-title and short-title: stand-ins and short names left for `enrich` or a person;
- missing given years: new entries with no year although the list's own line for them states one
  (a date column or a year in the row; goal: none);
- duplicates: `check`'s possible-duplicate warnings and pairs of entries with one work key (goal: none);
- the `triage` counts, group by group; and any error the import printed instead of importing.

The in-run baseline for topics is the heading rules alone: the share of new entries whose headings
give no topic (what `unsorted` would be without suggestions from titles, the list's words and the
curated entries).

Usage: python benchmarks/import_quality.py [--data DIR] [--show-topics] LIST[=ORIGIN] ...
(default lists: the excerpts under tests/importer/lists/real/). JSON on stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from _common import DATA, REPO

from llmreads.catalog import load_catalog
from llmreads.errors import LlmreadsError
from llmreads.identity import work_key
from llmreads.importer import import_lists
from llmreads.importer.linktext import is_generic
from llmreads.importer.markdown import parse_list
from llmreads.importer.topics import UNSORTED, suggest_topics
from llmreads.model import NEEDS_TITLE, SHORT_TITLE
from llmreads.triage import triage

DEFAULT_LISTS = REPO / "tests" / "importer" / "lists" / "real"
TODAY = dt.date(2026, 11, 30)
GOALS = {"unsorted_share": 0.15, "generic_titles": 0, "missing_given_years": 0, "duplicates": 0}
_YEAR = re.compile(r"(?<![\d/.=-])((?:19|20)\d{2})(?:[-/.](?:0?[1-9]|1[0-2]))?(?![\d])")
_LINKS = re.compile(r"!?\[[^\]]*\]\([^)]*\)|<[^>]*>|https?://\S+")


def measure(path: Path, origin: str | None, data: Path, show_topics: bool) -> dict[str, Any]:
    """Import one list into a copy of `data` and measure what came out."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        if data.exists():
            shutil.copytree(data, copy)
        before = {e.id for e in load_catalog(copy).entries} if copy.exists() else set()
        try:
            reports, _ = import_lists([path], copy, today=TODAY, origin=origin)
        except LlmreadsError as exc:
            return {"list": origin or path.name, "error": str(exc).splitlines()[0]}
        catalog = load_catalog(copy)
        report = reports[0]
        new = [e for e in catalog.entries if e.id not in before]
        lines = path.read_text(encoding="utf-8").splitlines()
        parsed = parse_list("\n".join(lines), str(path))
        line_of = {link.url: _line_with(lines, link.url, link.line) for link in parsed.links}
        heading_of = {link.url: link.heading for link in parsed.links}
        unsorted = [e for e in new if UNSORTED in e.topics]
        by_heading = [e for e in new if suggest_topics(heading_of.get(e.url, []), None, catalog.topics)]
        keys = Counter(work_key(e.url) for e in catalog.entries)
        queue = {g.name: len(g.items) for g in triage(catalog)}
        result: dict[str, Any] = {
            "list": origin or path.name,
            "links_found": len(parsed.links),
            "new": len(report.new), "merged": len(report.merged), "unchanged": len(report.unchanged),
            "skipped": len(report.skipped),
            "unsorted": len(unsorted),
            "unsorted_share": round(len(unsorted) / len(new), 3) if new else 0.0,
            "baseline_headings_only_unsorted_share": round(1 - len(by_heading) / len(new), 3) if new else 0.0,
            "unsorted_with_suggestions": sum(1 for e in unsorted if e.suggested_topics),
            "generic_titles": sorted(e.title for e in new if is_generic(e.title)),
            "needs_title": sum(1 for e in new if NEEDS_TITLE in e.tags),
            "short_title": sum(1 for e in new if SHORT_TITLE in e.tags),
            "missing_year": sum(1 for e in new if e.year is None),
            "missing_given_years": sorted(e.id for e in new if e.year is None
                                          and _states_year(lines, line_of.get(e.url))),
            "duplicates": queue.get("possible-duplicate", 0) + sum(n - 1 for n in keys.values() if n > 1),
            "triage": queue,
        }
        if show_topics:
            result["topics"] = {e.id: [*e.topics, *(f"?{s}" for s in e.suggested_topics)] for e in new}
        return result


def _line_with(lines: list[str], url: str, near: int) -> int:
    """The number of the line nearest `near` that holds `url` (a paragraph's links share its first line)."""
    found = [n for n in range(max(near - 3, 1), min(near + 40, len(lines)) + 1) if url in lines[n - 1]]
    return min(found, key=lambda n: abs(n - near)) if found else near


def _states_year(lines: list[str], line: int | None) -> bool:
    """Whether the list's own line for a link states a year outside its links (a date column, `(2023)`)."""
    if line is None or not 0 < line <= len(lines):
        return False
    return _YEAR.search(_LINKS.sub(" ", lines[line - 1])) is not None


def _verdicts(result: dict[str, Any]) -> dict[str, bool]:
    return {
        "unsorted_share": result["unsorted_share"] < GOALS["unsorted_share"],
        "generic_titles": len(result["generic_titles"]) == GOALS["generic_titles"],
        "missing_given_years": len(result["missing_given_years"]) == GOALS["missing_given_years"],
        "duplicates": result["duplicates"] == GOALS["duplicates"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lists", nargs="*", help="Markdown lists, each optionally =ORIGIN (its public URL)")
    parser.add_argument("--data", type=Path, default=DATA, help="data folder imported into (copied; default data/)")
    parser.add_argument("--show-topics", action="store_true", help="list every new entry's topics, for a spot check")
    args = parser.parse_args(argv)
    specs = args.lists or [str(p) for p in sorted(DEFAULT_LISTS.glob("*.md"))]
    results = []
    for spec in specs:
        name, _, origin = spec.partition("=")
        result = measure(Path(name), origin or None, args.data, args.show_topics)
        if "error" not in result:
            result["goals_met"] = _verdicts(result)
        results.append(result)
    total_new = sum(r.get("new", 0) for r in results)
    total_unsorted = sum(r.get("unsorted", 0) for r in results)
    summary = {"lists": len(results), "new": total_new, "unsorted": total_unsorted,
               "unsorted_share": round(total_unsorted / total_new, 3) if total_new else 0.0,
               "errors": sum(1 for r in results if "error" in r)}
    json.dump({"data": str(args.data.name), "goals": GOALS, "summary": summary, "results": results},
              sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
