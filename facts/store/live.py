"""The live facts store: one SQLite file (WAL) with the current records and an append-only
revisions table. Every change is checked by the same models and cross-checks as the bundled
data, written in one transaction, and confirmed (returned) only after it is committed.

Nothing is deleted: a retraction marks the record retracted and is a revision; undo is a
revision too. Revisions carry the record before and after (as the plain mapping its YAML file
would hold), so history, undo and staleness checks all read the same table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from facts import fulltext
from facts.dataset import (
    ARTICLES,
    DATA_DIR,
    FILES,
    FactSet,
    Problem,
    dump_record,
    load_dir,
    parse_record,
    problems_from_error,
)
from facts.edits import EditSyntaxError, apply_changes, split_path
from facts.models import AnyRecord, Source
from facts.validate import (
    _references,
    alias_key,
    alias_names,
    alias_source_problems,
    check_aliases,
    check_date_phrases,
    check_dates,
    check_links,
    check_quotes,
    check_references,
    name_problems,
)

Action = Literal["create", "edit", "retract", "restore", "undo", "import", "source"]
Clock = Callable[[], dt.datetime]
# Past this many records changed by another process, reloading everything is simpler.
_RELOAD_AFTER = 1000

SEED_HEAD = "store:seed_head"  # meta key: the last revision of the initial seed
FULLTEXT_VERSION = "store:fulltext_version"  # meta key: how the search index was written
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS records (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, data TEXT NOT NULL,
        retracted INTEGER NOT NULL DEFAULT 0, revision INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS revisions (
        number INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL, kind TEXT NOT NULL,
        action TEXT NOT NULL, editor_name TEXT NOT NULL, editor_id INTEGER, at TEXT NOT NULL,
        reason TEXT NOT NULL, before TEXT, after TEXT, base_revision INTEGER, undoes INTEGER)""",
    "CREATE INDEX IF NOT EXISTS revisions_by_record ON revisions (record_id, number)",
    "CREATE INDEX IF NOT EXISTS revisions_by_time ON revisions (at)",
    # History is evidence: the database itself refuses to rewrite or drop it.
    """CREATE TRIGGER IF NOT EXISTS revisions_no_update BEFORE UPDATE ON revisions
        BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS revisions_no_delete BEFORE DELETE ON revisions
        BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END""",
    # INSERT OR REPLACE deletes the old row without firing the delete trigger.
    """CREATE TRIGGER IF NOT EXISTS revisions_no_replace BEFORE INSERT ON revisions
        WHEN EXISTS (SELECT 1 FROM revisions WHERE number = NEW.number)
        BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END""",
    "CREATE TABLE IF NOT EXISTS articles (source_id TEXT PRIMARY KEY, text TEXT NOT NULL)",
    # The record's revision when the curated YAML last agreed with it (see import_dir).
    "CREATE TABLE IF NOT EXISTS synced (record_id TEXT PRIMARY KEY, revision INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # The search index: written with each record, in the same transaction (facts.fulltext).
    *fulltext.SCHEMA,
)

_SCHEMA_NAMES = frozenset(
    re.findall(
        r"CREATE (?:TABLE|INDEX|TRIGGER|VIRTUAL TABLE) IF NOT EXISTS (\w+)", " ".join(_SCHEMA)
    )
)
BUSY_SECONDS = 30.0  # how long a write waits for another process's write lock
RESTORE = "restore it from a backup (README: Running in production)"
_PLACE = "fix BRIEFING_STORE or --store (with Docker: is the volume mounted at /data?)"
_READ_ONLY = " (questions still work: `briefing ask` and `console` open it read-only)"


class StoreUnavailable(Exception):
    """The store cannot be opened as asked: one line saying what is wrong with which path
    and what to do."""


class EmptyStore(StoreUnavailable):
    """A store file with no facts in it yet (a first start that did not finish)."""


def check_place(path: Path, *, read_only: bool = False) -> None:
    """Refuse, before SQLite creates or changes anything: a missing directory (a typo, an
    unmounted volume), a directory for a file, a file that is not ours, no write access."""
    folder = path.absolute().parent
    if path.is_dir():
        raise StoreUnavailable(f"the store path {path} is a directory, not a file: {_PLACE}")
    if not folder.is_dir():
        raise StoreUnavailable(
            f"the store path {path} is in a directory that does not exist ({folder}): "
            f"create it, or {_PLACE}"
        )
    exists = path.exists() and path.stat().st_size > 0
    if exists and not os.access(path, os.R_OK):
        raise StoreUnavailable(f"the store at {path} is not readable by this user")
    if exists and (problem := not_a_store(path)) is not None:
        raise StoreUnavailable(problem)
    if read_only:
        if not exists:
            raise StoreUnavailable(f"there is no store at {path}: {_PLACE}")
        return
    # SQLite writes -wal and -shm files beside the store, so the directory must be writable.
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreUnavailable(
            f"the store path {path} is in a directory that is not writable by this user "
            f"({folder}): give the bot's user write access to it{_READ_ONLY}"
        )
    if exists and not os.access(path, os.W_OK):
        raise StoreUnavailable(
            f"the store at {path} is not readable and writable by this user{_READ_ONLY}"
        )


