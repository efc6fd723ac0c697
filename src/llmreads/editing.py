"""Surgical edits to existing YAML files in data/: change only the lines that must change.

Comments, blank lines, quoting and key order of everything else stay byte-for-byte as the
user left them. Every function here takes file text and returns new file text; writing is
the caller's job (see yamlio.atomic_write).
"""

from __future__ import annotations

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


def _after_line(text: str, index: int) -> int:
    """Return the offset just past the line on which `index` (an end mark) falls."""
    if index > 0 and text[index - 1] == "\n":
        return index
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _line_indent(text: str, index: int) -> str:
    start = text.rfind("\n", 0, index) + 1
    line = text[start:index]
    return line[: len(line) - len(line.lstrip(" "))]


def flow(value: dict[str, Any]) -> str:
    """Render a small mapping on one line, in flow style."""
    return "{" + ", ".join(f"{k}: {dump_scalar(v)}" for k, v in value.items()) + "}"


def append_to_list(text: str, item_id: str, key: str, value: dict[str, Any]) -> str:
    """Append `value` to the list `key` of the item whose id is `item_id`."""
    item = _item_node(text, "id", item_id)
    ending = "" if text.endswith("\n") else "\n"
    text += ending
    fields = {name: node for name, _, node in iter_mapping_items(item)}
    if key not in fields:
        last = item.value[-1][1]
        at = _after_line(text, last.end_mark.index)
        indent = " " * item.start_mark.column
        return text[:at] + f"{indent}{key}:\n{indent}  - {flow(value)}\n" + text[at:]
    node = fields[key]
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        at = _after_line(text, node.value[-1].end_mark.index)
        indent = _line_indent(text, node.value[0].start_mark.index)
        dash = indent if text[node.value[0].start_mark.index - 2] == "-" else indent[:-2]
        return text[:at] + f"{dash}- {flow(value)}\n" + text[at:]
    current = yaml.load(text[node.start_mark.index:node.end_mark.index], Loader=DataLoader) or []
    items = ", ".join(flow(v) if isinstance(v, dict) else dump_scalar(v) for v in [*current, value])
    return text[: node.start_mark.index] + f"[{items}]" + text[node.end_mark.index:]


def replace_list_item(text: str, item_id: str, key: str, match: dict[str, Any], value: dict[str, Any]) -> str:
    """Replace the first item of list `key` (on entry `item_id`) whose fields include `match`."""
    item = _item_node(text, "id", item_id)
    for name, _, node in iter_mapping_items(item):
        if name != key or not isinstance(node, yaml.SequenceNode):
            continue
        for child in node.value:
            fields = {k: v.value for k, _, v in iter_mapping_items(child) if isinstance(v, yaml.ScalarNode)}
            if all(str(fields.get(k)) == str(v) for k, v in match.items()):
                return text[: child.start_mark.index] + flow(value) + text[child.end_mark.index:]
    raise KeyError(f"no {key} item matching {match}")


def replace_scalar(text: str, item_id: str, key: str, value: Any) -> str:
    """Replace the scalar value of `key` on the item whose id is `item_id`."""
    item = _item_node(text, "id", item_id)
    for name, _, node in iter_mapping_items(item):
        if name == key and isinstance(node, yaml.ScalarNode):
            return text[: node.start_mark.index] + dump_scalar(value) + text[node.end_mark.index:]
    raise KeyError(f"no scalar {key} on {item_id}")


def append_item(text: str | None, value: dict[str, Any], header: str = "") -> str:
    """Append one item to a top-level list file (creating the file's text if there is none)."""
    rendered = dump_item(value)
    if text is None or _root(text) is None or _is_empty_flow(text):
        return header + rendered
    return text + ("" if text.endswith("\n") else "\n") + "\n" + rendered


def _is_empty_flow(text: str) -> bool:
    root = _root(text)
    return isinstance(root, yaml.SequenceNode) and not root.value
