"""Ranked full-text retrieval with SQLite FTS5 and its bm25().

Why FTS5: it ships inside Python's sqlite3, so the index lives in the live store's own file and
is written in the same transaction as the record it indexes (an edit can never leave it stale,
and a stored index needs no rebuild when the bot starts). A fact set that has no store (tests,
tools that read the YAML) gets the same table in an in-memory database.

Each record is one row with weighted columns: its names (name, aliases, keywords) outweigh its
title (a claim's statement), which outweighs its body (quote, summary, description). A claim's
figure has a column of its own, so "274" or "soldiers killed" finds the figure.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from facts.models import AnyRecord, Figure, NameKind
from facts.reads import Reads

VERSION = "3"  # bump when `document` or the tables change: the store then re-indexes itself
SCHEMA = (
    """CREATE VIRTUAL TABLE IF NOT EXISTS fulltext USING fts5(
        id UNINDEXED, kind UNINDEXED, names, title, body, figures,
        tokenize = 'unicode61 remove_diacritics 2')""",
    # Each record's row in the index: FTS5 cannot look up an unindexed column, so replacing
    # a record by id would scan the whole index on every edit.
    "CREATE TABLE IF NOT EXISTS fulltext_rows (id TEXT PRIMARY KEY)",
)
# bm25 column weights, in column order: id and kind are not searched.
WEIGHTS = (0.0, 0.0, 8.0, 3.0, 1.0, 4.0)
_RANK = "bm25(fulltext, " + ", ".join(str(w) for w in WEIGHTS) + ")"
_LOOKUP = 500  # ids looked up per statement (SQLite allows 32,766 parameters)
# The rows bm25 scores for one question, at most. FTS5 has no top-k: `ORDER BY bm25 LIMIT`
# scores every row the question's words match, and "police" or "killed" match thousands in a
# year's store (tens of milliseconds). So the question's rarest words bring the records, as
# many words as fit in this budget; the other words still rank what they bring (the
# retriever's coverage counts every word a record holds), since a record with only "police"
# of "Huzbai Police" accounts for too little of it to answer. When even the rarest word is
# over the budget, every word is searched, each without its other forms ("police" alone, not
# "polic*", which also finds "policy"): a common word has answers enough.
SCORED = 1_000
_INSERT = (
    "INSERT INTO fulltext (rowid, id, kind, names, title, body, figures)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def figure_words(figure: Figure) -> str:
    return f"{figure.spelled_numbers()} {figure.qualifier.value} {figure.unit} {figure.measure}"


def names_text(record: AnyRecord) -> str:
    """The names a record is found by, ids aside, as one text."""
    return " ; ".join(name.text for name in record.names() if name.kind is not NameKind.ID)


def document(record: AnyRecord) -> tuple[str, str, str, str]:
    """A record's searchable text: (names, title, body, figures). The names are the ones
    the name index uses (ids aside); which words weigh as title and as body is this
    index's choice, so it is made here, not on the models."""
    return (names_text(record), *text_of(record))


def text_of(record: AnyRecord) -> tuple[str, str, str]:
    """A record's searchable text but its names: (title, body, figures)."""
    match record.kind:
        case "claim":
            figure = figure_words(record.figure) if record.figure else ""
            return (record.statement, record.quote.text, figure)
        case "event":
            body = " ".join([record.summary, record.date.phrase, record.sub_event_type or ""])
            return (record.event_type.value, body, "")
        case "actor":
            return (record.actor_kind.value, record.description, "")
        case "place":
            return (record.place_kind.value, "", "")
        case "source":
            return (record.file.removesuffix(".txt"), record.notes, "")
    return ("", "", "")


def write_all(db: sqlite3.Connection, records: Sequence[tuple[str, AnyRecord | None]]) -> None:
    """Index the current version of each record (None: it is gone; of one id given twice,
    the last), in a few statements for the lot. Call inside the transaction that writes
    the records."""
    latest = dict(records)
    ids = list(latest)
    db.executemany("INSERT OR IGNORE INTO fulltext_rows (id) VALUES (?)", ((i,) for i in ids))
    rows: dict[str, int] = {}
    for start in range(0, len(ids), _LOOKUP):
        chunk = ids[start : start + _LOOKUP]
        marks = ",".join("?" * len(chunk))
        found = db.execute(f"SELECT id, rowid FROM fulltext_rows WHERE id IN ({marks})", chunk)
        rows.update(found.fetchall())
    db.executemany("DELETE FROM fulltext WHERE rowid = ?", ((rows[i],) for i in ids))
    db.executemany(
        _INSERT,
        (
            (rows[i], record.id, record.kind, *document(record))
            for i, record in latest.items()
            if record is not None
        ),
    )


def drop(db: sqlite3.Connection) -> None:
    """The index's tables gone (a re-index of another VERSION makes them anew)."""
    # fulltext_terms: a vocabulary table of VERSION 2 and before (the name index now keeps
    # the words of the records' text).
    for table in ("fulltext_terms", "fulltext", "fulltext_rows"):
        db.execute(f"DROP TABLE IF EXISTS {table}")


