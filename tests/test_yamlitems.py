"""Item by item parsing of a changed data file (yamlitems, catalog.FileCache): the same catalogue,
places and problems as parsing every file whole, whatever an edit does to the file's text."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from live_edits import make_data

from llmreads import catalog
from llmreads.catalog import Catalog, FileCache, read_catalog
from llmreads.errors import Problem
from llmreads.yamlio import parse
from llmreads.yamlitems import split_items

ITEM = "- id: {id}\n  title: Title {id}\n  url: https://example.com/{id}\n  kind: paper\n" \
       "  topics: [attention]\n  added: 2024-01-02\n"


def test_split_items_gives_each_items_text_and_first_line() -> None:
    text = "# header\n\n- id: a\n  title: A\n\n# about b\n- id: b\n  title: |\n    x\n    - y\n"
    assert split_items(text) == [(3, "- id: a\n  title: A\n\n# about b\n"),
                                 (7, "- id: b\n  title: |\n    x\n    - y\n")]


@pytest.mark.parametrize("text", [
    "",
    "# only a comment\n",
    "---\n- id: a\n",
    "- id: a\n...\n",
    "%YAML 1.1\n---\n- id: a\n",
    "-\n  id: a\n",
    "id: a\n",
    "  - id: a\n",
    "  # indented header\n- id: a\n",
    "- id: a\r\n- id: b\r\n",
    "- title: \"a quoted title\nwrapped at the margin\"\n",
    "\t- id: a\n",
])
def test_a_file_of_another_shape_is_not_split(text: str) -> None:
    assert split_items(text) is None


def _read(data: Path, cache: FileCache | None) -> tuple[Catalog, list[Problem]]:
    return read_catalog(data, cache=cache)


def _same(cached: tuple[Catalog, list[Problem]], whole: tuple[Catalog, list[Problem]]) -> None:
    (catalog, problems), (expected, expected_problems) = cached, whole
    assert [str(p) for p in problems] == [str(p) for p in expected_problems]
    assert catalog.entries == expected.entries
    assert [(p.file, p.line, p.fields) for p in catalog.places.values()] == \
           [(p.file, p.line, p.fields) for p in expected.places.values()]


def _edits(rng: random.Random, text: str) -> str:
    """One random change to a file's text: the kinds of change an editor makes, and some it should not."""
    if '"wrapped' in text:  # an item's start inside a title: the split below would tear it apart
        return _repaired(text)
    items = text.split("\n- ")
    k = rng.randrange(len(items))
    choice = rng.randrange(12)
    if choice == 0:  # a longer item: every later item moves down
        items[k] = items[k].replace("\n  url:", "\n  # one more line\n  # and another\n  url:", 1)
    elif choice == 1:  # an item gone: every later item moves up
        if len(items) > 2:
            del items[max(k, 1)]
    elif choice == 2:  # a bad field
        items[k] = items[k].replace("kind: paper", "kind: papr", 1)
    elif choice == 3:  # a field no entry has
        items[k] += "\n  colour: red"
    elif choice == 4:  # broken YAML
        items[k] = items[k].replace("title: ", "title: [", 1)
    elif choice == 5:  # a quoted title wrapped at the margin, with an item's start on its next line
        items[k] = items[k].replace("title: ", 'title: "wrapped\n- at the margin" ', 1)
    elif choice == 6:  # comments and blank lines between items
        items[k] += "\n\n# a comment\n"
    elif choice == 7:  # two items swapped
        j = rng.randrange(1, len(items))
        if k:
            items[k], items[j] = items[j], items[k]
    elif choice == 8:  # a title edited
        items[k] = items[k].replace("title: ", "title: Edited ", 1)
    else:
        return _repaired(text)
    return "\n- ".join(items)


def _repaired(text: str) -> str:
    """The text with every mistake `_edits` makes undone."""
    return (text.replace("kind: papr", "kind: paper").replace("title: [", "title: ")
            .replace('"wrapped\n- at the margin" ', "").replace("\n  colour: red", ""))


def test_a_cached_reload_after_random_text_edits_equals_reading_every_file_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_data(tmp_path / "data", 60, seed=7)
    files = sorted((data / "entries").glob("*.yaml"))
    rng = random.Random(8)
    cache = FileCache()
    _same(_read(data, cache), _read(data, None))
    ways: list[bool] = []
    by_items = catalog._Loaded._parse_items

    def recording(self: catalog._Loaded[Any], raw: bytes, name: str, cache: FileCache) -> bool:
        ways.append(by_items(self, raw, name, cache))
        return ways[-1]
    monkeypatch.setattr(catalog._Loaded, "_parse_items", recording)
    for step in range(150):
        path = rng.choice(files)
        path.write_text(_edits(rng, path.read_text(encoding="utf-8")), encoding="utf-8")
        if step % 4 == 3:  # every mistake fixed now and then, so that edits to valid files come often
            for each in files:
                each.write_text(_repaired(each.read_text(encoding="utf-8")), encoding="utf-8")
        _same(_read(data, cache), _read(data, None))
    assert ways.count(True) > 20 and ways.count(False) > 20  # both ways were taken


def test_a_bad_field_keeps_its_line_when_an_edit_above_it_moves_it(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_data(tmp_path / "data", 4, seed=1)
    path = data / "entries" / "many.yaml"
    items = [ITEM.format(id=f"e{n}") for n in range(5)]
    path.write_text("".join(items), encoding="utf-8")
    cache = FileCache()
    assert [p for p in _read(data, cache)[1] if p.file == str(path)] == []
    parsed: list[str] = []

    def counting(text: str, file: str) -> object:
        parsed.append(text)
        return parse(text, file)
    monkeypatch.setattr(catalog, "parse", counting)
    items[1] = items[1].replace("  added:", "  note: a note\n  level: intro\n  added:")
    items[3] = items[3].replace("kind: paper", "kind: papr")
    path.write_text("".join(items), encoding="utf-8")
    problems = [p for p in _read(data, cache)[1] if p.file == str(path)]
    assert parsed == [items[1], items[3]]  # only the two edited items are parsed again
    assert [(p.line, p.field) for p in problems] == [(3 * 6 + 2 + 4, "kind")]
    assert problems[0].message.startswith("'papr' is not one of")
    catalog_now, _ = _read(data, cache)
    assert catalog_now.places["e4"].line == 4 * 6 + 2 + 1
    assert catalog_now.places["e4"].line_of("topics") == 4 * 6 + 2 + 5
    _same(_read(data, cache), _read(data, None))


def test_a_broken_then_fixed_file_is_read_as_if_whole(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", 4, seed=1)
    path = data / "entries" / "many.yaml"
    good = "".join(ITEM.format(id=f"e{n}") for n in range(4))
    path.write_text(good, encoding="utf-8")
    cache = FileCache()
    _read(data, cache)
    path.write_text(good.replace("title: Title e2", "title: [Title e2"), encoding="utf-8")
    broken = _read(data, cache)
    assert [(p.line, p.field) for p in broken[1] if p.file == str(path)] == [(14, "yaml")]
    assert "e0" not in broken[0].entry_by_id  # a file that cannot be read gives no entries
    path.write_text(good.replace("Title e2", "Title two"), encoding="utf-8")
    fixed = _read(data, cache)
    assert [p for p in fixed[1] if p.file == str(path)] == []
    assert fixed[0].entry_by_id["e2"].title == "Title two"
    assert fixed[0].places["e3"].line == 19
    _same(fixed, _read(data, None))
