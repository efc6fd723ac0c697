"""Surgical YAML edits: only the lines that must change change; the result parses to the expected data."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from conftest import inserted_lines
from hypothesis import given
from hypothesis import strategies as st

from llmreads import editing
from llmreads.editing import FileEdits, append_item, append_to_list, replace_list_item, replace_scalar
from llmreads.yamlio import DataLoader


def load(text: str) -> Any:
    return yaml.load(text, Loader=DataLoader)


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """Assert the texts have the same number of lines and return the pairs that differ."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new), after
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


# A file in the house style, with the things a curator leaves behind: comments, blank lines,
# quoting choices, folded text, a multi-line flow list and a block-style list.
FILE = """\
# yaml-language-server: $schema=../../schema/entries.schema.json
# A header comment.

- id: first
  title: 'Quoted: title'
  url: https://example.com/first
  authors: [Ann Author, "Bob Writer"]   # double quotes kept
  year: 2020
  kind: article
  topics: [attention]
  tags: [x, y]
  note: >-
    A folded note that runs
    over two lines.
  sources:
    - {source: one, heading: 'A › B', position: 1}  # trailing comment
    # a comment between items
    - {source: two, heading: Other, position: 7}
  added: 2024-01-01

# A comment between entries.

- id: second
  title: >-
    A folded title
  url: https://example.com/second
  kind: paper
  topics: [attention]
  sources:
  - {source: one, heading: '', position: 2}
  added: 2024-01-02
"""

SOURCE_THREE = {"source": "three", "heading": "New › Heading", "position": 4}


def test_fixture_file_parses() -> None:
    data = load(FILE)
    assert [item["id"] for item in data] == ["first", "second"]


# --------------------------------------------------------------------------- append_to_list


def test_append_to_block_list_inserts_one_line_after_the_last_item() -> None:
    after = append_to_list(FILE, "first", "sources", SOURCE_THREE)
    assert inserted_lines(FILE, after) == ["    - {source: three, heading: New › Heading, position: 4}\n"]
    assert after.index("position: 4}") > after.index("position: 7}") > after.index("# a comment between items")
    expected = load(FILE)
    expected[0]["sources"].append(SOURCE_THREE)
    assert load(after) == expected


def test_append_to_indentless_block_list_keeps_its_indentation() -> None:
    after = append_to_list(FILE, "second", "sources", SOURCE_THREE)
    assert inserted_lines(FILE, after) == ["  - {source: three, heading: New › Heading, position: 4}\n"]
    expected = load(FILE)
    expected[1]["sources"].append(SOURCE_THREE)
    assert load(after) == expected


@pytest.mark.parametrize("indent", ["    ", "  "], ids=["indented", "indentless"])
def test_append_to_block_list_of_scalars(indent: str) -> None:
    text = f"- id: a\n  tags:\n{indent}- x  # why x\n{indent}- 'y'\n  added: 2024-01-01\n"
    after = append_to_list(text, "a", "tags", {"k": "v"})
    assert inserted_lines(text, after) == [f"{indent}- {{k: v}}\n"]
    assert load(after) == [{"id": "a", "tags": ["x", "y", {"k": "v"}], "added": "2024-01-01"}]


@pytest.mark.parametrize("indent", ["    ", "  "], ids=["indented", "indentless"])
def test_append_to_block_list_of_block_mappings(indent: str) -> None:
    text = (f"- id: a\n  sources:\n{indent}- source: one\n{indent}  heading: ''\n{indent}  position: 2\n"
            "  added: 2024-01-01\n")
    after = append_to_list(text, "a", "sources", SOURCE_THREE)
    assert inserted_lines(text, after) == [f"{indent}- {{source: three, heading: New › Heading, position: 4}}\n"]
    assert load(after)[0]["sources"] == [{"source": "one", "heading": "", "position": 2}, SOURCE_THREE]


