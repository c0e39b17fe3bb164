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

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from facts.dataset import FactSet
from facts.models import AliasKind, AnyRecord
from facts.text import normalise_quote

MAX_QUERY_CHARS = 200  # a query is a name or a topic; the rest of a long paste is noise
MAX_TERMS = 12
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

_MENTION = re.compile(r"<(?:@[!&]?|#|a?:\w+:)\d+>|@(?:everyone|here)\b")
_URL = re.compile(r"https?://\S+")
_MARKDOWN = re.compile(r"[*_~`|>\\#\[\]()]")
_TERM = re.compile(r"\w+")


class NameKind(StrEnum):
    """What kind of name a vocabulary entry is; it decides how much an exact hit counts."""

    NAME = "name"
    ALIAS = "alias"
    WEAK = "weak alias"
    KEYWORD = "keyword"
    ID = "id"


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
    text = _URL.sub(" ", _MENTION.sub(" ", raw))
    text = _MARKDOWN.sub(" ", unicodedata.normalize("NFKC", text))
    text = " ".join(text.split())
    truncated = len(text) > MAX_QUERY_CHARS
    return text[:MAX_QUERY_CHARS].strip(), truncated


def fold(text: str) -> str:
    """Lower case without accents, quote marks or dashes: what comparisons see."""
    text = unicodedata.normalize("NFKD", normalise_quote(text).casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def terms(text: str) -> list[str]:
    """The searchable words of a text, in order, stop words dropped."""
    return [t for t in _TERM.findall(fold(text)) if t not in STOPWORDS and t != "_"]


def phrase(text: str) -> str:
    return " ".join(terms(text))


_SKELETON_RULES = (("ee", "i"), ("oo", "u"), ("ou", "u"), ("ph", "f"), ("w", "v"), ("y", "i"))


def skeleton(term: str) -> str:
    """A transliteration key: Tehreek/Tehrik, Nowshehra/Nowshera... fold to one spelling."""
    for old, new in _SKELETON_RULES:
        term = term.replace(old, new)
    term = re.sub(r"(.)\1+", r"\1", term)  # doubled letters: Bannu/Banu
    if len(term) > 3:
        term = term[0] + term[1:].replace("h", "")  # Nowshehra/Nowshera, Bajaur/Bajhaur
    return term


def term_cutoff(term: str) -> float | None:
    """The fuzz.ratio a vocabulary term must reach to stand for this query term; short terms
    (TTP, ISPR, EU) only match exactly, since one letter off is another organisation."""
    if len(term) <= 3:
        return None
    if len(term) == 4:
        return 85.0
    return 75.0


@dataclass
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
    postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    skeletons: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_record: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    vocabulary: list[str] = field(default_factory=list)
    record_count: int = 0

    @classmethod
    def build(cls, facts: FactSet) -> SearchIndex:
        index = cls()
        for record in facts.records():
            index._add_record(record)
        index.vocabulary = sorted(index.postings)
        for term in index.vocabulary:
            index.skeletons[skeleton(term)].add(term)
        return index

    def _add_record(self, record: AnyRecord) -> None:
        self.record_count += 1
        label = record_label(record)
        for text, name_kind in names_of(record):
            folded = phrase(text)
            if not folded:
                continue
            position = len(self.entries)
            self.entries.append(_Entry(record.id, record.kind, label, text, folded, name_kind))
            self.exact[folded].append(position)
            self.by_record[record.id].append(position)
            for term in set(folded.split()):
                self.postings[term].add(position)

    # --- stage 1: terms ------------------------------------------------------------------

    def resolve_term(self, term: str) -> dict[str, float]:
        """Vocabulary terms this query term may stand for, with a 0-100 score."""
        if term in self.postings:
            return {term: 100.0}
        found = dict.fromkeys(self.skeletons.get(skeleton(term), ()), 95.0)
        cutoff = term_cutoff(term)
        if cutoff is not None:
            for candidate, score, _ in process.extract(
                term, self.vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
            ):
                found[candidate] = max(found.get(candidate, 0.0), score)
        return found

    def _candidates(
        self, query_terms: list[str], limit: int = 40
    ) -> tuple[list[int], dict[str, set[str]]]:
        """The entries most worth scoring, and what each query term resolved to."""
        scores: dict[int, float] = defaultdict(float)
        total = len(self.entries) or 1
        resolved: dict[str, set[str]] = {}
        for term in query_terms:
            best_for_entry: dict[int, float] = {}
            meanings = self.resolve_term(term)
            resolved[term] = set(meanings)
            for vocab_term, score in meanings.items():
                postings = self.postings[vocab_term]
                weight = math.log(1 + total / len(postings)) * score / 100
                for position in postings:
                    best_for_entry[position] = max(best_for_entry.get(position, 0.0), weight)
            for position, weight in best_for_entry.items():
                scores[position] += weight
        ranked = sorted(scores, key=lambda p: (-scores[p], len(self.entries[p].folded)))
        return ranked[:limit], resolved

    # --- stage 2: phrases ----------------------------------------------------------------

    def _score(self, query: str, entry: _Entry, resolved: dict[str, set[str]]) -> float:
        score = fuzz.WRatio(query, entry.folded)
        skeletal = fuzz.WRatio(
            " ".join(map(skeleton, query.split())), " ".join(map(skeleton, entry.folded.split()))
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
        hits = [
            self.entries[p]
            for p in self.exact.get(query, ())
            if self._allowed(self.entries[p], wanted)
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
            options = _unique_records([*strong, *weak, *hits])
            return Resolution(
                query=query,
                status=Status.AMBIGUOUS,
                candidates=[self._match(e, 100) for e in options],
            )
        topic = _unique_records(hits)
        return Resolution(
            query=query,
            status=Status.TOPIC if len(topic) > 1 else Status.MATCH,
            matches=[self._match(e, 100) for e in topic],
        )

    def _resolve_fuzzy(self, query: str, wanted: set[str] | None) -> Resolution:
        query_terms = list(dict.fromkeys(query.split()))[:MAX_TERMS]
        positions, resolved = self._candidates(query_terms)
        best: dict[str, tuple[float, _Entry]] = {}
        for position in positions:
            entry = self.entries[position]
            if not self._allowed(entry, wanted):
                continue
            score = self._score(query, entry, resolved)
            if entry.record_id not in best or score > best[entry.record_id][0]:
                best[entry.record_id] = (score, entry)
        ranked = sorted(best.values(), key=lambda pair: -pair[0])
        ranked = [(s, e) for s, e in ranked if s >= SUGGEST_SCORE]
        if not ranked:
            return Resolution(query=query, status=Status.NONE)
        top_score, top = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
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

    def records_for(self, record_id: str) -> list[str]:
        """The names a record is indexed under (for tests and `search`)."""
        return [self.entries[p].text for p in self.by_record.get(record_id, [])]

    def complete(
        self, prefix: str, kinds: Iterable[str] | None = None, limit: int = 25
    ) -> list[Match]:
        """Autocomplete: records whose names start with the prefix, then fuzzy ones."""
        wanted = set(kinds) if kinds else None
        text = phrase(clean_query(prefix)[0])
        seen: dict[str, Match] = {}
        if not text:
            for entry in self.entries:
                if entry.name_kind is NameKind.NAME and self._allowed(entry, wanted):
                    seen.setdefault(entry.record_id, self._match(entry, 0))
                if len(seen) >= limit:
                    break
            return list(seen.values())
        for entry in self.entries:
            if entry.folded.startswith(text) and self._allowed(entry, wanted):
                seen.setdefault(entry.record_id, self._match(entry, 100))
            if len(seen) >= limit:
                return list(seen.values())
        resolution = self.resolve(prefix, kinds)
        for match in [*resolution.matches, *resolution.candidates]:
            seen.setdefault(match.record_id, match)
        return list(seen.values())[:limit]


def _unique_records(entries: Iterable[_Entry]) -> list[_Entry]:
    seen: dict[str, _Entry] = {}
    for entry in entries:
        seen.setdefault(entry.record_id, entry)
    return list(seen.values())


def record_label(record: AnyRecord) -> str:
    """A record's human name: an actor's or place's name, an event's headline, ..."""
    match record.kind:
        case "actor" | "place":
            return record.name
        case "event":
            return record.headline
        case "claim":
            return record.statement
        case "source":
            return record.label
    return record.id


def names_of(record: AnyRecord) -> list[tuple[str, NameKind]]:
    """Everything a record can be found by, with the kind of name each is."""
    names: list[tuple[str, NameKind]] = [(record.id.replace("-", " "), NameKind.ID)]
    match record.kind:
        case "actor" | "place":
            names.append((record.name, NameKind.NAME))
            for alias in record.aliases:
                kind = NameKind.WEAK if alias.kind is AliasKind.WEAK else NameKind.ALIAS
                names.append((alias.name, kind))
        case "event":
            names.append((record.headline, NameKind.NAME))
            names.extend((k, NameKind.KEYWORD) for k in record.keywords)
        case "claim":
            names.extend((k, NameKind.KEYWORD) for k in record.keywords)
        case "source":
            for value in (record.publisher, record.author, record.title):
                if value:
                    names.append((value, NameKind.NAME))
            names.append((record.file.removesuffix(".txt"), NameKind.ID))
    return names
