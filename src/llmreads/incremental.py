"""Which generated pages an edit to data/ changes: the pure half of incremental rebuilds.

A `Snapshot` is what one build generated: every page's Markdown, grouped in units (the pages of
one entry, topic, tag, source or reading path, and the index pages; see `llmreads.pages`), plus
what is needed to tell what a later catalogue changes. `update(old, catalog)` diffs the two
catalogues, regenerates only the units that can show what changed, and reports the pages whose
Markdown differs (`changed`) or that are gone (`removed`); every other page keeps its Markdown.

What a page shows, and so what makes it change:

- an entry page: the entry; the titles of its related entries and of its neighbours on reading
  paths; its citation key (which depends on other entries with the same base key); the topic
  pages its cards stand on (a large topic's cards are spread over part pages) and the list pages
  its rows stand on (a long list is paginated);
- a topic page and its part pages: its entries (cards, order, counts) and the entries its key
  ideas name; for each card, the part page of its other topics ("Also in") and of its first list;
- a tag's pages: its entries' cards; a source's pages: the entries it recommends; a path page: its steps;
- the index pages (home, all entries, most recommended, tags, sources, topics, health): the whole
  catalogue, so they are regenerated on every edit (and written again only if their text changed).

Related entries are chosen among the first `TAG_FANOUT` entries of each tag and of the primary
topic (`Site.related`), so an entry's related list changes only if one of those heads changes
or one of its related entries does.

A change to topics, sources, reading paths, link health, the site's texts or the tags setting
changes the navigation or every card, so it regenerates everything (`Snapshot.full`).

A unit regenerated is cheap even when it is large (a popular tag's thousands of cards over many
pages): each `Site` of a snapshot takes over the cards its predecessor rendered (`Site.cards`), and
a card is rendered again only if its entry or the pages its links point to changed. Pages whose
Markdown comes out the same are not reported as changed, so MkDocs renders only those that differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from llmreads.catalog import Catalog
from llmreads.links.model import HealthRecord
from llmreads.model import Entry
from llmreads.pages import GLOBAL, RANKED, Unit, every_unit, unit_pages
from llmreads.pages import reading as pages_reading
from llmreads.pages import site as pages_site
from llmreads.pages.paging import chunks
from llmreads.pages.reading import most_recommended_pages
from llmreads.pages.site import Site
from llmreads.pages.sources import source_pages
from llmreads.siteinfo import SiteInfo

T = TypeVar("T")


@dataclass
class Snapshot:
    """Every generated page of one build, and what the next build needs to diff against it."""

    site: Site
    material_tags: bool
    pages: dict[str, str]
    """{path: Markdown}, in the order a full build lists them."""
    units: dict[Unit, list[str]]
    """The paths of each unit's pages."""
    related: dict[str, list[str]]
    """Each entry's related entries, by id."""
    ranked: list[Entry]
    """The entries of the most-recommended pages, in their order (`Site.ranked`)."""
    changed: set[str] = field(default_factory=set)
    """Pages new or different from the snapshot this one was updated from (every page if full)."""
    removed: set[str] = field(default_factory=set)
    """Pages the previous snapshot had and this one has not."""
    full: bool = True
    """Whether every page was generated (first build, or a change that touches every page)."""


def snapshot(catalog: Catalog, *, material_tags: bool = True, health: Mapping[str, HealthRecord] | None = None,
             info: SiteInfo | None = None) -> Snapshot:
    """Generate every page of the catalogue."""
    site = Site(catalog, dict(health or {}), info or SiteInfo(), cards={})
    units = {unit: unit_pages(site, [unit], material_tags=material_tags) for unit in every_unit(site)}
    pages = {path: text for made in units.values() for path, text in made.items()}
    related = {e.id: [r.id for r in site.related(e)] for e in catalog.entries}
    return Snapshot(site, material_tags, pages, {u: list(made) for u, made in units.items()}, related,
                    site.ranked, changed=set(pages))