def test_append_to_block_list_of_block_mappings_at_the_end_of_the_item() -> None:
    text = "- id: a\n  sources:\n    - source: one\n      position: 2\n\n- id: b\n"
    after = append_to_list(text, "a", "sources", SOURCE_THREE)
    assert inserted_lines(text, after) == ["    - {source: three, heading: New › Heading, position: 4}\n"]
    assert load(after) == [{"id": "a", "sources": [{"source": "one", "position": 2}, SOURCE_THREE]}, {"id": "b"}]


def test_append_to_flow_list_rewrites_only_that_list() -> None:
    text = "- id: a\n  links: [{url: 'https://a.example/', rel: slides}]  # keep this comment\n  added: 2024-01-01\n"
    after = append_to_list(text, "a", "links", {"url": "https://b.example/x?y=1", "rel": "discussion"})
    ((old, new),) = changed_lines(text, after)
    assert old.startswith("  links: [") and new.startswith("  links: [")
    assert new.endswith("]  # keep this comment\n")
    assert load(after)[0]["links"] == [
        {"url": "https://a.example/", "rel": "slides"}, {"url": "https://b.example/x?y=1", "rel": "discussion"},
    ]


def test_append_to_multi_line_flow_list() -> None:
    text = "- id: a\n  sources: [{source: one, position: 1},\n    {source: two, position: 2}]\n  added: 2024-01-01\n"
    after = append_to_list(text, "a", "sources", SOURCE_THREE)
    assert after.endswith("\n  added: 2024-01-01\n")
    assert load(after)[0] == {
        "id": "a", "added": "2024-01-01",
        "sources": [{"source": "one", "position": 1}, {"source": "two", "position": 2}, SOURCE_THREE],
    }


def test_append_to_empty_flow_list() -> None:
    text = "- id: a\n  links: []\n  added: 2024-01-01\n"
    after = append_to_list(text, "a", "links", {"url": "https://a.example/", "rel": "slides"})
    assert changed_lines(text, after) == [("  links: []\n", "  links: [{url: 'https://a.example/', rel: slides}]\n")]
    assert load(after)[0]["links"] == [{"url": "https://a.example/", "rel": "slides"}]


def test_append_missing_key_after_the_last_key() -> None:
    after = append_to_list(FILE, "first", "links", {"url": "https://news.example/item?id=1", "rel": "discussion"})
    added = inserted_lines(FILE, after)
    assert added == ["  links:\n", "    - {url: 'https://news.example/item?id=1', rel: discussion}\n"]
    assert after.index("  links:\n") == after.index("  added: 2024-01-01\n") + len("  added: 2024-01-01\n")
    expected = load(FILE)
    expected[0]["links"] = [{"url": "https://news.example/item?id=1", "rel": "discussion"}]
    assert load(after) == expected


def test_append_missing_key_to_the_last_entry_of_a_file() -> None:
    after = append_to_list(FILE, "second", "links", {"url": "https://a.example/", "rel": "slides"})
    assert after == FILE + "  links:\n    - {url: 'https://a.example/', rel: slides}\n"


def test_append_missing_key_to_an_entry_ending_in_a_folded_note_at_end_of_file() -> None:
    text = "- id: a\n  title: A\n  note: >-\n    Folded\n    note.\n"
    after = append_to_list(text, "a", "links", {"url": "https://a.example/", "rel": "slides"})
    assert after == text + "  links:\n    - {url: 'https://a.example/', rel: slides}\n"
    assert load(after) == [{"id": "a", "title": "A", "note": "Folded note.",
                            "links": [{"url": "https://a.example/", "rel": "slides"}]}]


def test_append_missing_key_to_an_entry_ending_in_a_folded_note_before_the_next_entry() -> None:
    text = "- id: a\n  note: >-\n    Folded\n    note.\n\n# next\n- id: b\n"
    after = append_to_list(text, "a", "links", {"url": "https://a.example/", "rel": "slides"})
    link = {"url": "https://a.example/", "rel": "slides"}
    assert load(after) == [{"id": "a", "note": "Folded note.", "links": [link]}, {"id": "b"}]
    assert after == (
        "- id: a\n  note: >-\n    Folded\n    note.\n  links:\n    - {url: 'https://a.example/', rel: slides}\n"
        "\n# next\n- id: b\n"
    )


