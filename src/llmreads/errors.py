"""Error types, carried as values with a location until the CLI prints them.

    LlmreadsError            anything a user can cause; the CLI prints it on one line, exit 1
    ├── DataError            data/ has problems: a list of Problem(file, line, field, message)
    ├── ImportSourceError    a Markdown list cannot be read or imported
    └── FetchError           a network look-up failed (add, links, enrich)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def printable(text: str) -> str:
    """Escape control characters (newlines included) so a message stays one harmless line."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, with where it is; every part kept to one printable line."""

    file: str
    line: int
    field: str
    message: str

    def __post_init__(self) -> None:
        for name in ("file", "field", "message"):
            object.__setattr__(self, name, printable(getattr(self, name)))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class LlmreadsError(Exception):
    """A mistake in the user's input or environment, reported without a traceback."""

    exit_code = 1


class DataError(LlmreadsError):
    """The catalogue under data/ is invalid."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ImportSourceError(LlmreadsError):
    """A Markdown reading list cannot be imported."""


class FetchError(LlmreadsError):
    """A network request needed by a command failed."""
