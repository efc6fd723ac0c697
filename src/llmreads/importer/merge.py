"""Plan and apply an import: new entries appended, new sources added to existing entries.

Nothing is written until the whole result has been validated like `llmreads check`; then
every changed file is committed at once, under the data folder's lock (see transaction.py).
Existing entries are only ever extended (a source, and that source's extra links), so hand
edits survive re-imports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from llmreads.catalog import ENTRIES_DIR, SCHEMA_COMMENT, SOURCES_FILE, TOPICS_FILE, read_catalog
from llmreads.editing import FileEdits, append_to_list, replace_list_item
from llmreads.errors import DataError, ImportSourceError, Problem
from llmreads.files import read_bytes, read_text
from llmreads.importer.guess import guess_kind, guess_year, stand_in_title
from llmreads.importer.linktext import rel_for
from llmreads.importer.markdown import HEADING_JOIN, FoundLink, parse_list
from llmreads.importer.matching import Known, Works
from llmreads.importer.similar import Placement, TopicIndex, place, section_consensus
from llmreads.importer.topics import UNSORTED, suggest_topics
from llmreads.model import NEEDS_TITLE, SHORT_TITLE, Kind, Source, SourceRef, Topic
from llmreads.slugs import slugify, unique_slug
from llmreads.transaction import data_transaction
from llmreads.urls import canonical_url
from llmreads.yamlio import decode


@dataclass
class ImportReport:
    """What one list's import did (or, with --dry-run, would do)."""

    source: str
    new: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    needs_title: list[str] = field(default_factory=list)


@dataclass
class _Plan:
    data_dir: Path
    today: dt.date
    topics: list[Topic]
    sources: dict[str, Source]
    known: Works
    ids: set[str]
    files: dict[Path, FileEdits] = field(default_factory=dict)
    """Every file the import changes, each read once and written once (so an import is linear)."""
    index: TopicIndex | None = None
    """Curated entries by topic, for links no heading places (None in an empty catalogue)."""
    by_heading: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    """Topics each heading path gives (a list repeats its headings for every link)."""
    placements: dict[int, Placement] = field(default_factory=dict)
    """Where each link of the list being imported goes if it is new (by the link's position in the list)."""

    def file(self, path: Path) -> FileEdits:
        if path not in self.files:
            self.files[path] = FileEdits(read_text(path))
        return self.files[path]

    def texts(self) -> dict[Path, str]:
        return {path: text for path, edits in self.files.items() if (text := edits.text()) is not None}


def import_lists(
    files: list[Path], data_dir: Path, *, today: dt.date, source_id: str | None = None,
    title: str | None = None, dry_run: bool = False, origin: str | None = None,
) -> tuple[list[ImportReport], list[Path]]:
    """Import Markdown lists into `data_dir`; return a report per list and the files changed.

    A new source records `origin` (e.g. the list's public URL), else the file's path relative to
    the project (the folder holding `data_dir`), never an absolute local path: it is published.

    The data is read under the data folder's lock and every changed file is committed at once.
    """
    with data_transaction(data_dir, dry_run=dry_run) as tx:
        plan = _start(data_dir, today)
        reports = [_import_one(plan, path, source_id, title, origin or _origin(path, data_dir)) for path in files]
        texts = plan.texts()
        _, problems = read_catalog(data_dir, texts)
        if problems:
            raise DataError(problems)
        for path, text in texts.items():
            tx.write(path, text)
        changed = tx.changed()
    return reports, changed


def _start(data_dir: Path, today: dt.date) -> _Plan:
    fresh = not (data_dir / TOPICS_FILE).exists() and not any((data_dir / ENTRIES_DIR).glob("*.y*ml"))
    catalog, problems = read_catalog(data_dir)
    if fresh:  # no topics yet is expected; anything else already there (a sources.yaml) must still be valid
        problems = [p for p in problems if not (p.field == "file" and p.message == "missing")]
    if problems:
        raise DataError(problems)
    if fresh:
        return _Plan(data_dir, today, [], dict(catalog.source_by_id), Works(), set())
    known = Works()
    for e in catalog.entries:
        known.add(Known.of(e, Path(catalog.places[e.id].file)))
    curated = [e for e in catalog.entries if UNSORTED not in e.topics]
    index = TopicIndex(catalog.topics, curated) if [t for t in catalog.topics if t.id != UNSORTED] else None
    return _Plan(data_dir, today, list(catalog.topics), dict(catalog.source_by_id), known,
                 set(catalog.entry_by_id), index=index)


