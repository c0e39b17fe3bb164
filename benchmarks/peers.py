"""The peers ours is measured beside, and what counts as finding a query's subject.

- `NaivePeer`: what a user without an index writes, `rapidfuzz.process.extract(query, texts,
  limit=10)` (its defaults: `WRatio`, no pre-processing) over every record's full text, every
  record of every kind, for every command. A record's full text is every value of its YAML
  mapping (`naive_text`), so the peer owes nothing to our index. Autocomplete: a `startswith`
  scan of every record's lower-cased names.
- `FtsPeer`: plain SQLite FTS5 over the same text as our index (`facts.fulltext.document`),
  the query's words OR-ed in a `MATCH`, `ORDER BY rank LIMIT 10`; no typo, transliteration or
  synonym handling. Query time and recall only.

`Relevance` says, from the synthetic set itself (not from our links), which records count as
finding a query's subject for each command.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rapidfuzz import process

from facts.dataset import dump_record
from facts.factset import FactSet
from facts.fulltext import document, quote_term
from facts.models import AnyRecord

TOP_K = 10  # what the naive peer's call returns: process.extract(..., limit=10)
FOUND_K = 5  # recall: a relevant record among the first 5
COMPLETE_LIMIT = 25  # Discord's autocomplete shows 25 choices
_WORD = re.compile(r"\w+")


def _leaves(value: Any) -> Iterator[str]:
    if isinstance(value, Mapping):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item)
    elif value is not None and value != "":
        yield str(value)


def naive_text(data: Mapping[str, Any]) -> str:
    """A record's full text as a user would make it: every value of its YAML mapping."""
    return " ".join(_leaves(data))


def record_text(record: AnyRecord) -> str:
    return naive_text(dump_record(record))


def _names(data: Mapping[str, Any]) -> list[str]:
    names = [data.get("name") or data.get("headline") or data.get("title") or ""]
    names += [a["name"] for a in data.get("aliases", ()) if isinstance(a, Mapping)]
    return [n.casefold() for n in names if n]


class NaivePeer:
    """`process.extract(query, texts, limit=10)` over every record's full text."""

    def __init__(self, records: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
        self.ids: list[str] = []
        self.texts: list[str] = []
        self.names: list[tuple[str, str]] = []  # (lower-cased name, record id)
        for record_id, data in records:
            self.ids.append(record_id)
            self.texts.append(naive_text(data))
            self.names += [(name, record_id) for name in _names(data)]

    @classmethod
    def of(cls, facts: FactSet) -> NaivePeer:
        return cls((r.id, dump_record(r)) for r in facts.records())

    def top(self, query: str) -> list[str]:
        found = process.extract(query, self.texts, limit=TOP_K)
        return [self.ids[index] for _text, _score, index in found]

    def replace(self, record_id: str, data: Mapping[str, Any]) -> None:
        """An edit: the record's text rewritten in place (the next `top` sees it)."""
        self.texts[self.ids.index(record_id)] = naive_text(data)

    def complete(self, typed: str) -> list[str]:
        prefix = typed.casefold()
        return [i for name, i in self.names if name.startswith(prefix)][:COMPLETE_LIMIT]


class FtsPeer:
    """Plain FTS5 over our index's text: the words OR-ed, bm25 rank, nothing else."""

    def __init__(self, facts: FactSet) -> None:
        self._db = sqlite3.connect(":memory:", isolation_level=None)
        self._db.execute(
            "CREATE VIRTUAL TABLE peer USING fts5(id UNINDEXED, text, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        self._db.execute("BEGIN")
        self._db.executemany(
            "INSERT INTO peer (id, text) VALUES (?, ?)",
            ((r.id, " ".join(p for p in document(r) if p)) for r in facts.records()),
        )
        self._db.execute("COMMIT")

    def top(self, query: str) -> list[str]:
        words = _WORD.findall(query.casefold())
        if not words:
            return []
        expression = " OR ".join(quote_term(w) for w in dict.fromkeys(words))
        sql = "SELECT id FROM peer WHERE peer MATCH ? ORDER BY rank LIMIT ?"
        return [row[0] for row in self._db.execute(sql, (expression, TOP_K))]

    def close(self) -> None:
        self._db.close()


class Relevance:
    """Which records count as finding a subject (an actor or a place), per command, read
    from the set: for `actor` the actor; for `claims` the subject or the claims made by it,
    about it or about its events; for `timeline` the subject or its events; for `search`
    any of those. Empty for `claims` (`timeline`) when the subject has no claims (events):
    such a query is timed but left out of recall, since only a peer could "find" it."""

    def __init__(self, facts: FactSet) -> None:
        self._events: dict[str, list[str]] = defaultdict(list)
        self._claims: dict[str, list[str]] = defaultdict(list)
        for event in facts.events.values():
            for subject in {*event.places, *(a.actor for a in event.actors)}:
                self._events[subject].append(event.id)
        by_event: dict[str, list[str]] = defaultdict(list)
        for claim in facts.claims.values():
            if claim.claimant:  # an article's own reporting is no actor's
                self._claims[claim.claimant].append(claim.id)
            for actor in claim.about_actors:
                self._claims[actor].append(claim.id)
            if claim.about_event:
                by_event[claim.about_event].append(claim.id)
        for subject, events in self._events.items():
            for event_id in events:
                self._claims[subject].extend(by_event.get(event_id, ()))

    def wanted(self, command: str, subject_id: str) -> frozenset[str]:
        if command == "actor":
            return frozenset({subject_id})
        claims, events = self._claims.get(subject_id, []), self._events.get(subject_id, [])
        linked = {"claims": claims, "timeline": events, "search": [*claims, *events]}[command]
        if not linked and command in ("claims", "timeline"):
            return frozenset()
        return frozenset(linked) | {subject_id}