def not_a_store(path: Path) -> str | None:
    """A read-only look at an existing file: what makes it no briefing store, or None. A
    file that is not ours is reported, never written to."""
    if (short := _truncated(path)) is not None:
        return f"the store at {path} is cut short ({short}): {RESTORE}"
    try:
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        return f"the store at {path} is not a SQLite database ({exc}): {RESTORE}"
    missing = sorted({"records", "revisions"} - tables)
    if missing and tables:
        return (
            f"the store at {path} is a SQLite file but not a briefing store "
            f"(no {' or '.join(missing)} table): point BRIEFING_STORE elsewhere, or {RESTORE}"
        )
    return None


def _truncated(path: Path) -> str | None:
    """A file shorter than its header says (a copy cut off, a disk that filled up): found
    from the 100-byte header alone, so every open can afford it."""
    with path.open("rb") as file:
        header = file.read(100)
    if len(header) < 100:
        return f"{len(header)} bytes, less than a SQLite header"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages, counter, valid_for = (int.from_bytes(header[i : i + 4], "big") for i in (28, 24, 92))
    size, expected = path.stat().st_size, pages * page_size
    if counter == valid_for and pages and size < expected:
        return f"{size:,} bytes of the {expected:,} its header gives"
    return None


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    def connect(target: str | Path, uri: bool = False) -> sqlite3.Connection:
        return sqlite3.connect(
            target, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False, uri=uri
        )

    if not read_only:
        return connect(path)
    uri = f"{path.absolute().as_uri()}?mode=ro"
    db = connect(uri, uri=True)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A WAL store in a directory we cannot write has no -shm to share: nobody can be
        # writing it either, so it is read as it stands on disk.
        db.close()
        db = connect(f"{uri}&immutable=1", uri=True)
    return db


def describe_failure(path: Path, exc: sqlite3.Error) -> str:
    """One line for a SQLite error on the store: what is wrong and what to do."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        todo = (
            f"another process held its write lock for over {BUSY_SECONDS:g} s; try again, "
            "and if it persists find the process that keeps it (a stuck `briefing` command?)"
        )
    elif "full" in text:
        todo = "the disk is full; free space on its volume and try again"
    elif "readonly" in text or "read-only" in text:
        todo = "this user cannot write it; give the bot's user write access to it and its directory"
    elif "malformed" in text or "not a database" in text or "corrupt" in text:
        todo = f"the file is damaged; {RESTORE}"
    elif "no such table" in text or "no such column" in text or "has no column" in text:
        todo = f"its schema is not this version's; {RESTORE} or point BRIEFING_STORE elsewhere"
    else:
        todo = "run `briefing doctor` for what to do"
    return f"the store at {path} failed ({text}): {todo}"


@dataclass(frozen=True)
class Editor:
    """Who makes a change: a Discord user (with id) or an operator on the command line."""

    name: str
    discord_id: int | None = None


class Revision(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    record_id: str
    kind: str
    action: Action
    editor_name: str
    editor_id: int | None
    at: dt.datetime
    reason: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    base_revision: int | None
    undoes: int | None

    def changed_fields(self) -> list[str]:
        """Top-level fields that differ between before and after, in the record's order."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        return [key for key in keys if before.get(key) != after.get(key)]

    def history_line(self) -> str:
        """`  14  2026-03-01 09:30:00Z  alice (123)  edit  figure, statement  new toll`."""
        who = self.editor_name
        if self.editor_id is not None:
            who += f" ({self.editor_id})"
        both = self.before is not None and self.after is not None
        fields = ", ".join(self.changed_fields()) if both else "-"
        when = self.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
        undoes = f" (undoes {self.undoes})" if self.undoes is not None else ""
        parts = [f"{self.number:>6}", when, who, f"{self.action}{undoes}", fields]
        return "  ".join([*parts, self.reason or "-"])


