"""What a change is checked against: the store's records as they would be after it, read
from SQLite (facts.store.records) with the changed records laid over them, and the tables
of who refers to a record and who owns a name (facts.store.keys). Nothing is held in memory
between changes, so a change costs the same at 100 records as at 100,000.

A bulk change (a seed, an import) is checked as a whole set, in memory (`loaded`): its
checks read every record several times, on the other core while the change is written
(`checked_meanwhile`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from facts import forked, gcpause
from facts.dataset import Problem, parse_record
from facts.factset import FactSet, KindTables
from facts.models import KINDS, Actor, AnyRecord, Claim, Event, Place, Source
from facts.reads import Reads
from facts.store import keys
from facts.store.errors import NotFound
from facts.store.records import StoredFacts
from facts.store.revisions import Change
from facts.validate import check, check_record, check_removal

_R = TypeVar("_R", Source, Actor, Place, Event, Claim)


class Pending(KindTables):
    """The store's records as they would be after `changes` (a `Facts`)."""

    def __init__(
        self, stored: StoredFacts, changes: Iterable[Change], articles: Mapping[str, str]
    ) -> None:
        changed: dict[str, dict[str, AnyRecord | None]] = {kind: {} for kind in KINDS}
        for change in changes:
            changed[change.kind][change.record_id] = change.after
        self.sources = _Overlay[Source](stored.sources, changed["source"])
        self.actors = _Overlay[Actor](stored.actors, changed["actor"])
        self.places = _Overlay[Place](stored.places, changed["place"])
        self.events = _Overlay[Event](stored.events, changed["event"])
        self.claims = _Overlay[Claim](stored.claims, changed["claim"])
        self.articles: Mapping[str, str] = _Texts(stored.articles, articles)


class _Overlay(Mapping[str, _R], Generic[_R]):
    def __init__(self, base: Mapping[str, _R], changed: Mapping[str, Any]) -> None:
        self._base: Mapping[str, _R] = base
        self._changed: Mapping[str, _R | None] = changed

    def __getitem__(self, record_id: str) -> _R:
        if record_id in self._changed:
            record = self._changed[record_id]
            if record is None:
                raise KeyError(record_id)
            return record
        return self._base[record_id]

    def __iter__(self) -> Iterator[str]:
        changed = self._changed
        for record_id in self._base:
            if record_id not in changed or changed[record_id] is not None:
                yield record_id
        base = self._base
        yield from (i for i, r in changed.items() if r is not None and i not in base)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Texts(Mapping[str, str]):
    def __init__(self, base: Mapping[str, str], added: Mapping[str, str]) -> None:
        self._base, self._added = base, added

    def __getitem__(self, source_id: str) -> str:
        return self._added[source_id] if source_id in self._added else self._base[source_id]

    def __iter__(self) -> Iterator[str]:
        yield from self._base
        yield from (i for i in self._added if i not in self._base)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def problems(db: sqlite3.Connection, view: Pending, changes: Iterable[Change]) -> list[Problem]:
    """facts.validate's rules for each changed record, with the store's tables for who
    refers to it and who owns a name."""
    found: list[Problem] = []
    for change in changes:
        users = keys.referrers(db, change.record_id)
        if change.after is None:
            found.extend(check_removal(view, change.kind, change.record_id, referrers=users))
        else:
            record = change.after

            def owner(key: str, record: AnyRecord = record) -> str | None:
                others = [o for o in keys.owners(db, key) if o != record.id and view.get(o)]
                return others[0] if others else None

            found.extend(check_record(view, record, owner=owner, referrers=users))
    return found


def stored_view(db: sqlite3.Connection, lock: Any) -> StoredFacts:
    """The records as the write transaction sees them (no cache kept across changes)."""
    return StoredFacts(Reads(db, lock, writing=True))


