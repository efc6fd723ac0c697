"""A clock that moves only when code sleeps on it: pacing is tested by what was waited, never by the wall clock."""

from __future__ import annotations

import asyncio


class VirtualClock:
    """`now` starts at `start`; `sleep(s)` moves it on by `s` (and lets other tasks run) and notes the wait."""

    def __init__(self, start: float = 0.0) -> None:
        self.start = start
        self.current = start
        self.waits: list[float] = []

    def now(self) -> float:
        return self.current

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.current += seconds
        await asyncio.sleep(0)