class StoreError(Exception):
    """A refused change; `problems` say `field: reason` for each thing wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


class InvalidChange(StoreError):
    pass


class NotFound(StoreError):
    pass


class StaleEdit(StoreError):
    """The record changed after the revision the edit was based on."""

    def __init__(self, base: int, since: list[Revision]) -> None:
        self.base_revision = base
        self.since = since
        problems = []
        for rev in since:
            by = f"revision {rev.number} ({rev.editor_name}, {rev.action})"
            file = FILES[rev.kind]
            if rev.before is None or rev.after is None:
                state = (
                    "retracted"
                    if rev.after is None
                    else "restored"
                    if rev.action == "restore"
                    else "created"
                )
                problems.append(Problem(file, rev.record_id, "(record)", f"{state} by {by}"))
                continue
            problems.extend(
                Problem(
                    file,
                    rev.record_id,
                    path,
                    f"changed by {by} after revision {base}: {_show(old)} -> {_show(new)}",
                )
                for path, old, new in _leaf_diff(rev.before, rev.after)
            )
        super().__init__(problems)

    @property
    def diff(self) -> str:
        """What changed in between, one line a field."""
        return "\n".join(f"{p.field}: {p.message}" for p in self.problems)


def _leaf_diff(before: Any, after: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """(dotted path, old, new) for each nested field that differs (lists compared whole)."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in dict.fromkeys([*before, *after]):
            yield from _leaf_diff(
                before.get(key, _UNSET), after.get(key, _UNSET), f"{path}.{key}" if path else key
            )
    elif before != after:
        yield path, before, after


_UNSET: Any = object()


def _show(value: Any) -> str:
    return "(unset)" if value is _UNSET else json.dumps(value, ensure_ascii=False)


@dataclass
class Conflict:
    """A record the import did not touch, and why."""

    record_id: str
    reason: str
    revisions: list[Revision] = field(default_factory=list)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)


@dataclass(frozen=True)
class _Change:
    """One record going from `before` to `after` (None: absent or retracted)."""

    record_id: str
    kind: str
    action: Action
    before: AnyRecord | None
    after: AnyRecord | None
    base_revision: int | None = None
    undoes: int | None = None


@dataclass
class _Focus(FactSet):
    """The whole fact set for look-ups, but only the touched records to check."""

    focus: list[AnyRecord] = field(default_factory=list)

    def records(self) -> Iterator[AnyRecord]:
        yield from self.focus


class _State:
    """What the store holds at revision `head`, with the indexes that keep checks local:
    who refers to a record, and who owns a name. A FactSet handed out is never changed
    afterwards: a change copies the one table it touches."""

    def __init__(self, facts: FactSet, head: int) -> None:
        self.facts = facts
        self.head = head
        self.referrers: dict[str, set[str]] = {}
        self.names: dict[str, set[str]] = {}
        for record in facts.records():
            self._index(record, add=True)

    def _index(self, record: AnyRecord, *, add: bool) -> None:
        for _path, target, _kind in _references(record):
            users = self.referrers.setdefault(target, set())
            (users.add if add else users.discard)(record.id)
        for _path, name in alias_names(record):
            owners = self.names.setdefault(alias_key(name), set())
            (owners.add if add else owners.discard)(record.id)

    def view(self, changes: Iterable[_Change], articles: Mapping[str, str]) -> FactSet:
        """The fact set as it would be after the changes."""
        changes = list(changes)
        tables = {kind: self.facts.table(kind) for kind in FILES}
        for kind in {c.kind for c in changes}:
            tables[kind] = dict(tables[kind])
        for change in changes:
            if change.after is None:
                tables[change.kind].pop(change.record_id, None)
            else:
                tables[change.kind][change.record_id] = change.after
        texts = {**self.facts.articles, **articles} if articles else self.facts.articles
        return FactSet(**{f"{kind}s": table for kind, table in tables.items()}, articles=texts)

    def adopt(self, view: FactSet, changes: Iterable[_Change], head: int) -> None:
        for change in changes:
            if change.before is not None:
                self._index(change.before, add=False)
            if change.after is not None:
                self._index(change.after, add=True)
        self.facts, self.head = view, head


