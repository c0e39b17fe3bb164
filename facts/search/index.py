"""The name index: every record's names, folded, and the look-ups over them, read from SQLite
tables (`facts.search.tables`) that the store writes with each revision.

Two stages, so a query costs about the same at 100 records as at 100,000:
1. each query term is resolved against a vocabulary of the terms in names, aliases, keywords
   and the records' text: exactly, then by a transliteration skeleton ("tehreek" ~ "tehrik"),
   then by `fuzz.ratio` with a length-aware cut-off ("nangahar" ~ "nangarhar") (here);
2. the postings of what the terms resolved to give the candidates, which are scored as whole
   phrases (`fuzz.WRatio`) against their names and aliases (`facts.search.resolve`).

Opening an index reads nothing that grows with the store: each question reads the rows it
needs, through index range reads.
"""

from __future__ import annotations

import heapq
import math
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from facts.factset import FactSet
from facts.models import KINDS, AnyRecord, NameKind
from facts.search.complete import complete_prefix
from facts.search.resolve import Match, Resolution, resolve_query
from facts.search.tables import (
    ENTRIES,
    GENERATION,
    NAME_TERMS,
    TERMS,
    VERSION,
    Entry,
    create,
    deletions,
    rebuild,
    write_all,
)
from facts.search.words import (
    ABBREVIATIONS,
    LONGEST_WORD,
    MIN_SKELETON,
    STRAY_SLIP,
    consonant_key,
    skeleton,
    slips,
    term_cutoff,
)

__all__ = ["VERSION", "Entry", "SearchIndex", "create", "rebuild", "write_all"]

# Up to this many vocabulary terms, fuzz.ratio scans all of them (about 1 ms); past it, only
# the terms within an edit or two of the query term (see SearchIndex._fuzzy_pool).
FULL_SCAN_TERMS = 2000
TEXT_TERM_CUTOFF = 85.0
MIN_CONSONANTS = 3  # a consonant key shorter than this matches unrelated words
ONE_SLIP_TERM = 6  # a query word this short stands for a word at most one slip from it
SHORT_TERM = 4  # vocabulary words this short are matched exactly or by skeleton, never fuzzily
# A term in more entries of the wanted kinds than this ("police": 12,000 entries at 100k
# records; a surname about 500) is common: its postings are never read whole. Ranking is by
# the summed IDF weight of the terms an entry holds, then length; so the entries the rarer
# terms find are scored exactly (which of them hold the common terms is looked up, entry by
# entry, in the postings' primary key), and only when fewer than `limit` of them outscore
# every entry the common terms alone can find are the entries holding two of them (the
# rarer one's walked in SQLite, each looked up in the other's key) and the `limit` shortest
# entries of each common term, of each wanted kind, read too. Exact but past MAX_PAIRS pairs
# of common terms (a cap the issue allows: no question sorts thousands of postings in Python).
COMMON_TERM = 500
TERMS_KEPT = 5_000  # query words whose meanings are kept between writes (a few hundred kB)
RESOLVED_KEPT = 1_000  # queries whose resolution is kept between writes (a few hundred kB)
MAX_PAIRS = 4  # pairs of common terms whose shared entries a question reads, at most
_MARK_CHUNK = 300  # candidates per primary-key look-up statement (three values each)
_LOOKUP = 500  # values per IN (...) (SQLite allows 32,766 parameters)
_ENTRY_COLUMNS = "pos, record_id, kind, label, text, folded, name_kind, skeleton"
_NAME_KINDS = {kind.value: kind for kind in NameKind}


@dataclass(frozen=True, slots=True)
class Completion:
    """A name autocomplete offers: a record's (by this name), or a keyword, as a topic."""

    record_id: str
    kind: str
    label: str
    text: str
    name_kind: NameKind


@dataclass(frozen=True, slots=True)
class _Pool:
    """Vocabulary terms read whole (a small vocabulary, or the names of a small set of
    names), and which of them are words of proper names."""

    terms: list[str]
    proper: frozenset[str]