def create(db: sqlite3.Connection) -> None:
    for statement in SCHEMA:
        db.execute(statement)


def rebuild(db: sqlite3.Connection, records: Iterable[AnyRecord]) -> None:
    db.execute("DELETE FROM fulltext")
    db.execute("DELETE FROM fulltext_rows")
    rows = list(enumerate(records, start=1))
    db.executemany(
        "INSERT INTO fulltext_rows (rowid, id) VALUES (?, ?)", ((n, r.id) for n, r in rows)
    )
    db.executemany(_INSERT, ((n, r.id, r.kind, *document(r)) for n, r in rows))


def quote_term(term: str) -> str:
    """A word or phrase as an FTS5 string: quoted, so no word is read as an operator; a
    trailing `*` (a stem: `attack*`) stays a prefix query."""
    if term.endswith("*"):
        return quote_term(term[:-1]) + "*"
    return '"' + term.replace('"', " ") + '"'


@dataclass(frozen=True)
class TextHit:
    record_id: str
    kind: str
    score: float  # higher is better (bm25 negated)


class FullText:
    """Queries one FTS5 index, through the connection answers read (facts.reads): the
    store's file, or the in-memory tables of a fact set with no store."""

    def __init__(self, reads: Reads, scored: int = SCORED) -> None:
        self._reads = reads
        self._scored = scored

    def search(
        self, alternatives: Sequence[Sequence[str]], limit: int, *, every_word: bool = False
    ) -> list[TextHit]:
        """Records matching any word of any group, best first. Each group is a query word
        and what may stand for it; a record matching more groups, in weightier columns,
        ranks higher (bm25). The rarest groups only, within the SCORED budget; when that
        leaves words out, the records holding every word come first ("Gul Qureshi": each
        word is in hundreds of records, the two together in a few). `every_word`: those
        only, each word in any of its forms ("targeted" as `target*`: "targets" holds it),
        scored over the rows the AND matches."""
        if every_word:
            groups = [_any(group) for group in alternatives if group]
            if not groups:
                return []
            return list(self._ranked(" AND ".join(f"({g})" for g in groups), limit).values())
        counted = [self._counted(group) for group in alternatives if group]
        if not counted:
            return []
        chosen = self._within_budget(counted)
        found: dict[str, TextHit] = {}
        if len(chosen) < len(counted):  # an AND scores only the rows holding every word
            plain = [_plain(terms) for terms, _ in counted]
            found.update(self._ranked(" AND ".join(f"({_any(t)})" for t in plain), limit))
        for hit in self._ranked(" OR ".join(f"({_any(t)})" for t in chosen), limit).values():
            found.setdefault(hit.record_id, hit)
        return list(found.values())[:limit]

    def _ranked(self, expression: str, limit: int) -> dict[str, TextHit]:
        # Every kind at once: a claim is also found through the event or actor it is about.
        sql = (
            f"SELECT id, kind, {_RANK} AS rank FROM fulltext"
            " WHERE fulltext MATCH ? ORDER BY rank LIMIT ?"
        )
        rows = self._reads.rows(sql, (expression, limit))
        return {row[0]: TextHit(row[0], row[1], -float(row[2])) for row in rows}

    def _within_budget(self, counted: list[tuple[Sequence[str], int]]) -> list[Sequence[str]]:
        """The rarest groups whose rows together fit the budget; every group when even the
        rarest does not."""
        chosen: list[Sequence[str]] = []
        total = 0
        for terms, rows in sorted(counted, key=lambda pair: pair[1]):
            if total + rows > self._scored:
                break
            chosen.append(terms)
            total += rows
        return chosen or [terms for terms, _ in counted]

    def _counted(self, group: Sequence[str]) -> tuple[Sequence[str], int]:
        """A query word's group as it is searched, and how many rows it matches (counted no
        further than one past the budget): a word over the budget by itself, its plain
        forms only. The plain forms are counted first: a prefix (`polic*`) is costly to
        expand."""
        plain = [t for t in group if not t.endswith("*")]
        rows = self._matches(plain) if plain else 0
        if rows > self._scored or len(plain) == len(group):
            return (plain if rows > self._scored else group), rows
        return group, self._matches(group)

    def _matches(self, terms: Sequence[str]) -> int:
        """How many records match any of the terms, up to one past the budget (FTS5 counts
        the matching rows without scoring them)."""
        sql = "SELECT count(*) FROM (SELECT 1 FROM fulltext WHERE fulltext MATCH ? LIMIT ?)"
        [(count,)] = self._reads.rows(sql, (_any(terms), self._scored + 1))
        return int(count)


def _plain(terms: Sequence[str]) -> Sequence[str]:
    """A group's plain forms, for an AND: a prefix (`polic*`) is costly to expand, and the
    words typed are there; a group of stems alone stays as it is."""
    return [t for t in terms if not t.endswith("*")] or terms


def _any(terms: Sequence[str]) -> str:
    return " OR ".join(quote_term(t) for t in terms)
