"""The tables answers read besides the records: the full-text index (facts.fulltext), the
name index (facts.search.tables) and the links (facts.links). The live store writes them in
the transaction of every change and keeps them in its file, so nothing is built when it
opens; a fact set with no store gets them in an in-memory database (`in_memory`). One list,
so the two never differ."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence

from facts import fulltext as _fulltext
from facts import gcpause, links
from facts.factset import Facts
from facts.models import AnyRecord
from facts.reads import Reads
from facts.search import tables as names

# Bump a part's VERSION when its tables or what goes in them change: a store written with
# another version re-indexes itself once, when it is opened for writing.
VERSION = f"fulltext {_fulltext.VERSION}, names {names.VERSION}, links {links.VERSION}"


def drop(db: sqlite3.Connection) -> None:
    """Every answer table gone (a re-index of another VERSION makes them anew: a table of
    an older layout would keep its old columns)."""
    _fulltext.drop(db)
    names.drop(db)
    links.drop(db)


def create(db: sqlite3.Connection) -> None:
    _fulltext.create(db)
    names.create(db)
    links.create(db)


def write_all(
    db: sqlite3.Connection,
    records: Sequence[tuple[str, AnyRecord | None]],
    seq: Mapping[str, int],
    *,
    fulltext: bool = True,
) -> None:
    """Index each record's current version (None: it is gone); `seq` is each present
    record's place. Inside the transaction that writes the records."""
    if fulltext:
        _fulltext.write_all(db, records)
    names.write_all(db, records)
    links.write_all(db, records, seq)


def rebuild(
    db: sqlite3.Connection,
    records: Iterable[tuple[int, AnyRecord]],
    *,
    prepared: names.Prepared | None = None,
) -> None:
    """Every table afresh from (seq, record) pairs, in the store's order (`prepared`: the
    name index's rows, made on the other core: see facts.search.tables.prepare). The name
    index last, so its rows have the longest to be made."""
    pairs = list(records)
    _fulltext.rebuild(db, (r for _, r in pairs))
    links.rebuild(db, pairs)
    names.rebuild(db, (r for _, r in pairs), prepared=prepared)


def in_memory(facts: Facts) -> Reads:
    """The tables for a fact set that has no store."""
    reads = Reads.in_memory()
    with gcpause.paused(), reads.lock:  # a bulk build (see facts.gcpause)
        create(reads.db)
        reads.db.execute("BEGIN")
        rebuild(reads.db, enumerate(facts.records(), start=1))
        reads.db.execute("COMMIT")
    return reads
