"""What the store's checks of one change look up across records, kept as tables: who refers
to a record (a retraction is refused while anyone does) and who owns a name (two actors or
places may not answer to one name). Written in the transaction of the change, so a check
reads a few rows instead of every record held in memory."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from facts.links import drop_indexes
from facts.models import AnyRecord
from facts.reads import marks
from facts.validate import alias_key, alias_names

VERSION = "1"
SCHEMA = (
    # Columns in key order: SQLite 3.40's quick_check misreads a WITHOUT ROWID table whose
    # key lists its columns in another order (it reports NULLs that are not there).
    """CREATE TABLE IF NOT EXISTS refs (
        target TEXT NOT NULL, record_id TEXT NOT NULL,
        PRIMARY KEY (target, record_id)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS refs_by_record ON refs (record_id)",
    """CREATE TABLE IF NOT EXISTS name_keys (
        key TEXT NOT NULL, record_id TEXT NOT NULL,
        PRIMARY KEY (key, record_id)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS name_keys_by_record ON name_keys (record_id)",
)


def drop(db: sqlite3.Connection) -> None:
    for table in ("refs", "name_keys"):
        db.execute(f"DROP TABLE IF EXISTS {table}")


def create(db: sqlite3.Connection) -> None:
    for statement in SCHEMA:
        db.execute(statement)


@dataclass(frozen=True)
class Rows:
    """The rows of a set of records, made before they are written (a bulk change's checks
    make them on the other core: facts.store.state.checked_meanwhile)."""

    ids: frozenset[str]
    refs: list[tuple[str, str]]
    names: list[tuple[str, str]]


def rows(records: Iterable[AnyRecord]) -> Rows:
    """In key order, so a bulk write appends to the b-trees (see facts.links)."""
    records = list(records)
    return Rows(
        frozenset(r.id for r in records),
        sorted({(ref.target, r.id) for r in records for ref in r.references()}),
        sorted({(alias_key(name), r.id) for r in records for _path, name in alias_names(r)}),
    )


def write_all(
    db: sqlite3.Connection,
    records: Sequence[tuple[str, AnyRecord | None]],
    *,
    made: Rows | None = None,
) -> None:
    """Each record's rows replaced by its current version's (None: it is gone); `made`:
    the rows made already, used if they are these records'."""
    latest = dict(records)
    ids = list(latest)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        db.execute(f"DELETE FROM refs WHERE record_id IN ({marks(chunk)})", chunk)
        db.execute(f"DELETE FROM name_keys WHERE record_id IN ({marks(chunk)})", chunk)
    _insert(db, [r for r in latest.values() if r is not None], made)


def rebuild(
    db: sqlite3.Connection, records: Iterable[AnyRecord], *, made: Rows | None = None
) -> None:
    db.execute("DELETE FROM refs")
    db.execute("DELETE FROM name_keys")
    drop_indexes(db, SCHEMA)  # made again after the rows are in (see facts.links.rebuild)
    _insert(db, list(records), made)
    create(db)


def _insert(db: sqlite3.Connection, records: list[AnyRecord], made: Rows | None) -> None:
    if made is None or made.ids != {r.id for r in records}:
        made = rows(records)
    db.executemany("INSERT OR IGNORE INTO refs (target, record_id) VALUES (?, ?)", made.refs)
    db.executemany("INSERT OR IGNORE INTO name_keys (key, record_id) VALUES (?, ?)", made.names)


def referrers(db: sqlite3.Connection, record_id: str) -> set[str]:
    """The records that refer to this one (current or not: the check filters)."""
    rows = db.execute("SELECT record_id FROM refs WHERE target = ?", (record_id,))
    return {row[0] for row in rows}


def owners(db: sqlite3.Connection, key: str) -> list[str]:
    """The records that answer to a name key, by id."""
    rows = db.execute("SELECT record_id FROM name_keys WHERE key = ? ORDER BY record_id", (key,))
    return [row[0] for row in rows]
