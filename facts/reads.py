"""One SQLite connection that answers read a question at a time, shared by everything a
question reads (records, links, the name index, the full text): a lock serialises the
threads that share it.

The store hands out a read-only connection of its own (in WAL mode a question never waits
for a writer, and it sees every committed change); a fact set with no store (tests, tools
that read the YAML) gets the same tables in an in-memory database."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

MMAP_BYTES = 256 << 20  # up to 256 MiB of the store's file mapped
CACHE_KIB = 32 * 1024


class Reads:
    def __init__(
        self, db: sqlite3.Connection, lock: threading.RLock | None = None, *, writing: bool = False
    ) -> None:
        self.db = db
        self.lock = lock or threading.RLock()
        # The store's own connection, read inside its write transaction (a change's
        # checks): the transaction is the writer's to end.
        self._writing = writing
        self._depth = 0  # nested `consistent` blocks of the thread holding the lock

    @classmethod
    def of_file(cls, db: sqlite3.Connection) -> Reads:
        """Questions read through `db`, a read-only connection to a store's file (opened as
        facts.store.connection opens one: in a folder nobody can write, too)."""
        # A question reads a few dozen rows from all over a file of hundreds of MB: SQLite's
        # default 2 MB page cache kept few of them between questions, and every miss was a
        # read() call. The file is mapped instead (pages the OS already holds cost nothing
        # to read, and only the pages read count towards the process's memory), with a
        # larger cache for what the map does not cover.
        db.execute(f"PRAGMA mmap_size = {MMAP_BYTES:d}")
        db.execute(f"PRAGMA cache_size = {-CACHE_KIB:d}")
        return cls(db)

    @classmethod
    def in_memory(cls) -> Reads:
        return cls(sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None))

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        with self.lock:
            return self.db.execute(sql, tuple(params)).fetchall()

    def row(self, sql: str, params: Iterable[Any] = ()) -> Any | None:
        with self.lock:
            return self.db.execute(sql, tuple(params)).fetchone()

    @contextmanager
    def consistent(self) -> Iterator[None]:
        """Every read inside sees one committed state (a read transaction: WAL keeps it
        while writers go on), so an answer never mixes two revisions. The lock is held
        throughout: answers take milliseconds, and one connection runs one at a time."""
        with self.lock:
            outer = self._depth == 0 and not self._writing
            if outer:
                if self.db.in_transaction:  # left open by a failure: never keep an old view
                    self.db.execute("ROLLBACK")
                self.db.execute("BEGIN")
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if outer:
                    # Only reads happened: ending the transaction either way is the same,
                    # and a rollback cannot fail where a commit could.
                    self.db.execute("ROLLBACK")

    def close(self) -> None:
        with self.lock:
            self.db.close()


def marks(values: Iterable[Any]) -> str:
    """'?, ?, ?': one parameter per value, for an IN list."""
    return ", ".join("?" for _ in values)
