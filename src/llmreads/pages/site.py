"""What every page needs from the catalogue, computed once per build."""

from __future__ import annotations

import functools
import heapq
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from llmreads import sitepaths as paths
from llmreads.bibtex import citation_keys
from llmreads.catalog import Catalog
from llmreads.links.model import HealthRecord
from llmreads.model import Entry, Kind, Level, SourceRef
from llmreads.siteinfo import SiteInfo

KIND_ORDER = [Kind.PAPER, Kind.ARTICLE, Kind.VIDEO, Kind.COURSE, Kind.BOOK, Kind.CODE, Kind.SLIDES,
              Kind.THREAD, Kind.PODCAST, Kind.OTHER]
KIND_PLURAL = {Kind.PAPER: "Papers", Kind.ARTICLE: "Articles", Kind.VIDEO: "Videos", Kind.COURSE: "Courses",
               Kind.BOOK: "Books", Kind.CODE: "Code", Kind.SLIDES: "Slides", Kind.THREAD: "Threads",
               Kind.PODCAST: "Podcasts", Kind.OTHER: "Other"}
LEVEL_ORDER = {Level.INTRO: 0, Level.INTERMEDIATE: 1, Level.ADVANCED: 2, None: 3}
MAX_RELATED = 5
#: A topic with more entries than this is split into one page per kind (paginated by this many),
#: so no page outgrows its budget however large the catalogue gets.
CARDS_PER_PAGE = 60
#: Related entries are sought among at most this many entries per shared tag, so the cost per
#: entry stays bounded however large a popular tag grows (keeps the build linear in entries).
TAG_FANOUT = 60
#: Rows per page of an imported list's page: a long list is split into numbered pages.
SOURCE_ROWS_PER_PAGE = 150


