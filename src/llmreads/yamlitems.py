"""Split a data file into its items' text, so a reload while serving parses only the items that changed.

A data file is one block sequence at the left margin, each item starting with `- ` in column 0
(the house style `yamlio.dump_item` writes). While serving, an edit changes one item of a file
of thousands; `catalog.FileCache` keeps each item's parse by its text, and `split_items` says
which text each item has, and on which line of the file it starts.

Parsing an item alone gives what parsing the whole file gives for it, lines shifted by where it
starts, because an item that parses on its own is closed when it ends: the next `- ` in column 0
ends any block scalar, plain scalar or mapping of the item before it. A file in any other shape
(no items; text at the left margin that is neither an item, a comment nor blank, such as `---`,
`...`, a directive, a bare `-`, a top-level mapping, or a quoted scalar's continuation; carriage
returns or other line breaks YAML counts differently) is not split: it is parsed whole. So is a
file whose items do not each parse alone as a one-item list (`catalog` decides that).
"""

from __future__ import annotations

import re

_ITEM = re.compile(r"^- ", re.MULTILINE)
#: Text at the left margin that is neither an item's start, a comment, nor indented.
_ODD = re.compile(r"^(?:[^ #\n-]|-(?! ))", re.MULTILINE)
#: Line breaks YAML counts (or a byte-order mark it skips) that `str.count("\n")` would not.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029", "\ufeff")


def split_items(text: str) -> list[tuple[int, str]] | None:
    """Each item's (first line, text), in file order; None if the file is not plainly a list of items."""
    if any(mark in text for mark in _OTHER_BREAKS) or _ODD.search(text):
        return None
    starts = [m.start() for m in _ITEM.finditer(text)]
    if not starts or any(line.strip() and not line.startswith("#") for line in text[:starts[0]].split("\n")):
        return None
    items: list[tuple[int, str]] = []
    line, last = 1, 0
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        line += text.count("\n", last, start)
        items.append((line, text[start:end]))
        last = start
    return items
