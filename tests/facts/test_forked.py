"""Work on the second core (facts.forked): a forked child's results come back in order, and a
child that fails or is not read is reported or ended, never left behind."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from facts import forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def test_the_results_come_back_in_order() -> None:
    with forked.Forked(lambda: [(n, str(n) * 3) for n in range(5000)]) as child:
        assert list(child.results()) == [(n, str(n) * 3) for n in range(5000)]


def test_a_child_that_fails_is_reported() -> None:
    def produce() -> Iterator[int]:
        yield 1
        raise RuntimeError("no")

    with forked.Forked(produce) as child, pytest.raises(forked.ForkFailed):
        list(child.results())


def test_a_child_not_read_is_ended() -> None:
    child = forked.Forked(lambda: iter(range(10**9)))  # would run for minutes
    pid = child._pid
    assert pid is not None
    child.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)  # reaped already
