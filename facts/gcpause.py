"""The cyclic garbage collector paused while a whole dataset is read or written at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(*, freeze: bool = False) -> Iterator[None]:
    """No cyclic garbage collection inside. Why: a bulk load makes millions of small objects
    (YAML mappings, models, rows) that all survive, and the collector, triggered by the count
    of allocations, walks the ever larger set of survivors again and again: over half of
    loading 100,000 records (57 s with it, 22 s without), to free nothing (what a load drops,
    reference counting frees). Re-enabled after, without a forced collection (that would
    walk everything once more); nested pauses leave it to the outermost.

    `freeze`: what was built lives as long as the store (the search index and its snapshot),
    so it is moved out of the collector's sight before collection resumes; re-enabling alone
    would only move the walk over it to the first queries (60-67 ms of every `briefing ask`
    at 100k records). Frozen objects are still freed by reference counting when replaced."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()
