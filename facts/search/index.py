"""The name index: every record's names, folded, and the look-ups built over them.

Two stages, so a query costs about the same at 100 records as at 100,000:
1. each query term is resolved against a vocabulary of the terms in names, aliases and
   keywords: exactly, then by a transliteration skeleton ("tehreek" ~ "tehrik"), then by
   `fuzz.ratio` with a length-aware cut-off ("nangahar" ~ "nangarhar") (here);
2. an inverted index from terms to records gives the candidates, which are scored as whole
   phrases (`fuzz.WRatio`) against their names and aliases (`facts.search.resolve`).

The index is built once per store and kept up to date record by record (`update`).
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from facts import gcpause
from facts.factset import FactSet
from facts.models import AnyRecord, NameKind
from facts.search.complete import complete_prefix
from facts.search.resolve import Match, Resolution, resolve_query
from facts.search.words import MIN_SKELETON, consonant_key, phrase, skeleton, term_cutoff

# Up to this many vocabulary terms, fuzz.ratio scans all of them (about 1 ms); past it, only
# the terms within an edit or two of the query term (see SearchIndex._fuzzy_pool).
FULL_SCAN_TERMS = 2000
TEXT_TERM_CUTOFF = 85.0
MIN_CONSONANTS = 3  # a consonant key shorter than this matches unrelated words
SHORT_TERM = 4  # vocabulary words this short are matched exactly or by skeleton, never fuzzily


def _deletions(term: str) -> set[str]:
    """The term with one letter dropped, every way."""
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


def _deletion_index(vocabulary: list[str]) -> dict[str, str]:
    """Each one-letter deletion of the terms (of four letters or more) -> the terms it comes
    from, space-separated: strings, unlike lists, add nothing for the collector to walk."""
    deleted: dict[str, str] = {}
    get = deleted.get
    for term in vocabulary:
        if len(term) >= 4:
            for shorter in _deletions(term):
                known = get(shorter)
                deleted[shorter] = term if known is None else f"{known} {term}"
    return deleted


@dataclass(slots=True)  # hundreds of thousands of them: no per-instance dict
class Entry:
    """One name of one record, as the index holds it."""

    record_id: str
    kind: str
    label: str
    text: str
    folded: str
    name_kind: NameKind


@dataclass
class SearchIndex:
    """The index over one FactSet snapshot. Build it with `SearchIndex.build(facts)`."""

    entries: list[Entry] = field(default_factory=list)
    exact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # The same names without spaces: "IS-KP" finds "ISKP", "U.N." finds "UN", "Al-Jazeera"...
    compact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    skeletons: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    vocabulary: list[str] = field(default_factory=list)
    # Derived at build time, for speed: each vocabulary term's skeleton, each entry's length
    # and kind, and (in a large vocabulary) the terms under each one-letter deletion of a term.
    skeleton_of: dict[str, str] = field(default_factory=dict, repr=False)
    _lengths: list[int] = field(default_factory=list, repr=False)
    _kinds: list[str] = field(default_factory=list, repr=False)
    _deleted: dict[str, str] = field(default_factory=dict, repr=False)
    _name_terms: list[str] = field(default_factory=list, repr=False)
    names_sorted: list[str] = field(default_factory=list, repr=False)  # for prefix look-ups
    # Each record's entries, and the entries of records removed since the build.
    _positions: defaultdict[str, list[int]] = field(
        default_factory=lambda: defaultdict(list), repr=False
    )
    dead: set[int] = field(default_factory=set, repr=False)

    # The words of proper names (actors, places, sources): the ones people misspell.
    proper_terms: set[str] = field(default_factory=set)
    consonants: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # Words of the records' text (statements, quotes, summaries) that are in no name: a typed
    # word is resolved against them too, so a typo of a word only a claim uses still finds it.
    text_terms: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, facts: FactSet, text_terms: Iterable[str] = ()) -> SearchIndex:
        index = cls()
        # Nothing built here forms a cycle, yet the new containers would set off several full
        # collections (each a pass over every object of the fact set too): pause the collector.
        with gcpause.paused(freeze=True):
            for record in facts.records():
                index._add_record(record)
            index.text_terms = set(text_terms) - index.postings.keys()
            index._name_terms = sorted(index.postings)
            index.names_sorted = sorted(index.exact)
            index.vocabulary = sorted(index.postings.keys() | index.text_terms)
            for term in index.vocabulary:
                index.skeleton_of[term] = key = skeleton(term)
                index.skeletons[key].add(term)
            index._lengths = [len(entry.folded) for entry in index.entries]
            index._kinds = [entry.kind for entry in index.entries]
            if len(index.vocabulary) > FULL_SCAN_TERMS:
                index._deleted = _deletion_index(index.vocabulary)
        return index

    def _add_record(self, record: AnyRecord) -> None:
        for entry in _entries_of(record):
            position = len(self.entries)
            self.entries.append(entry)
            self._positions[record.id].append(position)
            self.exact[entry.folded].append(position)
            self.compact[entry.folded.replace(" ", "")].append(position)
            proper = _is_proper(entry)
            for term in set(entry.folded.split()):
                self.postings[term].add(position)
                if proper and term not in self.proper_terms:
                    self.proper_terms.add(term)
                    if len(term) >= 5:
                        self.consonants[consonant_key(term)].add(term)

    # --- keeping up with the store -------------------------------------------------------

    def update(
        self, before: AnyRecord | None, after: AnyRecord | None, words: Iterable[str] = ()
    ) -> None:
        """One record's change, in place, in time proportional to the record, not the index
        (an edit is in the next answer at any size). `words` are the new version's text words.
        What a question walks (posting sets, position lists, the sorted vocabularies) is
        replaced, never changed under it; what it only looks up (text_terms, proper_terms,
        the skeleton and deletion maps) or appends to (entries) is changed in place, which
        a reader sees whole or not at all. A removed record's entries stay, unreachable.
        The vocabulary keeps a removed record's words: they find nothing."""
        if before is not None:
            for position in self._positions.pop(before.id, []):
                entry = self.entries[position]
                self.dead.add(position)
                self.exact[entry.folded] = [p for p in self.exact[entry.folded] if p != position]
                key = entry.folded.replace(" ", "")
                self.compact[key] = [p for p in self.compact[key] if p != position]
                for term in set(entry.folded.split()):
                    self.postings[term] = self.postings[term] - {position}
        if after is None:
            return
        added = _Additions()
        for entry in _entries_of(after):
            position, folded = len(self.entries), entry.folded
            self.entries.append(entry)
            self._lengths.append(len(folded))
            self._kinds.append(after.kind)
            self._positions[after.id] = [*self._positions.get(after.id, ()), position]
            if folded not in self.exact:
                added.names.append(folded)
            self.exact[folded] = [*self.exact.get(folded, ()), position]
            key = folded.replace(" ", "")
            self.compact[key] = [*self.compact.get(key, ()), position]
            proper = _is_proper(entry)
            for term in set(folded.split()):
                if term not in self.postings:
                    added.name_terms.append(term)
                self.postings[term] = self.postings.get(term, set()) | {position}
                if proper and term not in self.proper_terms:
                    self.proper_terms.add(term)
                    if len(term) >= 5:
                        key = consonant_key(term)
                        self.consonants[key] = self.consonants.get(key, set()) | {term}
        new_text = {w for w in words if w not in self.postings and w not in self.text_terms}
        self.text_terms |= new_text
        self._add_terms(added, new_text)

    def _add_terms(self, added: _Additions, new_text: set[str]) -> None:
        """New words into the vocabulary and the look-ups built on it (each replaced whole:
        sorting a sorted list with a few additions is close to a copy)."""
        new_terms = sorted(
            {t for t in [*added.name_terms, *new_text] if not self._in_vocabulary(t)}
        )
        if new_terms:
            self.vocabulary = sorted([*self.vocabulary, *new_terms])
            for term in new_terms:
                self.skeleton_of[term] = key = skeleton(term)
                self.skeletons[key] = self.skeletons.get(key, set()) | {term}
                if self._deleted and len(term) >= 4:
                    for shorter in _deletions(term):
                        known = self._deleted.get(shorter)
                        self._deleted[shorter] = term if known is None else f"{known} {term}"
        if added.name_terms:
            self._name_terms = sorted({*self._name_terms, *added.name_terms})
        if added.names:
            self.names_sorted = sorted([*self.names_sorted, *added.names])

    def _in_vocabulary(self, term: str) -> bool:
        at = bisect.bisect_left(self.vocabulary, term)
        return at < len(self.vocabulary) and self.vocabulary[at] == term

    # --- stage 1: terms ------------------------------------------------------------------

    def resolve_term(self, term: str, *, for_names: bool = False) -> dict[str, float]:
        """Vocabulary terms this query term may stand for, with a 0-100 score. A known word is
        itself; but to match whole names (`for_names`), a known word of a name may still be
        another spelling of, or a slip for, the name meant ("nargees" is one Nargis's alias,
        "kalid" one Khalid's, "ladganj" a place beside "Lalganj Development Authority"): it
        brings those too, below itself, and whole-name scoring judges them. A ranking of the
        text by its words takes no such guesses ("minister" is not "ministry")."""
        known = term in self.postings or term in self.text_terms
        if term.isdigit():  # a number is itself or nothing: 274 is not 247
            return {term: 100.0} if known else {}
        if known and not (for_names and term in self.proper_terms):
            return {term: 100.0}
        found = {term: 100.0} if known else {}
        # A skeleton of one or two letters says nothing ("aa", "eeee" and "ssss" would fold to
        # "a", "e" and "s", words every record has): such a term is only itself.
        key = skeleton(term)
        if len(key) >= MIN_SKELETON:
            for spelling in self.skeletons.get(key, ()):
                found.setdefault(spelling, 95.0)
        cutoff = term_cutoff(term)
        if cutoff is not None:
            for candidate, score, _ in process.extract(
                term, self._fuzzy_pool(term), scorer=fuzz.ratio, score_cutoff=cutoff, limit=8
            ):
                # A word only the records' text uses must be a closer slip than a name:
                # "chile" is not "child", though "nangahar" is "nangarhar". A short word
                # is only itself ("imran" is not "iran"; TTP is not TTA). A known word is
                # a slip only for a name.
                if len(candidate) <= SHORT_TERM:
                    continue
                proper = candidate in self.proper_terms
                if proper or (not known and score >= TEXT_TERM_CUTOFF):
                    found[candidate] = max(found.get(candidate, 0.0), score)
        # Bajor/Bajaur, Kandhar/Kandahar: vowels shift most. Two consonants say too little
        # ("shoot" and "state" are both s-t).
        if not found and len(term) >= 4 and len(key := consonant_key(term)) >= MIN_CONSONANTS:
            found = dict.fromkeys(self.consonants.get(key, ()), 85.0)
        return found

    def _fuzzy_pool(self, term: str) -> list[str]:
        """The vocabulary terms fuzz.ratio compares a query term with. A small vocabulary is
        scanned whole. In a large one (where a scan costs 5-20 ms a term) only the terms within
        reach of a typo: one letter dropped on either side or both (a dropped, added, changed
        or swapped letter), or two dropped from the query term. Transliterations are found by
        their skeletons, before this."""
        if not self._deleted:
            return self.vocabulary
        # Names are scanned whole while there are few of them, whatever the text adds.
        names = self._name_terms if len(self._name_terms) <= FULL_SCAN_TERMS else []
        shorter = _deletions(term)
        if len(term) >= 7:  # long words: room for two slips
            shorter |= {two for one in list(shorter) for two in _deletions(one)}
        deleted = self._deleted
        pool: set[str] = set(deleted.get(term, "").split()) | set(names)
        for variant in shorter:
            if variant in self.postings:
                pool.add(variant)
            if (found := deleted.get(variant)) is not None:
                pool.update(found.split())
        return sorted(pool)  # vocabulary order: ties rank as in a full scan

    def candidates(
        self, query_terms: list[str], wanted: set[str] | None = None, limit: int = 40
    ) -> tuple[list[int], dict[str, set[str]]]:
        """The entries of the wanted kinds most worth scoring, and what each query term
        resolved to. Posting lists run to thousands at 100k records, so the work per entry
        stays in C (dict.fromkeys/update) and only the best-scored few are sorted."""
        scores: dict[int, float] = {}
        total = len(self.entries) or 1
        resolved: dict[str, set[str]] = {}
        for term in query_terms:
            meanings = self.resolve_term(term, for_names=True)
            resolved[term] = set(meanings)
            best_for_entry: dict[int, float] = {}
            if len(meanings) > 1:  # first-seen order, as a loop over the meanings gives
                for vocab_term in meanings:
                    best_for_entry.update(dict.fromkeys(self.postings.get(vocab_term, ()), 0.0))
            # One weight per query term, from how many entries all its meanings reach: the
            # spellings it may stand for rank by how well they match it, not by how rare
            # each is ("khinaggar": the place Khinagar, named by many events, before a
            # one-off word one letter further off).
            reach = sum(len(self.postings.get(v, ())) for v in meanings)
            idf = math.log(1 + total / max(1, min(total, reach)))
            weighted = sorted((idf * score / 100, v) for v, score in meanings.items())
            for weight, vocab_term in weighted:  # weakest first: each entry keeps its best
                best_for_entry.update(dict.fromkeys(self.postings.get(vocab_term, ()), weight))
            if not scores:
                scores = best_for_entry
            else:
                get = scores.get
                scores.update({p: get(p, 0.0) + w for p, w in best_for_entry.items()})
        if wanted is not None:
            kinds = self._kinds
            scores = {p: s for p, s in scores.items() if kinds[p] in wanted}
        pool = list(scores)
        if len(pool) > limit:  # everything tied with the limit-th best, in first-seen order
            floor = heapq.nlargest(limit, scores.values())[-1]
            pool = [p for p, s in scores.items() if s >= floor]
        lengths = self._lengths
        ranked = heapq.nsmallest(limit, pool, key=lambda p: (-scores[p], lengths[p]))
        return ranked, resolved

    # --- stage 2 and autocomplete, in their own modules ----------------------------------

    def resolve(self, raw: str, kinds: Iterable[str] | None = None) -> Resolution:
        """Resolve a query to records of the given kinds (default: all)."""
        return resolve_query(self, raw, kinds)

    def complete(
        self, prefix: str, kinds: Iterable[str] | None = None, *, limit: int
    ) -> list[Match]:
        """Autocomplete: see `facts.search.complete`."""
        return complete_prefix(self, prefix, kinds, limit=limit)


@dataclass
class _Additions:
    """What one record brought that the index did not have."""

    names: list[str] = field(default_factory=list)
    name_terms: list[str] = field(default_factory=list)


def _entries_of(record: AnyRecord) -> Iterator[Entry]:
    """The index's entries for one record: each of its names, folded."""
    label = record.label
    for text, name_kind in record.names():
        if folded := phrase(text):
            yield Entry(record.id, record.kind, label, text, folded, name_kind)


def _is_proper(entry: Entry) -> bool:
    """A proper name (of an actor, place or source): the words people misspell."""
    return entry.kind in ("actor", "place", "source") and entry.name_kind is not NameKind.ID
