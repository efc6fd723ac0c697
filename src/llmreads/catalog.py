"""Load and validate data/: the only module that reads the catalogue's YAML files.

Layout::

    data/topics.yaml          the topic taxonomy (a list of topics)
    data/sources.yaml         the imported reading lists (a list of sources)
    data/entries/<topic>.yaml entries, by convention in the file of their primary topic
    data/paths.yaml           reading paths: ordered steps through the entries (optional)
"""

from __future__ import annotations

import difflib
import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from llmreads.errors import DataError, Problem
from llmreads.files import UnreadableFile, read_bytes
from llmreads.identity import work_key
from llmreads.model import Entry, ReadingPath, Source, Topic
from llmreads.transaction import recover
from llmreads.urls import canonical_url
from llmreads.yamlio import Located, Path_, decode, parse
from llmreads.yamlitems import split_items

TOPICS_FILE = "topics.yaml"
PATHS_FILE = "paths.yaml"
SOURCES_FILE = "sources.yaml"
ENTRIES_DIR = "entries"
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/entries.schema.json\n"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Place:
    """Where an entry stands: its file (as shown to users), first line, and the line of each field."""

    file: str
    line: int
    fields: dict[str, int] = field(default_factory=dict, compare=False)

    def line_of(self, name: str) -> int:
        """The line of a top-level field of the entry, or the entry's first line."""
        return self.fields.get(name, self.line)


@dataclass
class Catalog:
    """Everything under data/, validated."""

    data_dir: Path
    topics: list[Topic]
    sources: list[Source]
    entries: list[Entry]
    places: dict[str, Place] = field(default_factory=dict)
    paths: list[ReadingPath] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.topics.sort(key=lambda t: (t.order, t.id))
        self.topic_by_id = {t.id: t for t in self.topics}
        self.source_by_id = {s.id: s for s in self.sources}
        self.entry_by_id = {e.id: e for e in self.entries}
        self.entry_by_url = {_canonical(e.url): e for e in self.entries}

    def entries_in(self, topic_id: str) -> list[Entry]:
        """Return the entries filed under a topic, primary or not, in catalogue order."""
        return [e for e in self.entries if topic_id in e.topics]


Reader = Callable[[Path], bytes | None]

# Every load keys every entry's URL both ways; while serving, a reload after an edit would
# otherwise parse 20,000 unchanged URLs again (both are pure functions of the URL).
_canonical = functools.lru_cache(maxsize=1 << 17)(canonical_url)
_work_key = functools.lru_cache(maxsize=1 << 17)(work_key)


def display_path(data_dir: Path, path: Path) -> str:
    """Name a data file the way the user named the data folder."""
    try:
        return str(data_dir / path.relative_to(data_dir))
    except ValueError:
        return str(path)


def entry_files(data_dir: Path, extra: Iterable[Path] = ()) -> list[Path]:
    """List the entry files under data/entries/, plus any about to be created."""
    folder = data_dir / ENTRIES_DIR
    found = set(folder.glob("*.yaml")) | set(folder.glob("*.yml")) if folder.is_dir() else set()
    return sorted(found | set(extra))


class FileCache:
    """What each data file held the last time it was read, so a reload parses only the files that changed.

    Keyed by the file's name and a digest of its bytes; `read_catalog` keeps only the files of its
    latest read. Used while serving, where one edit changes one file of many.
    """

    def __init__(self) -> None:
        self.outcomes: dict[tuple[str, str, bytes], _Outcome] = {}
        self.used: set[tuple[str, str, bytes]] = set()
        self.items: dict[tuple[str, str, str], tuple[int, _Outcome]] = {}
        """What each item of a changed file gave, by (model, file, the item's text; see yamlitems): the
        line it started on and its outcome there. An edit to one item of a file parses that item only."""
        self.items_used: set[tuple[str, str, str]] = set()

    def prune(self) -> None:
        """Forget the files the last read did not see, and the items a file it parsed again no longer has."""
        self.outcomes = {k: v for k, v in self.outcomes.items() if k in self.used}
        seen = {(kind, name) for kind, name, _ in self.used}
        parsed = {(kind, name) for kind, name, _ in self.items_used}
        self.items = {k: v for k, v in self.items.items()
                      if k in self.items_used or (k[:2] in seen and k[:2] not in parsed)}
        self.used, self.items_used = set(), set()


