"""Reading and validating data/ (catalog.py): every check's exact message, its line, and what stays valid.

Each case writes a small data folder into tmp_path/data and reads it from tmp_path, so files show as
`data/...` exactly as `llmreads check` prints them; the corpus in tests/check_corpus covers the same
messages end to end through the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel

from llmreads import catalog as catalog_module
from llmreads.catalog import (
    Catalog,
    FileCache,
    Place,
    _field_names,
    display_path,
    entry_files,
    load_catalog,
    read_catalog,
)
from llmreads.errors import DataError
from llmreads.model import Entry, Topic

TOPICS = """\
- id: attention
  title: Attention
  description: How tokens weigh each other.
  order: 2
- id: tokenization
  title: Tokenization
  description: How text becomes tokens.
  order: 1
"""
SOURCES = """\
- id: anti-hype
  title: Anti-hype
  origin: lists/anti-hype.md
  imported: 2024-01-31
"""


def entry(entry_id: str, url: str, *, topics: str = "[attention]", added: str = "2024-01-31", extra: str = "") -> str:
    """One entry as YAML (six lines plus `extra`, which goes after `topics`)."""
    return (f"- id: {entry_id}\n  title: {entry_id.title()}\n  url: {url}\n  kind: paper\n  topics: {topics}\n"
            f"{extra}  added: {added}\n")


KINDS = "'paper', 'article', 'video', 'course', 'book', 'code', 'thread', 'slides', 'podcast', 'other'"
A = entry("alpha", "https://example.com/a")
B = entry("beta", "https://example.com/b")


def folder(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (name -> text) under root/data; topics.yaml and sources.yaml default to the ones above."""
    data = root / "data"
    for name, text in {"topics.yaml": TOPICS, "sources.yaml": SOURCES, **files}.items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(text, encoding="utf-8")
    return data