def test_append_to_list_after_a_folded_note() -> None:
    text = "- id: a\n  note: >-\n    Folded\n    note.\n  sources:\n    - {source: one, position: 1}\n\n- id: b\n"
    after = append_to_list(text, "a", "sources", SOURCE_THREE)
    assert inserted_lines(text, after) == ["    - {source: three, heading: New › Heading, position: 4}\n"]
    assert load(after)[0]["note"] == "Folded note."


@pytest.mark.parametrize(("key", "added"), [
    ("sources", ["  - {source: three, heading: New › Heading, position: 4}\n"]),
    ("links", ["  links:\n", "    - {source: three, heading: New › Heading, position: 4}\n"]),
])
def test_append_to_a_file_without_trailing_newline(key: str, added: list[str]) -> None:
    text = FILE.rstrip("\n")
    after = append_to_list(text, "second", key, SOURCE_THREE)
    assert inserted_lines(text + "\n", after) == added
    assert after.endswith("\n")
    expected = load(FILE)
    expected[1].setdefault(key, []).append(SOURCE_THREE)
    assert load(after) == expected


def test_append_to_list_of_unknown_item_raises() -> None:
    with pytest.raises(KeyError):
        append_to_list(FILE, "third", "sources", SOURCE_THREE)


def test_append_to_a_key_with_an_empty_value() -> None:
    text = "- id: a\n  tags:\n  added: 2024-01-01\n"
    after = append_to_list(text, "a", "tags", {"k": "v"})
    assert load(after) == [{"id": "a", "tags": [{"k": "v"}], "added": "2024-01-01"}]


safe_text = st.text(st.characters(codec="utf-8", categories=("L", "N"), include_characters=" -_.'/›?!"),
                    min_size=1, max_size=30).filter(lambda s: s.strip() == s and not s.startswith("?"))
values = st.fixed_dictionaries({"source": st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True),
                                "heading": safe_text | st.just(""),
                                "position": st.integers(1, 10_000)})


@given(values, st.sampled_from(["first", "second"]), st.sampled_from(["sources", "links", "tags"]))
def test_append_to_list_always_parses_to_the_expected_data(value: dict[str, Any], item: str, key: str) -> None:
    after = append_to_list(FILE, item, key, value)
    expected = load(FILE)
    target = next(i for i in expected if i["id"] == item)
    target.setdefault(key, []).append(value)
    assert load(after) == expected
    if key != "tags":  # a block list or a missing key: every original line survives
        inserted_lines(FILE, after)


@pytest.mark.parametrize("heading", ["Papers, classic", "Drafts [2023]", "Ends with }", "Set {a}b", ":0", "?0"])
def test_append_value_with_flow_indicators(heading: str) -> None:
    value = {"source": "s", "heading": heading, "position": 1}
    after = append_to_list(FILE, "first", "sources", value)
    assert load(after)[0]["sources"][-1] == value


# --------------------------------------------------------------------------- replace_list_item


def test_replace_flow_item_in_block_list_keeps_its_comment() -> None:
    after = replace_list_item(FILE, "first", "sources", {"source": "one"}, {"source": "one", "heading": "A › B",
                                                                          "position": 9})
    assert changed_lines(FILE, after) == [(
        "    - {source: one, heading: 'A › B', position: 1}  # trailing comment\n",
        "    - {source: one, heading: A › B, position: 9}  # trailing comment\n",
    )]
    assert load(after)[0]["sources"][0] == {"source": "one", "heading": "A › B", "position": 9}


def test_replace_matches_on_every_given_field() -> None:
    text = "- id: a\n  sources:\n    - {source: one, position: 1}\n    - {source: two, position: 1}\n"
    after = replace_list_item(text, "a", "sources", {"source": "two", "position": 1}, {"source": "two", "position": 5})
    assert changed_lines(text, after) == [("    - {source: two, position: 1}\n", "    - {source: two, position: 5}\n")]


