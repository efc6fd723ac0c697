"""Random edits to a synthetic data folder, as an editor makes them while `mkdocs serve` runs.

`Editor` holds the folder's items in memory and writes every file it changed after each edit
(item by item with `yamlio.dump_item`, the house style). Edits: change a title, note, level or
authors; add, delete or rename an entry (renaming updates the reading path and key ideas that
name it); move an entry between topics (and to its new primary topic's file); add or drop a tag;
add a source reference; swap two entries of a file; break the data (an unknown topic) so that
the next edit repairs it.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from llmreads.catalog import ENTRIES_DIR, PATHS_FILE, SCHEMA_COMMENT, TOPICS_FILE
from llmreads.yamlio import dump_item

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import synthetic

Item = dict[str, Any]


def make_data(out: Path, n: int, seed: int = 0) -> Path:
    """A synthetic data folder of n entries, plus a reading path and key ideas naming some entries."""
    synthetic.generate(out, n, seed)
    editor = Editor(out, random.Random(seed))
    ids = [e["id"] for e in editor.entries()]
    editor.paths = [{"id": "first-steps", "title": "First steps", "description": "A short route for the tests.",
                     "steps": [{"entry": i, "why": f"Step {k} of the route."} for k, i in enumerate(ids[:4:], 1)]}]
    for topic in editor.topics[:2]:
        mine = [e["id"] for e in editor.entries() if topic["id"] in e["topics"]][:2]
        topic["key_ideas"] = [{"name": f"Key idea of {topic['title']}", "entries": mine}]
    editor.dirty |= {PATHS_FILE, TOPICS_FILE}
    editor.write()
    return out


class Editor:
    """The items of a data folder in memory; each edit changes them and `write` saves what changed."""

    def __init__(self, data: Path, rng: random.Random) -> None:
        self.data, self.rng = data, rng
        self.topics: list[Item] = _load(data / TOPICS_FILE)
        self.paths: list[Item] = _load(data / PATHS_FILE)
        self.files: dict[str, list[Item]] = {
            f"{ENTRIES_DIR}/{p.name}": _load(p) for p in sorted((data / ENTRIES_DIR).glob("*.yaml"))}
        self.dirty: set[str] = set()
        self.broken: tuple[str, str] | None = None
        self.counter = 0

    def entries(self) -> list[Item]:
        return [e for items in self.files.values() for e in items]

    def write(self) -> None:
        for name in sorted(self.dirty):
            items = self.topics if name == TOPICS_FILE else self.paths if name == PATHS_FILE else self.files[name]
            header = SCHEMA_COMMENT if name.startswith(ENTRIES_DIR) else ""
            (self.data / name).write_text(header + "\n".join(dump_item(i) for i in items), encoding="utf-8")
        self.dirty.clear()

    def random_edit(self) -> str:
        """Make one edit (the repair, if the data is broken) and write it; return its name."""
        if self.broken:
            name = self._repair()
        else:
            edit = self.rng.choice(EDITS)
            name = edit.__name__.lstrip("_")
            edit(self)
        self.write()
        return name

    # ------------------------------------------------------------------------------- helpers

    def _pick(self, unreferenced: bool = False) -> tuple[str, Item]:
        referenced = self._referenced() if unreferenced else set()
        choices = [(f, e) for f, items in self.files.items() for e in items if e["id"] not in referenced]
        return self.rng.choice(choices)

    def _referenced(self) -> set[str]:
        steps = {s["entry"] for p in self.paths for s in p["steps"]}
        ideas = {i for t in self.topics for idea in t.get("key_ideas", []) for i in idea["entries"]}
        return steps | ideas

    def _touch(self, file: str) -> None:
        self.dirty.add(file)

    def _topic_ids(self) -> list[str]:
        return [t["id"] for t in self.topics]

    def _repair(self) -> str:
        assert self.broken is not None
        file, entry_id = self.broken
        entry = next(e for e in self.files[file] if e["id"] == entry_id)
        entry["topics"] = [t for t in entry["topics"] if t != "no-such-topic"]
        self.broken = None
        self._touch(file)
        return "repair"


def _title(ed: Editor) -> None:
    file, entry = ed._pick()
    entry["title"] = f"{entry['title'].split(' (')[0]} (edition {ed.rng.randrange(1000)})"
    ed._touch(file)


def _note(ed: Editor) -> None:
    file, entry = ed._pick()
    entry["note"] = f"A rewritten note, number {ed.rng.randrange(1000)}, in our own words."
    ed._touch(file)


def _level(ed: Editor) -> None:
    file, entry = ed._pick()
    entry["level"] = ed.rng.choice(["intro", "intermediate", "advanced"])
    entry["authors"] = [*entry.get("authors", [])[:1], f"Ed Itor{ed.rng.randrange(50)}"]
    ed._touch(file)


def _add(ed: Editor) -> None:
    ed.counter += 1
    topics = ed.rng.sample(ed._topic_ids(), ed.rng.choice([1, 2]))
    file = f"{ENTRIES_DIR}/{topics[0]}.yaml"
    entry = {"id": f"added-entry-{ed.counter}-{ed.rng.randrange(10**6)}", "title": f"Added work {ed.counter}",
             "url": f"https://added.example.com/{ed.counter}/{ed.rng.randrange(10**6)}", "authors": ["New Author"],
             "year": 2024, "kind": ed.rng.choice(["paper", "article", "video"]), "topics": topics,
             "tags": ed.rng.sample(synthetic.TAGS[:12], 2), "note": "Added while serving.",
             "sources": [{"source": "synthetic-list-alpha", "heading": "Added", "position": 1000 + ed.counter}],
             "added": dt.date(2025, 6, 1)}
    items = ed.files.setdefault(file, [])
    items.insert(ed.rng.randrange(len(items) + 1), entry)
    ed._touch(file)


def _delete(ed: Editor) -> None:
    file, entry = ed._pick(unreferenced=True)
    ed.files[file].remove(entry)
    ed._touch(file)


def _rename(ed: Editor) -> None:
    file, entry = ed._pick()
    old = entry["id"]
    ed.counter += 1
    new = f"{old.rsplit('-r', 1)[0]}-r{ed.counter}"
    entry["id"] = new
    for path in ed.paths:
        for step in path["steps"]:
            if step["entry"] == old:
                step["entry"] = new
                ed._touch(PATHS_FILE)
    for topic in ed.topics:
        for idea in topic.get("key_ideas", []):
            if old in idea["entries"]:
                idea["entries"] = [new if i == old else i for i in idea["entries"]]
                ed._touch(TOPICS_FILE)
    ed._touch(file)


def _move(ed: Editor) -> None:
    file, entry = ed._pick(unreferenced=True)
    topics = ed.rng.sample(ed._topic_ids(), ed.rng.choice([1, 2, 3]))
    entry["topics"] = topics
    target = f"{ENTRIES_DIR}/{topics[0]}.yaml"
    if target != file:
        ed.files[file].remove(entry)
        ed.files.setdefault(target, []).append(entry)
        ed._touch(target)
    ed._touch(file)


def _tag(ed: Editor) -> None:
    file, entry = ed._pick()
    fresh = [t for t in synthetic.TAGS if t not in entry["tags"]]
    tag = ed.rng.choice(fresh[:20]) if ed.rng.random() < 0.7 else f"fresh-tag-{ed.rng.randrange(10**4)}"
    entry["tags"] = [*entry["tags"], tag]
    ed._touch(file)


def _untag(ed: Editor) -> None:
    file, entry = ed._pick()
    if len(entry["tags"]) > 1:
        entry["tags"] = entry["tags"][1:]
        ed._touch(file)


def _source(ed: Editor) -> None:
    file, entry = ed._pick()
    have = {ref["source"] for ref in entry["sources"]}
    other = [s for s, _, _ in synthetic.SOURCES if s not in have]
    if other:
        entry["sources"] = [*entry["sources"], {"source": ed.rng.choice(other), "heading": "Later",
                                                "position": 500 + ed.rng.randrange(1000)}]
        ed._touch(file)


def _swap(ed: Editor) -> None:
    file = ed.rng.choice([f for f, items in ed.files.items() if len(items) > 1])
    items = ed.files[file]
    a, b = ed.rng.sample(range(len(items)), 2)
    items[a], items[b] = items[b], items[a]
    ed._touch(file)


def _break(ed: Editor) -> None:
    file, entry = ed._pick()
    entry["topics"] = [*entry["topics"], "no-such-topic"]
    ed.broken = (file, entry["id"])
    ed._touch(file)


EDITS: list[Callable[[Editor], None]] = [_title, _title, _note, _level, _add, _add, _delete, _rename, _move, _move,
                                         _tag, _untag, _source, _swap, _break]


def _load(path: Path) -> list[Item]:
    if not path.exists():
        return []
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return copy.deepcopy(list(loaded))
