"""Show a link check's progress: a rich progress bar on a terminal, one plain line per link elsewhere (CI)."""

from __future__ import annotations

from typing import TextIO

from llmreads.links.model import CheckResult
from llmreads.progress import ProgressLine


class ProgressReporter(ProgressLine):
    """Count finished links; call it with each result, use it as a context manager around the run."""

    def __init__(self, total: int, stream: TextIO, *, tty: bool | None = None) -> None:
        super().__init__(total, stream, doing="checking links", tty=tty)

    def __call__(self, result: CheckResult) -> None:
        self.step(result.state.value, result.url)
