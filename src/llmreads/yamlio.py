"""Read YAML with line numbers, and write it in the catalogue's one house style."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from llmreads.errors import Problem
from llmreads.itemwriter import render_item

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeDumper as SafeDumper
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper, SafeLoader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]


class DataLoader(SafeLoader):
    """The safe loader, but dates stay text so that the model reports a bad one with its line."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML reads this class attribute
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in SafeLoader.yaml_implicit_resolvers.items()
    }


@dataclass
class Located:
    """A parsed YAML document with the line of every mapping key and sequence item."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int:
        """Return the line of the deepest known node on `path` (1-based)."""
        for cut in range(len(path), 0, -1):
            found = self.lines.get(path[:cut])
            if found is not None:
                return found
        return 1


def decode(raw: bytes, file: str) -> str | Problem:
    """Decode UTF-8 bytes, or say where the first bad byte is."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Problem(file, line, "encoding", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})")


def parse(text: str, file: str) -> Located | Problem:
    """Parse one YAML document, recording lines and rejecting duplicate keys, aliases and deep nesting."""
    lines: dict[Path_, int] = {}
    try:
        refused = _refuse_aliases_and_depth(text, file)
        if refused is not None:
            return refused
        loader = DataLoader(text)
        try:
            root = loader.get_single_node()
            problem = _record_lines(root, lines, file) if root is not None else None
            if isinstance(problem, Problem):
                return problem
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        return Problem(file, *_syntax(exc, text))
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        return Problem(file, line, "yaml", f"cannot be read: unacceptable character #x{exc.character:04x}: "
                                           "control characters are not allowed")
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        return Problem(file, 1, "yaml", "cannot be read: " + " ".join(str(exc).split()))
    return Located(file, data, lines)


def _syntax(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str, str]:
    """Turn a PyYAML error into (line, field, message), pointing at the construct that is open."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = exc.problem or ""
    context = exc.context or ""
    if exc.context_mark is not None and "flow" in context and "expected ','" in problem:
        opener = text[exc.context_mark.index] if exc.context_mark.index < len(text) else "["
        return exc.context_mark.line + 1, "yaml", f"syntax error: '{opener}' is not closed ({problem})"
    if mark is not None and mark.index < len(text) and text[mark.index] == "\t":
        return line, "yaml", "syntax error: found a tab character that cannot start any token (indent with spaces)"
    if context and problem.startswith("but "):
        problem = f"{context}, {problem}"
    return line, "yaml", f"syntax error: {problem or context}"


def _refuse_aliases_and_depth(text: str, file: str) -> Problem | None:
    """Report the first alias, or nesting deeper than MAX_DEPTH, from the event stream alone.

    This runs before anything builds or walks a tree: a few hundred bytes of nested aliases
    expand to more items than any machine holds, and very deep nesting overflows the C stack
    of the node composer. The event parser keeps its own stack, so it is safe on any input.
    """
    depth = 0
    for event in yaml.parse(text, Loader=DataLoader):
        if isinstance(event, yaml.AliasEvent):
            return Problem(file, _line(event.start_mark), "yaml",
                           f"YAML aliases (*{event.anchor}) are not allowed in data files: write the value out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(file, _line(event.start_mark), "yaml", f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


MAX_DEPTH = 50
"""Deeper nesting than any data file needs."""


def _line(mark: Any) -> int:
    return int(mark.line) + 1 if mark is not None else 1


def _record_lines(root: yaml.Node, lines: dict[Path_, int], file: str) -> Problem | None:
    """Record the line of every key and item; report a duplicate key or a key that is not plain text."""
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        children: list[tuple[yaml.Node, Path_]] = []
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    return Problem(file, key_node.start_mark.line + 1, _field(path), "a key must be plain text")
                if key_node.tag in _KINDS:
                    return Problem(file, key_node.start_mark.line + 1, _field(path),
                                   f"key '{key_node.value}' is read as {_KINDS[key_node.tag]}, "
                                   "not a field name (quote it if it is meant)")
                key = str(key_node.value)
                if key in keys:
                    return Problem(file, key_node.start_mark.line + 1, key, "duplicate key")
                keys.add(key)
                lines[(*path, key)] = key_node.start_mark.line + 1
                children.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*path, index)] = item.start_mark.line + 1
                children.append((item, (*path, index)))
        stack.extend(reversed(children))
    return None


_KINDS = {"tag:yaml.org,2002:null": "null", "tag:yaml.org,2002:bool": "true/false"}
"""Keys YAML reads as something no one means as a key (numbers are kept: link-rules.yaml maps codes)."""


def _field(path: Path_) -> str:
    return ".".join(str(p) for p in path if isinstance(p, str)) or "yaml"


class HouseDumper(yaml.SafeDumper):
    """PyYAML's safe dumper with nested lists indented and long text folded."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 80 and value == value.strip() and "\n" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Block(dict[str, Any]):
    """A mapping always written in block style, one key a line."""


def _represent_block(dumper: yaml.SafeDumper, value: _Block) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=False)


HouseDumper.add_representer(str, _represent_str)
HouseDumper.add_representer(_Block, _represent_block)


def dump_item(value: dict[str, Any]) -> str:
    """Render one mapping as a block-sequence item in the house style."""
    return render_item(value, _dump_item)


def _dump_item(value: dict[str, Any]) -> str:
    """`dump_item` through PyYAML's emitter: any shape, slower (see itemwriter.py)."""
    text: str = yaml.dump(
        [_Block(value)], Dumper=HouseDumper, sort_keys=False, allow_unicode=True, width=100,
        default_flow_style=None,
    )
    return text


def dump_scalar(value: Any) -> str:
    """Render one scalar as it would appear in a flow context."""
    text: str = yaml.dump(value, Dumper=SafeDumper, allow_unicode=True, width=10_000, default_flow_style=True)
    return text.removesuffix("\n...\n").rstrip("\n")


def iter_mapping_items(node: yaml.Node) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    """Yield (key, key node, value node) for a mapping node."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield str(key_node.value), key_node, value_node