class Store:
    """The live store. Open with `Store.open(path)`; one instance per thread or task loop
    (calls are serialised by a lock), any number of instances and processes per file."""

    def __init__(self, db: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self._db = db
        self.path = path
        self._clock = clock
        self._lock = threading.RLock()
        self._state = _State(FactSet(), 0)
        self._pending: tuple[FactSet, list[_Change]] | None = None
        self._loaded = False
        self._reader: fulltext.FullText | None = None

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        seed_dir: Path = DATA_DIR,
        clock: Clock | None = None,
        read_only: bool = False,
    ) -> Store:
        """Open the store; a missing file in an existing directory is created and filled
        from `seed_dir`. A missing directory, a file that is not a briefing store or one this
        user cannot write (unless `read_only`) is refused with StoreUnavailable, which says
        what to do. Read-only, nothing is ever written (no WAL switch, schema or seed).
        An existing, complete store is opened without taking the write lock, so opening
        never waits for another process's write."""
        path = Path(path)
        check_place(path, read_only=read_only)
        db = _connect(path, read_only=read_only)
        store = cls(db, path, clock or (lambda: dt.datetime.now(dt.UTC)))
        try:
            if read_only:
                db.execute("PRAGMA query_only=ON")
                if not store._complete():
                    raise EmptyStore(
                        f"the store at {path} has no facts yet (it is created on the first "
                        "start that can write it): run `briefing run` or `briefing console` "
                        "once with write access"
                    )
                return store
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit is on disk before it is confirmed, even if the machine loses power.
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            if not store._complete():
                db.execute("BEGIN IMMEDIATE")
                for statement in _SCHEMA:
                    db.execute(statement)
                db.execute("COMMIT")
                with store._transaction():  # the write lock: two processes seed only once
                    if store._db_head() == 0 and store.get_meta(SEED_HEAD) is None:
                        facts, problems = load_dir(seed_dir)
                        if problems:
                            raise InvalidChange(problems)
                        store._import(facts, Editor("import"), f"seed from {seed_dir}")
                        # Same transaction: the digest reports changes after the seed only.
                        store.set_meta(SEED_HEAD, str(store._db_head()))
                        store.set_meta(FULLTEXT_VERSION, fulltext.VERSION)
            if store.get_meta(FULLTEXT_VERSION) != fulltext.VERSION:
                # A store from before the index (or an older index layout): index it once.
                with store._transaction():
                    fulltext.rebuild(db, store._state.facts.records())
                    store.set_meta(FULLTEXT_VERSION, fulltext.VERSION)
        except BaseException:
            db.close()
            raise
        return store

    def _complete(self) -> bool:
        """Every table, index and trigger of the schema is there and the seed is in: nothing
        to write at open (a plain read, which never waits for a writer)."""
        found = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master")}
        if not found >= _SCHEMA_NAMES:
            return False
        seeded = self._db.execute("SELECT 1 FROM meta WHERE key = ?", (SEED_HEAD,)).fetchone()
        return seeded is not None or self._db_head() > 0

    def quick_check(self) -> list[str]:
        """SQLite's `PRAGMA quick_check`: [] when the file's pages are sound (reads only)."""
        with self._lock:
            rows = [str(row[0]) for row in self._db.execute("PRAGMA quick_check")]
        return [] if rows == ["ok"] else rows

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self._db.close()

    def fulltext(self) -> fulltext.FullText | None:
        """The search index, read through a connection of its own: in WAL mode a question
        never waits for a writer, and it sees every committed change. None when the store
        holds no current index (an old store opened read-only): answers then index the
        snapshot in memory."""
        with self._lock:
            if self.get_meta(FULLTEXT_VERSION) != fulltext.VERSION:
                return None
            if self._reader is None:
                self._reader = fulltext.FullText.reader(str(self.path))
            return self._reader

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
        gets written; the cached state is brought up to date first and adopted on commit."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                self._catch_up()
                yield
            except BaseException:
                self._pending = None
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            if self._pending is not None:
                view, changes = self._pending
                self._pending = None
                self._state.adopt(view, changes, self._db_head())

    def _db_head(self) -> int:
        row = self._db.execute("SELECT max(number) FROM revisions").fetchone()
        return int(row[0] or 0)

    def _catch_up(self) -> None:
        """Bring the cache to the database's head (other processes may have written)."""
        head = self._db_head()
        if self._loaded and head == self._state.head:
            return
        ids = [
            row[0]
            for row in self._db.execute(
                "SELECT DISTINCT record_id FROM revisions WHERE number > ?", (self._state.head,)
            )
        ]
        if not self._loaded or len(ids) > _RELOAD_AFTER:
            self._state = _State(self._load_all(), head)
            self._loaded = True
            return
        changes = []
        for record_id in ids:
            kind, data, retracted, _rev = self._row(record_id)
            old = self._state.facts.table(kind).get(record_id)
            new = None if retracted else parse_record(kind, data)
            changes.append(_Change(record_id, kind, "edit", old, new))
        texts = {
            row[0]: row[1]
            for row in self._db.execute(
                "SELECT source_id, text FROM articles WHERE source_id IN "
                f"({','.join('?' * len(ids))})",
                ids,
            )
        }
        self._state.adopt(self._state.view(changes, texts), changes, head)

    def _load_all(self) -> FactSet:
        facts = FactSet()
        rows = self._db.execute(
            "SELECT kind, data FROM records WHERE NOT retracted ORDER BY rowid"
        ).fetchall()
        for kind, data in rows:
            facts.add(parse_record(kind, json.loads(data)))
        facts.articles = dict(self._db.execute("SELECT source_id, text FROM articles").fetchall())
        return facts

    def _row(self, record_id: str) -> tuple[str, dict[str, Any], bool, int]:
        row = self._db.execute(
            "SELECT kind, data, retracted, revision FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        if row is None:
            raise NotFound([Problem("-", record_id, "id", f"no record {record_id!r}")])
        return row[0], json.loads(row[1]), bool(row[2]), int(row[3])

    # --- reading -------------------------------------------------------------------------

    def head(self) -> int:
        with self._lock:
            return self._db_head()

    def changed_since(self, after: int, upto: int) -> list[str]:
        """The ids of the records that revisions `after` < number <= `upto` touched."""
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT record_id FROM revisions WHERE number > ? AND number <= ?",
                (after, upto),
            ).fetchall()
        return [row[0] for row in rows]

    def snapshot(self) -> FactSet:
        """Every current (non-retracted) record and the article texts. Treat it as read-only:
        the same object is returned until the store changes."""
        with self._transaction(write=False):
            return self._state.facts

    def get(self, record_id: str) -> AnyRecord | None:
        """The current record, or None if there is none or it was retracted."""
        return self.snapshot().get(record_id)

    def is_retracted(self, record_id: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT retracted FROM records WHERE id = ?", (record_id,)
            ).fetchone()
        return bool(row and row[0])

    def revision(self, number: int) -> Revision:
        with self._lock:
            rows = self._select_revisions("SELECT * FROM revisions WHERE number = ?", (number,))
        if not rows:
            raise NotFound([Problem("-", "-", "revision", f"no revision {number}")])
        return rows[0]

    def history(self, record_id: str) -> list[Revision]:
        """Every revision of one record, oldest first (retracted records included)."""
        with self._lock:
            return self._select_revisions(
                "SELECT * FROM revisions WHERE record_id = ? ORDER BY number", (record_id,)
            )

    def revisions(
        self, since: dt.datetime | None = None, limit: int | None = None
    ) -> list[Revision]:
        """Revisions made after `since` (all if None), oldest first; with `limit`, only the
        latest `limit` of them."""
        sql = "SELECT * FROM revisions"
        params: list[object] = []
        if since is not None:
            sql += " WHERE at > ?"
            params.append(_timestamp(since))
        sql += " ORDER BY number DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._lock:
            return self._select_revisions(sql, params)[::-1]

    def _select_revisions(self, sql: str, params: Iterable[object]) -> list[Revision]:
        cursor = self._db.execute(sql, tuple(params))
        names = [d[0] for d in cursor.description]
        out = []
        for row in cursor.fetchall():
            data = dict(zip(names, row, strict=True))
            for key in ("before", "after"):
                data[key] = json.loads(data[key]) if data[key] is not None else None
            out.append(Revision.model_validate(data))
        return out

    # --- changing ------------------------------------------------------------------------

    def add(self, record: AnyRecord, *, by: Editor, reason: str) -> Revision:
        """Add a new record (sources go through `add_source`, which stores the article)."""
        if record.kind == "source":
            raise InvalidChange(
                [_problem(record, "kind", "register sources with add_source (it needs the text)")]
            )
        with self._transaction():
            self._refuse_existing(record)
            new = _parse(record.kind, dump_record(record), record.id)
            change = _Change(record.id, record.kind, "create", None, new)
            return self._apply([change], by, reason)[0]

    def add_source(self, source: Source, text: str, *, by: Editor, reason: str) -> Revision:
        """Register an article, so new facts can quote it."""
        if not text.strip():
            raise InvalidChange([_problem(source, "text", "the article text is empty")])
        with self._transaction():
            self._refuse_existing(source)
            new = _parse("source", dump_record(source), source.id)
            assert isinstance(new, Source)  # parsed by the "source" model
            clash = self._db.execute(
                "SELECT id FROM records WHERE kind = 'source' AND json_extract(data, '$.file') = ?",
                (new.file,),
            ).fetchone()
            if clash is not None:
                raise InvalidChange(
                    [_problem(new, "file", f"{new.file!r} is already the file of {clash[0]!r}")]
                )
            change = _Change(source.id, "source", "source", None, new)
            return self._apply([change], by, reason, articles={source.id: text})[0]

    def edit(
        self,
        record_id: str,
        changes: Mapping[str, object],
        *,
        by: Editor,
        reason: str,
        base_revision: int | None = None,
    ) -> Revision:
        """Change fields (dotted paths for nested ones: `figure.value`, `quotes[0].text`).
        With `base_revision`, refuse if the record changed after that revision."""
        with self._transaction():
            kind, data, retracted, last = self._row(record_id)
            file = FILES[kind]
            if base_revision is not None and last > base_revision:
                raise StaleEdit(base_revision, self._since(record_id, base_revision))
            if retracted:
                raise InvalidChange(
                    [Problem(file, record_id, "id", f"retracted in revision {last}; undo it first")]
                )
            if not changes:
                raise InvalidChange([Problem(file, record_id, "(record)", "no changes given")])
            try:
                for path in changes:
                    if split_path(path)[0] in ("id", "kind"):
                        raise EditSyntaxError(path, "cannot be changed; add a new record")
                candidate = apply_changes(data, dict(changes))
            except EditSyntaxError as exc:
                raise InvalidChange([Problem(file, record_id, exc.field, exc.message)]) from None
            new = _parse(kind, candidate, record_id)
            old = _parse(kind, data, record_id)
            if new == old:
                raise InvalidChange([Problem(file, record_id, "(record)", "nothing would change")])
            change = _Change(record_id, kind, "edit", old, new, base_revision=base_revision)
            return self._apply([change], by, reason)[0]

    def retract(self, record_id: str, *, by: Editor, reason: str) -> Revision:
        """Withdraw a record (kept, with its history); refused while others refer to it."""
        with self._transaction():
            kind, data, retracted, last = self._row(record_id)
            if retracted:
                raise InvalidChange(
                    [Problem(FILES[kind], record_id, "id", f"already retracted (revision {last})")]
                )
            old = _parse(kind, data, record_id)
            return self._apply([_Change(record_id, kind, "retract", old, None)], by, reason)[0]

    def undo(self, revision_number: int, *, by: Editor, reason: str) -> Revision:
        """Put a record back as it was before a revision: undoing a retraction restores the
        record, undoing a creation retracts it. Refused if the record changed since."""
        with self._transaction():
            target = self._select_revisions(
                "SELECT * FROM revisions WHERE number = ?", (revision_number,)
            )
            if not target:
                raise NotFound([Problem("-", "-", "revision", f"no revision {revision_number}")])
            rev = target[0]
            kind, data, retracted, last = self._row(rev.record_id)
            if last != rev.number:
                raise StaleEdit(rev.number, self._since(rev.record_id, rev.number))
            old = None if retracted else _parse(kind, data, rev.record_id)
            new = None if rev.before is None else _parse(kind, rev.before, rev.record_id)
            action: Action = "restore" if old is None and new is not None else "undo"
            change = _Change(rev.record_id, kind, action, old, new, rev.number, rev.number)
            return self._apply([change], by, reason)[0]

    def _refuse_existing(self, record: AnyRecord) -> None:
        row = self._db.execute(
            "SELECT kind, retracted, revision FROM records WHERE id = ?", (record.id,)
        ).fetchone()
        if row is None:
            return
        what = f"a {row[0]}" + (f", retracted in revision {row[2]}" if row[1] else "")
        raise InvalidChange([_problem(record, "id", f"{record.id!r} already exists ({what})")])

    def _since(self, record_id: str, base: int) -> list[Revision]:
        return self._select_revisions(
            "SELECT * FROM revisions WHERE record_id = ? AND number > ? ORDER BY number",
            (record_id, base),
        )

    def _apply(
        self,
        changes: list[_Change],
        by: Editor,
        reason: str,
        *,
        articles: Mapping[str, str] | None = None,
        full_check: bool = False,
    ) -> list[Revision]:
        """Check the changes against the current state and write them (inside a
        transaction; the caller's commit confirms them)."""
        articles = articles or {}
        view = self._state.view(changes, articles)
        problems = (
            _bulk_problems(view, changes) if full_check else self._local_problems(view, changes)
        )
        if problems:
            raise InvalidChange(sorted(set(problems)))
        at = _timestamp(self._clock())
        for source_id, text in articles.items():
            self._db.execute(
                "INSERT INTO articles (source_id, text) VALUES (?, ?)", (source_id, text)
            )
        revisions = []
        for c in changes:
            before = None if c.before is None else dump_record(c.before)
            after = None if c.after is None else dump_record(c.after)
            cursor = self._db.execute(
                "INSERT INTO revisions (record_id, kind, action, editor_name, editor_id, at,"
                " reason, before, after, base_revision, undoes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    c.record_id,
                    c.kind,
                    c.action,
                    by.name,
                    by.discord_id,
                    at,
                    reason,
                    _json(before),
                    _json(after),
                    c.base_revision,
                    c.undoes,
                ),
            )
            number = int(cursor.lastrowid or 0)
            self._db.execute(
                "INSERT INTO records (id, kind, data, retracted, revision) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET data = coalesce(excluded.data, data),"
                " retracted = excluded.retracted, revision = excluded.revision",
                (c.record_id, c.kind, _json(after or before), after is None, number),
            )
            fulltext.write(self._db, c.record_id, c.after)
            revisions.append(
                Revision(
                    number=number,
                    record_id=c.record_id,
                    kind=c.kind,
                    action=c.action,
                    editor_name=by.name,
                    editor_id=by.discord_id,
                    at=dt.datetime.fromisoformat(at),
                    reason=reason,
                    before=before,
                    after=after,
                    base_revision=c.base_revision,
                    undoes=c.undoes,
                )
            )
        self._pending = (view, changes)
        return revisions

    def _local_problems(self, view: FactSet, changes: list[_Change]) -> list[Problem]:
        """The cross-checks, limited to the changed records and those that refer to them."""
        state = self._state
        problems: list[Problem] = []
        for change in changes:
            record, file = change.after, FILES[change.kind]
            if record is None:
                users = sorted(u for u in state.referrers.get(change.record_id, ()) if view.get(u))
                if users:
                    problems.append(
                        Problem(
                            file,
                            change.record_id,
                            "id",
                            f"still referenced by {', '.join(users)}; "
                            "change or retract those first",
                        )
                    )
                continue
            focus = _Focus(
                sources=view.sources,
                actors=view.actors,
                places=view.places,
                events=view.events,
                claims=view.claims,
                articles=view.articles,
                focus=[record],
            )
            problems.extend(check_references(focus))
            problems.extend(check_links(focus))
            quoted = FactSet(articles=view.articles)
            quoted.add(record)
            problems.extend(check_quotes(quoted))
            problems.extend(self._name_problems(view, record))
            events = [record] if record.kind == "event" else []
            if record.kind == "source":  # a new publication date may contradict events
                referrers = state.referrers.get(record.id, set())
                events = [e for u in referrers if (e := view.events.get(u)) is not None]
                problems.extend(_file_problems(view, [record]))
            claims = {record.id: record} if record.kind == "claim" else {}
            dated = FactSet(sources=view.sources, events={e.id: e for e in events}, claims=claims)
            problems.extend(check_dates(dated))
            problems.extend(check_date_phrases(dated))
        return problems

    def _name_problems(self, view: FactSet, record: AnyRecord) -> Iterator[Problem]:
        """The alias rule of facts.validate, for one record against the name index."""

        def owner(key: str) -> str | None:
            others = sorted(
                o for o in self._state.names.get(key, ()) if o != record.id and view.get(o)
            )
            return others[0] if others else None

        yield from name_problems(record, owner)
        yield from alias_source_problems(record, view.articles)

    # --- import, export, backup ----------------------------------------------------------

    def import_dir(self, directory: Path, *, by: Editor, reason: str = "") -> ImportReport:
        """Bring curated YAML into the store as revisions. A record a moderator changed since
        the last import is not overwritten: it is listed as a conflict. Records missing from
        the directory are left alone (moderators may have added them)."""
        facts, problems = load_dir(Path(directory))
        if problems:
            raise InvalidChange(problems)
        with self._transaction():
            return self._import(facts, by, reason or f"import from {directory}")

    def _import(self, incoming: FactSet, by: Editor, reason: str) -> ImportReport:
        report = ImportReport()
        rows = {
            row[0]: (row[1], bool(row[2]), int(row[3]))
            for row in self._db.execute("SELECT id, kind, retracted, revision FROM records")
        }
        synced = dict(self._db.execute("SELECT record_id, revision FROM synced").fetchall())
        stored = dict(self._db.execute("SELECT source_id, text FROM articles").fetchall())
        changes: list[_Change] = []
        in_sync: list[tuple[str, int]] = []
        for record in incoming.records():
            text = incoming.articles.get(record.id) if record.kind == "source" else None
            if record.id not in rows:
                changes.append(_Change(record.id, record.kind, "import", None, record))
                continue
            kind, retracted, last = rows[record.id]
            current = None if retracted else self._state.facts.table(kind).get(record.id)
            if kind != record.kind:
                report.conflicts.append(Conflict(record.id, f"is a {kind} in the store"))
            elif text is not None and stored.get(record.id, text) != text:
                report.conflicts.append(
                    Conflict(record.id, "article text differs; register it as a new source")
                )
            elif current == record:
                report.unchanged += 1
                in_sync.append((record.id, last))
            elif synced.get(record.id) != last:
                since = self._since(record.id, synced.get(record.id, 0))
                report.conflicts.append(
                    Conflict(record.id, "changed in the store since the last import", since)
                )
            else:
                changes.append(_Change(record.id, kind, "import", current, record))
        texts = {
            c.record_id: incoming.articles[c.record_id]
            for c in changes
            if c.kind == "source" and c.record_id not in stored
        }
        if changes:
            report.revisions = self._apply(changes, by, reason, articles=texts, full_check=True)
        for rev in report.revisions:
            (report.updated if rev.before is not None else report.created).append(rev.record_id)
            in_sync.append((rev.record_id, rev.number))
        self._db.executemany(
            "INSERT INTO synced (record_id, revision) VALUES (?, ?)"
            " ON CONFLICT (record_id) DO UPDATE SET revision = excluded.revision",
            in_sync,
        )
        return report

    def export(self, directory: Path) -> None:
        """Write the current records as YAML files plus articles/, as `facts validate` reads.
        All or nothing: everything is written to a temporary directory beside `directory`
        first, then renamed into place (a failure half-way leaves `directory` as it was)."""
        facts = self.snapshot()
        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
        try:
            (staging / ARTICLES).mkdir()
            for kind, name in FILES.items():
                records = [dump_record(r) for r in facts.table(kind).values()]
                text = yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=100)
                (staging / name).write_text(text, encoding="utf-8")
            for source in facts.sources.values():
                article = staging / ARTICLES / source.file
                article.write_text(facts.articles[source.id], encoding="utf-8")
            if not directory.exists():
                staging.rename(directory)
                return
            # An earlier export (and perhaps files not ours): each of ours replaced by rename.
            (directory / ARTICLES).mkdir(exist_ok=True)
            for written in [*staging.iterdir(), *(staging / ARTICLES).iterdir()]:
                if written.is_file():
                    os.replace(written, directory / written.relative_to(staging))
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def backup(self, destination: Path) -> None:
        """A consistent copy of the live store (SQLite online backup; writers may go on)."""
        destination = Path(destination)
        destination.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(destination)
        try:
            with self._lock:
                self._db.backup(target)
        finally:
            target.close()

    # --- key-value settings for the digest ----------------------------------------------

    def seed_head(self) -> int:
        """The last revision of the initial seed from the curated data (0: none)."""
        return int(self.get_meta(SEED_HEAD) or 0)

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._set_meta(key, value)

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def update_meta(
        self, keys: Sequence[str], change: Callable[[dict[str, str | None]], dict[str, str]]
    ) -> dict[str, str | None]:
        """Read `keys`, write what `change` makes of them, in one write transaction: of two
        processes that update the same key, the second sees what the first wrote (a claim
        only one can win). Returns the values after."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                values: dict[str, str | None] = {}
                for key in keys:
                    row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,))
                    found = row.fetchone()
                    values[key] = None if found is None else str(found[0])
                for key, value in change(dict(values)).items():
                    self._set_meta(key, value)
                    values[key] = value
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        return values


def _bulk_problems(view: FactSet, changes: list[_Change]) -> list[Problem]:
    """For imports: the whole-set checks, except quotes, which are slow (each re-reads its
    article) and only need checking where a record changed."""
    changed = FactSet(articles=view.articles)
    for change in changes:
        if change.after is not None:
            changed.add(change.after)
    return [
        *check_references(view),
        *check_quotes(changed),
        *check_aliases(view),
        *check_dates(view),
        *check_date_phrases(view),
        *check_links(view),
        *_file_problems(view, changed.records()),
    ]


def _file_problems(view: FactSet, records: Iterable[AnyRecord]) -> Iterator[Problem]:
    """Each article file belongs to one source: export writes every article under its
    source's file name, so two sources sharing one would lose an article."""
    owners: dict[str, list[str]] = {}
    for source in view.sources.values():
        owners.setdefault(source.file, []).append(source.id)
    for record in records:
        if record.kind == "source":
            others = sorted(o for o in owners.get(record.file, ()) if o != record.id)
            if others:
                yield _problem(
                    record, "file", f"{record.file!r} is already the file of {others[0]!r}"
                )