@dataclass
class _Outcome:
    """What loading one file added: valid items, problems, ids of invalid items (None: unknown)."""

    items: list[tuple[Any, Located, int]]
    problems: list[Problem]
    declared: set[str] | None
    places: list[Place]

    def shifted(self, by: int) -> _Outcome:
        """The same outcome for an item `by` lines further down its file (its items are alone: index 0)."""
        if by == 0:
            return self
        items = [(item, Located(located.file, None, {k: n + by for k, n in located.lines.items()}), index)
                 for item, located, index in self.items]
        places = [Place(p.file, p.line + by, {k: n + by for k, n in p.fields.items()}) for p in self.places]
        problems = [Problem(p.file, p.line + by, p.field, p.message) for p in self.problems]
        return _Outcome(items, problems, self.declared, places)


def read_catalog(data_dir: Path, overrides: Mapping[Path, str] | None = None,
                 cache: FileCache | None = None) -> tuple[Catalog, list[Problem]]:
    """Read and validate all of data/, returning what was valid and every problem found.

    `overrides` maps paths to text that stands in for the file on disk (used to validate
    an import before anything is written). A write that a crash interrupted is first
    finished or undone (see transaction.recover). `cache` skips parsing files unchanged
    since its last read.
    """
    recover(data_dir)
    found = _read_catalog(data_dir, overrides, cache)
    if cache is not None:
        cache.prune()
    return found


def _read_catalog(data_dir: Path, overrides: Mapping[Path, str] | None,
                  cache: FileCache | None = None) -> tuple[Catalog, list[Problem]]:
    overrides = dict(overrides or {})

    def read(path: Path) -> bytes | None:
        if path in overrides:
            return overrides[path].encode("utf-8")
        return read_bytes(path)

    problems: list[Problem] = []
    topics = _Loaded(data_dir, Topic, read, problems, cache)
    topics.load(data_dir / TOPICS_FILE, required=True)
    sources = _Loaded(data_dir, Source, read, problems, cache)
    sources.load(data_dir / SOURCES_FILE, required=False)
    reading_paths = _Loaded(data_dir, ReadingPath, read, problems, cache)
    reading_paths.load(data_dir / PATHS_FILE, required=False)
    entries = _Loaded(data_dir, Entry, read, problems, cache)
    folder = data_dir / ENTRIES_DIR
    if folder.exists() and not folder.is_dir():
        problems.append(Problem(display_path(data_dir, folder), 1, "file", "must be a folder of YAML files"))
    for path in entry_files(data_dir, (p for p in overrides if p.parent == folder)):
        entries.load(path, required=False)
    catalog = Catalog(data_dir, [t for t, _, _ in topics.items], [s for s, _, _ in sources.items],
                      [e for e, _, _ in entries.items])
    catalog.places = {e.id: place for (e, _, _), place in zip(entries.items, entries.places, strict=True)}
    catalog.paths = [p for p, _, _ in reading_paths.items]
    problems += _cross_check(catalog, topics, sources, entries)
    problems += _unique("id", "path", [(p.id, loc, (i, "id")) for p, loc, i in reading_paths.items])
    problems += _check_paths(reading_paths, entries.known())
    return catalog, sorted(problems)


def load_catalog(data_dir: Path) -> Catalog:
    """Load data/, raising DataError listing every problem if anything is invalid."""
    catalog, problems = read_catalog(data_dir)
    if problems:
        raise DataError(problems)
    return catalog


