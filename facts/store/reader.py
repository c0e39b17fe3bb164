"""The read side of the live store: its connection and lock, transactions, the cached
state, and every read (records, revisions, the key-value table). `Store` (facts.store.live)
adds opening and every change on top of it."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self

from rapidfuzz import fuzz, process

from facts.dataset import Problem
from facts.factset import FactSet
from facts.models import AnyRecord
from facts.reads import Reads
from facts.store import meta, revisions
from facts.store.connection import connect
from facts.store.errors import NotFound
from facts.store.meta import INDEX_VERSION, SEED_HEAD
from facts.store.records import StoredFacts
from facts.store.revisions import Clock, Revision
from facts.store.state import read_all

# An id is close to a typed one at this score (0-100, `StoreReader.close_ids`):
# "bannu-bombing" and bannu-convoy-bombing 89, "bajor" and bajaur 73, "bannu" and
# bajaur-attack 44.
CLOSE_ID_SCORE = 70.0


def _id_words(record_id: str) -> str:
    return record_id.casefold().replace("-", " ").replace("_", " ")


class StoreReader:
    """One open store file: calls are serialised by a lock, so one instance serves one
    thread or task loop; any number of instances and processes may share the file."""

    def __init__(self, db: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self._db = db
        self.path = path
        self._clock = clock
        self._lock = threading.RLock()
        self._reads: Reads | None = None  # the answers' connection, opened when first asked

    def now(self) -> dt.datetime:
        """The store's time: what its revisions are stamped with (a test's clock)."""
        return self._clock()

    def quick_check(self, seconds: float | None = None) -> list[str] | None:
        """SQLite's `PRAGMA quick_check`: [] when the file's pages are sound (reads only).
        Given `seconds`, the check stops when they run out: None when it found nothing
        wrong in the pages it read by then (it reads the tables in the order they were
        created, `records` first)."""
        with self._lock:
            if seconds is not None:
                deadline = time.monotonic() + seconds
                self._db.set_progress_handler(lambda: time.monotonic() > deadline, 100)
            try:
                rows = [str(row[0]) for row in self._db.execute("PRAGMA quick_check")]
            except sqlite3.OperationalError as exc:
                if seconds is None or "interrupted" not in str(exc):
                    raise
                return None
            finally:
                if seconds is not None:
                    self._db.set_progress_handler(None, 0)
        return [] if rows == ["ok"] else rows

    def close(self) -> None:
        # Under the lock: a write running in a worker thread (a stop during `bot.stored`)
        # finishes and commits before the connection goes.
        # The answers' connection first, outside the store's lock: an answer holds its
        # lock and may ask the store for revisions (the digest), which takes the store's.
        if self._reads is not None:
            self._reads.close()
        with self._lock:
            self._db.close()

    def reads(self) -> Reads | None:
        """The connection answers read through (records, links, the name and full-text
        indexes): one of its own, read-only, so in WAL mode a question never waits for a
        writer and sees every committed change. None when the store's tables are of
        another version (an older store opened read-only): answers then index a snapshot
        in memory."""
        with self._lock:
            if self.get_meta(INDEX_VERSION) != revisions.INDEXED:
                return None
            if self._reads is None:
                self._reads = Reads.of_file(connect(self.path, read_only=True))
            return self._reads

    def facts(self) -> StoredFacts | None:
        """The current records, read when a question needs them (None: as for `reads`)."""
        reads = self.reads()
        return None if reads is None else StoredFacts(reads)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- transactions and the cached state -----------------------------------------------

    @contextmanager
    def _transaction(self, *, write: bool = True) -> Iterator[None]:
        """BEGIN IMMEDIATE takes the write lock up front, so what is checked inside is what
        gets written."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _db_head(self) -> int:
        row = self._db.execute("SELECT max(number) FROM revisions").fetchone()
        return int(row[0] or 0)

    # --- reading -------------------------------------------------------------------------

    def head(self) -> int:
        with self._lock:
            return self._db_head()

    def counts(self) -> dict[str, int]:
        """Current (non-retracted) records per kind, counted in SQL: no record is loaded, so
        a health check stays quick at any size."""
        with self._lock:
            rows = self._db.execute(
                "SELECT kind, count(*) FROM records WHERE retracted = 0 GROUP BY kind"
            ).fetchall()
        return {str(kind): int(n) for kind, n in rows}

    def index_lag(self) -> tuple[str, bool] | None:
        """Why the tables answers read are not in step with the records, and whether that
        is harmless; None when they are. Harmless: written by another version (the bot
        re-indexes when it opens the store for writing). Not: they hold another number of
        records than `records` (a write that skipped them)."""
        with self._lock:
            if meta.get(self._db, INDEX_VERSION) != revisions.INDEXED:
                return "its search tables are of another version: the bot re-indexes it", True
            (records,) = self._db.execute(
                "SELECT count(*) FROM records WHERE NOT retracted"
            ).fetchone()
            (indexed,) = self._db.execute("SELECT count(*) FROM present").fetchone()
        if records == indexed:
            return None
        return (
            f"its search tables hold {indexed} records and its records table {records}: "
            f"delete the row '{INDEX_VERSION}' from its meta table and start the bot, which "
            "re-indexes it",
            False,
        )

    def snapshot(self) -> FactSet:
        """Every current (non-retracted) record and the article texts, read now, in memory
        (a bulk read: export, a full check; questions read `facts()`)."""
        with self._transaction(write=False):
            return read_all(self._db)

    def get(self, record_id: str) -> AnyRecord | None:
        """The current record, or None if there is none or it was retracted."""
        with self._lock:
            return StoredFacts(Reads(self._db, self._lock), cached=0).get(record_id)

    def ids_containing(self, text: str, limit: int) -> list[str]:
        """Current record ids that contain `text` (case-folded), shortest first."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with self._lock:
            rows = self._db.execute(
                # `present` (the current records' ids, kinds and names) is a fraction of
                # `records`, whose rows carry each record's JSON.
                "SELECT record_id FROM present WHERE record_id LIKE ? ESCAPE '\\'"
                " ORDER BY length(record_id), record_id LIMIT ?",
                (pattern, limit),
            ).fetchall()
        return [row[0] for row in rows]

    def close_ids(self, record_id: str, limit: int) -> list[str]:
        """Current record ids a mistyped one may stand for, best first ("bannu-bombing":
        bannu-convoy-bombing). Every id is compared: a refusal's cost, not a question's
        (rapidfuzz's cdist, in C: some 0.1 s for 100,000 ids)."""
        with self._lock:
            ids = [row[0] for row in self._db.execute("SELECT record_id FROM present")]
        if not ids:
            return []
        typed, words = _id_words(record_id), [_id_words(i) for i in ids]
        # Shared words (token_set_ratio) and the whole spelling (ratio) alike, averaged:
        # either alone ranks `bannu` (one shared word) or `mujahid-bodies-taken` (shorter)
        # before the record a mistyped "bannu-bombing" or "mujahid" means. The quick ratio
        # first: an id scoring under 2 x CLOSE_ID_SCORE - 100 by it cannot reach the mark.
        spelled = process.cdist(
            [typed],
            words,
            scorer=fuzz.ratio,
            score_cutoff=2 * CLOSE_ID_SCORE - 100,
        )[0]
        near = [int(i) for i in spelled.nonzero()[0]]
        shared = process.cdist([typed], [words[i] for i in near], scorer=fuzz.token_set_ratio)[0]
        scores = {i: (float(spelled[i]) + float(s)) / 2 for i, s in zip(near, shared, strict=True)}
        best = sorted(
            (i for i, score in scores.items() if score >= CLOSE_ID_SCORE),
            key=lambda i: (-scores[i], ids[i]),
        )
        return [ids[i] for i in best[:limit]]

    def is_retracted(self, record_id: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT retracted FROM records WHERE id = ?", (record_id,)
            ).fetchone()
        return bool(row and row[0])

    def revision(self, number: int) -> Revision:
        with self._lock:
            rows = revisions.select(self._db, "SELECT * FROM revisions WHERE number = ?", [number])
        if not rows:
            raise NotFound([Problem("-", "-", "revision", f"no revision {number}")])
        return rows[0]

    def history(self, record_id: str) -> list[Revision]:
        """Every revision of one record, oldest first (retracted records included)."""
        with self._lock:
            return revisions.select(
                self._db, "SELECT * FROM revisions WHERE record_id = ? ORDER BY number", [record_id]
            )

    def revisions(
        self,
        since: dt.datetime | None = None,
        limit: int | None = None,
        *,
        after: int = 0,
        until: dt.datetime | None = None,
    ) -> list[Revision]:
        """Revisions made after `since` (all if None) and up to `until`, numbered after
        `after` (the digest passes the seed's head: the seed is never read), oldest first;
        with `limit`, only the latest `limit` of them. The window is chosen in SQL, so a
        revision outside it is never parsed."""
        where, params = _window(since, after, until)
        sql = f"SELECT * FROM revisions WHERE {where} ORDER BY number DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._lock:
            return revisions.select(self._db, sql, params)[::-1]

    def revision_counts(
        self, since: dt.datetime | None = None, *, after: int = 0, until: dt.datetime | None = None
    ) -> dict[str, int]:
        """How many revisions of each action `revisions` would give for the same window, in
        the order each action first occurs (counted in SQL: nothing is parsed)."""
        where, params = _window(since, after, until)
        sql = (
            f"SELECT action, count(*) FROM revisions WHERE {where}"
            " GROUP BY action ORDER BY min(number)"
        )
        with self._lock:
            return {str(action): int(n) for action, n in self._db.execute(sql, params)}

    def _since(self, record_id: str, base: int) -> list[Revision]:
        return revisions.select(
            self._db,
            "SELECT * FROM revisions WHERE record_id = ? AND number > ? ORDER BY number",
            [record_id, base],
        )

    # --- the key-value table (the digest's state) -----------------------------------------

    def seed_head(self) -> int:
        """The last revision of the initial seed from the curated data (0: none)."""
        return int(self.get_meta(SEED_HEAD) or 0)

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            return meta.get(self._db, key)


def _window(
    since: dt.datetime | None, after: int, until: dt.datetime | None
) -> tuple[str, list[object]]:
    """The SQL condition for revisions after `since`, up to `until`, numbered after `after`
    (`at` is fixed-width UTC text, so it compares in time order)."""
    where: list[str] = ["number > ?"]
    params: list[object] = [after]
    if since is not None:
        where.append("at > ?")
        params.append(revisions.timestamp(since))
    if until is not None:
        where.append("at <= ?")
        params.append(revisions.timestamp(until))
    return " AND ".join(where), params