@dataclass(frozen=True, slots=True)
class _State:
    """What the index's tables hold now, as far as a question needs: read once per
    generation (each write bumps it), nothing that grows with the store."""

    generation: int
    entries: int
    vocabulary: _Pool | None  # a small vocabulary, scanned whole
    names: _Pool | None  # the words of names, while few, in a large vocabulary
    # What autocomplete offers with nothing typed, by kinds and limit: the same for every
    # user until a write, and each command's first keystroke.
    first_names: dict[tuple[tuple[str, ...], int], list[Completion]] = field(default_factory=dict)
    # Queries resolved, by text and kinds: an answer that finds nothing resolves its words
    # again to say what they do name, and a newsroom asks the same names all day.
    resolved: dict[tuple[str, tuple[str, ...] | None], Resolution] = field(default_factory=dict)
    # What each query word may stand for (SearchIndex.resolve_term), by word and use.
    terms: dict[tuple[str, bool], dict[str, float]] = field(default_factory=dict)


class SearchIndex:
    """Queries the name index in one SQLite database. Thread-safe: every statement runs
    under the lock, since one connection is shared by readers in several threads. Build an
    index of its own with `SearchIndex.build(facts)`; the store's is `SearchIndex(db, lock)`."""

    def __init__(
        self, db: sqlite3.Connection, lock: threading.RLock, *, owned: bool = False
    ) -> None:
        self._db = db
        self._lock = lock
        self._owned = owned  # an in-memory index of its own, not the store's
        self._state: _State | None = None

    @classmethod
    def build(cls, facts: FactSet) -> SearchIndex:
        """An index of its own over a FactSet, in an in-memory database (tests, YAML tools)."""
        db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        create(db)
        db.execute("BEGIN")
        rebuild(db, facts.records())
        db.execute("COMMIT")
        return cls(db, threading.RLock(), owned=True)

    def update(self, record_id: str, record: AnyRecord | None) -> None:
        """Keep an index of its own up to date (None: the record is gone), in time
        proportional to the record; the store writes its index itself, in the transaction
        of the change."""
        if not self._owned:
            return
        with self._lock:
            self._db.execute("BEGIN")
            try:
                write_all(self._db, [(record_id, record)])
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- reading -------------------------------------------------------------------------

    def _rows(self, sql: str, parameters: Sequence[object] = ()) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, parameters).fetchall()

    def _chunked(self, sql: str, values: Sequence[str | int], *extra: object) -> Iterator[Any]:
        """`sql` with `{marks}` for an IN list, run over `values` in chunks."""
        for start in range(0, len(values), _LOOKUP):
            chunk = list(values[start : start + _LOOKUP])
            yield from self._rows(sql.format(marks=",".join("?" * len(chunk))), [*chunk, *extra])

    def _current(self) -> _State:
        """The tables' state, re-read (with the small pools) only after a write."""
        with self._lock:
            stats = dict(self._db.execute("SELECT key, value FROM name_stats").fetchall())
            generation = stats.get(GENERATION, 0)
            if self._state is None or self._state.generation != generation:
                terms, name_terms = stats.get(TERMS, 0), stats.get(NAME_TERMS, 0)
                vocabulary = self._pool("") if terms <= FULL_SCAN_TERMS else None
                names = (
                    self._pool("WHERE names > 0")
                    if vocabulary is None and name_terms <= FULL_SCAN_TERMS
                    else None
                )
                self._state = _State(generation, stats.get(ENTRIES, 0), vocabulary, names)
            return self._state

    def _pool(self, where: str) -> _Pool:
        rows = self._rows(f"SELECT term, proper > 0 FROM name_vocabulary {where} ORDER BY term")
        return _Pool([str(t) for t, _ in rows], frozenset(str(t) for t, p in rows if p))

    @staticmethod
    def _entry(row: Any) -> Entry:
        _, record_id, kind, label, text, folded, name_kind, skeletal = row
        return Entry(record_id, kind, label, text, folded, _NAME_KINDS[name_kind], skeletal)

    def named(self, folded: str) -> list[Entry]:
        """The entries whose folded name is exactly this, in index order."""
        sql = f"SELECT {_ENTRY_COLUMNS} FROM name_entries WHERE folded = ? ORDER BY pos"
        return [self._entry(row) for row in self._rows(sql, (folded,))]

    def compacted(self, compact: str) -> list[Entry]:
        """The entries whose name without spaces is this ("iskp" for "is kp")."""
        sql = f"SELECT {_ENTRY_COLUMNS} FROM name_entries WHERE compact = ? ORDER BY pos"
        return [self._entry(row) for row in self._rows(sql, (compact,))]

    def entries_at(self, positions: Sequence[int]) -> list[Entry]:
        """The entries at these positions, in the order given."""
        sql = f"SELECT {_ENTRY_COLUMNS} FROM name_entries WHERE pos IN ({{marks}})"
        found = {int(row[0]): self._entry(row) for row in self._chunked(sql, positions)}
        return [found[p] for p in positions if p in found]

    def starting_with(
        self,
        prefix: str,
        names: int,
        ranks: dict[NameKind, int],
        kinds: set[str] | None,
        *,
        topics: bool,
        limit: int,
    ) -> list[Completion]:
        """Of the first `names` folded names (alphabetically; ids, never offered, aside) that
        start with `prefix`, what autocomplete offers, at most `limit`: each record of the
        wanted kinds once, by its best name (the least rank of its name kind in `ranks`,
        then the shortest, then the first indexed), and (where `topics`) after them each
        keyword once, as a topic (of any kind of record) unless a name of the wanted kinds
        is the same words; in that order, then the shortest, then by name and index order.
        The window, the choice and the order are SQLite's, over a narrow index, and only the
        entries offered are read whole: a keyword on 2,000 events is one row, so a prefix
        costs what it offers, not what its names hold. Topics are read only where the names
        leave room."""
        ranked = list(ranks.items())
        if not ranked:  # nothing ranked: nothing offered
            return []
        kind_marks = ",".join("?" * len(ranked))
        rank_values = [v for kind, n in ranked for v in (kind.value, n)]
        named_as = [kind.value for kind, _ in ranked]
        wanted = sorted(kinds) if kinds is not None else []
        of_kind = f"kind IN ({','.join('?' * len(wanted))})" if kinds is not None else ""
        # Ids are never offered: the (partial) index the window is read from leaves them out.
        offered = f"name_kind <> '{NameKind.ID.value}'"
        last_sql = (
            "SELECT max(folded) FROM (SELECT DISTINCT folded FROM name_entries"
            f" WHERE folded >= ? AND folded < ? AND {offered} ORDER BY folded LIMIT ?)"
        )
        ((last,),) = self._rows(last_sql, (prefix, _past(prefix), names))
        if last is None:
            return []
        # The window ends at its last name (a range read of the narrow index); `+` keeps
        # SQLite from reading it by kind instead.
        in_window = f"folded >= ? AND folded <= ? AND {offered}"
        rank = "CASE name_kind " + " ".join("WHEN ? THEN ?" for _ in ranked) + " END"
        # Each record by its best name: the row of the least (rank, length, position), one
        # number (SQLite takes the other columns from the row of a group's min()).
        named = (
            f"SELECT pos, folded, length, rank FROM (SELECT min(({rank} << 50) + (length << 32)"
            f" + pos), pos, folded, length, {rank} AS rank FROM name_entries WHERE {in_window}"
            f" AND +name_kind IN ({kind_marks}){f' AND +{of_kind}' if of_kind else ''}"
            " GROUP BY record_id)"
        )
        found = self._offered(
            named, [*rank_values, *rank_values, prefix, last, *named_as, *wanted], limit
        )
        if not topics or len(found) >= limit:  # topics come after every name: none left
            return found
        # One row a keyword, the first indexed (all its entries are as long).
        keywords = (
            "SELECT pos, folded, length, 0 AS rank FROM (SELECT min(pos) AS pos, folded,"
            f" length FROM name_entries WHERE {in_window} AND +name_kind = ?"
            " GROUP BY folded) AS t WHERE NOT EXISTS (SELECT 1 FROM name_entries WHERE"
            f" folded = t.folded AND name_kind IN ({kind_marks})"
            f"{f' AND +{of_kind}' if of_kind else ''} AND {offered})"
        )
        keyword_parameters = [prefix, last, NameKind.KEYWORD.value, *named_as, *wanted]
        return found + self._offered(keywords, keyword_parameters, limit - len(found))

    def _offered(self, chosen: str, parameters: list[object], limit: int) -> list[Completion]:
        """The first `limit` entries `chosen` picks (position, name, length, rank), by rank,
        then the shortest, then by name and index order, read whole."""
        sql = (
            f"WITH chosen AS (SELECT * FROM ({chosen}) ORDER BY rank, length, folded, pos"
            " LIMIT ?) SELECT e.record_id, e.kind, e.label, e.text, e.name_kind FROM chosen AS c"
            " JOIN name_entries AS e ON e.folded = c.folded AND e.pos = c.pos"
            " ORDER BY c.rank, c.length, c.folded, c.pos"
        )
        return [self._completion(row) for row in self._rows(sql, (*parameters, limit))]

    def first_names(self, kinds: set[str] | None, limit: int) -> list[Completion]:
        """The first record names of the wanted kinds, one a record, in index order: each
        kind's first `limit` records from the (kind, name_kind, pos, record_id) index alone,
        merged (the first `limit` of all are among them); then only the entries chosen are
        read. Kept until the next write."""
        wanted = tuple(sorted(kinds or KINDS))
        with self._lock:
            kept = self._current().first_names
            if (wanted, limit) not in kept:
                firsts = [self._first_of_kind(kind, limit) for kind in wanted]
                first: dict[str, int] = {}
                for pos, record_id in heapq.merge(*firsts):
                    first.setdefault(record_id, pos)
                kept[wanted, limit] = self._completions_at(sorted(first.values())[:limit])
            return list(kept[wanted, limit])

    def _first_of_kind(self, kind: str, limit: int) -> list[tuple[int, str]]:
        """The first name of each of a kind's first `limit` records (by position)."""
        sql = (
            "SELECT pos, record_id FROM name_entries WHERE kind = ? AND name_kind = ?"
            " ORDER BY pos LIMIT ?"
        )
        rows = limit + limit // 4 + 5  # most records have one name: rarely read again
        while True:
            found = self._rows(sql, (kind, NameKind.NAME.value, rows))
            first: dict[str, int] = {}
            for pos, record_id in found:
                first.setdefault(record_id, pos)
            if len(first) >= limit or len(found) < rows:
                return sorted((pos, record_id) for record_id, pos in first.items())[:limit]
            rows *= 4

    def _completions_at(self, positions: Sequence[int]) -> list[Completion]:
        sql = (
            "SELECT pos, record_id, kind, label, text, name_kind FROM name_entries"
            " WHERE pos IN ({marks})"
        )
        found = {int(row[0]): self._completion(row[1:]) for row in self._chunked(sql, positions)}
        return [found[p] for p in positions if p in found]

    @staticmethod
    def _completion(row: Any) -> Completion:
        record_id, kind, label, text, name_kind = row
        return Completion(record_id, kind, label, text, _NAME_KINDS[name_kind])

    def in_vocabulary(self, term: str) -> bool:
        """Every word of `term` is a word of some name or record text."""
        words = sorted(set(term.split()))
        sql = "SELECT count(*) FROM name_vocabulary WHERE term IN ({marks})"
        return sum(int(n) for (n,) in self._chunked(sql, words)) == len(words)

    def held(self, terms: Iterable[str]) -> set[str]:
        """Which of these terms are `in_vocabulary`, in one read for all their words."""
        wanted = list(dict.fromkeys(terms))
        words = sorted({w for t in wanted for w in t.split()})
        sql = "SELECT term FROM name_vocabulary WHERE term IN ({marks})"
        found = {str(term) for (term,) in self._chunked(sql, words)}
        return {t for t in wanted if all(w in found for w in t.split())}

    def proper(self, terms: Iterable[str]) -> set[str]:
        """Which of these terms are words of proper names (of actors, places and sources,
        ids aside), every word of them: the words that can name who says something."""
        wanted = list(dict.fromkeys(terms))
        words = sorted({w for t in wanted for w in t.split()})
        sql = "SELECT term FROM name_vocabulary WHERE proper > 0 AND term IN ({marks})"
        found = {str(term) for (term,) in self._chunked(sql, words)}
        return {t for t in wanted if all(w in found for w in t.split())}

    def starts_a_word(self, prefix: str) -> bool:
        """Some vocabulary word starts with `prefix`."""
        sql = "SELECT 1 FROM name_vocabulary WHERE term >= ? AND term < ? LIMIT 1"
        return bool(self._rows(sql, (prefix, _past(prefix))))

    # --- stage 1: terms ------------------------------------------------------------------

    def resolve_term(self, term: str, *, for_names: bool = False) -> dict[str, float]:
        """`_resolve_term`, kept until the next write (TERMS_KEPT at most): a name typed
        key by key resolves its first words again at every key, and a newsroom's
        questions share their words."""
        with self._lock:
            kept = self._current().terms
            found = kept.get((term, for_names))
            if found is None:
                found = self._resolve_term(term, for_names=for_names)
                if len(kept) >= TERMS_KEPT:
                    kept.clear()
                kept[term, for_names] = found
            return dict(found)

    def _resolve_term(self, term: str, *, for_names: bool) -> dict[str, float]:
        """Vocabulary terms this query term may stand for, with a 0-100 score. A known word is
        itself; but to match whole names (`for_names`), a known word of a name may still be
        another spelling of, or a slip for, the name meant ("nargees" is one Nargis's alias,
        "kalid" one Khalid's, "ladganj" a place beside "Lalganj Development Authority"): it
        brings those too, below itself, and whole-name scoring judges them. A ranking of the
        text by its words takes no such guesses ("minister" is not "ministry")."""
        sql = "SELECT proper > 0, names FROM name_vocabulary WHERE term = ?"
        row = self._rows(sql, (term,))
        known, proper_word = bool(row), bool(row and row[0][0])
        if term.isdigit():  # a number is itself or nothing: 274 is not 247
            return {term: 100.0} if known else {}
        # Only a word of names, matching names, may stand for a look-alike too; and not one
        # hundreds of names share ("institute", "khan"): it is meant as typed, and its
        # look-alikes would only multiply the entries to score.
        may_be_a_slip = for_names and proper_word and int(row[0][1]) <= COMMON_TERM
        # "govt": the word spelled out, as sure as the word itself.
        spelled = [w for w in ABBREVIATIONS.get(term, ()) if self._rows(sql, (w,))]
        if known and not may_be_a_slip:
            return {term: 100.0, **dict.fromkeys(spelled, 100.0)}
        found = {term: 100.0} if known else {}
        found.update(dict.fromkeys(spelled, 100.0))
        # A skeleton of one or two letters says nothing ("aa", "eeee" and "ssss" would fold to
        # "a", "e" and "s", words every record has): such a term is only itself.
        key = skeleton(term)
        if len(key) >= MIN_SKELETON:
            sql = "SELECT term FROM name_vocabulary WHERE skeleton = ? ORDER BY term"
            for (spelling,) in self._rows(sql, (key,)):
                found.setdefault(spelling, 95.0)
        cutoff = term_cutoff(term)
        if cutoff is not None:
            pool = self._fuzzy_pool(term)
            for candidate, score, _ in process.extract(
                term, pool.terms, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8
            ):
                # A word only the records' text uses must be a closer slip than a name:
                # "chile" is not "child", though "nangahar" is "nangarhar". A short word
                # is only itself ("imran" is not "iran"; TTP is not TTA). A known word is
                # a slip only for a name.
                if len(candidate) <= SHORT_TERM:
                    continue
                # In a short word fuzz.ratio's cut-off lets two slips through ("kuram" for
                # "kubra", a letter moved and one changed): one is what a typo makes (a
                # stray added letter, `slips`' 1.5, among them).
                if len(term) <= ONE_SLIP_TERM and slips(term, candidate) > STRAY_SLIP:
                    continue
                proper = candidate in pool.proper
                if proper or (not known and score >= TEXT_TERM_CUTOFF):
                    found[candidate] = max(found.get(candidate, 0.0), score)
        # Bajor/Bajaur, Kandhar/Kandahar: vowels shift most. Two consonants say too little
        # ("shoot" and "state" are both s-t).
        if not found and len(term) >= 4 and len(key := consonant_key(term)) >= MIN_CONSONANTS:
            sql = (
                "SELECT term FROM name_vocabulary WHERE consonants = ? AND proper > 0 ORDER BY term"
            )
            found = dict.fromkeys((str(t) for (t,) in self._rows(sql, (key,))), 85.0)
        return found

    def _fuzzy_pool(self, term: str) -> _Pool:
        """The vocabulary terms fuzz.ratio compares a query term with. A small vocabulary is
        scanned whole. In a large one (where a scan costs 5-20 ms a term) only the terms within
        reach of a typo: one letter dropped on either side or both (a dropped, added, changed
        or swapped letter), or two dropped from the query term. Transliterations are found by
        their skeletons, before this."""
        if len(term) > LONGEST_WORD:  # no name has such a word: it is not a slip of one
            return _Pool([], frozenset())
        state = self._current()
        if state.vocabulary is not None:
            return state.vocabulary
        shorter = deletions(term)
        if len(term) >= 7:  # long words: room for two slips
            shorter |= {two for one in list(shorter) for two in deletions(one)}
        variants = sorted(shorter)
        by_deletion = (
            "SELECT v.term, v.proper > 0 FROM name_deletions AS d"
            " JOIN name_vocabulary AS v ON v.term = d.term WHERE d.deletion IN ({marks})"
        )
        found = [*self._chunked(by_deletion, [term, *variants])]
        # A query term with a letter too many is a word of a name with one dropped.
        by_term = (
            "SELECT term, proper > 0 FROM name_vocabulary WHERE names > 0 AND term IN ({marks})"
        )
        found.extend(self._chunked(by_term, variants))
        names = state.names or _Pool([], frozenset())
        pool = {str(t) for t, _ in found} | set(names.terms)
        proper = names.proper | {str(t) for t, p in found if p}
        return _Pool(sorted(pool), frozenset(proper))  # vocabulary order: as a full scan

    def candidates(
        self, query_terms: list[str], wanted: set[str] | None = None, limit: int = 40
    ) -> tuple[list[int], dict[str, set[str]]]:
        """The positions of the entries of the wanted kinds most worth scoring, and what
        each query term resolved to: by the summed IDF weight x meaning score of the terms
        an entry holds, then the shortest, then the first indexed."""
        total = self._current().entries or 1
        meanings_of = {term: self.resolve_term(term, for_names=True) for term in query_terms}
        resolved = {term: set(meanings) for term, meanings in meanings_of.items()}
        meanings = sorted({v for found in meanings_of.values() for v in found})
        counts_sql = "SELECT term, names FROM name_vocabulary WHERE term IN ({marks})"
        counts: dict[str, int] = dict(self._chunked(counts_sql, meanings))
        weights = {term: _weights(found, counts, total) for term, found in meanings_of.items()}
        kinds = sorted(wanted) if wanted is not None else list(KINDS)
        found = _Found()
        common: list[str] = []
        for vocab_term in meanings:
            rows = self._all_postings(vocab_term, counts.get(vocab_term, 0), kinds)
            if rows is None:
                common.append(vocab_term)
                found.holders[vocab_term] = set()
            else:
                found.add(vocab_term, rows)
        if common:
            self._mark(common, found, found.where)
            # The best an entry holding none of the rarer terms can score.
            ceiling = sum(
                max((w for v, w in weights[t].items() if v in common), default=0.0)
                for t in query_terms
            )
            scores = _scores(query_terms, weights, found.holders)
            if len(scores) < limit or heapq.nlargest(limit, scores.values())[-1] <= ceiling:
                new = self._both(
                    query_terms,
                    weights=weights,
                    common=common,
                    counts=counts,
                    kinds=kinds,
                    limit=limit,
                    found=found,
                )
                new.update(self._shortest(common, kinds, limit, found))
                self._mark(common, found, new)
        scores = _scores(query_terms, weights, found.holders)
        where = found.where
        ranked = heapq.nsmallest(limit, scores, key=lambda p: (-scores[p], where[p], p))
        return ranked, resolved

    def _all_postings(
        self, vocab_term: str, count: int, kinds: list[str]
    ) -> list[tuple[int, int, str]] | None:
        """A term's entries of these kinds (position, length, kind), or None if it is common
        (in more than COMMON_TERM of them)."""
        if count == 0:
            return []
        marks = ",".join("?" * len(kinds))
        if count > COMMON_TERM:  # common overall: is it, among the wanted kinds?
            sql = (
                "SELECT count(*) FROM (SELECT 1 FROM name_postings"
                f" WHERE term = ? AND kind IN ({marks}) LIMIT ?)"
            )
            ((n,),) = self._rows(sql, (vocab_term, *kinds, COMMON_TERM + 1))
            if n > COMMON_TERM:
                return None
        sql = f"SELECT pos, length, kind FROM name_postings WHERE term = ? AND kind IN ({marks})"
        return self._rows(sql, (vocab_term, *kinds))

    def _both(
        self,
        query_terms: list[str],
        *,
        weights: dict[str, dict[str, float]],
        common: list[str],
        counts: dict[str, int],
        kinds: list[str],
        limit: int,
        found: _Found,
    ) -> dict[int, int]:
        """The `limit` shortest entries of each kind holding two common terms of two query
        words ("Fatima Jamali": a given name and a surname each in hundreds of names), into
        `found`: the rarer term's entries walked in SQLite, each looked up in the other's
        primary key. The weightiest MAX_PAIRS pairs only. Returns the entries it did not
        hold yet."""
        of = {t: [v for v in weights[t] if v in common] for t in query_terms}
        pairs = sorted(
            (
                (weights[t][a] + weights[u][b], a, b)
                for i, t in enumerate(query_terms)
                for u in query_terms[i + 1 :]
                for a in of[t]
                for b in of[u]
                if a != b
            ),
            reverse=True,
        )[:MAX_PAIRS]
        # In key order (shortest first), so SQLite stops at the `limit` shortest of a kind.
        sql = (
            "SELECT s.pos, s.length, s.kind FROM name_postings AS s JOIN name_postings AS o"
            " ON o.term = ? AND o.kind = s.kind AND o.length = s.length AND o.pos = s.pos"
            " WHERE s.term = ? AND s.kind = ? ORDER BY s.length, s.pos LIMIT ?"
        )
        new: dict[int, int] = {}
        for _, a, b in pairs:
            rarer, other = sorted((a, b), key=lambda v: counts.get(v, 0))
            for kind in kinds:
                rows = self._rows(sql, (other, rarer, kind, limit))
                new.update((p, n) for p, n, _ in rows if p not in found.where)
                found.add(a, rows)
                found.add(b, rows)
        return new

    def _shortest(
        self, common: list[str], kinds: list[str], limit: int, found: _Found
    ) -> dict[int, int]:
        """The `limit` shortest entries of each common term, of each kind, into `found`;
        returns those it did not hold yet."""
        sql = (
            "SELECT pos, length, kind FROM name_postings WHERE term = ? AND kind = ?"
            " ORDER BY length, pos LIMIT ?"
        )
        new: dict[int, int] = {}
        for vocab_term in common:
            for kind in kinds:
                rows = self._rows(sql, (vocab_term, kind, limit))
                new.update((p, n) for p, n, _ in rows if p not in found.where)
                found.add(vocab_term, rows)
        return new

    def _mark(self, common: list[str], found: _Found, positions: dict[int, int]) -> None:
        """Which of these candidates hold each common term: a primary-key look-up for each,
        by its kind (one probe, not one per wanted kind)."""
        kind_of = found.kinds
        for vocab_term in common:
            holders = found.holders[vocab_term]
            unsure = [(kind_of[p], n, p) for p, n in positions.items() if p not in holders]
            for start in range(0, len(unsure), _MARK_CHUNK):
                chunk = unsure[start : start + _MARK_CHUNK]
                values = ",".join("(?,?,?)" for _ in chunk)
                sql = (
                    f"WITH c(kind, length, pos) AS (VALUES {values}) SELECT c.pos FROM c"
                    " JOIN name_postings AS p ON p.term = ? AND p.kind = c.kind"
                    " AND p.length = c.length AND p.pos = c.pos"
                )
                flat = [v for row in chunk for v in row]
                holders.update(p for (p,) in self._rows(sql, (*flat, vocab_term)))

    # --- stage 2 and autocomplete, in their own modules ----------------------------------

    def resolve(self, raw: str, kinds: Iterable[str] | None = None) -> Resolution:
        """Resolve a query to records of the given kinds (default: all); kept until the
        next write (RESOLVED_KEPT at most)."""
        wanted = set(kinds or KINDS)
        key = (raw, None if wanted >= set(KINDS) else tuple(sorted(wanted)))
        with self._lock:  # one generation's tables, read and kept together
            kept = self._current().resolved
            found = kept.get(key)
            if found is None:
                found = resolve_query(self, raw, key[1])
                if len(kept) >= RESOLVED_KEPT:
                    kept.clear()
                kept[key] = found
            return found

    def complete(
        self, prefix: str, kinds: Iterable[str] | None = None, *, limit: int
    ) -> list[Match]:
        """Autocomplete: see `facts.search.complete`."""
        return complete_prefix(self, prefix, kinds, limit=limit)