def _parse(kind: str, data: dict[str, Any], record_id: str) -> AnyRecord:
    """The record through its pydantic model; a refusal names each field and reason."""
    try:
        return parse_record(kind, {k: v for k, v in data.items() if k != "kind"})
    except ValidationError as exc:
        raise InvalidChange(problems_from_error(FILES[kind], record_id, exc)) from None


def _problem(record: AnyRecord, field_name: str, message: str) -> Problem:
    return Problem(FILES[record.kind], record.id, field_name, message)


def _json(data: dict[str, Any] | None) -> str | None:
    return None if data is None else json.dumps(data, ensure_ascii=False, sort_keys=False)


def _timestamp(when: dt.datetime) -> str:
    """UTC, fixed width, so the text sorts in time order."""
    if when.tzinfo is None:
        raise ValueError("a naive datetime; give it a timezone")
    return when.astimezone(dt.UTC).isoformat(timespec="microseconds")


def build_record(kind: str, data: Mapping[str, Any]) -> AnyRecord:
    """A new record from plain data (a YAML file, `field=value` tokens), refused with each
    field and reason; a `kind` in the data must match."""
    if kind not in FILES:
        raise InvalidChange([Problem("-", "-", "kind", f"unknown kind {kind!r}")])
    record_id = str(data.get("id") or "(new)")
    if data.get("kind", kind) != kind:
        raise InvalidChange(
            [Problem(FILES[kind], record_id, "kind", f"is {data['kind']!r}, not {kind!r}")]
        )
    return _parse(kind, dict(data), record_id)
