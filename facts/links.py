"""What a question follows between records, kept as tables beside the records: reverse links
(a place's events, an actor's claims), the claims' dispute links made symmetric, and the
events in date order. A question about one record reads its few rows instead of scanning
every event and claim, and nothing is built when the store opens (at 100k records building
these in memory took seconds). They are written in the transaction of the change, like the
full-text index.

`seq` is a record's place in the store (the records table's rowid; in an in-memory set, its
position): lists come out in the order the records were first written, as the YAML has them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Literal, NamedTuple, TypeVar, cast

from facts.fulltext import names_text
from facts.models import Actor, AnyRecord, Claim, Event, Place
from facts.reads import Reads, marks

T = TypeVar("T")

VERSION = "3"  # bump when the tables or what goes in them change: the store re-indexes
SCHEMA = (
    # Every current record, with its place: what the links and the graphs are filtered by.
    # ... with its names and parent: the words a claim accounts for include the names of
    # what it is about, read here for a question's few dozen records at once.
    """CREATE TABLE IF NOT EXISTS present (
        record_id TEXT PRIMARY KEY, kind TEXT NOT NULL, seq INTEGER NOT NULL,
        names TEXT NOT NULL, parent TEXT)""",
    """CREATE TABLE IF NOT EXISTS links (
        tbl TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, record_id TEXT NOT NULL,
        PRIMARY KEY (tbl, key, seq, record_id)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS links_by_record ON links (record_id)",
    # What each claim itself lists under `disputes` or `differs`.
    # The claim first: its rows are read and replaced by it (columns in key order, see
    # facts.store.keys).
    """CREATE TABLE IF NOT EXISTS claim_links (
        claim TEXT NOT NULL, link TEXT NOT NULL, other TEXT NOT NULL,
        PRIMARY KEY (claim, link, other)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS claim_links_back ON claim_links (link, other, claim)",
    # Events by date: the latest first without reading every event.
    """CREATE TABLE IF NOT EXISTS event_order (
        event_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, year INTEGER,
        start TEXT NOT NULL, end TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS event_order_by_date ON event_order (start, end, seq)",
    # The dates claims give for their events where accounts differ: `timeline 21 feb` finds
    # the event another account dates to that day.
    """CREATE TABLE IF NOT EXISTS claim_dates (
        claim_id TEXT NOT NULL, event_id TEXT NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL,
        PRIMARY KEY (claim_id, event_id)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS claim_dates_by_date ON claim_dates (start, end)",
)
TABLES = ("present", "links", "claim_links", "event_order", "claim_dates")
LINK_TABLES = (
    "events_at",  # place -> events
    "events_with",  # actor -> events
    "events_from",  # source -> events
    "claims_about_event",
    "claims_by",  # claimant -> claims
    "claims_about_actor",
    "claims_about_place",
    "claims_from",  # source -> claims
    "actors_from",  # source -> actors
    "children",  # parent -> records
)
ClaimLink = Literal["disputes", "differs"]
MEMO = 50_000  # claims whose links are kept read (a few MB)


def drop(db: sqlite3.Connection) -> None:
    for table in TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}")


def create(db: sqlite3.Connection) -> None:
    for statement in SCHEMA:
        db.execute(statement)


def write_all(
    db: sqlite3.Connection,
    records: Sequence[tuple[str, AnyRecord | None]],
    seq: Mapping[str, int],
) -> None:
    """Each record's rows replaced by its current version's (None: it is gone); `seq` gives
    each present record's place. Call inside the transaction that writes the records."""
    latest = dict(records)
    ids = list(latest)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for table, column in (
            ("present", "record_id"),
            ("links", "record_id"),
            ("claim_links", "claim"),
            ("event_order", "event_id"),
            ("claim_dates", "claim_id"),
        ):
            db.execute(f"DELETE FROM {table} WHERE {column} IN ({marks(chunk)})", chunk)
    _insert(db, [(seq[i], r) for i, r in latest.items() if r is not None])


def rebuild(db: sqlite3.Connection, records: Iterable[tuple[int, AnyRecord]]) -> None:
    """Every table afresh from (seq, record) pairs (a seed, a re-index)."""
    for table in TABLES:
        db.execute(f"DELETE FROM {table}")
    # The secondary indexes are made after the rows are in: one sort each, not an insert
    # into another b-tree for every row.
    drop_indexes(db, SCHEMA)
    _insert(db, list(records))
    create(db)


def drop_indexes(db: sqlite3.Connection, schema: Iterable[str]) -> None:
    """The secondary indexes a schema's `CREATE INDEX IF NOT EXISTS name ...` make, gone
    (for a bulk write; the schema makes them again)."""
    for statement in schema:
        if statement.startswith("CREATE INDEX IF NOT EXISTS "):
            db.execute(f"DROP INDEX IF EXISTS {statement.split()[5]}")


def _insert(db: sqlite3.Connection, records: list[tuple[int, AnyRecord]]) -> None:
    db.executemany(
        "INSERT INTO present (record_id, kind, seq, names, parent) VALUES (?, ?, ?, ?, ?)",
        (
            (r.id, r.kind, n, names_text(r), r.parent if isinstance(r, (Actor, Place)) else None)
            for n, r in records
        ),
    )
    # In key order: a bulk write then appends to each b-tree instead of splitting pages all
    # over it (a seed of 100k records wrote these tables several times faster).
    db.executemany(
        "INSERT OR IGNORE INTO links (tbl, key, seq, record_id) VALUES (?, ?, ?, ?)",
        sorted((table, key, n, r.id) for n, r in records for table, key in _contributions(r)),
    )
    db.executemany(
        "INSERT OR IGNORE INTO claim_links (claim, link, other) VALUES (?, ?, ?)",
        sorted(
            (r.id, link, other)
            for _, r in records
            if isinstance(r, Claim)
            for link in ("disputes", "differs")
            for other in getattr(r, link)
        ),
    )
    db.executemany(
        "INSERT OR IGNORE INTO claim_dates (claim_id, event_id, start, end) VALUES (?, ?, ?, ?)",
        sorted(_claim_dates(records)),
    )
    far = "9999-12-31"
    db.executemany(
        "INSERT INTO event_order (event_id, seq, year, start, end) VALUES (?, ?, ?, ?, ?)",
        (
            (r.id, n, start.year if start else None, *(d.isoformat() for d in r.date.sort_key))
            if (start := r.date.start)
            else (r.id, n, None, far, far)
            for n, r in records
            if isinstance(r, Event)
        ),
    )


def _claim_dates(records: list[tuple[int, AnyRecord]]) -> Iterator[tuple[str, str, str, str]]:
    for _, r in records:
        if isinstance(r, Claim) and r.about_event and r.date is not None and r.date.start:
            start, end = r.date.sort_key
            yield r.id, r.about_event, start.isoformat(), end.isoformat()


def _contributions(record: AnyRecord) -> list[tuple[str, str]]:
    """What one record adds to the reverse links: (table, key); the value is its id."""
    found: list[tuple[str, str]] = []
    match record:
        case Event():
            found += [("events_at", p) for p in dict.fromkeys(record.places)]
            found += [("events_with", a) for a in dict.fromkeys(a.actor for a in record.actors)]
            found += [("events_from", s) for s in record.sources]
        case Claim():
            if record.about_event:
                found.append(("claims_about_event", record.about_event))
            if record.claimant:
                found.append(("claims_by", record.claimant))
            found += [("claims_about_actor", a) for a in dict.fromkeys(record.about_actors)]
            found += [("claims_about_place", p) for p in dict.fromkeys(record.about_places)]
            found.append(("claims_from", record.quote.source))
        case Actor():
            found += [("actors_from", s) for s in record.sources]
    if isinstance(record, (Actor, Place)) and record.parent:
        found.append(("children", record.parent))
    return found


# --- reading ---------------------------------------------------------------------------------


class LinkTable:
    """One reverse link: key -> the ids of the current records that link to it, in order."""

    def __init__(self, reads: Reads, table: str) -> None:
        self._reads, self._table = reads, table

    def get(self, key: str, default: Sequence[str] = ()) -> list[str]:
        rows = self._reads.rows(
            "SELECT record_id FROM links WHERE tbl = ? AND key = ? ORDER BY seq",
            (self._table, key),
        )
        return [row[0] for row in rows] if rows else list(default)

    def __getitem__(self, key: str) -> list[str]:
        return self.get(key)

    def get_many(self, keys: Sequence[str], limit: int) -> dict[str, list[str]]:
        """`get` for several keys in one statement per 100: key -> the first `limit` ids, in
        order. Each key's rows are read from the key's own range of the table, `limit` of
        them at most: a country has thousands of events."""
        found: dict[str, list[str]] = {}
        wanted = list(dict.fromkeys(keys))
        one = (
            "SELECT * FROM (SELECT key, record_id FROM links"
            " WHERE tbl = ? AND key = ? ORDER BY seq LIMIT ?)"
        )
        for start in range(0, len(wanted), 100):
            chunk = wanted[start : start + 100]
            params: list[object] = []
            for key in chunk:
                params += [self._table, key, limit]
            rows = self._reads.rows(" UNION ALL ".join([one] * len(chunk)), params)
            for key, record_id in rows:
                found.setdefault(key, []).append(record_id)
        return found

    def keys_of(self, record_ids: Sequence[str]) -> dict[str, list[str]]:
        """The other way: what each record links to in this table (a claim's event)."""
        found: dict[str, list[str]] = {}
        wanted = list(dict.fromkeys(record_ids))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self._reads.rows(
                f"SELECT record_id, key FROM links WHERE record_id IN ({marks(chunk)}) AND tbl = ?",
                (*chunk, self._table),
            )
            for record_id, key in rows:
                found.setdefault(record_id, []).append(key)
        return found


class Named(NamedTuple):
    kind: str
    names: str  # its names, ids aside (facts.fulltext.names_text)
    parent: str | None


class Links:
    """The reverse links of one set of tables, by name (`links.events_at.get(place_id)`)."""

    def named(self, record_ids: Iterable[str]) -> dict[str, Named]:
        """The kind, names and parent of each current record among these, in one read per
        500 (no record is parsed)."""
        wanted = list(dict.fromkeys(record_ids))
        found: dict[str, Named] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self.reads.rows(
                "SELECT record_id, kind, names, parent FROM present"
                f" WHERE record_id IN ({marks(chunk)})",
                chunk,
            )
            found.update((row[0], Named(row[1], row[2], row[3])) for row in rows)
        return found

    def __init__(self, reads: Reads) -> None:
        self.reads = reads
        self.events_at = LinkTable(reads, "events_at")
        self.events_with = LinkTable(reads, "events_with")
        self.events_from = LinkTable(reads, "events_from")
        self.claims_about_event = LinkTable(reads, "claims_about_event")
        self.claims_by = LinkTable(reads, "claims_by")
        self.claims_about_actor = LinkTable(reads, "claims_about_actor")
        self.claims_about_place = LinkTable(reads, "claims_about_place")
        self.claims_from = LinkTable(reads, "claims_from")
        self.actors_from = LinkTable(reads, "actors_from")
        self.children = LinkTable(reads, "children")


def claim_sources(reads: Reads, claim_ids: Sequence[str]) -> dict[str, str]:
    """Each claim's article (its quote's source), read from the links, not the claims."""
    return claim_keys(reads, "claims_from", claim_ids)


def claim_keys(reads: Reads, table: str, claim_ids: Sequence[str]) -> dict[str, str]:
    """What each claim is listed under in one link table ("claims_from": its article;
    "claims_by": its claimant, none for an article's own reporting), read from the links,
    not the claims."""
    found: dict[str, str] = {}
    for start in range(0, len(claim_ids), 500):
        chunk = list(claim_ids[start : start + 500])
        rows = reads.rows(
            f"SELECT record_id, key FROM links WHERE tbl = ? AND record_id IN ({marks(chunk)})",
            [table, *chunk],
        )
        found.update(rows)
    return found


class ClaimGraph:
    """A claim link (`disputes` or `differs`) made symmetric: a link on either claim counts
    for both, between claims that both exist."""

    def __init__(self, reads: Reads, link: ClaimLink) -> None:
        self._reads, self.link = reads, link
        # A question asks for one claim's links several times (ranking it, grouping it,
        # showing it): each is read once, until the store changes (`forget`).
        self._known: dict[str, frozenset[str]] = {}
        self._kept: dict[str, Any] = {}

    def __getitem__(self, claim_id: str) -> frozenset[str]:
        known = self._known.get(claim_id)
        if known is None:
            rows = self._reads.rows(
                "SELECT l.other FROM claim_links l JOIN present o ON o.record_id = l.other"
                " WHERE l.claim = ?2 AND l.link = ?1 AND o.kind = 'claim'"
                " UNION SELECT claim FROM claim_links WHERE link = ?1 AND other = ?2",
                (self.link, claim_id),
            )
            if rows and self._reads.row(  # a claim that is gone has no links
                "SELECT 1 FROM present WHERE record_id = ? AND kind = 'claim'", (claim_id,)
            ):
                known = frozenset(row[0] for row in rows) - {claim_id}
            else:
                known = frozenset()
            if len(self._known) > MEMO:
                self._known.clear()
            self._known[claim_id] = known
        return known

    def read_many(self, claim_ids: Iterable[str]) -> None:
        """Read the links of these claims in one statement per 500, for the look-ups that
        follow (an answer judges and shows dozens of claims)."""
        wanted = [c for c in dict.fromkeys(claim_ids) if c not in self._known]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            present = {
                row[0]
                for row in self._reads.rows(
                    f"SELECT record_id FROM present WHERE record_id IN ({marks(chunk)})"
                    " AND kind = 'claim'",
                    chunk,
                )
            }
            found: dict[str, set[str]] = {c: set() for c in chunk}
            rows = self._reads.rows(
                "SELECT l.claim, l.other FROM claim_links l JOIN present o"
                " ON o.record_id = l.other AND o.kind = 'claim'"
                f" WHERE l.claim IN ({marks(chunk)}) AND l.link = ?"
                " UNION SELECT other, claim FROM claim_links"
                f" WHERE link = ? AND other IN ({marks(chunk)})",
                (*chunk, self.link, self.link, *chunk),
            )
            for claim, other in rows:
                if claim in found and claim != other:
                    found[claim].add(other)
            if len(self._known) > MEMO:
                self._known.clear()
            for claim, others in found.items():
                self._known[claim] = frozenset(others) if claim in present else frozenset()

    def forget(self) -> None:
        """The store changed: links are read afresh."""
        self._known = {}
        self._kept = {}

    def kept(self, name: str, make: Callable[[], T]) -> T:
        """What `make` works out from every link (every open dispute, and what is counted
        of each), kept until the store changes: a year's store holds thousands of
        disputes, which `latest` and the digest each read whole (0.6 s at 100,000 records)."""
        if name not in self._kept:
            self._kept[name] = make()
        return cast(T, self._kept[name])

    def edges(self) -> dict[str, set[str]]:
        """Every link at once, both ways (for a pass over every dispute: one read, not one
        per claim)."""
        rows = self._reads.rows(
            "SELECT l.claim, l.other FROM claim_links l JOIN present o ON o.record_id = l.other"
            " WHERE l.link = ? AND o.kind = 'claim' AND l.claim != l.other",
            (self.link,),
        )
        found: dict[str, set[str]] = {}
        for claim, other in rows:
            found.setdefault(claim, set()).add(other)
            found.setdefault(other, set()).add(claim)
        return found

    def linked(self) -> list[str]:
        """Every current claim with a link, in the store's order."""
        rows = self._reads.rows(
            "SELECT c.record_id FROM present c WHERE c.record_id IN ("
            " SELECT l.claim FROM claim_links l JOIN present o ON o.record_id = l.other"
            " WHERE l.link = ?1 AND o.kind = 'claim'"
            " UNION SELECT other FROM claim_links WHERE link = ?1)"
            " AND c.kind = 'claim' ORDER BY c.seq",
            (self.link,),
        )
        return [row[0] for row in rows]


def component(graph: ClaimGraph | Mapping[str, AbstractSet[str]], start: str) -> list[str]:
    """A claim and every claim linked to it, directly or not, in a steady order."""
    seen, todo = [start], [start]
    while todo:
        current = todo.pop()
        linked = graph[current] if isinstance(graph, ClaimGraph) else graph.get(current, ())
        for other in sorted(linked):
            if other not in seen:
                seen.append(other)
                todo.append(other)
    return seen


class EventOrder:
    """The events in date order, read a page at a time."""

    def __init__(self, reads: Reads) -> None:
        self._reads = reads

    def latest(self, count: int) -> list[str]:
        """The `count` latest dated events, latest first (of one date, the later written
        first)."""
        rows = self._reads.rows(
            "SELECT event_id FROM event_order WHERE year IS NOT NULL"
            " ORDER BY start DESC, end DESC, seq DESC LIMIT ?",
            (count,),
        )
        return [row[0] for row in rows]

    def within(self, start: dt.date | None, end: dt.date | None) -> list[str]:
        """The events whose own dates, or the dates a claim gives them, overlap the range
        (open at either end), in date order: every event a date window can find."""
        low = start.isoformat() if start else "0001-01-01"
        high = end.isoformat() if end else "9999-12-30"
        rows = self._reads.rows(
            "SELECT o.event_id FROM event_order o WHERE o.event_id IN ("
            " SELECT event_id FROM event_order WHERE year IS NOT NULL AND start <= ?2"
            " AND end >= ?1 UNION SELECT event_id FROM claim_dates WHERE start <= ?2"
            " AND end >= ?1) ORDER BY o.year IS NULL, o.start, o.end, o.seq",
            (low, high),
        )
        return [row[0] for row in rows]

    def in_order(self, event_ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """These events: the dated ones in date order, and the undated ones in the store's
        order (read from the date order, not from the events)."""
        wanted = list(dict.fromkeys(event_ids))
        found: list[tuple[bool, str, str, int, str]] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found += self._reads.rows(
                "SELECT year IS NULL, start, end, seq, event_id FROM event_order"
                f" WHERE event_id IN ({marks(chunk)})",
                chunk,
            )
        found.sort()
        return [r[-1] for r in found if not r[0]], [r[-1] for r in found if r[0]]

    def counts(self) -> tuple[int, int]:
        """(dated events, undated events)."""
        row = self._reads.row("SELECT count(year), count(*) - count(year) FROM event_order")
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def latest_year(self) -> int | None:
        row = self._reads.row("SELECT max(year) FROM event_order")
        return int(row[0]) if row and row[0] is not None else None