def test_replace_item_in_indentless_list_and_in_flow_list() -> None:
    after = replace_list_item(FILE, "second", "sources", {"source": "one"}, {"source": "one", "position": 3})
    assert changed_lines(FILE, after) == [("  - {source: one, heading: '', position: 2}\n",
                                           "  - {source: one, position: 3}\n")]
    text = "- id: a\n  sources: [{source: one, position: 1}, {source: two, position: 2}]  # c\n"
    after = replace_list_item(text, "a", "sources", {"source": "two"}, {"source": "two", "position": 5})
    assert after == "- id: a\n  sources: [{source: one, position: 1}, {source: two, position: 5}]  # c\n"


def test_replace_block_mapping_item() -> None:
    text = "- id: a\n  sources:\n    - source: one\n      position: 2\n    - {source: two, position: 3}\n  added: x\n"
    after = replace_list_item(text, "a", "sources", {"source": "one"}, {"source": "one", "position": 9})
    assert load(after)[0]["sources"] == [{"source": "one", "position": 9}, {"source": "two", "position": 3}]
    assert after.endswith("    - {source: two, position: 3}\n  added: x\n")


def test_replace_list_item_without_match_raises() -> None:
    with pytest.raises(KeyError):
        replace_list_item(FILE, "first", "sources", {"source": "nope"}, SOURCE_THREE)
    with pytest.raises(KeyError):
        replace_list_item(FILE, "first", "missing", {"source": "one"}, SOURCE_THREE)


def test_replace_list_item_without_trailing_newline() -> None:
    text = FILE.rstrip("\n").replace("  added: 2024-01-02", "").rstrip("\n")
    assert text.endswith("position: 2}")
    after = replace_list_item(text, "second", "sources", {"source": "one"}, {"source": "one", "position": 8})
    assert after == text.replace("{source: one, heading: '', position: 2}", "{source: one, position: 8}")


# --------------------------------------------------------------------------- replace_scalar


def test_replace_scalar_keeps_everything_else() -> None:
    after = replace_scalar(FILE, "first", "year", 2021)
    assert changed_lines(FILE, after) == [("  year: 2020\n", "  year: 2021\n")]


def test_replace_quoted_scalar_quotes_only_as_needed() -> None:
    after = replace_scalar(FILE, "first", "title", "New: title")
    assert changed_lines(FILE, after) == [("  title: 'Quoted: title'\n", "  title: 'New: title'\n")]
    after = replace_scalar(FILE, "first", "title", "Plain")
    assert changed_lines(FILE, after) == [("  title: 'Quoted: title'\n", "  title: Plain\n")]
    assert load(after)[0]["title"] == "Plain"


@pytest.mark.parametrize("value", ["yes", "null", "2024-01-01", "123", "#hash", "it's", "a: b", "- dash", ""])
def test_replace_scalar_with_tricky_text_round_trips(value: str) -> None:
    after = replace_scalar(FILE, "first", "kind", value)
    assert load(after)[0]["kind"] == value
    assert len(changed_lines(FILE, after)) == 1


def test_replace_scalar_with_a_trailing_comment() -> None:
    text = "- id: a\n  title: \"dq\"  # keep\n  year: 2020\n"
    after = replace_scalar(text, "a", "title", "New")
    assert after == "- id: a\n  title: New  # keep\n  year: 2020\n"


def test_replace_scalar_without_trailing_newline() -> None:
    text = "- id: a\n  year: 2020"
    assert replace_scalar(text, "a", "year", 2021) == "- id: a\n  year: 2021"


@pytest.mark.parametrize("after_note", ["", "  added: 2024-01-01\n", "\n- id: b\n"], ids=["eof", "key", "entry"])
def test_replace_folded_scalar(after_note: str) -> None:
    text = "- id: a\n  note: >-\n    Folded\n    note.\n" + after_note
    after = replace_scalar(text, "a", "note", "New")
    assert after == "- id: a\n  note: New\n" + after_note


def test_replace_scalar_of_unknown_key_raises() -> None:
    with pytest.raises(KeyError):
        replace_scalar(FILE, "first", "level", "intro")
    with pytest.raises(KeyError):
        replace_scalar(FILE, "first", "topics", "x")  # not a scalar
    with pytest.raises(KeyError):
        replace_scalar(FILE, "nobody", "title", "x")


