"""The name index's tables, in the store's own SQLite file (or an in-memory database for a
bare FactSet), and how a record's rows are written.

Like `facts.fulltext`: the tables are written in the transaction that writes the record, so
the index is never stale and nothing is built when the store opens; `SearchIndex` only reads.

- `name_entries`: one row per name of a record (folded, and without spaces for "IS-KP" ~
  "ISKP"), at a position (`pos`: index order, the last tie-break), clustered by folded name
  (WITHOUT ROWID) so exact hits and autocomplete's prefixes are range reads of the table;
  looked up too by position, record and compact name.
- `name_postings`: term -> entries, keyed (term, kind, length, pos) WITHOUT ROWID, so the
  shortest entries of a term of one kind are a range read with LIMIT, and whether an entry
  holds a term is one key look-up: a common term ("police": 12,000 entries at 100k records)
  is never walked whole.
- `name_vocabulary`: every word of a name or of a record's text (`fulltext.document`), with
  its transliteration skeleton, its consonant key, how many entries (`names`) and proper-name
  entries (`proper`) hold it, and whether a record's text uses it (`texts`). A word stays
  when the last record using it goes (it then finds nothing, as it did in memory); `rebuild`
  drops such words.
- `name_deletions`: each one-letter deletion of a vocabulary word (of four letters or more):
  the words within a typo of a query word, without scanning the vocabulary.
- `name_stats`: the counts a question needs (entries, for the IDF weight; vocabulary sizes,
  for whether to scan it whole) and a generation that each write bumps, so a reader knows
  when what it keeps of a small vocabulary is stale.
"""

from __future__ import annotations

import functools
import itertools
import operator
import sqlite3
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from facts import forked, gcpause
from facts.fulltext import text_of
from facts.models import AnyRecord, NameKind
from facts.search.words import LONGEST_WORD, NOT_WORDS, WORD, consonant_key, phrases, skeleton

# Bump when the tables or what goes in them change, the store then re-indexes: that includes
# facts.search.words' folding (`phrase`, `skeleton`, `consonant_key`), stored in the rows.
VERSION = "3"

MIN_DELETION_TERM = 4  # shorter words are matched exactly or by skeleton, never by a typo
MIN_CONSONANT_TERM = 5  # a shorter word's consonant key matches unrelated words
_LOOKUP = 500  # values per IN (...) (SQLite allows 32,766 parameters)
REBUILD_BATCH = 10_000  # records (or words) a bulk build holds the rows of at once
# A bulk build folds every name (all of a batch's in one pass: `_folded_names`) and makes
# each word's skeleton; words repeat (an event's keywords name its places and actors): each
# skeleton is made once (bounded caches).
_skeleton = functools.lru_cache(maxsize=1 << 16)(skeleton)
_PROPER_KINDS = frozenset(("actor", "place", "source"))  # see Entry.proper

TABLES_SQL = (
    # Clustered by name: autocomplete's window of names is one range read of the table.
    """CREATE TABLE IF NOT EXISTS name_entries (
        pos INTEGER NOT NULL,
        record_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        label TEXT NOT NULL,
        text TEXT NOT NULL,
        folded TEXT NOT NULL,
        compact TEXT NOT NULL,
        name_kind TEXT NOT NULL,
        length INTEGER NOT NULL,
        skeleton TEXT NOT NULL,
        PRIMARY KEY (folded, pos)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS name_postings (
        term TEXT NOT NULL,
        kind TEXT NOT NULL,
        length INTEGER NOT NULL,
        pos INTEGER NOT NULL,
        PRIMARY KEY (term, kind, length, pos)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS name_vocabulary (
        term TEXT PRIMARY KEY,
        skeleton TEXT NOT NULL,
        consonants TEXT,
        names INTEGER NOT NULL,
        proper INTEGER NOT NULL,
        texts INTEGER NOT NULL) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS name_deletions (
        deletion TEXT NOT NULL,
        term TEXT NOT NULL,
        PRIMARY KEY (deletion, term)) WITHOUT ROWID""",
    "CREATE TABLE IF NOT EXISTS name_stats (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
)
# Secondary indexes, by name: a rebuild drops them and makes them again after the rows are in
# (one sort each instead of a B-tree insert per row).
INDEXES_SQL = {
    "name_entries_pos": "name_entries (pos)",  # the candidates a question scores
    "name_entries_record": "name_entries (record_id)",
    "name_entries_compact": "name_entries (compact)",
    # The first names of a kind, for an autocomplete with nothing typed yet.
    "name_entries_kind": "name_entries (kind, name_kind, pos, record_id)",
    # Autocomplete's window of names, read narrow (the table's rows hold every column),
    # without the ids it never offers.
    "name_entries_complete": (
        "name_entries (folded, name_kind, kind, length, record_id) WHERE name_kind <> 'id'"
    ),
    "name_vocabulary_skeleton": "name_vocabulary (skeleton)",
    "name_vocabulary_consonants": "name_vocabulary (consonants) WHERE consonants IS NOT NULL",
}
TABLES = ("name_entries", "name_postings", "name_vocabulary", "name_deletions", "name_stats")

