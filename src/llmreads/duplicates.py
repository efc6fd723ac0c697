"""Entries that may name the same work under different addresses: warnings for a person to settle.

Certain duplicates (one address, see `identity.work_key`) are errors reported by `catalog`. Here
are the uncertain ones: the same normalised title and kind. Each is reported once, on the newer
entry's title line; `distinct_from` on either entry settles it for good.
"""

from __future__ import annotations

from itertools import combinations

from llmreads.catalog import Catalog
from llmreads.errors import Problem
from llmreads.identity import Verdict, Work, compare, normal_title, why_possible
from llmreads.model import Entry, Rel

_SAME_WORK_RELS = (Rel.PDF, Rel.ARCHIVE)


def as_work(entry: Entry) -> Work:
    """What identity compares in an entry (its PDF and archived copies count as its addresses)."""
    others = tuple(link.url for link in entry.links if link.rel in _SAME_WORK_RELS)
    return Work(entry.url, entry.title, entry.kind.value, entry.year, tuple(entry.authors), others)


def possible_duplicates(catalog: Catalog) -> list[Problem]:
    """Warn about each pair of entries that may be one work, on the newer entry's line."""
    by_title: dict[str, list[tuple[int, Entry]]] = {}
    for order, entry in enumerate(catalog.entries):
        by_title.setdefault(normal_title(entry.title), []).append((order, entry))
    warnings = []
    for group in by_title.values():
        for (order_a, a), (order_b, b) in combinations(group, 2):
            if a.id in b.distinct_from or b.id in a.distinct_from:
                continue
            work_a, work_b = as_work(a), as_work(b)
            verdict = compare(work_a, work_b)
            if verdict is Verdict.DIFFERENT or work_a.keys() & work_b.keys():  # one address: an error of its own
                continue
            older, newer = sorted(((a.added, order_a, a), (b.added, order_b, b)), key=lambda t: t[:2])
            warnings.append(_warning(catalog, newer[2], older[2], verdict))
    return sorted(warnings)


def _warning(catalog: Catalog, newer: Entry, older: Entry, verdict: Verdict) -> Problem:
    place = catalog.places.get(newer.id)
    file, line = (place.file, place.line_of("title")) if place else ("", 0)
    reason = why_possible(as_work(newer), as_work(older))
    if verdict is Verdict.SAME:
        reason += ", preprint and published copy"
    return Problem(file, line, "title", f"possible duplicate of '{older.id}' ({reason}); "
                                        f"merge them, or add distinct_from: [{older.id}]")