# --------------------------------------------------------------------------- append_item

ITEM = {"id": "third", "title": "Third: a title", "topics": ["attention"], "sources": [SOURCE_THREE]}


def test_append_item_keeps_the_file_and_adds_a_blank_line() -> None:
    after = append_item(FILE, ITEM)
    assert after.startswith(FILE + "\n- id: third\n")
    assert load(after) == [*load(FILE), ITEM]


def test_append_item_to_a_file_without_trailing_newline() -> None:
    text = FILE.rstrip("\n")
    after = append_item(text, ITEM)
    assert after.startswith(text + "\n\n- id: third\n")
    assert load(after) == [*load(FILE), ITEM]


@pytest.mark.parametrize("text", [None, "", "[]\n", "[]"])
def test_append_item_to_a_missing_or_empty_file_writes_the_header(text: str | None) -> None:
    after = append_item(text, ITEM, header="# header\n")
    assert after.startswith("# header\n- id: third\n")
    assert load(after) == [ITEM]


def test_append_item_renders_long_text_folded() -> None:
    long = "A description that is long enough to be folded by the house style, " * 2
    after = append_item(None, {"id": "x", "description": long.strip()})
    assert "  description: >-\n" in after
    assert load(after) == [{"id": "x", "description": long.strip()}]


@pytest.mark.parametrize("text", ["# The reading lists.\n", "# The reading lists.\n[]\n"])
def test_append_item_keeps_the_comments_of_an_empty_file(text: str) -> None:
    after = append_item(text, ITEM)
    assert after.startswith("# The reading lists.\n")
    assert load(after) == [ITEM]


# --------------------------------------------------------------------------- FileEdits: many edits, one parse

def _sequential(text: str | None, operations: list[tuple[str, Any]]) -> str | None:
    """What applying each operation to the whole text, one after the other, gives."""
    for kind, argument in operations:
        if kind == "append":
            text = append_item(text, argument, header="# header\n")
        else:
            _, edit = argument
            text = edit(text or "")
    return text


def _batched(text: str | None, operations: list[tuple[str, Any]]) -> str | None:
    edits = FileEdits(text)
    for kind, argument in operations:
        if kind == "append":
            edits.append(argument, header="# header\n")
        else:
            item_id, edit = argument
            edits.set_item(item_id, edit(edits.item(item_id)))
    return edits.text()


def _source_edit(item_id: str, value: dict[str, Any]) -> tuple[str, Any]:
    return ("edit", (item_id, lambda text: append_to_list(text, item_id, "sources", value)))


def _links_edit(item_id: str, value: dict[str, Any]) -> tuple[str, Any]:
    return ("edit", (item_id, lambda text: append_to_list(text, item_id, "links", {"url": value["heading"] or "x",
                                                                                    "rel": "code"})))


def _replace_edit(item_id: str, value: dict[str, Any]) -> tuple[str, Any]:
    def edit(text: str) -> str:
        try:
            return replace_list_item(text, item_id, "sources", {"source": "one"}, value)
        except KeyError:  # that item has no such source: nothing to replace, either way
            return text

    return ("edit", (item_id, edit))


@st.composite
def operations(draw: st.DrawFn) -> list[tuple[str, Any]]:
    ids = ["first", "second"]
    out: list[tuple[str, Any]] = []
    for _ in range(draw(st.integers(1, 8))):
        choice = draw(st.sampled_from(["append", "sources", "links", "replace"]))
        value = draw(values)
        if choice == "append":
            new_id = f"new-{len(ids)}"
            ids.append(new_id)
            out.append(("append", {"id": new_id, "title": value["heading"] or "t", "sources": [
                {**value, "source": "one"}]}))
            continue
        item_id = draw(st.sampled_from(ids))
        maker = {"sources": _source_edit, "links": _links_edit, "replace": _replace_edit}[choice]
        out.append(maker(item_id, value))
    return out