@dataclass
class Site:
    """The catalogue plus the indexes that pages share."""

    catalog: Catalog
    health: Mapping[str, HealthRecord] = field(default_factory=dict)
    info: SiteInfo = field(default_factory=SiteInfo)
    by_tag: dict[str, list[Entry]] = field(default_factory=dict)
    by_topic: dict[str, list[Entry]] = field(default_factory=dict)
    cite_keys: dict[str, str] = field(default_factory=dict)
    card_pages: dict[tuple[str, str], str] = field(default_factory=dict)
    topic_parts: dict[str, list[tuple[Kind, str]]] = field(default_factory=dict)
    part_entries: dict[str, list[Entry]] = field(default_factory=dict)
    source_rows: dict[str, list[tuple[SourceRef, Entry]]] = field(default_factory=dict)
    source_pages: dict[tuple[str, str], str] = field(default_factory=dict)
    tag_heads: dict[str, list[str]] = field(default_factory=dict)
    """Each tag's related-entry candidates: the ids of its first TAG_FANOUT entries."""
    topic_heads: dict[str, list[str]] = field(default_factory=dict)
    """The same for each topic."""
    cards: dict[tuple[str, str, str | None], tuple[Entry, tuple[str | None, ...], str]] | None = field(
        default=None, repr=False, compare=False)
    """If not None, the cards rendered so far, by (entry id, page, topic shown on). Used while serving
    (`llmreads.incremental`): a later Site of the same topics, sources and health takes them over, so a
    rebuild renders again only the cards whose entry or links changed (pages.cards.card)."""
    previous: Site | None = field(default=None, repr=False, compare=False)
    """If given, a Site of an earlier catalogue: a topic whose entries are the same keeps its card placement.
    Let go of once this Site is made."""

    def __post_init__(self) -> None:
        by_tag: dict[str, list[Entry]] = defaultdict(list)
        by_topic: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.catalog.entries:
            for name in entry.tags:
                by_tag[name].append(entry)
            for topic_id in entry.topics:
                by_topic[topic_id].append(entry)
        self.by_tag = dict(sorted(by_tag.items()))
        self.by_topic = dict(by_topic)
        self.tag_heads = {name: [e.id for e in group[:TAG_FANOUT]] for name, group in self.by_tag.items()}
        self.topic_heads = {name: [e.id for e in group[:TAG_FANOUT]] for name, group in self.by_topic.items()}
        self.cite_keys = citation_keys(self.catalog.entries)
        was, self.previous = self.previous, None
        for topic in self.catalog.topics:
            if was is None or not self._keep_cards(was, topic.id):
                self._place_cards(topic.id)
        self._place_source_rows()

    def _keep_cards(self, was: Site, topic_id: str) -> bool:
        """Take a topic's card placement from an earlier Site that had the same entries (it depends on those only)."""
        entries = self.by_topic.get(topic_id, [])
        if topic_id not in was.topic_parts or was.by_topic.get(topic_id, []) != entries:
            return False
        parts = self.topic_parts[topic_id] = was.topic_parts[topic_id]
        for _, page in parts:
            self.part_entries[page] = was.part_entries[page]
        for entry in entries:
            self.card_pages[(topic_id, entry.id)] = was.card_pages[(topic_id, entry.id)]
        return True

    def _place_source_rows(self) -> None:
        """Each list's (reference, entry) pairs in the list's order, and the page of the list each stands on."""
        rows: dict[str, list[tuple[SourceRef, Entry]]] = {s.id: [] for s in self.catalog.sources}
        for entry in self.catalog.entries:
            for ref in entry.sources:
                if ref.source in rows:
                    rows[ref.source].append((ref, entry))
        for source_id, pairs in rows.items():
            pairs.sort(key=lambda pair: pair[0].position)
            for n, (_, entry) in enumerate(pairs):
                page = paths.numbered(paths.source(source_id), n // SOURCE_ROWS_PER_PAGE + 1)
                self.source_pages.setdefault((source_id, entry.id), page)
        self.source_rows = rows

    def source_href(self, here: str, source_id: str, entry_id: str) -> str:
        """Link to an entry's row on a list's page (its anchor is the entry id)."""
        page = self.source_pages.get((source_id, entry_id), paths.source(source_id))
        return paths.href(here, page, entry_id)

    def _place_cards(self, topic_id: str) -> None:
        """Decide on which page each card of a topic stands (the topic page, or a page of its kind)."""
        entries = self.by_topic.get(topic_id, [])
        split = len(entries) > CARDS_PER_PAGE
        parts: list[tuple[Kind, str]] = []
        for kind in KIND_ORDER:
            group = topic_order([e for e in entries if e.kind is kind], self)
            for start in range(0, len(group), CARDS_PER_PAGE):
                page = paths.topic_part(topic_id, KIND_PLURAL[kind], start // CARDS_PER_PAGE + 1) if split \
                    else paths.topic(topic_id)
                parts.append((kind, page))
                if split:
                    self.part_entries[page] = group[start:start + CARDS_PER_PAGE]
                for entry in group[start:start + CARDS_PER_PAGE]:
                    self.card_pages[(topic_id, entry.id)] = page
        self.topic_parts[topic_id] = parts if split else []

    def card_href(self, here: str, topic_id: str, entry_id: str) -> str:
        """Link to an entry's card on a topic (its permalink anchor is the entry id)."""
        page = self.card_pages.get((topic_id, entry_id), paths.topic(topic_id))
        return paths.href(here, page, entry_id)

    def recommended_by(self, entry: Entry) -> int:
        """Number of distinct lists that recommend an entry."""
        return len({ref.source for ref in entry.sources})

    @functools.cached_property
    def ranked(self) -> list[Entry]:
        """The entries more than one list recommends, the most recommended first, then by title, then in
        catalogue order."""
        counts = {e.id: n for e in self.catalog.entries if (n := self.recommended_by(e)) > 1}
        ranked = [e for e in self.catalog.entries if e.id in counts]
        return sorted(ranked, key=lambda e: (-counts[e.id], e.title.lower()))

    def related(self, entry: Entry) -> list[Entry]:
        """Up to five entries sharing the most tags, then the same primary topic."""
        scores: Counter[str] = Counter()
        for name in entry.tags:
            head = self.tag_heads.get(name, [])
            scores.update(head)  # two points a shared tag: Counter.update counts in C
            scores.update(head)
        scores.update(self.topic_heads.get(entry.topics[0], []))
        scores.pop(entry.id, None)
        if not scores:
            return []
        # Only entries scoring at least the fifth-best score can rank: sort those few, not every candidate.
        floor = heapq.nlargest(MAX_RELATED, scores.values())[-1]
        ranked = sorted(((-n, i) for i, n in scores.items() if n >= floor))[:MAX_RELATED]
        return [self.catalog.entry_by_id[i] for _, i in ranked]


def topic_order(entries: list[Entry], site: Site) -> list[Entry]:
    """Order within a kind: intro first, then the most recommended, then by title."""
    return sorted(entries, key=lambda e: (LEVEL_ORDER[e.level], -site.recommended_by(e), e.title.lower()))
