"""Counts that describe the catalogue: per topic, kind, source, and editorial coverage."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from llmreads.catalog import Catalog


@dataclass
class Stats:
    """Counts of the catalogue."""

    entries: int
    topics: dict[str, int]
    kinds: dict[str, int]
    sources: dict[str, int]
    with_note: int
    with_level: int
    multi_source: int
    missing: dict[str, int]
    """Entries lacking each field a reviewer fills: no note, no level, no authors, no year."""


def compute(catalog: Catalog) -> Stats:
    """Count entries per topic (any position), kind and source list."""
    per_topic = {t.id: len(catalog.entries_in(t.id)) for t in catalog.topics}
    kinds = Counter(e.kind.value for e in catalog.entries)
    sources = Counter(ref.source for e in catalog.entries for ref in {r.source: r for r in e.sources}.values())
    return Stats(
        entries=len(catalog.entries),
        topics=per_topic,
        kinds=dict(kinds.most_common()),
        sources={s.id: sources.get(s.id, 0) for s in catalog.sources},
        with_note=sum(1 for e in catalog.entries if e.note),
        with_level=sum(1 for e in catalog.entries if e.level),
        multi_source=sum(1 for e in catalog.entries if len({r.source for r in e.sources}) > 1),
        missing={
            "note": sum(1 for e in catalog.entries if not e.note),
            "level": sum(1 for e in catalog.entries if e.level is None),
            "authors": sum(1 for e in catalog.entries if not e.authors),
            "year": sum(1 for e in catalog.entries if e.year is None),
        },
    )


def render(stats: Stats) -> str:
    """Format the counts as plain aligned text."""
    lines = [f"entries: {stats.entries}",
             f"recommended by several lists: {stats.multi_source}",
             f"notes: {stats.with_note}/{stats.entries}",
             f"levels: {stats.with_level}/{stats.entries}",
             "missing (entries with no such field; `llmreads triage` lists them): "
             + ", ".join(f"{name} {count}" for name, count in stats.missing.items())]
    for heading, counts in (("topics", stats.topics), ("kinds", stats.kinds), ("sources", stats.sources)):
        lines.append(f"{heading}:")
        width = max((len(k) for k in counts), default=0)
        lines += [f"  {name.ljust(width)}  {count}" for name, count in counts.items()]
    return "\n".join(lines) + "\n"