@dataclass(slots=True)
class _Found:
    """The candidates read so far: each one's length and kind, and which hold each term."""

    where: dict[int, int] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)
    holders: dict[str, set[int]] = field(default_factory=dict)

    def add(self, vocab_term: str, rows: list[tuple[int, int, str]]) -> None:
        held = self.holders.setdefault(vocab_term, set())
        if not rows:
            return
        positions, lengths, kinds = zip(*rows, strict=True)
        self.where.update(zip(positions, lengths, strict=True))
        self.kinds.update(zip(positions, kinds, strict=True))
        held.update(positions)


def _weights(meanings: dict[str, float], counts: dict[str, int], total: int) -> dict[str, float]:
    """Each meaning's weight for one query term. One IDF per query term, from how many
    entries all its meanings reach: the spellings it may stand for rank by how well they
    match it, not by how rare each is ("khinaggar": the place Khinagar, named by many events,
    before a one-off word one letter further off)."""
    reach = sum(counts.get(v, 0) for v in meanings)
    idf = math.log(1 + total / max(1, min(total, reach)))
    return {v: idf * score / 100 for v, score in meanings.items()}


def _scores(
    query_terms: list[str], weights: dict[str, dict[str, float]], holders: dict[str, set[int]]
) -> dict[int, float]:
    """Each candidate's summed weight: per query term, the best of its meanings it holds."""
    scores: dict[int, float] = {}
    for term in query_terms:
        best_for_entry: dict[int, float] = {}
        for weight, vocab_term in sorted((w, v) for v, w in weights[term].items()):
            best_for_entry.update(dict.fromkeys(holders[vocab_term], weight))  # best last
        get = scores.get
        scores.update({p: get(p, 0.0) + w for p, w in best_for_entry.items()})
    return scores


def _past(prefix: str) -> str:
    """A string after every string that starts with `prefix` (for a range read)."""
    return prefix + "\U0010ffff"
