"""The works already known during an import, found by address or, for a paper's copies, by title."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from llmreads.identity import Verdict, Work, compare, normal_title, work_key
from llmreads.model import Entry, Rel, SourceRef

_SAME_WORK_RELS = (Rel.PDF, Rel.ARCHIVE)


@dataclass
class Known:
    """An entry the import may add a source to."""

    id: str
    url: str
    file: Path
    refs: list[SourceRef]
    links: set[str]
    key: str
    title: str
    kind: str
    year: int | None
    other_urls: tuple[str, ...] = ()

    @classmethod
    def of(cls, entry: Entry, file: Path) -> Known:
        """Describe an entry of the catalogue."""
        others = tuple(link.url for link in entry.links if link.rel in _SAME_WORK_RELS)
        return cls(entry.id, entry.url, file, list(entry.sources), {link.url for link in entry.links},
                   work_key(entry.url), entry.title, entry.kind.value, entry.year, others)


class Works:
    """Known works by work key (their own address and their PDF or archived copies) and by title."""

    def __init__(self) -> None:
        self.by_key: dict[str, Known] = {}
        self.by_title: dict[str, list[Known]] = {}
        self._keys: dict[str, str] = {}

    def key(self, url: str) -> str:
        """The work key of `url` (cached: a list often repeats addresses)."""
        found = self._keys.get(url)
        if found is None:
            found = self._keys[url] = work_key(url)
        return found

    def add(self, known: Known) -> None:
        """Index a work under every address it goes by, and its title."""
        for url in known.other_urls:
            self.by_key.setdefault(self.key(url), known)
        self.by_key[known.key] = known
        self.by_title.setdefault(normal_title(known.title), []).append(known)

    def find(self, url: str, title: str | None, kind: str, year: int | None) -> Known | None:
        """The known work this link certainly names, if any (uncertain matches are left to `check`)."""
        found = self.by_key.get(self.key(url))
        if found is not None or not title:
            return found
        new = Work(url, title, kind, year)
        for known in self.by_title.get(normal_title(title), []):
            if compare(new, Work(known.url, known.title, known.kind, known.year)) is Verdict.SAME:
                return known
        return None