class _Loaded(Generic[M]):
    """The valid items of one kind, plus the ids declared by items that failed to validate.

    `declared` is None when a file could not be read at all: then nobody can say which ids
    exist, and references to them are not reported (the file's own problem is).
    """

    def __init__(self, data_dir: Path, model: type[M], read: Reader, problems: list[Problem],
                 cache: FileCache | None = None) -> None:
        self.data_dir, self.model, self.read, self.problems, self.cache = data_dir, model, read, problems, cache
        self.items: list[tuple[M, Located, int]] = []
        self.places: list[Place] = []
        """Where each item stands (parallel to `items`), kept with the file's outcome in the cache."""
        self.declared: set[str] | None = set()

    def known(self) -> set[str] | None:
        """Every id that exists or was meant to; None if that cannot be told."""
        if self.declared is None:
            return None
        return self.declared | {str(getattr(item, "id", "")) for item, _, _ in self.items}

    def load(self, path: Path, *, required: bool) -> None:
        name = display_path(self.data_dir, path)
        try:
            raw = self.read(path)
        except UnreadableFile as exc:
            return self._fail(name, 1, "file", exc.reason)
        if raw is None:
            if required:
                self._fail(name, 1, "file", "missing")
            return None
        if self.cache is None or self.declared is None:
            return self._parse(raw, name)
        key = (self.model.__name__, name, hashlib.sha256(raw).digest())
        self.cache.used.add(key)
        known = self.cache.outcomes.get(key)
        if known is None:
            items, problems, declared = len(self.items), len(self.problems), set(self.declared)
            if not self._parse_items(raw, name, self.cache):
                self._parse(raw, name, self.cache)
            known = _Outcome(self.items[items:], self.problems[problems:],
                             None if self.declared is None else self.declared - declared, self.places[items:])
            self.cache.outcomes[key] = known
            return None
        self.items += known.items
        self.places += known.places
        self.problems += known.problems
        self.declared = None if known.declared is None else self.declared | known.declared
        return None

    def _parse(self, raw: bytes, name: str, cache: FileCache | None = None) -> None:
        text = decode(raw, name)
        located = parse(text, name) if isinstance(text, str) else text
        if isinstance(located, Problem):
            self.problems.append(located)
            self.declared = None
            return None
        if located.data is None:
            return None
        if not isinstance(located.data, list):
            return self._fail(name, 1, "file", f"expected a list of {_PLURAL[self.model.__name__]}")
        found = _split(text, located) if cache is not None and isinstance(text, str) else None
        marks: list[tuple[int, int]] = []
        for index, item in enumerate(located.data):
            marks.append((len(self.items), len(self.problems)))
            self._add(item, located, index)
        if cache is not None and found is not None:
            self._keep_items(located, found, [*marks, (len(self.items), len(self.problems))], cache)
        return None

    def _keep_items(self, located: Located, found: list[tuple[int, str]], marks: list[tuple[int, int]],
                    cache: FileCache) -> None:
        """Put what each item of a file just parsed whole gave in `cache.items`, as `_parse_items` would have.

        `marks`: where each item's valid items and problems start in `self.items` and `self.problems`.
        """
        lines: list[dict[Path_, int]] = [{} for _ in found]
        for path, line in located.lines.items():
            lines[int(path[0])][(0, *path[1:])] = line
        for n, (line, item_text) in enumerate(found):
            (items, problems), (items_end, problems_end) = marks[n], marks[n + 1]
            alone = Located(located.file, None, lines[n])
            item = located.data[n]
            rejected = items == items_end and isinstance(item, dict) and isinstance(item.get("id"), str)
            declared = {item["id"]} if rejected else set()  # as `_add` declares a rejected item's id
            key = (self.model.__name__, located.file, item_text)
            cache.items[key] = (line, _Outcome([(valid, alone, 0) for valid, _, _ in self.items[items:items_end]],
                                               self.problems[problems:problems_end], declared,
                                               self.places[items:items_end]))
            cache.items_used.add(key)

    def _parse_items(self, raw: bytes, name: str, cache: FileCache) -> bool:
        """Parse a file item by item, each item's text once (see yamlitems); False if it must be parsed whole."""
        text = decode(raw, name)
        found = split_items(text) if isinstance(text, str) else None
        if found is None or 2 * sum((self.model.__name__, name, t) in cache.items for _, t in found) < len(found):
            return False  # not splittable, or mostly new text: parsing it whole is faster (and keeps its items)
        outcomes: list[_Outcome] = []
        for line, item_text in found:
            key = (self.model.__name__, name, item_text)
            at, known = cache.items.get(key, (1, None))
            if known is None:
                located = parse(item_text, name)
                if isinstance(located, Problem) or not isinstance(located.data, list) or len(located.data) != 1:
                    return False  # the whole file's parse says what is wrong, and where
                alone = _Loaded(self.data_dir, self.model, self.read, [])
                alone._add(located.data[0], located, 0)
                known = _Outcome(alone.items, alone.problems, alone.declared, alone.places)
            if at != line:
                known = known.shifted(line - at)
            cache.items[key] = (line, known)
            cache.items_used.add(key)
            outcomes.append(known)
        for known in outcomes:
            self.items += known.items
            self.places += known.places
            self.problems += known.problems
            if self.declared is not None and known.declared is not None:
                self.declared |= known.declared
        return True

    def _add(self, item: Any, located: Located, index: int) -> None:
        """Validate one item of a file: keep it, or report its problems (and the id it meant to declare)."""
        name = located.file
        if not isinstance(item, dict):
            self.problems.append(Problem(name, located.line((index,)), "item", "expected a mapping of fields"))
            return
        odd = next((key for key in item if not isinstance(key, str)), None)
        if odd is not None:
            self.problems.append(Problem(name, located.line((index, str(odd))), str(odd),
                                         "unknown field" + _did_you_mean(str(odd), self.model.model_fields)))
            if self.declared is not None and isinstance(item.get("id"), str):
                self.declared.add(item["id"])
            return
        try:
            valid = self.model.model_validate(item)
            self.items.append((valid, located, index))
            self.places.append(Place(located.file, located.line((index,)), {
                k: located.lines[(index, k)] for k in valid.model_fields_set if (index, k) in located.lines}))
        except ValidationError as exc:
            self.problems.extend(_explain(exc, self.model, located, index))
            if self.declared is not None and isinstance(item.get("id"), str):
                self.declared.add(item["id"])

    def _fail(self, name: str, line: int, field_name: str, message: str) -> None:
        self.problems.append(Problem(name, line, field_name, message))
        self.declared = None


