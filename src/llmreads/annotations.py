"""Problems as GitHub Actions workflow commands (`::error file=...,line=...::message`).

GitHub reads any output line that starts with `::` as a command, so every value is escaped as its
runner does: `%`, CR and LF in the message; those and `:` and `,` in a property, which would otherwise
end the value or start another property (a file name with a comma could add its own `title=`).
"""

from __future__ import annotations

from llmreads.errors import Problem


def escape_data(value: str) -> str:
    """Escape a command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a command's property value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def error_command(problem: Problem, title: str = "llmreads check") -> str:
    """One `::error` line annotating the problem's file and line."""
    return (f"::error file={escape_property(problem.file)},line={problem.line},title={escape_property(title)}"
            f"::{escape_data(f'{problem.field}: {problem.message}')}")