def update(old: Snapshot, catalog: Catalog, *, material_tags: bool = True,
           health: Mapping[str, HealthRecord] | None = None, info: SiteInfo | None = None) -> Snapshot:
    """Regenerate the pages an edit can change; keep every other page of `old`."""
    health, info = dict(health or {}), info or SiteInfo()
    before = old.site.catalog
    if (material_tags != old.material_tags or health != old.site.health or info != old.site.info
            or catalog.topics != before.topics or catalog.sources != before.sources or catalog.paths != before.paths):
        new = snapshot(catalog, material_tags=material_tags, health=health, info=info)
        new.removed = set(old.pages) - set(new.pages)
        return new
    site = Site(catalog, health, info, previous=old.site)
    site.cards = old.site.cards  # same topics, sources and health: a card whose entry and links stay is kept
    return _update(old, site, material_tags)


def _update(old: Snapshot, site: Site, material_tags: bool) -> Snapshot:
    was = old.site
    touched = changed_entries(was.catalog, site.catalog)
    related = dict(old.related)
    gone = set(related) - set(site.catalog.entry_by_id)
    for entry_id in gone:
        del related[entry_id]
    if gone and site.cards is not None:
        site.cards = {key: card for key, card in site.cards.items() if key[0] not in gone}
    moved = moved_cards(was, site)
    entries = _entry_pages_to_redo(old, site, touched, moved, related)
    units = _affected_units(was, site, touched, moved, entries)
    fresh = {unit: _regenerate(old, site, unit, material_tags) for unit in units}
    pages: dict[str, str] = {}
    unit_paths: dict[Unit, list[str]] = {}
    for unit in every_unit(site):
        if unit not in fresh and unit not in old.units:  # a unit only a new entry could bring
            fresh[unit] = unit_pages(site, [unit], material_tags=material_tags)
        made = fresh[unit] if unit in fresh else {p: old.pages[p] for p in old.units[unit]}
        pages.update(made)
        unit_paths[unit] = list(made)
    changed = {p for made in fresh.values() for p, text in made.items() if old.pages.get(p) != text}
    return Snapshot(site, material_tags, pages, unit_paths, related, site.ranked, changed=changed,
                    removed=set(old.pages) - set(pages), full=False)


def _regenerate(old: Snapshot, site: Site, unit: Unit, material_tags: bool) -> dict[str, str]:
    """A unit's pages. A list paginated over the same number of rows as before (an imported list, the
    most-recommended ranking) renders again only its pages whose rows changed: the rest of such a page
    (title, counts, pager) depends on the number of rows only, and on sources, which a change to
    regenerates everything."""
    kind, key = unit
    if unit not in old.units or kind not in (RANKED, "source"):
        return unit_pages(site, [unit], material_tags=material_tags)
    if kind == RANKED:
        numbers = _changed_parts(old.ranked, site.ranked, pages_reading.RANKED_PER_PAGE)
        made = {} if numbers is not None and not numbers else most_recommended_pages(site, numbers)
    else:
        source, rows = site.catalog.source_by_id.get(key), site.source_rows.get(key)
        if source is None or rows is None:
            return {}
        numbers = _changed_parts(old.site.source_rows.get(key, []), rows,
                                 pages_site.SOURCE_ROWS_PER_PAGE)
        made = {} if numbers is not None and not numbers else source_pages(source, rows, numbers)
    if numbers is None:
        return made
    return {path: made.get(path, old.pages[path]) for path in old.units[unit]}


def _changed_parts(before: list[T], after: list[T], size: int) -> set[int] | None:
    """The numbers of the pages whose rows differ; None if the rows are not as many as before."""
    if len(before) != len(after):
        return None
    old, new = chunks(before, size), chunks(after, size)
    return {n for n, (a, b) in enumerate(zip(old, new, strict=True), start=1) if a != b}


def changed_entries(before: Catalog, after: Catalog) -> set[str]:
    """Ids of entries added, removed, edited, or moved relative to the others (catalogue order matters)."""
    old, new = before.entry_by_id, after.entry_by_id
    touched = set(old) ^ set(new)
    common = old.keys() & new.keys()
    touched |= {i for i in common if old[i] is not new[i] and old[i] != new[i]}  # most are the same objects
    was, now = before.places, after.places
    touched |= {i for i in common & was.keys() & now.keys() if was[i] is not now[i] and was[i].file != now[i].file}
    touched |= _reordered(before.entries, after.entries, touched)
    return touched


