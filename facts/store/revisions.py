"""Revisions, the store's append-only history, and how they are shown: who changed what
(`history_line`), the fields that differ (`leaf_changes`, for stale-edit refusals and the
digest), and a stored mapping read back into its record."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from facts import tables
from facts.dataset import Problem, dump_record, parse_record, problems_from_error
from facts.models import KINDS, AnyRecord
from facts.search import tables as names
from facts.store import keys
from facts.store.errors import InvalidChange, StoreError

Action = Literal["create", "edit", "retract", "restore", "undo", "import", "source"]
Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class Change:
    """One record going from `before` to `after` (None: absent or retracted)."""

    record_id: str
    kind: str
    action: Action
    before: AnyRecord | None
    after: AnyRecord | None
    base_revision: int | None = None
    undoes: int | None = None


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

    def leaf_changes(self) -> list[tuple[str, Any, Any]]:
        """(dotted path, old, new) for each nested field that differs, lists compared whole;
        a field one side lacks is None there (stored records leave empty fields out)."""
        if self.before is None or self.after is None:
            return []
        return list(_leaf_diff(self.before, self.after))

    def record(self) -> AnyRecord | None:
        """The record as this revision left it (as it stood before, for a retraction); None
        when this version's models no longer read it (an old revision under a newer model)."""
        data = self.after if self.after is not None else self.before
        if data is None:
            return None
        try:
            return parse_stored(self.kind, data, self.record_id)
        except (InvalidChange, KeyError):
            return None

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


def _leaf_diff(before: Any, after: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in dict.fromkeys([*before, *after]):
            yield from _leaf_diff(before.get(key), after.get(key), f"{path}.{key}" if path else key)
    elif before != after:
        yield path, before, after


class StaleEdit(StoreError):
    """The record changed after the revision the edit was based on."""

    def __init__(self, base: int, since: list[Revision]) -> None:
        self.base_revision = base
        self.since = since
        problems = []
        for rev in since:
            by = f"revision {rev.number} ({rev.editor_name}, {rev.action})"
            file = KINDS[rev.kind].yaml_file
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
                for path, old, new in rev.leaf_changes()
            )
        super().__init__(problems)

    @property
    def diff(self) -> str:
        """What changed in between, one line a field."""
        return "\n".join(f"{p.field}: {p.message}" for p in self.problems)


def _show(value: Any) -> str:
    return "(unset)" if value is None else json.dumps(value, ensure_ascii=False)


def parse_stored(kind: str, data: Mapping[str, Any], record_id: str) -> AnyRecord:
    """A record from its stored mapping, through its pydantic model; a refusal names each
    field and reason."""
    try:
        return parse_record(kind, {k: v for k, v in data.items() if k != "kind"})
    except ValidationError as exc:
        raise InvalidChange(problems_from_error(KINDS[kind].yaml_file, record_id, exc)) from None


def build_record(kind: str, data: Mapping[str, Any]) -> AnyRecord:
    """A new record from plain data (a YAML file, `field=value` tokens), refused with each
    field and reason; a `kind` in the data must match."""
    if kind not in KINDS:
        raise InvalidChange([Problem("-", "-", "kind", f"unknown kind {kind!r}")])
    record_id = str(data.get("id") or "(new)")
    if data.get("kind", kind) != kind:
        raise InvalidChange(
            [
                Problem(
                    KINDS[kind].yaml_file, record_id, "kind", f"is {data['kind']!r}, not {kind!r}"
                )
            ]
        )
    return parse_stored(kind, data, record_id)


def select(db: sqlite3.Connection, sql: str, params: Iterable[object] = ()) -> list[Revision]:
    """The revisions a `SELECT * FROM revisions ...` finds."""
    cursor = db.execute(sql, tuple(params))
    names = [d[0] for d in cursor.description]
    out = []
    for row in cursor.fetchall():
        data = dict(zip(names, row, strict=True))
        for key in ("before", "after"):
            data[key] = json.loads(data[key]) if data[key] is not None else None
        out.append(Revision.model_validate(data))
    return out


