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


def _square_noting_where(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_halves_gives_every_result_in_order_half_of_the_weight_from_a_child() -> None:
    if not forked.available():
        pytest.skip("no second core here")
    weights = [5, 1, 4, 2, 3]
    results = forked.halves(_square_noting_where, range(5), weights)
    assert [square for square, _ in results] == [0, 1, 4, 9, 16]
    here = sum(w for w, (_, pid) in zip(weights, results, strict=True) if pid == os.getpid())
    assert 0 < here < sum(weights)  # both did a share: 7 here and 8 there, or the reverse
    assert abs(2 * here - sum(weights)) <= max(weights)


def test_halves_under_the_least_weight_is_all_done_here() -> None:
    results = forked.halves(_square_noting_where, range(4), [1, 1, 1, 1], least=5)
    assert results == [(n * n, os.getpid()) for n in range(4)]


def test_halves_does_the_childs_half_here_when_the_child_fails() -> None:
    if not forked.available():
        pytest.skip("no second core here")
    parent = os.getpid()

    def square(n: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return n * n

    assert forked.halves(square, range(6), [1] * 6) == [n * n for n in range(6)]
