"""Show a long run's progress: a rich progress bar on a terminal, one plain line per item elsewhere (CI)."""

from __future__ import annotations

from types import TracebackType
from typing import Self, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class ProgressLine:
    """Count finished items; call `step` for each, use it as a context manager around the run."""

    def __init__(self, total: int, stream: TextIO, *, doing: str, tty: bool | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.doing = doing
        self.tty = stream.isatty() if tty is None else tty
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> Self:
        if self.tty:
            console = Console(file=self.stream, force_terminal=True)
            self._bar = Progress(TextColumn(self.doing), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[last]}"), TimeElapsedColumn(), console=console,
                                 transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.doing, total=self.total, last="")
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()

    def step(self, state: str, item: str) -> None:
        """Count one finished item, with its outcome in a word."""
        self.done += 1
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, last=state)
            return
        width = len(str(self.total))
        self.stream.write(f"[{self.done:>{width}}/{self.total}] {state:<10} {item}\n")
        self.stream.flush()