def _reordered(before: list[Entry], after: list[Entry], touched: set[str]) -> set[str]:
    """Entries whose place among the untouched ones changed (an entry moved within its file)."""
    common = {e.id for e in before} & {e.id for e in after}
    old = [e.id for e in before if e.id in common]
    new = [e.id for e in after if e.id in common]
    return {a for a, b in zip(old, new, strict=True) if a != b} | {b for a, b in zip(old, new, strict=True) if a != b}


def _entry_pages_to_redo(old: Snapshot, site: Site, touched: set[str], moved: set[str],
                         related: dict[str, list[str]]) -> set[str]:
    """Entries whose page can differ; `related` is brought up to date for them."""
    was, catalog = old.site, site.catalog
    redo = set(touched)
    redo |= {i for i in set(was.cite_keys) | set(site.cite_keys) if was.cite_keys.get(i) != site.cite_keys.get(i)}
    redo |= moved
    for path in catalog.paths:
        steps = [s.entry for s in path.steps]
        for n, entry_id in enumerate(steps):
            if entry_id in touched:
                redo |= set(steps[max(0, n - 1):n + 2])
    redo |= {i for i, ids in old.related.items() if touched.intersection(ids)}
    heads = _changed_heads(was.by_tag, site.by_tag)
    topics = _changed_heads(was.by_topic, site.by_topic)
    maybe = {e.id for e in catalog.entries if heads.intersection(e.tags) or e.topics[0] in topics}
    for entry_id in (redo | maybe) & set(catalog.entry_by_id):
        ids = [r.id for r in site.related(catalog.entry_by_id[entry_id])]
        if ids != related.get(entry_id):
            redo.add(entry_id)
        related[entry_id] = ids
    return redo


def moved_cards(was: Site, site: Site) -> set[str]:
    """Entries whose card stands on another page of a topic, or whose row on another page of a list, than before.

    Only topics and lists whose entries changed are looked at: a topic's placement of cards depends on its
    entries only, and a list's placement of rows on its rows only (`Site`).
    """
    moved: set[str] = set()
    for topic in was.by_topic.keys() | site.by_topic.keys():
        before, after = was.by_topic.get(topic, []), site.by_topic.get(topic, [])
        if before != after:
            keys = {(topic, e.id) for e in before} | {(topic, e.id) for e in after}
            moved |= {key[1] for key in keys if was.card_pages.get(key) != site.card_pages.get(key)}
    for source in was.source_rows.keys() | site.source_rows.keys():
        rows, now = was.source_rows.get(source, []), site.source_rows.get(source, [])
        if rows != now:
            keys = {(source, e.id) for _, e in rows} | {(source, e.id) for _, e in now}
            moved |= {key[1] for key in keys if was.source_pages.get(key) != site.source_pages.get(key)}
    return moved


def _changed_heads(old: Mapping[str, list[Entry]], new: Mapping[str, list[Entry]]) -> set[str]:
    """Keys whose first TAG_FANOUT entries (the related-entry candidates) differ."""
    def head(entries: list[Entry]) -> list[str]:
        return [e.id for e in entries[:pages_site.TAG_FANOUT]]
    return {k for k in set(old) | set(new) if head(old.get(k, [])) != head(new.get(k, []))}


def _affected_units(was: Site, site: Site, touched: set[str], moved_ids: set[str], entries: set[str]) -> list[Unit]:
    """Units whose pages can show what changed."""
    shown = [e for i in touched for e in (was.catalog.entry_by_id.get(i), site.catalog.entry_by_id.get(i)) if e]
    moved = [e for i in moved_ids for e in (was.catalog.entry_by_id.get(i), site.catalog.entry_by_id.get(i)) if e]
    topics = {t for e in shown + moved for t in e.topics}
    topics |= {t.id for t in site.catalog.topics for idea in t.key_ideas if touched.intersection(idea.entries)}
    tags = {t for e in shown + moved for t in e.tags}
    sources = {ref.source for e in shown for ref in e.sources}
    reading = {p.id for p in site.catalog.paths if touched.intersection(s.entry for s in p.steps)}
    return [(GLOBAL, ""), (RANKED, ""), *_units("path", reading), *_units("topic", topics), *_units("entry", entries),
            *_units("source", sources), *_units("tag", tags)]


def _units(kind: str, keys: Iterable[str]) -> list[Unit]:
    return [(kind, key) for key in sorted(keys)]
