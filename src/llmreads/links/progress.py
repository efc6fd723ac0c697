"""Show a link check's progress: a rich progress bar on a terminal, one plain line per link elsewhere (CI)."""

from __future__ import annotations

from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from llmreads.links.model import CheckResult


class ProgressReporter:
    """Count finished links; call it with each result, use it as a context manager around the run."""

    def __init__(self, total: int, stream: TextIO, *, tty: bool | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> ProgressReporter:
        if self.tty:
            console = Console(file=self.stream, force_terminal=True)
            self._bar = Progress(TextColumn("checking links"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[last]}"), TimeElapsedColumn(), console=console,
                                 transient=True)
            self._bar.start()
            self._task = self._bar.add_task("links", total=self.total, last="")
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, result: CheckResult) -> None:
        self.done += 1
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, last=result.state.value)
            return
        width = len(str(self.total))
        self.stream.write(f"[{self.done:>{width}}/{self.total}] {result.state.value:<10} {result.url}\n")
        self.stream.flush()