def loaded(
    db: sqlite3.Connection, changes: Iterable[Change], articles: Mapping[str, str]
) -> FactSet:
    """Every record, in memory, as it would be after the changes (for a bulk check)."""
    with gcpause.paused():  # every record at once (see facts.gcpause)
        facts = read_all(db)
    for change in changes:
        table = facts.table(change.kind)
        if change.after is None:
            table.pop(change.record_id, None)
        else:
            table[change.record_id] = change.after
    facts.articles.update(articles)
    return facts


# A set smaller than this is checked faster than a child is started (facts.forked).
CHECK_FORKED_MIN = 5_000
CHECK_NICENESS = 10  # os.nice: about a tenth of a core beside busy processes


class BulkCheck:
    """What the checks of a bulk change find, and the rows of the tables the checks of later
    changes read (facts.store.keys), made in a child while the change is written."""

    def __init__(self, facts: FactSet, changed: list[AnyRecord], child: _Child | None) -> None:
        self._facts, self._changed, self._child = facts, changed, child
        self._results: Iterator[tuple[str, Any]] | None = None
        self._made: dict[str, Any] = {}

    def key_rows(self) -> keys.Rows | None:
        """The changed records' rows of the check tables (None: the writer makes them)."""
        rows: keys.Rows | None = self._read(_KEYS)
        return rows

    def problems(self) -> list[Problem]:
        found: list[Problem] | None = self._read(_PROBLEMS)
        return check(self._facts, changed=self._changed) if found is None else found

    def _read(self, part: str) -> Any:
        """The child's part, read in the order it sends them; None without a child, or when
        it failed."""
        if self._child is not None and part not in self._made:
            if self._results is None:
                self._results = self._child.results()
            try:
                for name, value in self._results:
                    self._made[name] = value
                    if name == part:
                        break
            except forked.ForkFailed:
                self._child = None
        return self._made.get(part)


_KEYS, _PROBLEMS = "keys", "problems"  # the child's parts, in the order the writer asks
_Child = forked.Forked[tuple[str, Any]]


@contextmanager
def checked_meanwhile(facts: FactSet, changed: list[AnyRecord]) -> Iterator[BulkCheck]:
    """`check(facts, changed=changed)` started in a child on the other core, for the caller
    to write the change meanwhile (in the transaction it rolls back if problems are found),
    with the check tables' rows of the changed records. Made here, when asked, for a small
    set, with no second core, or when the child failed."""
    if len(changed) < CHECK_FORKED_MIN or not forked.available():
        yield BulkCheck(facts, changed, None)
        return

    def produce() -> list[tuple[str, Any]]:
        return [(_KEYS, keys.rows(changed)), (_PROBLEMS, check(facts, changed=changed))]

    # A seed's three processes share two cores: the name index's child (facts.search.
    # tables.prepare) is the longest, and the write waits for it; what the checks find is
    # wanted only when the write ends, so they take what the other two leave.
    with gcpause.paused(), forked.Forked(produce, niceness=CHECK_NICENESS) as child:
        yield BulkCheck(facts, changed, child)


def read_all(db: sqlite3.Connection) -> FactSet:
    facts = FactSet()
    rows = db.execute("SELECT kind, data FROM records WHERE NOT retracted ORDER BY rowid")
    for kind, data in rows.fetchall():
        facts.add(parse_record(kind, json.loads(data)))
    facts.articles = dict(db.execute("SELECT source_id, text FROM articles").fetchall())
    return facts


def read_row(db: sqlite3.Connection, record_id: str) -> tuple[str, dict[str, Any], bool, int]:
    """(kind, stored data, retracted, last revision) of one record."""
    row = db.execute(
        "SELECT kind, data, retracted, revision FROM records WHERE id = ?", (record_id,)
    ).fetchone()
    if row is None:
        raise NotFound([Problem("-", record_id, "id", f"no record {record_id!r}")])
    return row[0], json.loads(row[1]), bool(row[2]), int(row[3])