def append_all(
    db: sqlite3.Connection,
    changes: Sequence[Change],
    by: Editor,
    reason: str,
    at: str,
    *,
    key_rows: Callable[[], keys.Rows | None] | None = None,
    kept: bool = True,
) -> list[Revision]:
    """Write the changes in order, with one statement per table for the lot (a seed or an
    import writes tens of thousands): their revisions, numbered on from the last, the
    records' rows and their search index entries (inside the caller's transaction, which
    holds the write lock); returns the revisions. `key_rows`: gives the check tables' rows
    of the changed records when they were made already (facts.store.keys.Rows), asked for
    when they are written. Without `kept` (a seed: nobody reads its revisions back), none
    is made: [] is returned, and the seed's 100,000 records are not held twice more (as
    mappings and revisions) until it ends."""
    first, when = _next_number(db), dt.datetime.fromisoformat(at)
    # The first write of a store (its seed): every table is built in bulk, not record by
    # record (nothing is there to replace), the name index's rows on the other core while
    # this one writes the rest.
    seed = first == 1 and all(c.before is None for c in changes)
    created = [c.after for c in changes if c.after is not None] if seed else []
    write = _Write(by, reason, at, first, when, seed, key_rows or (lambda: None), kept)
    with names.prepare(created, _directory(db) if seed else None) as prepared:
        return _append(db, changes, write, prepared)


def _directory(db: sqlite3.Connection) -> Path | None:
    """The directory of the store's file (None: a database in memory)."""
    file = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
    return Path(file).parent if file else None


@dataclass(frozen=True)
class _Write:
    by: Editor
    reason: str
    at: str
    first: int  # the first revision's number
    when: dt.datetime
    seed: bool
    key_rows: Callable[[], keys.Rows | None]
    kept: bool  # the revisions are returned


def _append(
    db: sqlite3.Connection,
    changes: Sequence[Change],
    write: _Write,
    prepared: names.Prepared | None,
) -> list[Revision]:
    by, reason, at, first = write.by, write.reason, write.at, write.first
    # Each record as stored, and its JSON once: its revision's `after` (or `before`) is its
    # row's data.
    dumped = [
        (
            None if c.before is None else dump_record(c.before),
            None if c.after is None else dump_record(c.after),
        )
        for c in changes
    ]
    texts = [(_json(before), _json(after)) for before, after in dumped]
    numbers = range(first, first + len(changes))
    written = _revisions(changes, numbers, dumped, write) if write.kept else []
    del dumped  # not kept: let it go before the tables are built
    with _cache_for(db, len(changes)):
        with _set_aside(db, "revisions", empty=write.seed):
            db.executemany(
                "INSERT INTO revisions (number, record_id, kind, action, editor_name, editor_id,"
                " at, reason, before, after, base_revision, undoes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        *(number, c.record_id, c.kind, c.action, by.name, by.discord_id),
                        *(at, reason, before, after, c.base_revision, c.undoes),
                    )
                    for number, c, (before, after) in zip(numbers, changes, texts, strict=True)
                ),
            )
        db.executemany(
            "INSERT INTO records (id, kind, data, retracted, revision) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET data = coalesce(excluded.data, data),"
            " retracted = excluded.retracted, revision = excluded.revision",
            (
                (c.record_id, c.kind, after or before, c.after is None, number)
                for number, c, (before, after) in zip(numbers, changes, texts, strict=True)
            ),
        )
        del texts
        if write.seed:
            seq = dict(db.execute("SELECT id, rowid FROM records").fetchall())
            ordered = sorted((seq[c.record_id], c.after) for c in changes if c.after)
            _build(db, ordered, prepared=prepared, key_rows=write.key_rows)
        else:
            index(db, [(c.record_id, c.after) for c in changes], key_rows=write.key_rows)
    return written


def _revisions(
    changes: Sequence[Change],
    numbers: Iterable[int],
    dumped: Sequence[tuple[dict[str, Any] | None, dict[str, Any] | None]],
    write: _Write,
) -> list[Revision]:
    # What the revisions share, copied for each with its own fields: half the time of
    # constructing each (an import makes tens of thousands).
    shared = Revision.model_construct(
        number=0,
        record_id="",
        kind="",
        action="create",
        editor_name=write.by.name,
        editor_id=write.by.discord_id,
        at=write.when,
        reason=write.reason,
        before=None,
        after=None,
        base_revision=None,
        undoes=None,
    )
    return [
        shared.model_copy(
            update={
                "number": number,
                "record_id": c.record_id,
                "kind": c.kind,
                "action": c.action,
                "before": before,
                "after": after,
                "base_revision": c.base_revision,
                "undoes": c.undoes,
            }
        )
        for number, c, (before, after) in zip(numbers, changes, dumped, strict=True)
    ]


