"""A new store is seeded in a file beside its path and moved into place when complete
(facts.store.seeding): nothing half made is ever at the path, a refused seed leaves nothing,
and a store another process placed first is the one used."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from facts.store import SeedInvalid, Store, seeding
from tests.baseline import make_seed


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    return make_seed(tmp_path / "seed")


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_new_store_is_made_whole_and_placed(tmp_path: Path, seed: Path) -> None:
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "s.sqlite3"
    with Store.open(path, seed_dir=seed) as store:
        assert store.head() > 0
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("PRAGMA quick_check").fetchone() == ("ok",)
    finally:
        db.close()
    assert _files(tmp_path / "data") == ["s.sqlite3"]  # nothing staged is left
    # The permissions SQLite gives a file it creates (0644 less the umask), as before.
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644 & ~umask


def test_a_refused_seed_leaves_nothing(tmp_path: Path, seed: Path) -> None:
    (seed / "claims.yaml").write_text("- id: broken\n  statement: no quote\n")
    (tmp_path / "data").mkdir()
    with pytest.raises(SeedInvalid):
        Store.open(tmp_path / "data" / "s.sqlite3", seed_dir=seed)
    assert _files(tmp_path / "data") == []


def test_a_store_placed_first_by_another_process_is_kept(tmp_path: Path, seed: Path) -> None:
    path = tmp_path / "s.sqlite3"

    def fill(db: sqlite3.Connection, staged: Path) -> None:
        # Meanwhile another process seeds the path and a moderator edits it.
        with Store.open(path, seed_dir=seed) as theirs:
            theirs.set_meta("theirs", "yes")
        db.execute("CREATE TABLE ours (x)")

    seeding.seed_beside(path, fill)
    with Store.open(path, seed_dir=seed) as store:
        assert store.get_meta("theirs") == "yes"
    assert _files(tmp_path) == ["s.sqlite3", "seed"]


def test_an_empty_file_at_the_path_is_seeded_in_place(tmp_path: Path, seed: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.touch()
    assert not seeding.wanted(path)
    with Store.open(path, seed_dir=seed) as store:
        assert store.head() > 0
    assert seeding.wanted(tmp_path / "other.sqlite3")


def test_a_new_seed_sweeps_what_a_crashed_one_left(tmp_path: Path) -> None:
    """A seed killed mid-way leaves its hidden staged store and the name index's file
    beside the store; the next seed removes those untouched for an hour, and leaves a
    running seed's (fresh) files alone."""
    path = tmp_path / "facts.db"
    old = [tmp_path / f".facts.db.0123{seeding.SUFFIX}", tmp_path / ".names-0123.building"]
    fresh = tmp_path / f".facts.db.4567{seeding.SUFFIX}"
    for leftover in [*old, fresh]:
        leftover.write_bytes(b"x")
    hour_ago = time.time() - seeding.STALE_SECONDS - 60
    for leftover in old:
        os.utime(leftover, (hour_ago, hour_ago))
    assert sorted(seeding.sweep(path)) == sorted(old)
    assert not any(p.exists() for p in old)
    assert fresh.exists()