LAYOUTS = [FILE, FILE.replace("- id: second", "-\n  id: second"), FILE.rstrip("\n"),
           "  - id: first\n    title: Indented\n    sources:\n      - {source: one, heading: h, position: 1}\n"
           "  - id: second\n    title: Two\n    sources: [{source: one, heading: h, position: 2}]\n",
           "[{id: first, title: Flow, sources: [{source: one, heading: h, position: 1}]},\n"
           " {id: second, title: Flow too}]\n"]


def _valid_outcome(run: Any) -> str | None:
    """The text a way of editing gives, or None if it gives no valid YAML (appending to a flow list, say)."""
    try:
        text: str | None = run()
        load(text or "")
    except yaml.YAMLError:
        return None
    return text


@given(st.sampled_from(LAYOUTS), operations())
def test_file_edits_give_what_the_edits_one_by_one_give(text: str, ops: list[tuple[str, Any]]) -> None:
    batched = _valid_outcome(lambda: _batched(text, ops))
    sequential = _valid_outcome(lambda: _sequential(text, ops))
    if sequential is None or batched is None:  # invalid either way (the import reports it and writes nothing)
        assert sequential is batched is None
        return
    # One by one, every append_to_list also ends the file with a newline; batched, only an edit of the last item does.
    assert batched.rstrip("\n") == sequential.rstrip("\n")
    assert batched.endswith("\n") == sequential.endswith("\n") or not text.endswith("\n")


@given(operations())
def test_file_edits_of_a_new_file_give_what_the_edits_one_by_one_give(ops: list[tuple[str, Any]]) -> None:
    ops = [("append", {"id": "first", "title": "First"}), ("append", {"id": "second", "title": "Second"}), *ops]
    assert _batched(None, ops) == _sequential(None, ops)


def test_file_edits_parse_the_file_once_however_many_edits(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = editing._root

    def counting(text: str) -> Any:
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(editing, "_root", counting)
    edits = FileEdits(FILE)
    for k in range(300):
        edits.append({"id": f"new-{k}", "title": f"New {k}", "sources": [SOURCE_THREE]})
    for k in range(0, 300, 3):
        edits.set_item(f"new-{k}", append_to_list(edits.item(f"new-{k}"), f"new-{k}", "links",
                                                  {"url": f"https://example.org/{k}", "rel": "code"}))
    for item_id in ("first", "second"):
        edits.set_item(item_id, append_to_list(edits.item(item_id), item_id, "sources", SOURCE_THREE))
    text = edits.text()
    assert text is not None and len(load(text)) == 302
    whole_file_parses = [size for size in calls if size >= len(FILE)]
    assert len(whole_file_parses) == 2  # once to find the items, once to append after them


def test_edit_items_makes_the_same_edits_as_one_field_at_a_time() -> None:
    from llmreads.editing import edit_items, remove_field, set_field

    order = ["id", "title", "short_title", "url", "authors", "year", "kind", "topics", "tags", "added"]
    text = ("# kept\n- id: a\n  title: T5   # the list's words\n  url: https://x.org/\n  authors:\n    - A\n"
            "  kind: other\n  topics: [x]\n  tags: [needs-title, foo]\n  added: 2024-01-01\n\n"
            "- id: b\n  title: >-\n    Long\n    folded\n  url: https://y.org/\n  kind: paper\n  topics: [x]\n"
            "  tags: [needs-title]\n  added: 2024-01-01\n")
    changes = {"a": {"title": "Exploring: x", "short_title": "T5", "authors": ["C", "N"], "year": 2019,
                     "kind": "paper", "tags": ["foo"]},
               "b": {"title": "New title", "authors": ["Z"], "year": 2020, "tags": []}}
    one_by_one = text
    for item_id, fields in changes.items():
        for key, value in fields.items():
            one_by_one = (remove_field(one_by_one, item_id, key) if value == [] else
                          set_field(one_by_one, item_id, key, value, order))
    assert edit_items(text, changes, order) == one_by_one
    assert one_by_one.startswith("# kept\n- id: a\n  title: 'Exploring: x'   # the list's words\n  short_title: T5\n")
    assert "  url: https://y.org/\n  authors: [Z]\n  year: 2020\n  kind: paper\n  topics: [x]\n  added:" in one_by_one