def _origin(path: Path, data_dir: Path) -> str:
    """Where a list came from, as the project sees it: relative to the project folder, else its file name."""
    try:
        return path.resolve().relative_to(data_dir.resolve().parent).as_posix()
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a symlink loop (reported when the list is read)
        return path.name


def _import_one(plan: _Plan, path: Path, source_id: str | None, title: str | None, origin: str) -> ImportReport:
    name = str(path)
    raw = read_bytes(path)
    if raw is None:
        raise ImportSourceError(f"{name}: cannot read: No such file or directory")
    text = decode(raw, name)
    if isinstance(text, Problem):
        raise ImportSourceError(str(text))
    parsed = parse_list(text, name)
    source = _source(plan, path, source_id or slugify(parsed.title or path.stem), title or parsed.title,
                     parsed.author, origin)
    report = ImportReport(source.id)
    skip = {canonical_url(rule.url): rule.reason for rule in source.skip}
    seen: set[str] = set()
    position = 0
    plan.placements = _placements(plan, parsed.links)
    for number, link in enumerate(parsed.links):
        key = plan.known.key(link.url)
        reason = link.skip_reason or skip.get(canonical_url(link.url)) or (
            "repeated in this list" if key in seen else None)
        if reason:
            report.skipped.append((link.url, reason))
            continue
        seen.add(key)
        known = plan.known.find(link.url, link.title, guess_kind(link.url).value, _year(plan, link))
        if known is not None and known.key in seen and known.key != key:
            edits = plan.file(known.file)
            edits.set_item(known.id, _add_links(edits.item(known.id), known, link))
            report.skipped.append((link.url, f"another address of '{known.id}', kept as its link"))
            continue
        position += 1
        ref = SourceRef(source=source.id, heading=HEADING_JOIN.join(link.heading), position=position,
                        comment=link.comment)
        if known is not None:
            seen.add(known.key)
            _merge(plan, known, ref, link, report)
        else:
            _create(plan, ref, link, plan.placements[number], report)
    return report


def _placements(plan: _Plan, links: list[FoundLink]) -> dict[int, Placement]:
    """Place every link of a list: by its headings, else its own words, else its section's consensus."""
    placements: dict[int, Placement] = {}
    sections: dict[tuple[str, ...], list[int]] = {}
    for number, link in enumerate(links):
        if link.skip_reason is not None:
            continue
        heading = tuple(link.heading)
        if heading not in plan.by_heading:
            plan.by_heading[heading] = suggest_topics(link.heading, None, plan.topics)
        topics = list(plan.by_heading[heading])
        placements[number] = Placement(topics, []) if topics else place(
            link.title, _words_of(link, title=False), link.url, plan.topics, plan.index)
        sections.setdefault(heading, []).append(number)
    for numbers in sections.values():
        consensus = section_consensus([placements[n] for n in numbers])
        for n in numbers:
            if consensus is not None and not placements[n].topics and placements[n].suggested[:1] == [consensus]:
                placements[n] = Placement([consensus], [])
    return placements


def _source(plan: _Plan, path: Path, source_id: str, title: str | None, author: str | None,
            origin: str) -> Source:
    source_id = slugify(source_id)
    if source_id in plan.sources:
        return plan.sources[source_id]
    try:
        source = Source(id=source_id, title=title or path.stem, author=author, origin=origin,
                        imported=plan.today)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field_name = ".".join(str(p) for p in error["loc"])
        raise ImportSourceError(f"{path}: source {field_name}: {error['msg'].removeprefix('Value error, ')}") from None
    plan.sources[source_id] = source
    plan.file(plan.data_dir / SOURCES_FILE).append(_plain(source))
    return source


