"""Fuzzy resolution of a query to records, with rapidfuzz.

Two stages, so a query costs about the same at 100 records as at 100,000:
1. each query term is resolved against a vocabulary of the terms in names, aliases and
   keywords: exactly, then by a transliteration skeleton ("tehreek" ~ "tehrik"), then by
   `fuzz.ratio` with a length-aware cut-off ("nangahar" ~ "nangarhar");
2. an inverted index from terms to records gives the candidates, which are scored as whole
   phrases (`fuzz.WRatio`) against their names and aliases.

A whole-query exact hit on a name or alias wins outright; a keyword shared by several records
is a topic (all of them); a weak alias ("Taliban") or a close race asks "did you mean"; and a
query that matches nothing plausible gets an honest no-match.
"""

from __future__ import annotations

import bisect
import gc
import heapq
import itertools
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, TypeVar

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from facts.factset import FactSet
from facts.models import AnyRecord, NameKind
from facts.text import normalise_quote, strip_mentions

MAX_QUERY_CHARS = 200  # a query is a name or a topic; the rest of a long paste is noise
MAX_TERMS = 12
# Up to this many vocabulary terms, fuzz.ratio scans all of them (about 1 ms); past it, only
# the terms within an edit or two of the query term (see SearchIndex._fuzzy_pool).
FULL_SCAN_TERMS = 2000
TEXT_TERM_CUTOFF = 85.0
MIN_CONSONANTS = 3  # a consonant key shorter than this matches unrelated words
SHORT_TERM = 4  # vocabulary words this short are matched exactly or by skeleton, never fuzzily
COMPLETE_SCAN = 500  # names looked at per completion, at most
WIN_SCORE = 80.0  # a candidate this good ...
WIN_MARGIN = 6.0  # ... and this far ahead of the next one is a clear winner
SUGGEST_SCORE = 60.0  # below this a candidate is not worth suggesting
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "e",
        "for",
        "from",
        "i",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "about",
        "what",
        "who",
        "says",
        "said",
    ]
)

_URL = re.compile(r"https?://\S+")
_MARKDOWN = re.compile(r"[*_~`|>\\#\[\]()]")
WORD = re.compile(r"\w+")  # a word, as the index and the retriever split text


_PRIORITY = {
    NameKind.NAME: 0,
    NameKind.ALIAS: 0,
    NameKind.ID: 1,
    NameKind.KEYWORD: 2,
    NameKind.WEAK: 3,
}


class Match(BaseModel):
    record_id: str
    kind: str
    label: str
    via: str
    name_kind: NameKind
    score: float


class Status(StrEnum):
    MATCH = "match"  # one clear record
    TOPIC = "topic"  # a keyword several records share: all of them
    AMBIGUOUS = "ambiguous"  # a weak alias or a close race: ask
    NONE = "none"  # nothing plausible
    EMPTY = "empty"  # nothing to search for


class Resolution(BaseModel):
    query: str
    status: Status
    matches: list[Match] = []
    candidates: list[Match] = []
    truncated: bool = False

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


def clean_query(raw: str) -> tuple[str, bool]:
    """Strip what Discord adds (mentions, markdown, links) and cap the length.
    Returns the cleaned text and whether it was cut."""
    text = _URL.sub(" ", strip_mentions(raw))
    text = _MARKDOWN.sub(" ", unicodedata.normalize("NFKC", text))
    text = " ".join(text.split())
    truncated = len(text) > MAX_QUERY_CHARS
    return text[:MAX_QUERY_CHARS].strip(), truncated


def fold(text: str) -> str:
    """Lower case without accents, quote marks or dashes: what comparisons see."""
    text = normalise_quote(text).casefold()
    if text.isascii():  # nothing to decompose: most names, and most of the build time
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def terms(text: str) -> list[str]:
    """The searchable words of a text, in order, stop words dropped."""
    return [t for t in WORD.findall(fold(text)) if t not in STOPWORDS and t != "_"]


def phrase(text: str) -> str:
    return " ".join(terms(text))


_SKELETON_RULES = (("ee", "i"), ("oo", "u"), ("ou", "u"), ("ph", "f"), ("w", "v"), ("y", "i"))
_DOUBLED = re.compile(r"(.)\1+")


def skeleton(term: str) -> str:
    """A transliteration key: Tehreek/Tehrik, Nowshehra/Nowshera... fold to one spelling."""
    for old, new in _SKELETON_RULES:
        term = term.replace(old, new)
    term = _DOUBLED.sub(r"\1", term)  # doubled letters: Bannu/Banu
    if len(term) > 3:
        term = term[0] + term[1:].replace("h", "")  # Nowshehra/Nowshera, Bajaur/Bajhaur
    return term


_VOWELS = re.compile(r"[aeiou]")


