"""Text from outside (pages, APIs) made safe to store: one line, no control characters, a sane length."""

from __future__ import annotations

import re
from typing import Any

# C0 and C1 controls, DEL, lone surrogates and Unicode non-characters: YAML escapes them, XML refuses them.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                       "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0010fffe\U0010ffff]")
#: Longest text kept from a fetched field (a 10 MB <title> is somebody's mistake or an attack).
MAX_CHARS = 500


def one_line(value: Any, limit: int = MAX_CHARS) -> str | None:
    """Return `value` as one line of text without control characters, cut at `limit`; None if nothing is left."""
    if not isinstance(value, str):
        return None
    text = " ".join(_UNWANTED.sub("", value[: limit * 4]).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None
