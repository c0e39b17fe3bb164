"""The store's key-value table: the digest's state (what it last reported, who claims a
run) and the store's own marks (where the seed ends, how the search index was written)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

SEED_HEAD = "store:seed_head"  # the last revision of the initial seed
INDEX_VERSION = "store:index_version"  # how the answer and check tables were written


def get(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def put(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def update(
    db: sqlite3.Connection,
    keys: Sequence[str],
    change: Callable[[dict[str, str | None]], dict[str, str]],
) -> dict[str, str | None]:
    """Read `keys`, write what `change` makes of them, in one write transaction: of two
    processes that update the same key, the second sees what the first wrote (a claim
    only one can win). Returns the values after."""
    db.execute("BEGIN IMMEDIATE")
    try:
        values = {key: get(db, key) for key in keys}
        for key, value in change(dict(values)).items():
            put(db, key, value)
            values[key] = value
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return values
