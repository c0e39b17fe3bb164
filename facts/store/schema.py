"""The store's schema version (SQLite's `PRAGMA user_version`) and the migrations that bring
an older store up to it, as RoboDanny's `migrations/` do.

Each file in `migrations/` is `NNNN_what.sql`, applied once, in number order, inside the
write transaction of the open that finds the store older; the store's version is then the
number of the last one. A new layout is a new file, never an edit of an old one. The
answer and check tables keep a version of their own in `meta` (INDEX_VERSION): a new way of
indexing re-indexes the store without a schema change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from facts import tables
from facts.store import keys
from facts.store.errors import NewerStore, OlderStore

_MIGRATIONS_DIR = Path(__file__).with_name("migrations")
MIGRATIONS: tuple[Path, ...] = tuple(sorted(_MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql")))
SCHEMA_VERSION = int(MIGRATIONS[-1].name[:4])


def version(db: sqlite3.Connection) -> int:
    """The schema version the store was last written at (0: before versions, or empty)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def refuse_newer(path: Path, found: int) -> None:
    if found > SCHEMA_VERSION:
        raise NewerStore(
            f"the store at {path} was written by a newer briefing (schema {found}; this one "
            f"knows up to {SCHEMA_VERSION}): upgrade the bot, or point BRIEFING_STORE at a store "
            "this version wrote"
        )


def refuse_older(path: Path, found: int) -> None:
    """For a read-only open, which never migrates."""
    if found < SCHEMA_VERSION:
        raise OlderStore(
            f"the store at {path} is at schema {found}, older than this briefing's "
            f"{SCHEMA_VERSION}, and is opened read-only: open it once with write access "
            "(`briefing run` or `briefing console` as the bot's user), which upgrades it"
        )


def migrate(db: sqlite3.Connection) -> None:
    """Bring the store to SCHEMA_VERSION. Call inside a write transaction (BEGIN IMMEDIATE),
    so that of two processes opening an old store only the first migrates it."""
    found = version(db)
    if found >= SCHEMA_VERSION:
        return
    for migration in MIGRATIONS:
        if int(migration.name[:4]) > found:
            for statement in statements(migration.read_text(encoding="utf-8")):
                db.execute(statement)
    # The answer tables are facts.tables' (an in-memory set has them too), the checks'
    # are facts.store.keys'; a store whose INDEX_VERSION differs is indexed after this.
    create_indexes(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")


def create_indexes(db: sqlite3.Connection, *, anew: bool = False) -> None:
    """The answer and check tables, where they are missing, or all `anew` (they are
    filled by reindex)."""
    if anew:
        tables.drop(db)
        keys.drop(db)
    tables.create(db)
    keys.create(db)


def statements(script: str) -> Iterator[str]:
    """The statements of a SQL script, one at a time (executescript would commit the
    transaction the migration runs in). SQLite itself says where a statement ends, triggers'
    inner semicolons included."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