def consonant_key(term: str) -> str:
    """A name's consonants in order, after its first letter: what survives the vowel slips
    of a transliteration typed from memory (bajor, bajaur, bajour -> bjr)."""
    key = skeleton(term)
    return key[0] + _DOUBLED.sub(r"\1", _VOWELS.sub("", key[1:]))


def term_cutoff(term: str) -> float | None:
    """The fuzz.ratio a vocabulary term must reach to stand for this query term; short terms
    (TTP, ISPR, EU) only match exactly, since one letter off is another organisation."""
    if len(term) <= 3:
        return None
    if len(term) == 4:
        return 85.0
    return 80.0


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
class _Entry:
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

    entries: list[_Entry] = field(default_factory=list)
    exact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # The same names without spaces: "IS-KP" finds "ISKP", "U.N." finds "UN", "Al-Jazeera"...
    compact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    skeletons: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    vocabulary: list[str] = field(default_factory=list)
    # Derived at build time, for speed: each vocabulary term's skeleton, each entry's length
    # and kind, and (in a large vocabulary) the terms under each one-letter deletion of a term.
    _skeleton_of: dict[str, str] = field(default_factory=dict, repr=False)
    _lengths: list[int] = field(default_factory=list, repr=False)
    _kinds: list[str] = field(default_factory=list, repr=False)
    _deleted: dict[str, str] = field(default_factory=dict, repr=False)
    _name_terms: list[str] = field(default_factory=list, repr=False)
    _names_sorted: list[str] = field(default_factory=list, repr=False)  # for prefix look-ups
    # Each record's entries, and the entries of records removed since the build.
    _positions: defaultdict[str, list[int]] = field(
        default_factory=lambda: defaultdict(list), repr=False
    )
    _dead: set[int] = field(default_factory=set, repr=False)

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
        # collections (each a pass over every object of the fact set too): pause the collector
        # and make one pass at the end, so no query pays for it later.
        collecting = gc.isenabled()
        gc.disable()
        try:
            for record in facts.records():
                index._add_record(record)
            index.text_terms = set(text_terms) - index.postings.keys()
            index._name_terms = sorted(index.postings)
            index._names_sorted = sorted(index.exact)
            index.vocabulary = sorted(index.postings.keys() | index.text_terms)
            for term in index.vocabulary:
                index._skeleton_of[term] = key = skeleton(term)
                index.skeletons[key].add(term)
            index._lengths = [len(entry.folded) for entry in index.entries]
            index._kinds = [entry.kind for entry in index.entries]
            if len(index.vocabulary) > FULL_SCAN_TERMS:
                index._deleted = _deletion_index(index.vocabulary)
        finally:
            if collecting:
                gc.enable()
                gc.collect()
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
                self._dead.add(position)
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
                self._skeleton_of[term] = key = skeleton(term)
                self.skeletons[key] = self.skeletons.get(key, set()) | {term}
                if self._deleted and len(term) >= 4:
                    for shorter in _deletions(term):
                        known = self._deleted.get(shorter)
                        self._deleted[shorter] = term if known is None else f"{known} {term}"
        if added.name_terms:
            self._name_terms = sorted({*self._name_terms, *added.name_terms})
        if added.names:
            self._names_sorted = sorted([*self._names_sorted, *added.names])

    def _in_vocabulary(self, term: str) -> bool:
        at = bisect.bisect_left(self.vocabulary, term)
        return at < len(self.vocabulary) and self.vocabulary[at] == term

    # --- stage 1: terms ------------------------------------------------------------------

    def resolve_term(self, term: str) -> dict[str, float]:
        """Vocabulary terms this query term may stand for, with a 0-100 score."""
        if term in self.postings or term in self.text_terms:
            return {term: 100.0}
        if term.isdigit():  # a number is itself or nothing: 274 is not 247
            return {}
        found = dict.fromkeys(self.skeletons.get(skeleton(term), ()), 95.0)
        cutoff = term_cutoff(term)
        if cutoff is not None:
            for candidate, score, _ in process.extract(
                term, self._fuzzy_pool(term), scorer=fuzz.ratio, score_cutoff=cutoff, limit=8
            ):
                # A word only the records' text uses must be a closer slip than a name:
                # "chile" is not "child", though "nangahar" is "nangarhar". A short word
                # is only itself ("imran" is not "iran"; TTP is not TTA).
                if len(candidate) <= SHORT_TERM:
                    continue
                if candidate in self.proper_terms or score >= TEXT_TERM_CUTOFF:
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

    def _candidates(
        self, query_terms: list[str], wanted: set[str] | None = None, limit: int = 40
    ) -> tuple[list[int], dict[str, set[str]]]:
        """The entries of the wanted kinds most worth scoring, and what each query term
        resolved to. Posting lists run to thousands at 100k records, so the work per entry
        stays in C (dict.fromkeys/update) and only the best-scored few are sorted."""
        scores: dict[int, float] = {}
        total = len(self.entries) or 1
        resolved: dict[str, set[str]] = {}
        for term in query_terms:
            meanings = self.resolve_term(term)
            resolved[term] = set(meanings)
            best_for_entry: dict[int, float] = {}
            if len(meanings) > 1:  # first-seen order, as a loop over the meanings gives
                for vocab_term in meanings:
                    best_for_entry.update(dict.fromkeys(self.postings.get(vocab_term, ()), 0.0))
            weighted = sorted(
                (math.log(1 + total / max(1, len(self.postings.get(v, ())))) * score / 100, v)
                for v, score in meanings.items()
            )
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

    # --- stage 2: phrases ----------------------------------------------------------------

    def _score(self, query: str, entry: _Entry, resolved: dict[str, set[str]]) -> float:
        score = fuzz.WRatio(query, entry.folded)
        of = self._skeleton_of  # every term of an entry is in the vocabulary
        skeletal = fuzz.WRatio(
            " ".join(of.get(t) or skeleton(t) for t in query.split()),
            " ".join(of[t] for t in entry.folded.split()),
        )
        score = max(score, skeletal - 2)  # a skeleton match is a little less sure
        if entry.name_kind is NameKind.KEYWORD:
            score -= 3  # a name says more than a keyword
        if entry.name_kind is NameKind.ID:
            score -= 5
        # A name that accounts for only part of the query ("Taliban" for "tehreek-e-taliban")
        # is a weaker match than one that accounts for all of it.
        entry_terms = set(entry.folded.split())
        covered = sum(1 for meanings in resolved.values() if meanings & entry_terms)
        return score - 15.0 * (1 - covered / max(1, len(resolved)))

    def resolve(self, raw: str, kinds: Iterable[str] | None = None) -> Resolution:
        """Resolve a query to records of the given kinds (default: all)."""
        text, truncated = clean_query(raw)
        wanted = set(kinds) if kinds else None
        query = phrase(text)
        if not query:
            return Resolution(query=text, status=Status.EMPTY, truncated=truncated)
        result = self._resolve_exact(query, wanted) or self._resolve_fuzzy(query, wanted)
        return result.model_copy(update={"query": text, "truncated": truncated})

    def _allowed(self, entry: _Entry, wanted: set[str] | None) -> bool:
        return wanted is None or entry.kind in wanted

    def _match(self, entry: _Entry, score: float) -> Match:
        return Match(
            record_id=entry.record_id,
            kind=entry.kind,
            label=entry.label,
            via=entry.text,
            name_kind=entry.name_kind,
            score=round(score, 1),
        )

    def _resolve_exact(self, query: str, wanted: set[str] | None) -> Resolution | None:
        hits = [self.entries[p] for p in self.exact.get(query, ())]
        hits = [e for e in hits if self._allowed(e, wanted)] or [
            e
            for e in (self.entries[p] for p in self.compact.get(query.replace(" ", ""), ()))
            if self._allowed(e, wanted)
        ]
        if not hits:
            return None
        strong = [e for e in hits if e.name_kind in (NameKind.NAME, NameKind.ALIAS, NameKind.ID)]
        if len({e.record_id for e in strong}) == 1:
            return Resolution(
                query=query, status=Status.MATCH, matches=[self._match(strong[0], 100)]
            )
        weak = [e for e in hits if e.name_kind is NameKind.WEAK]
        if weak or len({e.record_id for e in strong}) > 1:
            # "Taliban" alone: say which records it may mean, and let the user pick.
            options = unique_records([*strong, *weak, *hits])
            return Resolution(
                query=query,
                status=Status.AMBIGUOUS,
                candidates=[self._match(e, 100) for e in options],
            )
        topic = unique_records(hits)
        return Resolution(
            query=query,
            status=Status.TOPIC if len(topic) > 1 else Status.MATCH,
            matches=[self._match(e, 100) for e in topic],
        )

    def _resolve_fuzzy(self, query: str, wanted: set[str] | None) -> Resolution:
        query_terms = list(dict.fromkeys(query.split()))[:MAX_TERMS]
        positions, resolved = self._candidates(query_terms, wanted)
        best: dict[str, tuple[float, _Entry]] = {}
        for position in positions:
            entry = self.entries[position]
            if not self._allowed(entry, wanted):
                continue
            score = self._score(query, entry, resolved)
            if entry.record_id not in best or score > best[entry.record_id][0]:
                best[entry.record_id] = (score, entry)
        # On equal scores a name outranks an id, a keyword and a weak alias.
        ranked = sorted(best.values(), key=lambda pair: (-pair[0], _PRIORITY[pair[1].name_kind]))
        ranked = [(s, e) for s, e in ranked if s >= SUGGEST_SCORE]
        if not ranked:
            return Resolution(query=query, status=Status.NONE)
        top_score, top = ranked[0]
        # A keyword or weak alias that merely repeats the winner's name (the event tagged
        # "Bannu" beside the place Bannu; "Islamabad" for the government) is no rival: an exact
        # query resolves the same way.
        rivals = [
            s
            for s, e in ranked[1:]
            if not (
                top.name_kind in (NameKind.NAME, NameKind.ALIAS)
                and e.name_kind in (NameKind.KEYWORD, NameKind.WEAK)
                and e.folded == top.folded
            )
        ]
        runner_up = rivals[0] if rivals else 0.0
        clear = top_score >= WIN_SCORE and top_score - runner_up >= WIN_MARGIN
        if clear and top.name_kind is not NameKind.WEAK:
            return Resolution(
                query=query,
                status=Status.MATCH,
                matches=[self._match(top, top_score)],
                candidates=[self._match(e, s) for s, e in ranked[1:4]],
            )
        return Resolution(
            query=query,
            status=Status.AMBIGUOUS,
            candidates=[self._match(e, s) for s, e in ranked[:5]],
        )

    def complete(
        self, prefix: str, kinds: Iterable[str] | None = None, limit: int = 25
    ) -> list[Match]:
        """Autocomplete: the names that start with what is typed, best first (names and
        aliases before topics, the shortest first), then close fuzzy names. Where the kinds
        take topics (events, claims), the keywords they share are offered as topics."""
        wanted = set(kinds) if kinds else None
        topics = wanted is None or bool(wanted & {"event", "claim"})
        text = phrase(clean_query(prefix)[0])
        if not text:
            named = [
                e
                for p, e in enumerate(self.entries)
                if e.name_kind is NameKind.NAME and p not in self._dead
            ]
            return [self._match(e, 0) for e in unique_records(named) if self._allowed(e, wanted)][
                :limit
            ]
        found: list[tuple[tuple[int, int, str], Match]] = []
        names = self._names_sorted
        at = bisect.bisect_left(names, text)
        for folded in itertools.islice(names, at, at + COMPLETE_SCAN):
            if not folded.startswith(text):
                break
            for entry in (self.entries[p] for p in self.exact[folded]):
                rank = _COMPLETION_RANK.get(entry.name_kind)
                if entry.name_kind is NameKind.KEYWORD and topics:
                    found.append(((3, len(folded), folded), _topic(entry.text)))
                elif rank is not None and self._allowed(entry, wanted):
                    found.append(((rank, len(folded), folded), self._match(entry, 100)))
        seen: dict[str, Match] = {}
        offered: set[str] = set()  # a topic that repeats a name offered already adds nothing
        for _, match in sorted(found, key=lambda pair: pair[0]):
            typed = phrase(match.via)
            if match.kind == "topic" and typed in offered:
                continue
            offered.add(typed)
            seen.setdefault(match.record_id, match)
        if len(seen) < limit:
            resolution = self.resolve(prefix, kinds)
            for match in [*resolution.matches, *resolution.candidates]:
                seen.setdefault(match.record_id, match)
        return list(seen.values())[:limit]