def _split(text: str, located: Located) -> list[tuple[int, str]] | None:
    """`split_items` of a file parsed whole, if its items are the parse's (same count, same first lines)."""
    found = split_items(text)
    if found is None or not isinstance(located.data, list) or len(found) != len(located.data):
        return None
    return found if all(located.lines.get((n,)) == line for n, (line, _) in enumerate(found)) else None


_PLURAL = {"Entry": "entries", "Topic": "topics", "Source": "sources", "ReadingPath": "reading paths"}
_MESSAGES = {
    "missing": "required field is missing",
    "string_type": "must be text",
    "list_type": "must be a list",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "date_type": "must be a date like 2024-01-31",
    "date_parsing": "must be a date like 2024-01-31",
    "date_from_datetime_parsing": "must be a date like 2024-01-31",
    "date_from_datetime_inexact": "must be a date like 2024-01-31",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
    "dict_type": "must be a mapping of fields",
}


def _explain(exc: ValidationError, model: type[BaseModel], located: Located, index: int) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        name = ".".join(str(part) for part in loc if isinstance(part, str)) or "item"
        kind = error["type"]
        value = error.get("input")
        if kind == "extra_forbidden":
            message = "unknown field" + _did_you_mean(str(loc[-1]), _field_names(model, loc))
        elif kind == "enum":
            expected = str(error.get("ctx", {}).get("expected", "")).replace(" or ", ", ")
            choices = [choice.strip(" '") for choice in expected.split(",")]
            message = f"{value!r} is not one of {expected}" + _did_you_mean(str(value), choices)
        elif kind == "too_short":
            message = "must not be empty"
        elif kind in ("greater_than_equal", "less_than_equal"):
            bound = error.get("ctx", {})
            message = f"{value!r} must be " + (
                f"at least {bound.get('ge')}" if kind == "greater_than_equal" else f"at most {bound.get('le')}"
            )
        elif kind == "value_error":
            message = str(error["msg"]).removeprefix("Value error, ")
        elif value is None and kind != "missing":
            message = "is empty"
        else:
            message = _MESSAGES.get(kind, str(error["msg"]))
            if kind != "missing" and kind in _MESSAGES and not isinstance(value, (dict, list)):
                message += f", got {value!r}"
        path = (index, *loc) if kind != "missing" else (index, *loc[:-1])
        problems.append(Problem(located.file, located.line(path), name, message))
    return problems


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation if part in current.model_fields else None
        inner = getattr(annotation, "__args__", (annotation,))[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            current = inner
    return list(current.model_fields)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _cross_check(catalog: Catalog, topics: _Loaded[Topic], sources: _Loaded[Source],
                 entries: _Loaded[Entry]) -> list[Problem]:
    problems: list[Problem] = []
    problems += _unique("id", "topic", [(t.id, loc, (i, "id")) for t, loc, i in topics.items])
    problems += _unique("id", "source", [(s.id, loc, (i, "id")) for s, loc, i in sources.items])
    topic_ids, source_ids, entry_ids = topics.known(), sources.known(), entries.known()
    if topic_ids == set() and entries.items:
        problems.append(Problem(display_path(catalog.data_dir, catalog.data_dir / TOPICS_FILE), 1, "file",
                                "has no topics, so no entry's topics can be checked: define them here first"))
        topic_ids = None
    seen_ids: dict[str, Place] = {}
    by_work: dict[str, list[tuple[Entry, Located, int]]] = {}
    for (entry, located, index), place in zip(entries.items, entries.places, strict=True):
        if entry.id in seen_ids:
            first = seen_ids[entry.id]
            problems.append(Problem(place.file, located.line((index, "id")), "id",
                                    f"duplicate id '{entry.id}' (first at {first.file}:{first.line})"))
        else:
            seen_ids[entry.id] = place
        by_work.setdefault(_work_key(entry.url), []).append((entry, located, index))
        problems += _check_entry(entry, located, index, topic_ids, source_ids, entry_ids)
    problems += _same_work(list(by_work.values()))
    for topic, located, index in topics.items:
        for k, idea in enumerate(topic.key_ideas):
            for j, ref in enumerate(idea.entries):
                line = located.line((index, "key_ideas", k, "entries", j))
                if entry_ids is not None and ref not in entry_ids:
                    problems.append(Problem(located.file, line, "key_ideas.entries", f"unknown entry '{ref}'"
                                            + _did_you_mean(ref, entry_ids)))
                elif ref in catalog.entry_by_id and topic.id not in catalog.entry_by_id[ref].topics and \
                        topic_ids is not None and set(catalog.entry_by_id[ref].topics) <= topic_ids:
                    problems.append(Problem(located.file, line, "key_ideas.entries",
                                            f"entry '{ref}' is not in topic '{topic.id}'; add the topic to it"))
    return problems


def _same_work(groups: list[list[tuple[Entry, Located, int]]]) -> list[Problem]:
    """Report each entry naming a work an older entry already names, on the newer entry's line."""
    problems = []
    for group in groups:
        if len(group) < 2:
            continue
        ordered = sorted(enumerate(group), key=lambda item: (item[1][0].added, item[0]))
        oldest, located, index = ordered[0][1]
        where = f"{located.file}:{located.line((index,))}"
        for _, (_entry, other_located, other_index) in ordered[1:]:
            problems.append(Problem(other_located.file, other_located.line((other_index, "url")), "url",
                                    f"same work as entry '{oldest.id}' (first at {where})"))
    return problems


def _check_paths(reading_paths: _Loaded[ReadingPath], entry_ids: set[str] | None) -> list[Problem]:
    problems = []
    for path, located, index in reading_paths.items:
        seen: set[str] = set()
        for j, step in enumerate(path.steps):
            line = located.line((index, "steps", j, "entry"))
            if entry_ids is not None and step.entry not in entry_ids:
                problems.append(Problem(located.file, line, "steps.entry",
                                        f"unknown entry '{step.entry}'" + _did_you_mean(step.entry, entry_ids)))
            if step.entry in seen:
                problems.append(Problem(located.file, line, "steps.entry", f"'{step.entry}' is already a step"))
            seen.add(step.entry)
    return problems


def _check_entry(entry: Entry, located: Located, index: int, topic_ids: set[str] | None,
                 source_ids: set[str] | None, entry_ids: set[str] | None) -> list[Problem]:
    problems = []
    checks: tuple[tuple[str, list[str], set[str] | None, str], ...] = (
        ("topics", entry.topics, topic_ids, "topic"),
        ("tags", entry.tags, None, "tag"),
        ("distinct_from", entry.distinct_from, entry_ids, "entry"),
        ("suggested_topics", entry.suggested_topics, topic_ids, "topic"),
    )
    for field_name, values, known, what in checks:
        seen: set[str] = set()
        for j, value in enumerate(values):
            if value in seen:
                problems.append(Problem(located.file, located.line((index, field_name, j)), field_name,
                                        f"duplicate {what} '{value}'"))
            seen.add(value)
            if known is not None and value not in known:
                problems.append(Problem(located.file, located.line((index, field_name, j)), field_name,
                                        f"unknown {what} '{value}'" + _did_you_mean(value, known)))
    for j, ref in enumerate(entry.sources):
        if source_ids is not None and ref.source not in source_ids:
            problems.append(Problem(located.file, located.line((index, "sources", j)), "sources.source",
                                    f"unknown source '{ref.source}'" + _did_you_mean(ref.source, source_ids)))
    return problems


def _unique(field_name: str, what: str, items: list[tuple[str, Located, tuple[Any, ...]]]) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for value, located, path in items:
        line = located.line(path)
        if value in seen:
            problems.append(Problem(located.file, line, field_name,
                                    f"duplicate {what} id '{value}' (first at {seen[value]})"))
        else:
            seen[value] = f"{located.file}:{line}"
    return problems
