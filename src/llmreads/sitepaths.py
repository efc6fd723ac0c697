"""Where each generated page lives, and relative links between pages (directory-style URLs)."""

from __future__ import annotations

import functools

__all__ = [
    "ENTRIES", "HEALTH", "HOME", "PATHS", "RECOMMENDED", "SOURCES", "TAGS", "TOPICS", "entry", "href", "numbered",
    "reading_path", "source", "tag", "topic", "topic_part", "url_of"
]

HOME = "index.md"
TOPICS = "topics/index.md"
ENTRIES = "entries/index.md"
SOURCES = "sources/index.md"
TAGS = "tags/index.md"
HEALTH = "health.md"
PATHS = "paths/index.md"
RECOMMENDED = "most-recommended.md"


def reading_path(path_id: str) -> str:
    """Path of a reading-path page."""
    return f"paths/{path_id}.md"


def topic(topic_id: str) -> str:
    """Path of a topic page."""
    return f"topics/{topic_id}.md"


def topic_part(topic_id: str, kind_plural: str, number: int) -> str:
    """Path of one page of a large topic's cards of one kind (page 1 has no number)."""
    suffix = "" if number == 1 else f"-{number}"
    return f"topics/{topic_id}/{kind_plural.lower()}{suffix}.md"


def entry(entry_id: str) -> str:
    """Path of an entry page."""
    return f"entries/{entry_id}.md"


def tag(name: str) -> str:
    """Path of a tag page."""
    return f"tags/{name}.md"


def source(source_id: str) -> str:
    """Path of a source-list page."""
    return f"sources/{source_id}.md"


@functools.lru_cache(maxsize=1 << 18)  # every page's path, several times a build; kept while serving
def url_of(path: str) -> str:
    """The site URL of a page path, as MkDocs builds it with use_directory_urls."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
        return stem
    return stem + "/"


def href(from_path: str, to_path: str, anchor: str | None = None) -> str:
    """Relative URL from one page to another (and an anchor on it).

    Equal to posixpath.relpath on the two directory URLs, done with plain string work: it runs
    for every link of every page, and relpath's abspath calls made it the build's hottest path.
    """
    here = url_of(from_path).split("/")[:-1]
    there = url_of(to_path).split("/")[:-1]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    rel = "/".join(parts) + "/" if parts else ""
    if not rel and not anchor:
        rel = "./"
    return rel + (f"#{anchor}" if anchor else "")


def numbered(first: str, number: int) -> str:
    """Path of page `number` of a paginated page whose first page is `first` (tags/x.md → tags/x/page-2.md)."""
    return first if number == 1 else f"{first.removesuffix('.md')}/page-{number}.md"
