"""A new store is seeded in a file of its own beside the store's path and moved into place
when it is complete: no other process can see it half made, so it is written without the
guards a live store needs (no journal to disk, no WAL, no waiting for each write to reach the
disk), which at 100,000 records wrote several hundred MB twice (into the WAL, then into the
file) with a sync at each step. A crash or a refused seed leaves no store at the path, and
the next start seeds again.

Only a path where nothing is yet (no file, no WAL) is seeded this way: an empty file someone
made, or one another process may have open, is seeded in place, in one transaction, as
before."""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from facts.search.tables import BUILDING

SUFFIX = ".seeding"


# A seed's own file is written to all along: one untouched this long is a crashed seed's.
STALE_SECONDS = 3600


def sweep(path: Path) -> list[Path]:
    """Delete what crashed seeds left beside `path` (a hidden staged store, the name
    index's file, their journals), untouched for STALE_SECONDS; returns what went. A
    seed that is running writes to its files, so it is never swept."""
    patterns = [f".{path.name}.*{SUFFIX}", BUILDING]
    patterns += [f"{p}{end}" for p in list(patterns) for end in ("-wal", "-shm", "-journal")]
    now = time.time()
    gone = []
    for pattern in patterns:
        for leftover in path.parent.glob(pattern):
            try:
                if now - leftover.stat().st_mtime > STALE_SECONDS:
                    leftover.unlink()
                    gone.append(leftover)
            except OSError:
                continue  # gone meanwhile, or not ours to remove: left alone
    return gone


def wanted(path: Path) -> bool:
    """Nothing is at `path` yet: no file and no WAL of an earlier one."""
    return not any(p.exists() for p in (path, _beside(path, "-wal"), _beside(path, "-journal")))


def seed_beside(path: Path, fill: Callable[[sqlite3.Connection, Path], None]) -> None:
    """Make the store in a new file beside `path` (`fill` is given a connection to it, and
    its path, in the journal mode a bulk load of a private file may use), then move it to
    `path` unless another process placed its own there first (its store is then used, ours
    dropped). Whatever fails leaves nothing behind."""
    from facts.store.connection import connect  # noqa: PLC0415 (connection imports errors only)

    # Made by SQLite, as the store would be (its permissions too); a name no one else picks.
    staged = path.with_name(f".{path.name}.{uuid.uuid4().hex[:16]}{SUFFIX}")
    try:
        db = connect(staged, read_only=False)
        try:
            # Private until it is moved into place, so nothing needs the journal on disk:
            # a failure deletes the file (a rollback still works, from memory).
            db.execute("PRAGMA journal_mode=MEMORY")
            db.execute("PRAGMA synchronous=OFF")
            fill(db, staged)
            db.execute("PRAGMA journal_mode=WAL")  # the live store's mode, kept in the file
        finally:
            db.close()
        _sync(staged)
        _place(staged, path)
        _sync(path.parent)
    finally:
        for leftover in (staged, _beside(staged, "-wal"), _beside(staged, "-shm")):
            leftover.unlink(missing_ok=True)


def _place(staged: Path, path: Path) -> None:
    """`staged` at `path` too, unless something is there by now (another process was first:
    its store is used). A link never replaces; where links are not supported, a rename if
    the path is still free."""
    try:
        os.link(staged, path)
    except FileExistsError:
        return
    except OSError:
        if not path.exists():
            os.replace(staged, path)


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _sync(path: Path) -> None:
    """What is written reaches the disk (a directory: the new name in it)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