@dataclass
class _Additions:
    """What one record brought that the index did not have."""

    names: list[str] = field(default_factory=list)
    name_terms: list[str] = field(default_factory=list)


# Names first, then aliases, then weak aliases ("Kabul" for the Taliban); ids are not offered.
_COMPLETION_RANK = {NameKind.NAME: 0, NameKind.ALIAS: 1, NameKind.WEAK: 2}


def _topic(keyword: str) -> Match:
    """A keyword that records share, offered as a topic to ask about."""
    return Match(
        record_id=keyword,
        kind="topic",
        label=keyword,
        via=keyword,
        name_kind=NameKind.KEYWORD,
        score=100,
    )


def _entries_of(record: AnyRecord) -> Iterator[_Entry]:
    """The index's entries for one record: each of its names, folded."""
    label = record.label
    for text, name_kind in record.names():
        if folded := phrase(text):
            yield _Entry(record.id, record.kind, label, text, folded, name_kind)


def _is_proper(entry: _Entry) -> bool:
    """A proper name (of an actor, place or source): the words people misspell."""
    return entry.kind in ("actor", "place", "source") and entry.name_kind is not NameKind.ID


class _HasRecord(Protocol):
    @property
    def record_id(self) -> str: ...


_Found = TypeVar("_Found", bound=_HasRecord)


def unique_records(found: Iterable[_Found]) -> list[_Found]:
    """The first entry or match for each record, in order."""
    seen: dict[str, _Found] = {}
    for item in found:
        seen.setdefault(item.record_id, item)
    return list(seen.values())
