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


def test_a_child_can_yield_the_cores_to_this_process() -> None:
    mine = os.nice(0)
    with forked.Forked(lambda: [os.nice(0)], niceness=5) as child:
        assert list(child.results()) == [min(mine + 5, 19)]  # niceness stops at 19
    assert os.nice(0) == mine  # this process's own is unchanged


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


@pytest.mark.parametrize(("share", "there"), [(0.5, 8), (0.6, 9), (0.25, 5)])
def test_map_shared_gives_every_result_in_order_the_childs_share_from_the_child(
    share: float, there: int
) -> None:
    if not forked.available():
        pytest.skip("no second core here")
    weights = [5, 1, 4, 2, 3]
    results = forked.map_shared(_square_noting_where, range(5), weights, child_share=share)
    assert [square for square, _ in results] == [0, 1, 4, 9, 16]
    here = sum(w for w, (_, pid) in zip(weights, results, strict=True) if pid == os.getpid())
    assert sum(weights) - here == there


def test_map_shared_under_the_least_weight_is_all_done_here() -> None:
    results = forked.map_shared(_square_noting_where, range(4), [1, 1, 1, 1], least=5)
    assert results == [(n * n, os.getpid()) for n in range(4)]


def test_map_shared_does_the_childs_part_here_when_the_child_fails() -> None:
    if not forked.available():
        pytest.skip("no second core here")
    parent = os.getpid()

    def square(n: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return n * n

    assert forked.map_shared(square, range(6), [1] * 6) == [n * n for n in range(6)]
