"""Pause Python's cyclic garbage collector while a large, acyclic object graph is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Suspend the cyclic GC for the duration, restoring its previous state.

    Loading a catalogue (and rendering its pages) allocates hundreds of thousands of containers
    and frees almost none; each allocation burst triggers full-generation scans that grow with
    the heap, which made 10x the entries cost about 16x the time. Nothing built here forms
    reference cycles, so reference counting alone reclaims it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
