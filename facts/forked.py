"""Work done on the second core: a computation run in a forked child while this process goes
on, its results read back later as a stream. Why a fork: the child starts with everything
this process holds (a seed's hundred thousand records) without copying or pickling any of
it; only the results cross, through a pipe, one item at a time.

Only where it pays: a system that can fork, with more than one core for this process.
Anything the child fails at is reported to the reader as `ForkFailed`, so the caller can do
the work itself; the child never returns into the caller's code (it leaves by `os._exit`,
running no clean-up of the parent's: its open store connection is left alone)."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
A = TypeVar("A")
_ITEM, _END = 0, 1


class ForkFailed(Exception):
    """The child did not deliver every result (it failed, or was killed)."""


def available() -> bool:
    """A fork, and a second core for it."""
    if not hasattr(os, "fork"):
        return False
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(1)
    return len(cores) > 1


class Forked(Generic[T]):
    """`produce()` run in a child from now on; `results()` its items, in order. Use as a
    context manager: leaving it ends a child whose results were not read. `niceness`: how
    much less of the cores the child takes than the processes it runs beside (os.nice), for
    work whose results are wanted last."""

    def __init__(self, produce: Callable[[], Iterable[T]], *, niceness: int = 0) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read)
            if niceness:
                os.nice(niceness)
            _serve(produce, write)
        os.close(write)
        self._pid: int | None = pid
        self._read: int | None = read

    def results(self) -> Iterator[T]:
        """The child's items as it sends them (it computes them all first, so none waits
        for this process to read); ForkFailed when they stop short."""
        if self._read is None:
            raise ForkFailed("the results were read already")
        source, self._read = os.fdopen(self._read, "rb"), None
        with source:
            while True:
                try:
                    tag, item = pickle.load(source)
                except (EOFError, pickle.UnpicklingError) as exc:
                    raise ForkFailed("the child stopped before its last result") from exc
                if tag == _END:
                    break
                yield item
        self._reap(kill=False)

    def close(self) -> None:
        if self._read is not None:
            os.close(self._read)
            self._read = None
        self._reap(kill=True)

    def _reap(self, *, kill: bool) -> None:
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def map_shared(
    function: Callable[[A], T],
    items: Sequence[A],
    weights: Sequence[int],
    *,
    child_share: float = 0.5,
    least: int = 0,
) -> list[T]:
    """`function(item)` for every item, in order: about `child_share` of the weight done in
    a child while this process does the rest, then the child's part read back (done here
    instead if the child fails). All here when the total weight is under `least` (not worth
    a child) or no second core is there. The results must pickle, and cost less to send
    than to make: plain data, not models."""
    if sum(weights) < least or len(items) < 2 or not available():
        return [function(item) for item in items]
    # The heaviest first, each to the side furthest below its share.
    shares = (child_share, 1 - child_share)
    load = [0, 0]
    sides: tuple[list[int], list[int]] = ([], [])  # the child's, this process's
    for index in sorted(range(len(items)), key=lambda i: -weights[i]):
        side = 0 if load[0] / shares[0] <= load[1] / shares[1] else 1
        sides[side].append(index)
        load[side] += weights[index]
    theirs, mine = sides
    results: dict[int, T] = {}
    with Forked(lambda: [function(items[i]) for i in theirs]) as child:
        for index in mine:
            results[index] = function(items[index])
        try:
            results.update(zip(theirs, child.results(), strict=True))
        except ForkFailed:
            results.update((i, function(items[i])) for i in theirs if i not in results)
    return [results[i] for i in range(len(items))]


def _serve(produce: Callable[[], Iterable[T]], write: int) -> None:
    """In the child: every item computed, then sent; never returns."""
    code = 1
    try:
        items = list(produce())
        with os.fdopen(write, "wb") as out:
            for item in items:
                pickle.dump((_ITEM, item), out, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump((_END, None), out)
        code = 0
    except BaseException:
        pass  # the reader sees the results stop short
    finally:
        os._exit(code)
