"""A big dataset's YAML files are parsed about half on the second core (facts.forked.map_shared):
the load is the one a single process makes, record for record and problem for problem, a file
the child finds broken is still one problem naming it, and a child that fails is replaced by
this process reading its files."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from facts import dataset as loader
from facts import forked
from facts.dataset import load_dir
from facts.store import SeedInvalid, Store
from tests.baseline import Dataset

pytestmark = pytest.mark.skipif(not forked.available(), reason="no fork or no second core")

BROKEN: dict[str, Callable[[Dataset], object]] = {
    "valid": lambda d: None,
    "not YAML": lambda d: d.write_text("claims.yaml", "- id: a\n  statement: x: y\n"),
    "not a list": lambda d: d.write_text("places.yaml", "id: islamabad\nname: Islamabad\n"),
    "missing": lambda d: d.path("events.yaml").unlink(),
    "a bad record": lambda d: d.change("actors.yaml", "ttp", actor_kind="spaceship"),
    "a duplicate across files": lambda d: d.add(
        "places.yaml", {"id": "ttp", "name": "Elsewhere", "place_kind": "city"}
    ),
}


@pytest.mark.parametrize("broken", BROKEN)
def test_two_cores_load_what_one_loads(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    BROKEN[broken](dataset)
    facts, problems = load_dir(dataset.root)
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
    shared, shared_problems = load_dir(dataset.root)
    assert shared_problems == problems
    assert (broken == "valid") == (problems == [])
    assert list(shared.records()) == list(facts.records())
    assert shared.articles == facts.articles


def test_a_file_the_child_finds_broken_refuses_the_seed_in_one_line(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
    # The biggest file is the child's.
    dataset.write_text("claims.yaml", "- id: a\n  statement: x: y\n" + "# padding\n" * 5000)
    parent, read = os.getpid(), loader._read_file
    where: dict[str, bool] = {}

    def noting(path: Path) -> object:
        where[path.name] = os.getpid() == parent  # kept by whichever process read it
        return read(path)

    monkeypatch.setattr(loader, "_read_file", noting)
    (tmp_path / "store").mkdir()
    with pytest.raises(SeedInvalid) as caught:
        Store.open(tmp_path / "store" / "s.sqlite3", seed_dir=dataset.root)
    assert "claims.yaml" not in where  # parsed in the child: only its result came back
    message = str(caught.value)
    assert "\n" not in message
    assert "claims.yaml:2" in message
    assert "not valid YAML" in message
    assert list((tmp_path / "store").iterdir()) == []


def test_a_child_that_fails_is_replaced_by_this_process(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected, expected_problems = load_dir(dataset.root)
    parent, read = os.getpid(), loader._read_file

    def fail_in_child(path: Path) -> object:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return read(path)

    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(loader, "_read_file", fail_in_child)
    facts, problems = load_dir(dataset.root)
    assert problems == expected_problems == []
    assert list(facts.records()) == list(expected.records())
