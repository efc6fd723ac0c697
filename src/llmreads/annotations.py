"""Problems as GitHub workflow commands, so they show as annotations on a pull request's lines."""

from __future__ import annotations

from llmreads.errors import Problem


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(level: str, problem: Problem, title: str) -> str:
    """Format one problem as `::error` / `::warning` / `::notice`, escaped as GitHub's rules ask."""
    return (f"::{level} file={_property(problem.file)},line={problem.line},title={_property(title)}"
            f"::{_data(f'{problem.field}: {problem.message}')}")
