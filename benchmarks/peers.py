"""The two peers the whole answer is measured beside, over the same full text as ours.

- `NaivePeer`: rapidfuzz `WRatio` of the query against every record's full text (what a bot
  without an index would do), the best 5 by `process.extract`.
- `FtsPeer`: plain SQLite FTS5: one in-memory table of the same full text, the query's words
  OR-ed in a `MATCH`, `ORDER BY rank LIMIT 5`; no typo, transliteration or synonym handling.

Both rank records, not answers: a record in their first 5 that is relevant to the query
(the record it names, or one of that record's claims or events, see `relevant`) counts as
found, which is generous to them (ours must put the relevant claims in the answer).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from facts.factset import FactSet
from facts.fulltext import document, quote_term
from facts.links import Links
from facts.models import AnyRecord

TOP_K = 5
PEER_KIND = {"actor": "actor"}  # the peers rank actors for `actor`, every record otherwise
_WORD = re.compile(r"\w+")


def record_text(record: AnyRecord) -> str:
    """A record's full text: every field our FTS5 index holds (names, title, body, figures)."""
    return " ".join(part for part in document(record) if part)


class NaivePeer:
    """WRatio over every record's full text (lower-cased and stripped once, not per query)."""

    def __init__(self, facts: FactSet) -> None:
        self._texts: dict[str | None, tuple[list[str], list[str]]] = {None: ([], [])}
        for record in facts.records():
            text = default_process(record_text(record))
            for key in (None, record.kind):  # all records, and per kind for `actor`
                texts, ids = self._texts.setdefault(key, ([], []))
                texts.append(text)
                ids.append(record.id)

    def top(self, query: str, kind: str | None = None, k: int = TOP_K) -> list[str]:
        texts, ids = self._texts[kind]
        found = process.extract(default_process(query), texts, scorer=fuzz.WRatio, limit=k)
        return [ids[index] for _text, _score, index in found]


class FtsPeer:
    """Plain FTS5 over the same full text: the words OR-ed, bm25 rank, nothing else."""

    def __init__(self, facts: FactSet) -> None:
        self._db = sqlite3.connect(":memory:", isolation_level=None)
        self._db.execute(
            "CREATE VIRTUAL TABLE peer USING fts5(id UNINDEXED, kind UNINDEXED, text, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        self._db.execute("BEGIN")
        self._db.executemany(
            "INSERT INTO peer (id, kind, text) VALUES (?, ?, ?)",
            ((r.id, r.kind, record_text(r)) for r in facts.records()),
        )
        self._db.execute("COMMIT")

    def top(self, query: str, kind: str | None = None, k: int = TOP_K) -> list[str]:
        words = _WORD.findall(query.casefold())
        if not words:
            return []
        expression = " OR ".join(quote_term(w) for w in dict.fromkeys(words))
        where = " AND kind = ?" if kind else ""
        sql = f"SELECT id FROM peer WHERE peer MATCH ?{where} ORDER BY rank LIMIT ?"
        params = (expression, kind, k) if kind else (expression, k)
        return [row[0] for row in self._db.execute(sql, params)]

    def close(self) -> None:
        self._db.close()


def relevant(links: Links, command: str, subject_id: str) -> frozenset[str]:
    """What counts as finding the query's subject, per command: for `actor` the actor; for
    `claims`, `timeline` and `search` the subject itself or one of its claims or events.
    Empty for `claims` (`timeline`) when the subject has no claims (events): such a query
    is timed but left out of recall, since only a peer could "find" it (by its name)."""
    if command == "actor":
        return frozenset({subject_id})
    events = [*links.events_at.get(subject_id, ()), *links.events_with.get(subject_id, ())]
    claims = [
        *links.claims_by.get(subject_id, ()),
        *links.claims_about_actor.get(subject_id, ()),
        *(c for e in events for c in links.claims_about_event.get(e, ())),
    ]
    wanted: dict[str, Iterable[str]] = {
        "claims": claims,
        "timeline": events,
        "search": [*claims, *events],
    }
    linked = frozenset(wanted.get(command, ()))
    if not linked and command in ("claims", "timeline"):
        return frozenset()  # nothing on record to list: the query does not count for recall
    return linked | {subject_id}
