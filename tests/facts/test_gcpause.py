"""The collector paused during a bulk load, and given back as it was found."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from facts import gcpause


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()


def test_paused_inside_and_enabled_again_after_even_on_error() -> None:
    gc.enable()
    seen: list[bool] = []

    def load() -> None:
        with gcpause.paused():
            seen.append(gc.isenabled())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        load()
    assert seen == [False]
    assert gc.isenabled()


def test_a_nested_pause_leaves_enabling_to_the_outermost() -> None:
    gc.enable()
    with gcpause.paused():
        with gcpause.paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_freeze_moves_what_was_built_out_of_the_collectors_sight() -> None:
    gc.enable()
    gc.unfreeze()
    with gcpause.paused(freeze=True):
        built = [{"term": str(n)} for n in range(1000)]
    assert gc.get_freeze_count() >= len(built)
    assert gc.isenabled()


def test_no_freeze_when_the_collector_was_off_already() -> None:
    gc.disable()
    gc.unfreeze()
    with gcpause.paused(freeze=True):
        pass
    assert gc.get_freeze_count() == 0
    assert not gc.isenabled()