ENTRIES = "entries"  # name_stats keys
TERMS = "terms"
NAME_TERMS = "name_terms"
GENERATION = "generation"

_INSERT_ENTRY = (
    "INSERT INTO name_entries (pos, record_id, kind, label, text, folded, compact, name_kind,"
    " length, skeleton) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_POSTING = "INSERT INTO name_postings (term, kind, length, pos) VALUES (?, ?, ?, ?)"
_INSERT_TERM = (
    "INSERT INTO name_vocabulary (term, skeleton, consonants, names, proper, texts)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_DELETION = "INSERT OR IGNORE INTO name_deletions (deletion, term) VALUES (?, ?)"
_PUT_STAT = "INSERT OR REPLACE INTO name_stats (key, value) VALUES (?, ?)"


@dataclass(frozen=True, slots=True)
class Entry:
    """One name of one record, as the entries table holds it."""

    record_id: str
    kind: str
    label: str
    text: str
    folded: str
    name_kind: NameKind
    skeleton: str  # each word's transliteration skeleton: what a folded query is scored on

    @property
    def proper(self) -> bool:
        """A proper name (of an actor, place or source): the words people misspell."""
        return self.kind in _PROPER_KINDS and self.name_kind is not NameKind.ID


def names_of(record: AnyRecord) -> Iterator[Entry]:
    """The index's entries for one record: each of its names, folded."""
    label = record.label
    for _, folded_names in _folded_names([record]):
        for text, folded, name_kind, skeletal in folded_names:
            yield Entry(record.id, record.kind, label, text, folded, name_kind, skeletal)


_Folded = tuple[str, str, NameKind, str]  # a name's text, folded text, kind and skeleton


def _folded_names(records: Sequence[AnyRecord]) -> Iterator[tuple[AnyRecord, list[_Folded]]]:
    """Each record with the names of it that have words in them, folded: every name of the
    records folded in one pass (words.phrases), at a seed a batch of ten thousand."""
    named = [(record, record.names()) for record in records]
    folded = iter(phrases([text for _, names in named for text, _ in names]))
    for record, names in named:
        # One folded name for each name, in order, the empty ones (no word) left out.
        pairs = [(text, name_kind, next(folded)) for text, name_kind in names]
        yield record, [(t, f, k, _skeletal(f)) for t, k, f in pairs if f]


@functools.lru_cache(maxsize=1 << 16)
def _skeletal(folded: str) -> str:
    return " ".join(_skeleton(t) for t in folded.split())


def text_words(records: Sequence[AnyRecord]) -> set[str]:
    """The words of these records' searchable text but their names (`_rows_of` adds the
    names' words, folded for the entries already), as the full-text index holds it
    (`fulltext.document`): a typed word is resolved against them too, so a typo of a word
    only a claim uses still finds it. All the texts folded and split at once: the
    vocabulary needs their words, not each record's."""
    texts = " ".join(" ".join(text_of(record)) for record in records)
    return set(WORD.findall(_fold_for_words(texts))) - NOT_WORDS


def _fold_for_words(text: str) -> str:
    """`fold` without its steps that only change characters that are no part of a word
    (quote marks and dashes made straight, spaces collapsed): the same words, found in a
    fraction of the time, on every record's whole text at a seed (tested against `fold`)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def deletions(term: str) -> set[str]:
    """The term with one letter dropped, every way."""
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


def drop(db: sqlite3.Connection) -> None:
    for table in TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}")


def create(db: sqlite3.Connection) -> None:
    for statement in TABLES_SQL:
        db.execute(statement)
    _create_indexes(db)


def _create_indexes(db: sqlite3.Connection) -> None:
    for name, on in INDEXES_SQL.items():
        unique = "UNIQUE " if name == "name_entries_pos" else ""
        db.execute(f"CREATE {unique}INDEX IF NOT EXISTS {name} ON {on}")


@dataclass(slots=True)
class _Counts:
    """What a batch of records adds to (or takes from) each vocabulary word."""

    names: Counter[str]
    proper: Counter[str]
    texts: set[str]

    @classmethod
    def empty(cls) -> _Counts:
        return cls(Counter(), Counter(), set())

    def add(self, entry: Entry, sign: int = 1) -> None:
        proper = entry.proper
        for term in set(entry.folded.split()):
            self.names[term] += sign
            if proper:
                self.proper[term] += sign


def _postings_of(pos: int, entry: Entry) -> Iterator[tuple[str, str, int, int]]:
    length = len(entry.folded)
    for term in set(entry.folded.split()):
        yield (term, entry.kind, length, pos)


def _term_row(term: str, names: int, proper: int, texts: bool) -> tuple[object, ...]:
    consonants = consonant_key(term) if len(term) >= MIN_CONSONANT_TERM else None
    return (term, _skeleton(term), consonants, names, proper, int(texts))


def _deletion_rows(new_terms: Iterable[str]) -> list[tuple[str, str]]:
    return sorted(
        (shorter, term)
        for term in new_terms
        if MIN_DELETION_TERM <= len(term) <= LONGEST_WORD + 1
        for shorter in deletions(term)
    )


def rebuild(
    db: sqlite3.Connection, records: Iterable[AnyRecord], *, prepared: Prepared | None = None
) -> None:
    """Index every record afresh, in bulk (a seed, a re-index). Call inside a transaction.
    `prepared`: the tables made on the other core (`prepare`), copied if they are for these
    records; else (or if the child failed) they are made here."""
    # Millions of rows are made and kept until written: the collector would walk them over
    # and over to free nothing (see facts.gcpause).
    with gcpause.paused():
        records = list(records)
        if prepared is not None and prepared.ids == [r.id for r in records]:
            try:
                _copy(db, prepared)
                return
            # The child failed, or its file cannot be read: made here instead, from the
            # start (_rebuild makes the tables anew).
            except (forked.ForkFailed, sqlite3.DatabaseError):
                pass
        _rebuild(db, _parts(records))


# A set smaller than this is indexed faster than a child is started and its tables copied.
PREPARE_MIN = 5_000
# The child's file beside the store (`*`: a name no other seed picks); one a crash left is
# swept by the next seed (facts.store.seeding).
BUILDING = ".names-*.building"
# The schema name the child's file is attached under while its tables are copied.
_PREPARED = "names_prepared"


@dataclass
class Prepared:
    """The name index of these records, being written by a forked child (facts.forked) into
    a database file of its own (`path`), for `rebuild` to copy whole."""

    ids: list[str]
    forked: forked.Forked[str]
    path: Path


@contextmanager
def prepare(records: list[AnyRecord], directory: Path | None) -> Iterator[Prepared | None]:
    """Start building the tables of `rebuild(records)` on the other core, in a file in
    `directory` (the store's own: a file system with room for the store), for the caller to
    do the rest of its bulk write meanwhile (None: not worth it here, or no directory;
    `rebuild` makes them). The file goes when the block ends; the caller's connection keeps
    it open until `release`.

    Why a file: the rows were sent back through a pipe (pickled there, unpickled here) and
    inserted here, a row at a time, at the end of the seed, when the other core has nothing
    left to do: 7.3 s of this process's CPU at 100,000 records. Copied from another database,
    SQLite moves a table and its indexes whole (its transfer optimisation: no row is decoded,
    no index sorted again): 1.3 s."""
    if directory is None or len(records) < PREPARE_MIN or not forked.available():
        yield None
        return
    path = directory / BUILDING.replace("*", uuid.uuid4().hex[:16])
    try:
        with gcpause.paused(), forked.Forked(lambda: _build_file(path, records)) as child:
            yield Prepared([r.id for r in records], child, path)
    finally:
        path.unlink(missing_ok=True)


def _build_file(path: Path, records: list[AnyRecord]) -> list[str]:
    """In the child: the name index of `records` in a new database file at `path` (private
    until copied, and deleted after: no journal, no waiting for the disk)."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute(f"PRAGMA cache_size = {-BUILD_CACHE_KIB:d}")
        db.execute("BEGIN")
        _rebuild(db, _parts(records))
        db.execute("COMMIT")
    finally:
        db.close()
    return [str(path)]


# The child's page cache: its indexes are made by sorting every row (see revisions' bulk cache).
BUILD_CACHE_KIB = 64 * 1024


def _copy(db: sqlite3.Connection, prepared: Prepared) -> None:
    """The child's tables copied into the store's (ForkFailed if it did not finish them)."""
    for _ in prepared.forked.results():
        pass  # the file is complete: the child has closed it
    generation = _next_generation(db)
    release(db)  # left attached by an earlier write that was not released
    # Into empty tables with the same indexes as the child's: the transfer optimisation's
    # condition, so each table and index is copied whole.
    for table in TABLES:
        db.execute(f"DROP TABLE IF EXISTS main.{table}")
    create(db)
    db.execute(f"ATTACH DATABASE ? AS {_PREPARED}", (str(prepared.path),))
    for table in TABLES:
        db.execute(f"INSERT INTO main.{table} SELECT * FROM {_PREPARED}.{table}")
    stats = _stats(db)
    _put_stats(db, stats[ENTRIES], stats[TERMS], stats[NAME_TERMS], generation=generation)


def release(db: sqlite3.Connection) -> None:
    """The child's file let go, after the transaction that copied it (SQLite keeps a file
    attached while a transaction that read it is open)."""
    attached = {row[1] for row in db.execute("PRAGMA database_list")}
    if _PREPARED in attached:
        db.execute(f"DETACH DATABASE {_PREPARED}")


# What a rebuild writes, in order: (which rows, the rows); the stats come last.
_Part = tuple[str, Sequence[tuple[object, ...]]]
_STATS = "stats"
_STATEMENTS = {
    "entries": _INSERT_ENTRY,
    "postings": _INSERT_POSTING,
    "terms": _INSERT_TERM,
    "deletions": _INSERT_DELETION,
}


def _parts(records: Iterable[AnyRecord]) -> Iterator[_Part]:
    """Every row of the name index of these records, a part at a time, each sorted (inserts
    in key order split fewer pages). A batch of records at a time: at 100k records the
    whole set of rows at once would add some 300 MB to a seed's peak."""
    counts = _Counts.empty()
    written = 0
    for batch in _batches(records, REBUILD_BATCH):
        entries, postings = _rows_of(batch, written, counts)
        entries.sort(key=_BY_NAME)
        yield "entries", entries
        postings.sort()
        yield "postings", postings
        written += len(entries)
    vocabulary = sorted(counts.names.keys() | counts.texts)
    yield (
        "terms",
        [_term_row(t, counts.names[t], counts.proper[t], t in counts.texts) for t in vocabulary],
    )
    for start in range(0, len(vocabulary), REBUILD_BATCH):
        yield "deletions", _deletion_rows(vocabulary[start : start + REBUILD_BATCH])
    name_terms = sum(1 for n in counts.names.values() if n > 0)
    yield _STATS, [(written, len(vocabulary), name_terms)]


_BY_NAME = operator.itemgetter(5, 0)  # an entry row's (folded, pos): its table's key


def _rows_of(
    records: Iterable[AnyRecord], after: int, counts: _Counts
) -> tuple[list[tuple[object, ...]], list[tuple[str, str, int, int]]]:
    """The entry and posting rows of these records, their entries numbered on from `after`;
    what they add is counted in `counts` (as `_Counts.add` would count each entry: a seed
    makes hundreds of thousands, so no Entry is made for them)."""
    entries: list[tuple[object, ...]] = []
    postings: list[tuple[str, str, int, int]] = []
    # Each entry's words, counted at the end in one call each (not a Counter.update a name).
    names: list[str] = []
    proper: list[str] = []
    in_text: list[str] = []
    pos = after
    records = list(records)
    counts.texts |= text_words(records)
    for record, folded_names in _folded_names(records):
        record_id, kind, label = record.id, record.kind, record.label
        proper_kind = kind in _PROPER_KINDS
        for text, folded, name_kind, skeletal in folded_names:
            pos += 1
            length = len(folded)
            compact = folded.replace(" ", "")
            entries.append(
                (
                    pos,
                    record_id,
                    kind,
                    label,
                    text,
                    folded,
                    compact,
                    name_kind.value,
                    length,
                    skeletal,
                )
            )
            terms = set(folded.split())
            postings.extend([(term, kind, length, pos) for term in terms])
            names.extend(terms)
            if name_kind is not NameKind.ID:
                in_text.extend(terms)  # the full-text index's names (fulltext.names_text)
                if proper_kind:
                    proper.extend(terms)
    counts.names.update(names)
    counts.proper.update(proper)
    counts.texts.update(in_text)
    return entries, postings


def _rebuild(db: sqlite3.Connection, parts: Iterable[_Part]) -> None:
    generation = _next_generation(db)
    # Made afresh, not emptied: an older VERSION's tables may have other columns. The
    # indexes are made after the rows are in.
    for table in TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in TABLES_SQL:
        db.execute(statement)
    stats = (0, 0, 0)
    for part, rows in parts:
        if part == _STATS:
            (stats,) = rows  # type: ignore[assignment]
        else:
            db.executemany(_STATEMENTS[part], rows)
    _create_indexes(db)
    _put_stats(db, *stats, generation=generation)


def _next_generation(db: sqlite3.Connection) -> int:
    """A reader's copy of the old tables is stale after a rebuild: the generation moves on."""
    had_stats = db.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'name_stats'").fetchone()
    return (_stats(db)[GENERATION] if had_stats else 0) + 1


def write_all(db: sqlite3.Connection, items: Sequence[tuple[str, AnyRecord | None]]) -> None:
    """Index the current version of each record (None: it is gone; of one id given twice, the
    last): its rows replaced by the new version's, the vocabulary's counts kept right. Call
    inside the transaction that writes the records."""
    latest = dict(items)
    ids = list(latest)
    counts = _Counts.empty()
    removed_postings: list[tuple[str, str, int, int]] = []
    removed = 0
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            "SELECT pos, record_id, kind, label, text, folded, name_kind, skeleton"
            " FROM name_entries"
            f" WHERE record_id IN ({marks})",
            chunk,
        ).fetchall()
        removed += len(rows)
        for pos, record_id, kind, label, text, folded, name_kind, skeletal in rows:
            old = Entry(record_id, kind, label, text, folded, NameKind(name_kind), skeletal)
            counts.add(old, -1)
            removed_postings.extend(_postings_of(pos, old))
    db.executemany(
        "DELETE FROM name_postings WHERE term = ? AND kind = ? AND length = ? AND pos = ?",
        removed_postings,
    )
    db.executemany("DELETE FROM name_entries WHERE record_id = ?", ((i,) for i in ids))
    (top,) = db.execute("SELECT coalesce(max(pos), 0) FROM name_entries").fetchone()
    entries, postings = _rows_of([r for r in latest.values() if r is not None], top, counts)
    db.executemany(_INSERT_ENTRY, entries)
    db.executemany(_INSERT_POSTING, postings)
    new_terms, name_terms_delta = _update_vocabulary(db, counts)
    stats = _stats(db)
    _put_stats(
        db,
        stats[ENTRIES] - removed + len(entries),
        stats[TERMS] + new_terms,
        stats[NAME_TERMS] + name_terms_delta,
        generation=stats[GENERATION] + 1,
    )


def _update_vocabulary(db: sqlite3.Connection, counts: _Counts) -> tuple[int, int]:
    """The batch's counts into the vocabulary. Returns how many words are new and how the
    number of words in some name changed."""
    touched = sorted(counts.names.keys() | counts.texts)
    known: dict[str, tuple[int, int, int]] = {}
    for chunk in _chunks(touched):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT term, names, proper, texts FROM name_vocabulary WHERE term IN ({marks})",
            chunk,
        )
        known.update((term, (names, proper, texts)) for term, names, proper, texts in rows)
    new_rows: list[tuple[object, ...]] = []
    updates: list[tuple[int, int, int, str]] = []
    name_terms_delta = 0
    for term in touched:
        names, proper, texts = known.get(term, (0, 0, 0))
        after = (names + counts.names[term], proper + counts.proper[term])
        in_text = int(bool(texts) or term in counts.texts)
        name_terms_delta += (after[0] > 0) - (names > 0)
        if term not in known:
            new_rows.append(_term_row(term, after[0], after[1], bool(in_text)))
        elif (names, proper, texts) != (*after, in_text):
            updates.append((*after, in_text, term))
    db.executemany(_INSERT_TERM, new_rows)
    db.executemany(
        "UPDATE name_vocabulary SET names = ?, proper = ?, texts = ? WHERE term = ?", updates
    )
    db.executemany(_INSERT_DELETION, _deletion_rows(str(row[0]) for row in new_rows))
    return len(new_rows), name_terms_delta


def _stats(db: sqlite3.Connection) -> dict[str, int]:
    stats = {ENTRIES: 0, TERMS: 0, NAME_TERMS: 0, GENERATION: 0}
    stats.update(db.execute("SELECT key, value FROM name_stats").fetchall())
    return stats


def _put_stats(
    db: sqlite3.Connection, entries: int, terms: int, name_terms: int, *, generation: int
) -> None:
    db.executemany(
        _PUT_STAT,
        [(ENTRIES, entries), (TERMS, terms), (NAME_TERMS, name_terms), (GENERATION, generation)],
    )


def _batches(records: Iterable[AnyRecord], size: int) -> Iterator[list[AnyRecord]]:
    it = iter(records)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _LOOKUP):
        yield values[start : start + _LOOKUP]