# What the store's tables were written with (facts.store.meta.INDEX_VERSION): another
# version re-indexes the store when it is opened for writing.
INDEXED = f"{tables.VERSION}, keys {keys.VERSION}"


def index(
    db: sqlite3.Connection,
    records: Sequence[tuple[str, AnyRecord | None]],
    *,
    fulltext: bool = True,
    key_rows: Callable[[], keys.Rows | None] = lambda: None,
) -> None:
    """The answer tables (facts.tables) and the checks' tables (keys) for these records'
    current versions, each placed where its row is in `records` (without `fulltext`, all
    but the full-text index: a test writes that itself; `key_rows`: see append_all)."""
    ids = list(dict.fromkeys(record_id for record_id, _ in records))
    seq: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        seq.update(db.execute(f"SELECT id, rowid FROM records WHERE id IN ({marks})", chunk))
    tables.write_all(db, records, seq, fulltext=fulltext)
    keys.write_all(db, records, made=key_rows())


def reindex(db: sqlite3.Connection) -> None:
    """Every answer and check table afresh from the records (an index of another version)."""
    rows = db.execute("SELECT rowid, kind, data FROM records WHERE NOT retracted ORDER BY rowid")
    _build(db, [(n, parse_record(kind, json.loads(data))) for n, kind, data in rows.fetchall()])


def _build(
    db: sqlite3.Connection,
    records: list[tuple[int, AnyRecord]],
    *,
    prepared: names.Prepared | None = None,
    key_rows: Callable[[], keys.Rows | None] = lambda: None,
) -> None:
    tables.rebuild(db, records, prepared=prepared)
    keys.rebuild(db, (r for _, r in records), made=key_rows())


# SQLite's page cache (2 MB by default) is far smaller than the indexes a seed of 100,000
# records fills in id order, which is no order: pages would be written out and read back
# again and again. A bulk write gets a bigger cache while it runs.
BULK_ROWS = 1000
BULK_CACHE_KIB = 64 * 1024


@contextmanager
def _cache_for(db: sqlite3.Connection, rows: int) -> Iterator[None]:
    if rows < BULK_ROWS:
        yield
        return
    (before,) = db.execute("PRAGMA cache_size").fetchone()
    db.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB:d}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(before):d}")


@contextmanager
def _set_aside(db: sqlite3.Connection, table: str, *, empty: bool) -> Iterator[None]:
    """While an `empty` table is filled in bulk (a seed's revisions), its indexes and
    triggers are dropped, then made again from their own SQL in the same transaction (a
    failure rolls them back with it). Why: the trigger that refuses to replace a revision
    ran a look-up for every row, and each index took a b-tree insert a row, where one sort
    after the rows are in takes a fraction: 100,000 revisions were written in 1.0 s, now in
    0.55 s; in an empty table the trigger has nothing to guard."""
    if not empty:
        yield
        return
    kept = db.execute(
        "SELECT type, name, sql FROM main.sqlite_master"
        " WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL",
        (table,),
    ).fetchall()
    for kind, name, _sql in kept:
        db.execute(f'DROP {"INDEX" if kind == "index" else "TRIGGER"} main."{name}"')
    yield
    for _kind, _name, sql in kept:
        db.execute(sql)


def _next_number(db: sqlite3.Connection) -> int:
    """The number AUTOINCREMENT would give the next revision: never one used before."""
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'revisions'").fetchone()
    (last,) = db.execute("SELECT coalesce(max(number), 0) FROM revisions").fetchone()
    return max(int(row[0]) if row else 0, int(last)) + 1


# json.dumps(data, ensure_ascii=False) made once, not once a record: the same text. A record
# holds no cycle to look for.
_ENCODE = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _json(data: dict[str, Any] | None) -> str | None:
    return None if data is None else _ENCODE(data)


def timestamp(when: dt.datetime) -> str:
    """UTC, fixed width, so the text sorts in time order."""
    if when.tzinfo is None:
        raise ValueError("a naive datetime; give it a timezone")
    return when.astimezone(dt.UTC).isoformat(timespec="microseconds")
