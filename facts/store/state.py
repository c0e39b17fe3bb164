"""The store's cache: what the records table holds at one revision, read once and then kept
up to date change by change, with the indexes that keep per-record checks local (who refers
to a record, who owns a name)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from facts import gcpause
from facts.dataset import Problem, parse_record
from facts.factset import FactSet
from facts.models import KINDS, AnyRecord
from facts.store.errors import NotFound
from facts.store.revisions import Change
from facts.validate import alias_key, alias_names, check_record, check_removal

# Past this many records changed by another process, reloading everything is simpler.
RELOAD_AFTER = 1000


class State:
    """What the store holds at revision `head`, with its indexes. A FactSet handed out is
    never changed afterwards: a change copies the one table it touches."""

    def __init__(self, facts: FactSet, head: int) -> None:
        self.facts = facts
        self.head = head
        self.referrers: dict[str, set[str]] = {}
        self.names: dict[str, set[str]] = {}
        for record in facts.records():
            self._index(record, add=True)

    def _index(self, record: AnyRecord, *, add: bool) -> None:
        for reference in record.references():
            users = self.referrers.setdefault(reference.target, set())
            (users.add if add else users.discard)(record.id)
        for _path, name in alias_names(record):
            owners = self.names.setdefault(alias_key(name), set())
            (owners.add if add else owners.discard)(record.id)

    def owner(self, view: FactSet, record: AnyRecord) -> Callable[[str], str | None]:
        """For facts.validate's alias rule: another current record that owns a name key."""

        def owner(key: str) -> str | None:
            others = sorted(o for o in self.names.get(key, ()) if o != record.id and view.get(o))
            return others[0] if others else None

        return owner

    def problems(self, view: FactSet, changes: Iterable[Change]) -> list[Problem]:
        """facts.validate's rules for each changed record, looked up in these indexes."""
        problems: list[Problem] = []
        for change in changes:
            users = self.referrers.get(change.record_id, set())
            if change.after is None:
                problems.extend(check_removal(view, change.kind, change.record_id, referrers=users))
            else:
                owner = self.owner(view, change.after)
                problems.extend(check_record(view, change.after, owner=owner, referrers=users))
        return problems

    def view(self, changes: Iterable[Change], articles: Mapping[str, str]) -> FactSet:
        """The fact set as it would be after the changes."""
        changes = list(changes)
        tables = {kind: self.facts.table(kind) for kind in KINDS}
        for kind in {c.kind for c in changes}:
            tables[kind] = dict(tables[kind])
        for change in changes:
            if change.after is None:
                tables[change.kind].pop(change.record_id, None)
            else:
                tables[change.kind][change.record_id] = change.after
        texts = {**self.facts.articles, **articles} if articles else self.facts.articles
        return FactSet(**{f"{kind}s": table for kind, table in tables.items()}, articles=texts)

    def adopt(self, view: FactSet, changes: Iterable[Change], head: int) -> None:
        for change in changes:
            if change.before is not None:
                self._index(change.before, add=False)
            if change.after is not None:
                self._index(change.after, add=True)
        self.facts, self.head = view, head


def head(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT max(number) FROM revisions").fetchone()
    return int(row[0] or 0)


def read_row(db: sqlite3.Connection, record_id: str) -> tuple[str, dict[str, Any], bool, int]:
    """(kind, stored data, retracted, last revision) of one record."""
    row = db.execute(
        "SELECT kind, data, retracted, revision FROM records WHERE id = ?", (record_id,)
    ).fetchone()
    if row is None:
        raise NotFound([Problem("-", record_id, "id", f"no record {record_id!r}")])
    return row[0], json.loads(row[1]), bool(row[2]), int(row[3])


def caught_up(db: sqlite3.Connection, state: State | None) -> State:
    """The cache at the database's head (other processes may have written): `state` brought
    up to date record by record, or everything read afresh (no state yet, or many changes)."""
    now = head(db)
    if state is not None and now == state.head:
        return state
    since = 0 if state is None else state.head
    rows = db.execute("SELECT DISTINCT record_id FROM revisions WHERE number > ?", (since,))
    ids = [row[0] for row in rows]
    if state is None or len(ids) > RELOAD_AFTER:
        return State(_load_all(db), now)
    changes = []
    for record_id in ids:
        kind, data, retracted, _rev = read_row(db, record_id)
        old = state.facts.table(kind).get(record_id)
        new = None if retracted else parse_record(kind, data)
        changes.append(Change(record_id, kind, "edit", old, new))
    texts = {
        row[0]: row[1]
        for row in db.execute(
            f"SELECT source_id, text FROM articles WHERE source_id IN ({','.join('?' * len(ids))})",
            ids,
        )
    }
    state.adopt(state.view(changes, texts), changes, now)
    return state


def _load_all(db: sqlite3.Connection) -> FactSet:
    with gcpause.paused():  # every record at once (see facts.gcpause)
        return _read_all(db)


def _read_all(db: sqlite3.Connection) -> FactSet:
    facts = FactSet()
    rows = db.execute("SELECT kind, data FROM records WHERE NOT retracted ORDER BY rowid")
    for kind, data in rows.fetchall():
        facts.add(parse_record(kind, json.loads(data)))
    facts.articles = dict(db.execute("SELECT source_id, text FROM articles").fetchall())
    return facts
