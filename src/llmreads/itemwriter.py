"""Render a catalogue item in the house style quickly, for the shapes an import writes.

`yamlio.dump_item` renders through PyYAML's emitter, which is pure Python and was half the CPU
of a large import. Here the common shapes of a field (a scalar or folded text, a flow list of
scalars, a block list of mappings, on lines within the 100-column width) are written directly,
choosing plain, single-quoted or folded style by the same rules as PyYAML's `Emitter.analyze_scalar`,
`choose_scalar_style` and `write_folded`; any other field is rendered by PyYAML. Tests check that
both give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import yaml

WIDTH = 100
"""PyYAML's `best_width` in the house style: a longer line may be folded, so it is left to PyYAML."""
FOLD_OVER = 80
"""The house style folds longer text (`yamlio._represent_str`)."""

_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
#: Characters PyYAML writes as they are with allow_unicode (no line breaks, U+2028/9 included; no BOM, no controls).
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]+")
_SPACES = re.compile("( +)")
_FIRST_INDICATORS = "#,[]{}&*!|>'\"%@`"


def render_item(value: dict[str, Any], fallback: Callable[[dict[str, Any]], str]) -> str:
    """Render `value` as one block-sequence item, exactly as `fallback` (PyYAML) would.

    Each field is written directly when its shape is one this module knows, else by `fallback`
    on that field alone: a block mapping's keys all start at the same column, so a field's lines
    do not depend on the fields around it.
    """
    parts: list[str] = []
    for key, field_value in value.items():
        prefix = "  " if parts else "- "
        lines = _field(key, field_value, prefix)
        parts.append(prefix + fallback({key: field_value})[2:] if lines is None else "\n".join(lines) + "\n")
    return "".join(parts) if parts else fallback(value)


def _field(key: Any, value: Any, prefix: str) -> list[str] | None:
    """The lines of one field of an item, or None if its shape is left to PyYAML."""
    name = _scalar(key, flow=False) if isinstance(key, str) else None
    if name is None:
        return None
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        lines = [f"{prefix}{name}:"]
        for item in value:
            rendered = _list_item(item)
            if rendered is None:
                return None
            lines += rendered
        return lines
    if isinstance(value, (list, dict)):
        flow = _flow(value)
        line = f"{prefix}{name}: {flow}"
        return None if flow is None or len(line) > WIDTH else [line]
    return _block_value(f"{prefix}{name}:", value, 2)


def _list_item(item: dict[Any, Any]) -> list[str] | None:
    """A mapping in a field's block list: in flow style, or in block style if it holds folded text."""
    if not any(_folds(v) for v in item.values()):
        rendered = _flow(item)
        line = f"    - {rendered}"
        return None if rendered is None or len(line) > WIDTH else [line]
    lines: list[str] = []
    for key, value in item.items():
        name = _scalar(key, flow=False) if isinstance(key, str) else None
        field = None if name is None else _block_value(f"{'      ' if lines else '    - '}{name}:", value, 6)
        if field is None:
            return None
        lines += field
    return lines


def _block_value(head: str, value: Any, column: int) -> list[str] | None:
    """The lines of `head` (a key and its colon, the key at `column`) and its scalar value in block context."""
    if _folds(value):
        return [f"{head} >-", *_folded(value, column + 2)] if _PRINTABLE.fullmatch(value) else None
    rendered = _scalar(value, flow=False)
    line = f"{head} {rendered}"
    return None if rendered is None or len(line) > WIDTH else [line]


def _folds(value: Any) -> bool:
    """Whether the house style writes `value` as folded text (`yamlio._represent_str`)."""
    return isinstance(value, str) and len(value) > FOLD_OVER and value == value.strip() and "\n" not in value


def _folded(text: str, indent: int) -> list[str]:
    """Folded text as PyYAML's `write_folded` lays it out: a single space past the width breaks the line."""
    lines, line, column = [], " " * indent, indent
    for piece in _SPACES.split(text):
        if piece == " " and column > WIDTH:
            lines.append(line)
            line, column = " " * indent, indent
            continue
        line += piece
        column += len(piece)
    return [*lines, line]


def _flow(value: list[Any] | dict[Any, Any]) -> str | None:
    """A collection of scalars in flow style, or None."""
    if isinstance(value, list):
        items = [_scalar(v, flow=True) for v in value]
        return None if None in items else "[" + ", ".join(items) + "]"  # type: ignore[arg-type]
    pairs = []
    for key, item in value.items():
        name = _scalar(key, flow=True) if isinstance(key, str) else None
        rendered = _scalar(item, flow=True)
        if name is None or rendered is None:
            return None
        pairs.append(f"{name}: {rendered}")
    return "{" + ", ".join(pairs) + "}"


def _scalar(value: Any, *, flow: bool) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if not isinstance(value, str) or not value or len(value) > FOLD_OVER or not _PRINTABLE.fullmatch(value):
        return None
    if _resolves_to_text(value) and _plain_allowed(value, flow):
        return value
    return "'" + value.replace("'", "''") + "'"


def _resolves_to_text(text: str) -> bool:
    """Whether `text`, unquoted, reads back as text (not a number, a date, true, null...)."""
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == _STR


def _plain_allowed(text: str, flow: bool) -> bool:
    """PyYAML's verdict on a plain scalar, for text of printable characters without line breaks."""
    if text[0] == " " or text[-1] == " ":
        return False
    flow_indicators = block_indicators = text.startswith(("---", "..."))
    first = text[0]
    followed = len(text) == 1 or text[1] == " "
    if first in _FIRST_INDICATORS or (first == "-" and followed):
        flow_indicators = block_indicators = True
    elif first in "?:":
        flow_indicators = True
        block_indicators = block_indicators or followed
    for index in range(1, len(text)):
        ch = text[index]
        if ch in ",?[]{}":
            flow_indicators = True
        elif ch == ":":
            flow_indicators = True
            if index + 1 >= len(text) or text[index + 1] == " ":
                block_indicators = True
        elif ch == "#" and text[index - 1] == " ":
            flow_indicators = block_indicators = True
    return not (flow_indicators if flow else block_indicators)
