"""Surgical edits to existing YAML files in data/: change only the lines that must change.

Comments, blank lines, quoting and key order of everything else stay byte-for-byte as the
user left them. Every function here takes file text and returns new file text; writing is
the caller's job (see transaction.data_transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from llmreads.yamlio import DataLoader, dump_item, dump_scalar, iter_mapping_items


def _root(text: str) -> yaml.Node | None:
    loader = DataLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _item_node(text: str, key: str, value: str) -> yaml.MappingNode:
    root = _root(text)
    if isinstance(root, yaml.SequenceNode):
        for item in root.value:
            for name, _, node in iter_mapping_items(item):
                if name == key and isinstance(node, yaml.ScalarNode) and node.value == value:
                    assert isinstance(item, yaml.MappingNode)
                    return item
    raise KeyError(f"no item with {key} {value!r}")


def _content_end(text: str, node: yaml.Node) -> int:
    """Offset just past the node's last character of content.

    PyYAML ends a block node where the next token starts, after any blank lines, comments and
    the next key's indentation; edits must not swallow those.
    """
    span = text[node.start_mark.index:node.end_mark.index]
    end = node.start_mark.index + len(span.rstrip())
    while True:  # trailing comment lines inside the span are not content either
        line_start = text.rfind("\n", node.start_mark.index, end) + 1
        if line_start > node.start_mark.index and text[line_start:end].lstrip().startswith("#"):
            end = node.start_mark.index + len(text[node.start_mark.index:line_start].rstrip())
            continue
        return end


def _after_line(text: str, index: int) -> int:
    """Return the offset just past the end of the line holding `index`."""
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _line_indent(text: str, index: int) -> str:
    start = text.rfind("\n", 0, index) + 1
    line = text[start:index]
    return line[: len(line) - len(line.lstrip(" "))]


def flow(value: Any) -> str:
    """Render a small mapping or list on one line, in flow style, quoting what flow style needs quoted."""
    text: str = yaml.dump(value, Dumper=yaml.SafeDumper, default_flow_style=True, sort_keys=False,
                          allow_unicode=True, width=1_000_000)
    return text.strip()


def append_to_list(text: str, item_id: str, key: str, value: dict[str, Any]) -> str:
    """Append `value` to the list `key` of the item whose id is `item_id`."""
    item = _item_node(text, "id", item_id)
    ending = "" if text.endswith("\n") else "\n"
    text += ending
    fields = {name: node for name, _, node in iter_mapping_items(item)}
    if key not in fields:
        at = _after_line(text, _content_end(text, item.value[-1][1]))
        indent = " " * item.start_mark.column
        return text[:at] + f"{indent}{key}:\n{indent}  - {flow(value)}\n" + text[at:]
    node = fields[key]
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        at = _after_line(text, _content_end(text, node.value[-1]))
        indent = _line_indent(text, node.value[0].start_mark.index)
        dash = indent if text[node.value[0].start_mark.index - 2] == "-" else indent[:-2]
        return text[:at] + f"{dash}- {flow(value)}\n" + text[at:]
    start, end = node.start_mark.index, _content_end(text, node)
    current = yaml.load(text[start:end], Loader=DataLoader) or []
    space = " " if text[start - 1] == ":" else ""
    return text[:start] + space + flow([*current, value]) + text[end:]


def replace_list_item(text: str, item_id: str, key: str, match: dict[str, Any], value: dict[str, Any]) -> str:
    """Replace the first item of list `key` (on entry `item_id`) whose fields include `match`."""
    item = _item_node(text, "id", item_id)
    for name, _, node in iter_mapping_items(item):
        if name != key or not isinstance(node, yaml.SequenceNode):
            continue
        for child in node.value:
            fields = {k: v.value for k, _, v in iter_mapping_items(child) if isinstance(v, yaml.ScalarNode)}
            if all(str(fields.get(k)) == str(v) for k, v in match.items()):
                return text[: child.start_mark.index] + flow(value) + text[_content_end(text, child):]
    raise KeyError(f"no {key} item matching {match}")


def replace_scalar(text: str, item_id: str, key: str, value: Any) -> str:
    """Replace the scalar value of `key` on the item whose id is `item_id`."""
    item = _item_node(text, "id", item_id)
    for name, _, node in iter_mapping_items(item):
        if name == key and isinstance(node, yaml.ScalarNode):
            return text[: node.start_mark.index] + dump_scalar(value) + text[_content_end(text, node):]
    raise KeyError(f"no scalar {key} on {item_id}")


def append_item(text: str | None, value: dict[str, Any], header: str = "") -> str:
    """Append one item to a top-level list file (creating the file's text if there is none)."""
    return append_rendered(text, [dump_item(value)], header)


def append_rendered(text: str | None, items: Sequence[str], header: str = "") -> str:
    """Append items rendered by `dump_item`, a blank line before each, with one parse of `text`."""
    rendered = "".join(item.rstrip("\n") + "\n\n" for item in items[:-1]) + items[-1]
    if text is None or not text.strip():
        return header + rendered
    root = _root(text)
    empty = root is None or (isinstance(root, yaml.SequenceNode) and not root.value)
    if root is not None and empty:  # `[]`: drop it, keep the comments around it
        text = text[: root.start_mark.index] + text[root.end_mark.index:]
    if not text.strip():
        return header + rendered
    return text.rstrip("\n") + "\n" + ("" if empty else "\n") + rendered


def item_spans(text: str) -> dict[str, tuple[int, int]]:
    """Find each top-level item's own lines, by id, with one parse of the file.

    An item's lines (from its dash to the end of its content) form a one-item list that the
    functions above can edit on its own, so editing many items costs one parse of the file, not
    one per edit. Items laid out otherwise (flow style, a dash alone on its line) are left out.
    """
    root = _root(text)
    spans: dict[str, tuple[int, int]] = {}
    if not isinstance(root, yaml.SequenceNode) or root.flow_style:
        return spans
    for item in root.value:
        if not isinstance(item, yaml.MappingNode) or item.flow_style:
            continue
        ids = [node.value for name, _, node in iter_mapping_items(item)
               if name == "id" and isinstance(node, yaml.ScalarNode)]
        start = text.rfind("\n", 0, item.start_mark.index) + 1
        if not ids or ids[0] in spans or text[start:item.start_mark.index].strip() != "-":
            continue
        spans[ids[0]] = (start, _after_line(text, _content_end(text, item)))
    return spans


class FileEdits:
    """Many edits to one list file, applied in one pass: items appended, existing items edited on their own lines.

    `item(id)` gives the text of one item (a one-item list) to change with the functions above;
    `set_item(id, text)` puts it back. `text()` assembles the file. Each item is parsed on its own,
    so the cost grows with the size of the file plus the edits, never with their product.
    """

    def __init__(self, text: str | None) -> None:
        self._base = text
        self._spans: dict[str, tuple[int, int]] | None = None
        self._edited: dict[str, str] = {}
        self._whole: set[str] = set()
        self._new: list[str] = []
        self._new_index: dict[str, int] = {}
        self._header = ""

    def append(self, value: dict[str, Any], header: str = "") -> None:
        """Append an item (`header` starts the file if it has no content yet)."""
        if not self._new:
            self._header = header
        if isinstance(value.get("id"), str):
            self._new_index[value["id"]] = len(self._new)
        self._new.append(dump_item(value))

    def item(self, item_id: str) -> str:
        """Return the current text of the item `item_id` (the whole file's text if it cannot be cut out)."""
        if item_id in self._new_index:
            return self._new[self._new_index[item_id]]
        if item_id in self._edited:
            return self._edited[item_id]
        span = self._span(item_id)
        if span is None:
            self._whole.add(item_id)
            return self._base_text() or ""
        return (self._base or "")[span[0]:span[1]]

    def set_item(self, item_id: str, text: str) -> None:
        """Replace the item's text with `text` (as returned by an edit of `item(item_id)`)."""
        if item_id in self._new_index:
            self._new[self._new_index[item_id]] = text
        elif item_id in self._whole:
            self._whole.discard(item_id)
            self._base, self._edited, self._spans = text, {}, None
        else:
            self._edited[item_id] = text

    def text(self) -> str | None:
        """The file's new text (None if it had none and nothing was added)."""
        base = self._base_text()
        return append_rendered(base, self._new, self._header) if self._new else base

    def _span(self, item_id: str) -> tuple[int, int] | None:
        if self._spans is None:
            self._spans = item_spans(self._base) if self._base and self._base.strip() else {}
        return self._spans.get(item_id)

    def _base_text(self) -> str | None:
        if not self._edited or self._base is None:
            return self._base
        spans = sorted((self._spans or {})[item_id] + (text,) for item_id, text in self._edited.items())
        parts, at = [], 0
        for start, end, text in spans:
            parts += [self._base[at:start], text]
            at = end
        return "".join(parts) + self._base[at:]


def _rendered(value: Any) -> str:
    return flow(value) if isinstance(value, (list, dict)) else dump_scalar(value)


def set_field(text: str, item_id: str, key: str, value: Any, order: Sequence[str] = ()) -> str:
    """Set `key` on the item whose id is `item_id`: its value replaced in place, or a new line for it.

    A new key goes after the last key that comes before it in `order` (the model's field order),
    or after the item's last key.
    """
    item = _item_node(text, "id", item_id)
    fields = {name: (key_node, node) for name, key_node, node in iter_mapping_items(item)}
    if key in fields:
        key_node, node = fields[key]
        colon = text.index(":", key_node.end_mark.index)
        end = max(_content_end(text, node), colon + 1)
        return text[: colon + 1] + " " + _rendered(value) + text[end:]
    earlier = list(order[: order.index(key)]) if key in order else list(fields)
    anchor = next((name for name in reversed(earlier) if name in fields), list(fields)[-1])
    ending = "" if text.endswith("\n") else "\n"
    text += ending
    at = _after_line(text, _content_end(text, fields[anchor][1]))
    indent = " " * item.start_mark.column
    return text[:at] + f"{indent}{key}: {_rendered(value)}\n" + text[at:]


def remove_field(text: str, item_id: str, key: str) -> str:
    """Remove `key` (its lines) from the item whose id is `item_id`; unchanged if it has none."""
    item = _item_node(text, "id", item_id)
    for name, key_node, node in iter_mapping_items(item):
        if name == key:
            start = text.rfind("\n", 0, key_node.start_mark.index) + 1
            if text[start:key_node.start_mark.index].strip(" ") == "-":  # the item's first key: keep the dash
                start = key_node.start_mark.index
            return text[:start] + text[_after_line(text, _content_end(text, node)):]
    return text


def edit_items(text: str, changes: dict[str, dict[str, Any]], order: Sequence[str]) -> str:
    """Set fields on many items at once, parsing the file once: {item id: {key: value}}; [] removes the key.

    The same edits as `set_field` and `remove_field`, in one pass, so filling a thousand entries of a
    file costs one parse, not a thousand.
    """
    root = _root(text)
    if not text.endswith("\n"):
        text += "\n"
    items = {}
    if isinstance(root, yaml.SequenceNode):
        for item in root.value:
            ids = [node.value for name, _, node in iter_mapping_items(item) if name == "id"]
            if ids and isinstance(item, yaml.MappingNode):
                items[str(ids[0])] = item
    edits: list[tuple[int, int, int, str]] = []
    for item_id, fields in changes.items():
        if item_id not in items:
            raise KeyError(f"no item with id {item_id!r}")
        edits += _item_edits(text, items[item_id], fields, order)
    out, at = [], 0
    for start, _, end, replacement in sorted(edits):
        out += [text[at:start], replacement]
        at = max(at, end)
    return "".join([*out, text[at:]])


def _item_edits(text: str, item: yaml.MappingNode, fields: dict[str, Any],
                order: Sequence[str]) -> list[tuple[int, int, int, str]]:
    """(start, rank, end, replacement) edits for one item; rank keeps new keys in `order` at one spot."""
    present = {name: (key_node, node) for name, key_node, node in iter_mapping_items(item)}
    indent = " " * item.start_mark.column
    edits = []
    for key, value in fields.items():
        rank = order.index(key) if key in order else len(order)
        if key in present:
            key_node, node = present[key]
            end = _after_line(text, _content_end(text, node))
            if value == []:
                start = text.rfind("\n", 0, key_node.start_mark.index) + 1
                if text[start:key_node.start_mark.index].strip(" ") == "-":
                    start = key_node.start_mark.index
                edits.append((start, rank, end, ""))
            else:
                colon = text.index(":", key_node.end_mark.index)
                stop = max(_content_end(text, node), colon + 1)
                edits.append((colon + 1, rank, stop, " " + _rendered(value)))
            continue
        if value == []:
            continue
        earlier = list(order[: order.index(key)]) if key in order else list(present)
        anchor = next((name for name in reversed(earlier) if name in present), list(present)[-1])
        at = _after_line(text, _content_end(text, present[anchor][1]))
        edits.append((at, rank, at, f"{indent}{key}: {_rendered(value)}\n"))
    return edits