def problems(root: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The problems `read_catalog` reports for the folder, as `llmreads check` prints them."""
    folder(root, files)
    monkeypatch.chdir(root)
    return [str(p) for p in read_catalog(Path("data"))[1]]


CASES: dict[str, tuple[dict[str, str], list[str]]] = {
    "valid": ({"entries/a.yaml": A + B}, []),
    "topics file missing is required": (
        {"entries/a.yaml": A, "topics.yaml": ""},
        ["data/topics.yaml:1: file: has no topics, so no entry's topics can be checked: define them here first"]),
    "empty topics without entries says nothing": ({"topics.yaml": "", "sources.yaml": ""}, []),
    "topics not a list": ({"topics.yaml": "id: attention\n"}, ["data/topics.yaml:1: file: expected a list of topics"]),
    "sources not a list": ({"sources.yaml": "a: 1\n"}, ["data/sources.yaml:1: file: expected a list of sources"]),
    "paths not a list": ({"paths.yaml": "x\n"}, ["data/paths.yaml:1: file: expected a list of reading paths"]),
    "entries not a list": ({"entries/a.yaml": "7\n"}, ["data/entries/a.yaml:1: file: expected a list of entries"]),
    "item not a mapping": (
        {"entries/a.yaml": A + "- just text\n" + B},
        ["data/entries/a.yaml:7: item: expected a mapping of fields"]),
    "number key, with the id still known to references": (
        {"entries/a.yaml": A + B.replace("  added:", "  2024: x\n  added:"),
         "topics.yaml": TOPICS + "  key_ideas:\n    - {name: B, entries: [beta]}\n"},
        ["data/entries/a.yaml:12: 2024: unknown field"]),
    "number key near a field name": (
        {"entries/a.yaml": A.replace("  added:", "  1: x\n  added:")},
        ["data/entries/a.yaml:6: 1: unknown field"]),
    "invalid entry's id still known to references": (
        {"entries/a.yaml": A + B.replace("kind: paper", "kind: papr"),
         "paths.yaml": "- id: p\n  title: P\n  description: D\n  steps:\n    - {entry: beta, why: W}\n"},
        ["data/entries/a.yaml:10: kind: 'papr' is not one of " + KINDS + " (did you mean 'paper'?)"]),
    "invalid entry without a text id": (
        {"entries/a.yaml": A + "- id: 5\n  title: T\n  url: https://example.com/c\n  kind: paper\n"
         "  topics: [attention]\n  added: 2024-01-31\n"},
        ["data/entries/a.yaml:7: id: must be text, got 5"]),
    "missing field is reported on the item's line": (
        {"entries/a.yaml": A + B.replace("  kind: paper\n", "")},
        ["data/entries/a.yaml:7: kind: required field is missing"]),
    "missing nested field is reported on the nested item's line": (
        {"entries/a.yaml": A.replace("  added:", "  sources:\n    - {source: anti-hype, heading: H}\n  added:")},
        ["data/entries/a.yaml:7: sources.position: required field is missing"]),
    "text expected": (
        {"entries/a.yaml": A.replace("title: Alpha", "title: [a, b]")},
        ["data/entries/a.yaml:2: title: must be text"]),
    "list expected": (
        {"entries/a.yaml": A.replace("topics: [attention]", "topics: attention")},
        ["data/entries/a.yaml:5: topics: must be a list, got 'attention'"]),
    "whole number expected": (
        {"entries/a.yaml": A.replace("  added:", "  minutes: '12'\n  added:")},
        ["data/entries/a.yaml:6: minutes: must be a whole number, got '12'"]),
    "date expected": (
        {"entries/a.yaml": A.replace("added: 2024-01-31", "added: 31/01/2024")},
        ["data/entries/a.yaml:6: added: must be a date like 2024-01-31, got '31/01/2024'"]),
    "mapping expected": (
        {"entries/a.yaml": A.replace("  added:", "  links: [https://example.com/x]\n  added:")},
        ["data/entries/a.yaml:6: links: must be a mapping of fields, got 'https://example.com/x'"]),
    "empty value": (
        {"entries/a.yaml": A.replace("title: Alpha", "title:")},
        ["data/entries/a.yaml:2: title: is empty"]),
    "empty list": (
        {"entries/a.yaml": A.replace("topics: [attention]", "topics: []")},
        ["data/entries/a.yaml:5: topics: must not be empty"]),
    "below the least": (
        {"entries/a.yaml": A.replace("  added:", "  minutes: 0\n  added:")},
        ["data/entries/a.yaml:6: minutes: 0 must be at least 1"]),
    "above the most": (
        {"entries/a.yaml": A.replace("  added:", "  minutes: 100001\n  added:")},
        ["data/entries/a.yaml:6: minutes: 100001 must be at most 100000"]),
    "at the bounds": (
        {"entries/a.yaml": A.replace("  added:", "  minutes: 1\n  added:")
         + B.replace("  added:", "  minutes: 100000\n  added:")}, []),
    "value error without its prefix": (
        {"entries/a.yaml": A.replace("url: https://example.com/a", "url: ftp://example.com/a")},
        ["data/entries/a.yaml:3: url: 'ftp://example.com/a' is not an http(s) URL"]),
    "enum far from every choice": (
        {"entries/a.yaml": A.replace("kind: paper", "kind: zzz")},
        ["data/entries/a.yaml:4: kind: 'zzz' is not one of " + KINDS]),
    "unknown field": (
        {"entries/a.yaml": A.replace("  added:", "  autors: [X]\n  added:")},
        ["data/entries/a.yaml:6: autors: unknown field (did you mean 'authors'?)"]),
    "unknown nested field names the nested model's fields": (
        {"entries/a.yaml": A.replace("  added:", "  sources:\n    - {source: anti-hype, heding: H, position: 1}\n"
                                                "  added:")},
        ["data/entries/a.yaml:7: sources.heding: unknown field (did you mean 'heading'?)"]),
    "unknown field of a key idea": (
        {"entries/a.yaml": A, "topics.yaml": TOPICS + "  key_ideas:\n    - {name: K, entires: [alpha]}\n"},
        ["data/topics.yaml:10: key_ideas.entires: unknown field (did you mean 'entries'?)",
         "data/topics.yaml:10: key_ideas.entries: required field is missing"]),
    "unknown field far from every name": (
        {"entries/a.yaml": A.replace("  added:", "  zzzzzz: 1\n  added:")},
        ["data/entries/a.yaml:6: zzzzzz: unknown field"]),
    "entries path is a file": (
        {"entries": "x\n"}, ["data/entries:1: file: must be a folder of YAML files"]),
    "duplicate topic ids": (
        {"topics.yaml": TOPICS + TOPICS.split("- id: tokenization")[0]},
        ["data/topics.yaml:9: id: duplicate topic id 'attention' (first at data/topics.yaml:1)"]),
    "duplicate topic ids, on the line of the id": (
        {"topics.yaml": TOPICS + "- title: Again\n  id: attention\n  description: D\n  order: 3\n"},
        ["data/topics.yaml:10: id: duplicate topic id 'attention' (first at data/topics.yaml:1)"]),
    "duplicate source ids, on the line of the id": (
        {"sources.yaml": "- title: T\n  id: s\n  origin: o\n  imported: 2024-01-31\n" * 2},
        ["data/sources.yaml:6: id: duplicate source id 's' (first at data/sources.yaml:2)"]),
    "duplicate entry ids, on the line of the id": (
        {"entries/a.yaml": A + "- title: Again\n  id: alpha\n  url: https://example.com/c\n  kind: paper\n"
                           "  topics: [attention]\n  added: 2024-01-31\n"},
        ["data/entries/a.yaml:8: id: duplicate id 'alpha' (first at data/entries/a.yaml:1)"]),
    "duplicate source ids": (
        {"sources.yaml": SOURCES + SOURCES},
        ["data/sources.yaml:5: id: duplicate source id 'anti-hype' (first at data/sources.yaml:1)"]),
    "duplicate path ids, on the line of the id": (
        {"entries/a.yaml": A,
         "paths.yaml": "- title: P\n  id: p\n  description: D\n  steps: [{entry: alpha, why: W}]\n" * 2},
        ["data/paths.yaml:6: id: duplicate path id 'p' (first at data/paths.yaml:2)"]),
    "duplicate entry ids across files": (
        {"entries/a.yaml": A, "entries/b.yaml": B + entry("alpha", "https://example.com/c")},
        ["data/entries/b.yaml:7: id: duplicate id 'alpha' (first at data/entries/a.yaml:1)"]),
    "same work is reported on the newer entry": (
        {"entries/a.yaml": entry("new", "https://example.com/x/", added="2024-02-01")
         + entry("old", "http://example.com/x", added="2024-01-01")},
        ["data/entries/a.yaml:3: url: same work as entry 'old' (first at data/entries/a.yaml:7)"]),
    "same work after a work named once": (
        {"entries/a.yaml": B + A + entry("again", "https://example.com/a/")},
        ["data/entries/a.yaml:15: url: same work as entry 'alpha' (first at data/entries/a.yaml:7)"]),
    "same work added the same day: the first listed is the older": (
        {"entries/a.yaml": A + entry("again", "https://example.com/a?utm_source=x")
         + entry("third", "https://example.com/a#top")},
        ["data/entries/a.yaml:9: url: same work as entry 'alpha' (first at data/entries/a.yaml:1)",
         "data/entries/a.yaml:15: url: same work as entry 'alpha' (first at data/entries/a.yaml:1)"]),
    "unknown topic": (
        {"entries/a.yaml": A.replace("[attention]", "[attention, tokenisation]")},
        ["data/entries/a.yaml:5: topics: unknown topic 'tokenisation' (did you mean 'tokenization'?)"]),
    "duplicate topic on an entry": (
        {"entries/a.yaml": A.replace("[attention]", "[attention, attention]")},
        ["data/entries/a.yaml:5: topics: duplicate topic 'attention'"]),
    "duplicate tag": (
        {"entries/a.yaml": A.replace("  added:", "  tags:\n    - x\n    - y\n    - x\n  added:")},
        ["data/entries/a.yaml:9: tags: duplicate tag 'x'"]),
    "unknown distinct_from": (
        {"entries/a.yaml": A.replace("  added:", "  distinct_from: [betta]\n  added:") + B},
        ["data/entries/a.yaml:6: distinct_from: unknown entry 'betta' (did you mean 'beta'?)"]),
    "known distinct_from": ({"entries/a.yaml": A.replace("  added:", "  distinct_from: [beta]\n  added:") + B}, []),
    "unknown and duplicate suggested topic": (
        {"entries/a.yaml": A.replace("  added:", "  suggested_topics:\n    - attention\n    - attention\n"
                                                "    - attenshun\n  added:")},
        ["data/entries/a.yaml:8: suggested_topics: duplicate topic 'attention'",
         "data/entries/a.yaml:9: suggested_topics: unknown topic 'attenshun' (did you mean 'attention'?)"]),
    "unknown source": (
        {"entries/a.yaml": A.replace("  added:", "  sources:\n    - {source: anti-hipe, position: 1}\n"
                                                "    - {source: anti-hype, position: 2}\n  added:")},
        ["data/entries/a.yaml:7: sources.source: unknown source 'anti-hipe' (did you mean 'anti-hype'?)"]),
    "no sources file: every source is unknown": (
        {"sources.yaml": "", "entries/a.yaml": A.replace("  added:", "  sources: [{source: x, position: 1}]\n"
                                                                    "  added:")},
        ["data/entries/a.yaml:6: sources.source: unknown source 'x'"]),
    "unreadable sources: references are not checked": (
        {"sources.yaml": "- [\n", "entries/a.yaml": A.replace("  added:", "  sources: [{source: x, position: 1}]\n"
                                                                         "  added:")},
        ["data/sources.yaml:2: yaml: syntax error: did not find expected node content"]),
    "unreadable entries: key ideas and paths are not checked": (
        {"entries/a.yaml": "- [\n", "topics.yaml": TOPICS + "  key_ideas:\n    - {name: K, entries: [nobody]}\n",
         "paths.yaml": "- id: p\n  title: P\n  description: D\n  steps: [{entry: nobody, why: W}]\n"},
        ["data/entries/a.yaml:2: yaml: syntax error: did not find expected node content"]),
    "unknown key-idea entry": (
        {"entries/a.yaml": A + B, "topics.yaml": TOPICS.replace(
            "  order: 2\n", "  order: 2\n  key_ideas:\n    - name: K\n      entries:\n"
                             "        - alpha\n        - alpa\n")},
        ["data/topics.yaml:9: key_ideas.entries: unknown entry 'alpa' (did you mean 'alpha'?)"]),
    "key-idea entry of another topic": (
        {"entries/a.yaml": A + B.replace("[attention]", "[tokenization]"), "topics.yaml": TOPICS.replace(
            "  order: 2\n", "  order: 2\n  key_ideas:\n    - name: K\n      entries: [alpha, beta]\n")},
        ["data/topics.yaml:7: key_ideas.entries: entry 'beta' is not in topic 'attention'; add the topic to it"]),
    "key-idea entry whose own topics are wrong: only its topic is reported": (
        {"entries/a.yaml": A + B.replace("[attention]", "[tokenizaton]"), "topics.yaml": TOPICS.replace(
            "  order: 2\n", "  order: 2\n  key_ideas:\n    - name: K\n      entries: [beta]\n")},
        ["data/entries/a.yaml:11: topics: unknown topic 'tokenizaton' (did you mean 'tokenization'?)"]),
    "key-idea entry that is invalid: only its own problem": (
        {"entries/a.yaml": A + B.replace("kind: paper", "kind: 5"), "topics.yaml": TOPICS.replace(
            "  order: 2\n", "  order: 2\n  key_ideas:\n    - name: K\n      entries: [beta]\n")},
        ["data/entries/a.yaml:10: kind: 5 is not one of " + KINDS]),
    "reading path steps: unknown and repeated": (
        {"entries/a.yaml": A + B, "paths.yaml": "- id: p\n  title: P\n  description: D\n  steps:\n"
         "    - {entry: alpha, why: W}\n    - {entry: bta, why: W}\n    - {entry: alpha, why: W}\n"
         "    - {entry: bta, why: W}\n"},
        ["data/paths.yaml:6: steps.entry: unknown entry 'bta' (did you mean 'beta'?)",
         "data/paths.yaml:7: steps.entry: 'alpha' is already a step",
         "data/paths.yaml:8: steps.entry: 'bta' is already a step",
         "data/paths.yaml:8: steps.entry: unknown entry 'bta' (did you mean 'beta'?)"]),
    "reading path steps: on the line of the entry field": (
        {"entries/a.yaml": A, "paths.yaml": "- id: p\n  title: P\n  description: D\n  steps:\n"
         "    - why: W\n      entry: alpha\n    - why: W\n      entry: alpha\n    - why: W\n      entry: nobody\n"},
        ["data/paths.yaml:8: steps.entry: 'alpha' is already a step",
         "data/paths.yaml:10: steps.entry: unknown entry 'nobody'"]),
    "an unreadable entry file leaves the others checked": (
        {"entries/a.yaml": "- [\n", "entries/b.yaml": B.replace("  added:", "  7: x\n  added:")
         + entry("gamma", "https://example.com/g", topics="[tokenisation]")},
        ["data/entries/a.yaml:2: yaml: syntax error: did not find expected node content",
         "data/entries/b.yaml:6: 7: unknown field",
         "data/entries/b.yaml:12: topics: unknown topic 'tokenisation' (did you mean 'tokenization'?)"]),
    "a second path may reuse the first path's steps": (
        {"entries/a.yaml": A,
         "paths.yaml": "- id: p\n  title: P\n  description: D\n  steps: [{entry: alpha, why: W}]\n"
                       "- id: q\n  title: Q\n  description: D\n  steps: [{entry: alpha, why: W}]\n"}, []),
    "problems are sorted by file and line": (
        {"entries/b.yaml": B.replace("kind: paper", "kind: zzz"), "entries/a.yaml": A.replace("title: Alpha", "title:"),
         "topics.yaml": TOPICS.replace("order: 1", "order: x")},
        ["data/entries/a.yaml:2: title: is empty",
         "data/entries/b.yaml:4: kind: 'zzz' is not one of " + KINDS,
         "data/topics.yaml:8: order: must be a whole number, got 'x'"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_read_catalog_reports_exactly(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files, expected = CASES[name]
    assert problems(tmp_path, files, monkeypatch) == expected


@pytest.mark.parametrize("bad", ["- just text\n", "- 7: x\n  id: odd\n", "- id: invalid\n"])
def test_the_items_after_a_bad_one_are_read(bad: str, tmp_path: Path) -> None:
    data = folder(tmp_path, {"entries/a.yaml": A + bad + B + entry("gamma", "https://example.com/g")})
    catalog, found = read_catalog(data)
    assert len(found) >= 1
    assert [e.id for e in catalog.entries] == ["alpha", "beta", "gamma"]


def test_a_missing_topics_file_is_the_only_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = folder(tmp_path, {"entries/a.yaml": A})
    (data / "topics.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    catalog, found = read_catalog(Path("data"))
    assert [str(p) for p in found] == ["data/topics.yaml:1: file: missing"]
    assert [e.id for e in catalog.entries] == ["alpha"]


def test_missing_optional_files_are_fine(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    catalog, found = read_catalog(data)
    assert found == []
    assert (catalog.sources, catalog.entries, catalog.paths) == ([], [], [])


def test_an_unreadable_file_is_one_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = folder(tmp_path, {"entries/a.yaml": A})
    (data / "sources.yaml").unlink()
    (data / "sources.yaml").mkdir()
    monkeypatch.chdir(tmp_path)
    found = [str(p) for p in read_catalog(Path("data"))[1]]
    assert len(found) == 1
    assert found[0].startswith("data/sources.yaml:1: file: ")


def test_the_catalog_holds_what_is_valid(tmp_path: Path) -> None:
    data = folder(tmp_path, {"entries/a.yaml": A + B.replace("kind: paper", "kind: zzz"),
                             "entries/b.yml": entry("gamma", "https://example.com/g",
                                                    topics="[tokenization, attention]"),
                             "paths.yaml": "- id: p\n  title: P\n  description: D\n"
                                           "  steps: [{entry: alpha, why: W}]\n"})
    catalog, found = read_catalog(data)
    assert len(found) == 1
    assert catalog.data_dir == data
    assert [t.id for t in catalog.topics] == ["tokenization", "attention"]  # by order
    assert [s.id for s in catalog.sources] == ["anti-hype"]
    assert [e.id for e in catalog.entries] == ["alpha", "gamma"]
    assert [p.id for p in catalog.paths] == ["p"]
    assert [e.id for e in catalog.entries_in("attention")] == ["alpha", "gamma"]
    assert [e.id for e in catalog.entries_in("tokenization")] == ["gamma"]
    assert set(catalog.topic_by_id) == {"attention", "tokenization"}
    assert catalog.source_by_id["anti-hype"].title == "Anti-hype"
    assert catalog.entry_by_id["gamma"].url == "https://example.com/g"
    assert set(catalog.entry_by_url) == {"https://example.com/a", "https://example.com/g"}


def test_places_give_each_entry_its_file_line_and_field_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder(tmp_path, {"entries/a.yaml": A + B.replace("  added:", "  note: N\n  added:")})
    monkeypatch.chdir(tmp_path)
    catalog, _ = read_catalog(Path("data"))
    alpha, beta = catalog.places["alpha"], catalog.places["beta"]
    assert (alpha.file, alpha.line) == ("data/entries/a.yaml", 1)
    assert (beta.file, beta.line) == ("data/entries/a.yaml", 7)
    assert beta.fields == {"id": 7, "title": 8, "url": 9, "kind": 10, "topics": 11, "note": 12, "added": 13}
    assert beta.line_of("note") == 12
    assert beta.line_of("authors") == 7  # not given: the entry's first line
    assert alpha.line_of("note") == 1


def test_topics_sort_by_order_then_id() -> None:
    topics = [Topic(id=i, title=i, description="d", order=o) for i, o in (("c", 1), ("b", 2), ("a", 2), ("d", 0))]
    catalog = Catalog(Path("data"), topics, [], [])
    assert [t.id for t in catalog.topics] == ["d", "c", "a", "b"]


def test_load_catalog_raises_every_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder(tmp_path, {"entries/a.yaml": A.replace("title: Alpha", "title:") + B.replace("kind: paper", "kind: zzz")})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError) as info:
        load_catalog(Path("data"))
    assert [str(p) for p in info.value.problems] == [
        "data/entries/a.yaml:2: title: is empty",
        "data/entries/a.yaml:10: kind: 'zzz' is not one of " + KINDS]


def test_load_catalog_returns_a_valid_catalog(tmp_path: Path) -> None:
    data = folder(tmp_path, {"entries/a.yaml": A})
    assert [e.id for e in load_catalog(data).entries] == ["alpha"]


def test_overrides_stand_in_for_files_and_add_entry_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = folder(tmp_path, {"entries/a.yaml": A})
    monkeypatch.chdir(tmp_path)
    overrides = {Path("data/entries/a.yaml"): B, Path("data/entries/new.yaml"): entry("gamma", "https://example.com/g"),
                 Path("data/other/c.yaml"): entry("delta", "https://example.com/d")}
    catalog, found = read_catalog(Path("data"), overrides)
    assert found == []
    assert [e.id for e in catalog.entries] == ["beta", "gamma"]
    assert (data / "entries/a.yaml").read_text(encoding="utf-8") == A  # nothing written
    assert not (data / "entries/new.yaml").exists()


def test_entry_files_lists_yaml_and_yml_in_order_plus_extra(tmp_path: Path) -> None:
    assert entry_files(tmp_path) == []
    (tmp_path / "entries").mkdir()
    for name in ("b.yml", "a.yaml", "c.txt", "d.yaml"):
        (tmp_path / "entries" / name).write_text("", encoding="utf-8")
    extra = tmp_path / "entries" / "c.yaml"
    assert entry_files(tmp_path, [extra]) == [tmp_path / "entries" / n for n in ("a.yaml", "b.yml", "c.yaml", "d.yaml")]
    assert entry_files(tmp_path) == [tmp_path / "entries" / n for n in ("a.yaml", "b.yml", "d.yaml")]


def test_entry_files_without_a_folder_are_only_the_extra(tmp_path: Path) -> None:
    (tmp_path / "entries").write_text("", encoding="utf-8")
    assert entry_files(tmp_path, [tmp_path / "x.yaml"]) == [tmp_path / "x.yaml"]


def test_display_path_keeps_the_users_spelling() -> None:
    assert display_path(Path("data"), Path("data/entries/a.yaml")) == "data/entries/a.yaml"
    assert display_path(Path("../d"), Path("../d/topics.yaml")) == "../d/topics.yaml"
    assert display_path(Path("data"), Path("/elsewhere/a.yaml")) == "/elsewhere/a.yaml"


def test_place_equality_ignores_field_lines() -> None:
    assert Place("f", 3, {"id": 3}) == Place("f", 3, {"title": 4})
    assert Place("f", 3) != Place("f", 4)


def test_a_cached_reload_gives_the_same_catalog_and_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = B.replace("kind: paper", "kind: zzz")
    files = {"entries/a.yaml": A, "entries/b.yaml": bad,
             "paths.yaml": "- id: p\n  title: P\n  description: D\n"
                           "  steps: [{entry: beta, why: W}, {entry: b, why: W}]\n"}
    folder(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    cache = FileCache()
    first, first_problems = read_catalog(Path("data"), cache=cache)
    assert len(cache.outcomes) == 5  # topics, sources, paths and two entry files
    assert cache.used == set()  # pruned after the read
    again, again_problems = read_catalog(Path("data"), cache=cache)
    assert again_problems == first_problems
    assert [str(p) for p in again_problems] == [  # beta, though invalid, is a known step; b is not
        "data/entries/b.yaml:4: kind: 'zzz' is not one of " + KINDS,
        "data/paths.yaml:4: steps.entry: unknown entry 'b'"]
    assert [e.id for e in again.entries] == [e.id for e in first.entries] == ["alpha"]
    assert again.entries[0] is first.entries[0]  # taken from the cache, not parsed again
    assert again.topics[0] is first.topics[0]
    assert again.places == first.places
    assert [t.id for t in again.topics] == ["tokenization", "attention"]
    assert [s.id for s in again.sources] == ["anti-hype"]


def test_the_cache_reparses_a_changed_file_and_forgets_a_deleted_one(tmp_path: Path) -> None:
    data = folder(tmp_path, {"entries/a.yaml": A, "entries/b.yaml": B})
    cache = FileCache()
    read_catalog(data, cache=cache)
    (data / "entries/a.yaml").write_text(A.replace("title: Alpha", "title: Changed"), encoding="utf-8")
    (data / "entries/b.yaml").unlink()
    catalog, found = read_catalog(data, cache=cache)
    assert found == []
    assert [(e.id, e.title) for e in catalog.entries] == [("alpha", "Changed")]
    assert len(cache.outcomes) == 3
    assert {name for _, name, _ in cache.outcomes} == {str(data / n) for n in ("topics.yaml", "sources.yaml",
                                                                                "entries/a.yaml")}


def test_the_cache_keys_on_the_kind_of_item(tmp_path: Path) -> None:
    data = folder(tmp_path, {"entries/a.yaml": A})
    cache = FileCache()
    read_catalog(data, cache=cache)
    assert sorted(kind for kind, _, _ in cache.outcomes) == ["Entry", "Source", "Topic"]


def test_a_cached_unreadable_file_still_hides_references(tmp_path: Path) -> None:
    data = folder(tmp_path, {"sources.yaml": "- [\n",
                             "entries/a.yaml": A.replace("  added:",
                                                         "  sources: [{source: x, position: 1}]\n  added:")})
    cache = FileCache()
    expected = [str(p) for p in read_catalog(data, cache=cache)[1]]
    assert len(expected) == 1
    assert [str(p) for p in read_catalog(data, cache=cache)[1]] == expected


def test_a_cached_invalid_topic_still_hides_its_references(tmp_path: Path) -> None:
    data = folder(tmp_path, {"topics.yaml": TOPICS.replace("order: 1", "order: x"),
                             "entries/a.yaml": A.replace("[attention]", "[tokenization]")})
    cache = FileCache()
    first = [str(p) for p in read_catalog(data, cache=cache)[1]]
    assert first == [f"{data}/topics.yaml:8: order: must be a whole number, got 'x'"]
    assert [str(p) for p in read_catalog(data, cache=cache)[1]] == first


def test_entries_in_keeps_catalogue_order() -> None:
    entries = [Entry(id=i, title=i, url=f"https://example.com/{i}", kind="paper", topics=t, added="2024-01-01")
               for i, t in (("z", ["b", "a"]), ("y", ["a"]), ("x", ["b"]))]
    catalog = Catalog(Path("data"), [], [], entries)
    assert [e.id for e in catalog.entries_in("a")] == ["z", "y"]
    assert [e.id for e in catalog.entries_in("b")] == ["z", "x"]


def test_an_entry_file_gone_before_it_is_read_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = folder(tmp_path, {"entries/a.yaml": A})
    listed = catalog_module.entry_files

    def with_a_vanished_file(data_dir: Path, extra: Iterable[Path] = ()) -> list[Path]:
        return [*listed(data_dir, extra), data_dir / "entries" / "deleted-while-serving.yaml"]

    monkeypatch.setattr(catalog_module, "entry_files", with_a_vanished_file)
    catalog, found = read_catalog(data)
    assert found == []
    assert [e.id for e in catalog.entries] == ["alpha"]


class _Deep(BaseModel):
    deepest: int


class _Inner(BaseModel):
    direct: _Deep
    many: list[_Deep]
    mode: Literal["a", "b"]


class _Outer(BaseModel):
    inner: _Inner
    items: list[_Inner]


@pytest.mark.parametrize(("loc", "names"), [
    (("x",), ["inner", "items"]),
    (("inner", "x"), ["direct", "many", "mode"]),
    (("items", 0, "x"), ["direct", "many", "mode"]),
    (("inner", "direct", "x"), ["deepest"]),                # a model field, not a list of them
    (("items", 2, "many", 0, "x"), ["deepest"]),            # through two lists
    (("inner", "mode", "x"), ["direct", "many", "mode"]),   # a field that is no model leaves the names as they are
])
def test_field_names_follow_the_path_into_nested_models(loc: tuple[str | int, ...], names: list[str]) -> None:
    assert _field_names(_Outer, loc) == names