def _year(plan: _Plan, link: FoundLink) -> int | None:
    return link.year or guess_year(link.url, plan.today.year)


def _merge(plan: _Plan, known: Known, ref: SourceRef, link: FoundLink, report: ImportReport) -> None:
    mine = [r for r in known.refs if r.source == ref.source]
    if mine and mine[0] == ref:
        report.unchanged.append(known.id)
        return
    text = plan.file(known.file).item(known.id)
    if mine:
        text = replace_list_item(text, known.id, "sources", {"source": ref.source}, _plain(ref))
        known.refs[known.refs.index(mine[0])] = ref
    else:
        text = append_to_list(text, known.id, "sources", _plain(ref))
        known.refs.append(ref)
        text = _add_links(text, known, link)
    plan.file(known.file).set_item(known.id, text)
    report.merged.append(known.id)


def _add_links(text: str, known: Known, link: FoundLink) -> str:
    """Add the link's extras, and its own address when it is another copy of the work, to a known entry."""
    extras = list(link.extras)
    if canonical_url(link.url) != canonical_url(known.url):
        extras.insert(0, (link.url, rel_for(None, link.url)))
    for url, rel in extras:
        if url not in known.links and canonical_url(url) != canonical_url(known.url):
            text = append_to_list(text, known.id, "links", {"url": url, "rel": rel.value})
            known.links.add(url)
    return text


def _create(plan: _Plan, ref: SourceRef, link: FoundLink, placement: Placement, report: ImportReport) -> None:
    title = link.title or stand_in_title(link.url)
    kind = guess_kind(link.url)
    topics = placement.topics or [_unsorted(plan)]
    year = _year(plan, link)
    entry_id = unique_slug(slugify(title), plan.ids, year)
    plan.ids.add(entry_id)
    entry: dict[str, Any] = {"id": entry_id, "title": title, "url": link.url}
    if link.authors:
        entry["authors"] = link.authors
    if link.organisation:
        entry["organisation"] = link.organisation
    if year:
        entry["year"] = year
    entry["kind"] = kind.value
    entry["topics"] = topics
    if topics == [UNSORTED] and placement.suggested:
        entry["suggested_topics"] = placement.suggested
    tags = _tags(link, kind)
    if tags:
        entry["tags"] = tags
    if not link.title:
        report.needs_title.append(entry_id)
    extras = [{"url": url, "rel": rel.value} for url, rel in link.extras if url != link.url]
    if extras:
        entry["links"] = extras
    entry["sources"] = [_plain(ref)]
    entry["added"] = plan.today
    target = plan.data_dir / ENTRIES_DIR / f"{topics[0]}.yaml"
    plan.file(target).append(entry, header=SCHEMA_COMMENT)
    plan.known.add(Known(entry_id, link.url, target, [ref], {url for url, _ in link.extras},
                         plan.known.key(link.url), title, kind.value, year))
    report.new.append(entry_id)


def _words_of(link: FoundLink, *, title: bool = True) -> str:
    """What the list says about a link: its title, its own words and the words it files it under."""
    return " ".join(filter(None, [link.title if title else None, link.comment, link.words]))


def _tags(link: FoundLink, kind: Kind) -> list[str]:
    if not link.title:
        return [NEEDS_TITLE]
    if link.short_title and kind is not Kind.CODE:
        return [SHORT_TITLE]
    return []


def _unsorted(plan: _Plan) -> str:
    if all(t.id != UNSORTED for t in plan.topics):
        order = max((t.order for t in plan.topics), default=0) + 1
        topic = Topic(id=UNSORTED, title="Unsorted", order=order,
                      description="Imported links that no topic rule matched yet; give each a topic.")
        plan.topics.append(topic)
        plan.file(plan.data_dir / TOPICS_FILE).append(_plain(topic))
    return UNSORTED


def _plain(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", exclude_defaults=True)
    for date_field in ("imported", "added"):
        if date_field in data:
            data[date_field] = dt.date.fromisoformat(data[date_field])
    if isinstance(model, SourceRef):
        data = {"source": model.source, "heading": model.heading, "position": model.position}
        if model.comment:
            data["comment"] = model.comment
    return data
