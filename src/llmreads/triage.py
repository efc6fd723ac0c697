"""The review queue after an import: what in the catalogue still needs a person, grouped, with file:line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from llmreads.annotations import workflow_command
from llmreads.catalog import Catalog
from llmreads.duplicates import possible_duplicates
from llmreads.errors import Problem
from llmreads.importer.topics import UNSORTED
from llmreads.model import NEEDS_TITLE, SHORT_TITLE, Entry


@dataclass(frozen=True)
class Check:
    """One kind of thing a reviewer fixes: which entries have it, at which field, and what to do."""

    name: str
    field: str
    advice: str
    test: Callable[[Entry], bool]


#: What the queue looks for, in the order a reviewer should work: identity first, polish last.
CHECKS = (
    Check("needs-title", "title", "give the work's real title, then drop the tag",
          lambda e: NEEDS_TITLE in e.tags),
    Check("short-title", "title", "run `llmreads enrich` or give the full title", lambda e: SHORT_TITLE in e.tags),
    Check("unsorted", "topics", "pick a topic (suggestions shown)", lambda e: UNSORTED in e.topics),
    Check("missing-authors", "authors", "add the people the work names", lambda e: not e.authors),
    Check("missing-year", "year", "add the year the work was published", lambda e: e.year is None),
    Check("missing-note", "note", "say in our own words why to read it", lambda e: not e.note),
    Check("missing-level", "level", "choose intro, intermediate or advanced", lambda e: e.level is None),
)
DUPLICATES = "possible-duplicate"
#: Every group's name, in the order the queue shows them.
GROUPS = (*(c.name for c in CHECKS[:3]), DUPLICATES, *(c.name for c in CHECKS[3:]))


@dataclass
class Group:
    """The entries one check found, each as a located problem."""

    name: str
    advice: str
    items: list[Problem]


def triage(catalog: Catalog) -> list[Group]:
    """Build the review queue, one group per check (empty groups included, so counts are complete)."""
    groups = []
    for check in CHECKS:
        items = [_item(catalog, e, check) for e in catalog.entries if check.test(e)]
        groups.append(Group(check.name, check.advice, sorted(items)))
        if check.name == "unsorted":
            groups.append(Group(DUPLICATES, "merge them, or settle it with distinct_from",
                                possible_duplicates(catalog)))
    return groups


def _item(catalog: Catalog, entry: Entry, check: Check) -> Problem:
    place = catalog.places.get(entry.id)
    file, line = (place.file, place.line_of(check.field)) if place else ("", 0)
    message = f"{entry.id}: {entry.title}"
    if check.name == "unsorted" and entry.suggested_topics:
        message += " (suggested: " + ", ".join(entry.suggested_topics) + ")"
    return Problem(file, line, check.field, message)


def render_text(groups: list[Group], total: int) -> str:
    """Counts first, then each non-empty group with one `file:line: entry: title` line per item."""
    width = max(len(g.name) for g in groups)
    lines = [f"review queue for {total} entries:"]
    lines += [f"  {g.name.ljust(width)}  {len(g.items)}" for g in groups]
    for group in groups:
        if group.items:
            lines += ["", f"{group.name} ({len(group.items)}): {group.advice}"]
            lines += [f"  {p.file}:{p.line}: {p.message}" for p in group.items]
    return "\n".join(lines) + "\n"


def render_github(groups: list[Group]) -> str:
    """One workflow command per item, as notices (duplicates as warnings), for a pull request."""
    out = []
    for group in groups:
        level = "warning" if group.name == DUPLICATES else "notice"
        out += [workflow_command(level, p, f"llmreads triage: {group.name}") for p in group.items]
    return "\n".join(out) + ("\n" if out else "")
