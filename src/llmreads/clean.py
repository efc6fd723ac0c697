"""Text every export can carry: no control characters but tab and newline, no non-characters.

YAML escapes let data hold ESC, NUL, form feeds or U+FFFE; XML cannot carry them at all, and in a
terminal, a BibTeX file or a Markdown page they hide or rewrite what is shown. Exports drop them.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar, cast

T = TypeVar("T")

_NONCHARACTERS = "".join(chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]")


def printable(text: str) -> str:
    """`text` without control characters (tab and newline stay), surrogates or non-characters."""
    return _UNSAFE.sub("", text)


def printable_tree(value: T) -> T:
    """Apply `printable` to every string in a JSON-like tree (keys included)."""
    return cast(T, _tree(value))


def _tree(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {_tree(k): _tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tree(v) for v in value]
    return value
