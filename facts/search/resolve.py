"""Stage 2 of a look-up: the candidates the index gives, scored as whole phrases against their
names (`fuzz.WRatio`), then decided. A whole-query exact hit on a name or alias wins outright;
a keyword shared by several records is a topic (all of them); a weak alias ("Taliban") or a
close race asks "did you mean"; and a query that matches nothing plausible gets an honest
no-match."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz

from facts.models import NameKind
from facts.search.words import (
    MIN_SKELETON,
    TITLES_OF_ADDRESS,
    clean_query,
    phrase,
    skeleton,
    slips,
)

if TYPE_CHECKING:
    from facts.search.index import Entry, SearchIndex

MAX_TERMS = 12
# A query's terms are folded once per candidate scored: remember the recent ones.
_skeleton = functools.lru_cache(maxsize=4096)(skeleton)
WIN_SCORE = 80.0  # a candidate this good ...
WIN_MARGIN = 6.0  # ... and this far ahead of the next one is a clear winner
SUGGEST_SCORE = 60.0  # below this a candidate is not worth suggesting
MAX_SLIPS = 2.0  # a query further from every name in a race is a word they share, not a slip
ONE_SLIP = 1.0  # `slips` of a query that is one dropped, doubled, changed or swapped letter off


# When names tie, the record that bears the name outranks one that mentions it: "Umair Kundi"
# is the person before the article he wrote, a place before an event's headline naming it.
_KIND_ORDER = {"actor": 0, "place": 0, "event": 1, "source": 2, "claim": 3}

_PRIORITY = {
    NameKind.NAME: 0,
    NameKind.ALIAS: 0,
    NameKind.ID: 1,
    NameKind.KEYWORD: 2,
    NameKind.WEAK: 3,
}


class Match(BaseModel):
    model_config = ConfigDict(frozen=True)  # kept and shared between answers (SearchIndex)

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
    model_config = ConfigDict(frozen=True)

    query: str
    status: Status
    # Tuples: a resolution is kept and shared by every answer until the next write.
    matches: tuple[Match, ...] = ()
    candidates: tuple[Match, ...] = ()
    truncated: bool = False

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


def resolve_query(index: SearchIndex, raw: str, kinds: Iterable[str] | None = None) -> Resolution:
    """Resolve a query to records of the given kinds (default: all)."""
    text, truncated = clean_query(raw)
    wanted = set(kinds) if kinds else None
    query = phrase(text)
    if not query:
        return Resolution(query=text, status=Status.EMPTY, truncated=truncated)
    query = _without_address(index, query)
    result = _resolve_exact(index, query, wanted) or _resolve_fuzzy(index, query, wanted)
    return result.model_copy(update={"query": text, "truncated": truncated})


def _without_address(index: SearchIndex, query: str) -> str:
    """The query without the titles of address no name holds ("mullah muttaqi": Muttaqi, as
    the store names him); a name that holds one keeps it ("Dr Khan")."""
    words = query.split()
    kept = [w for w in words if w not in TITLES_OF_ADDRESS or index.in_vocabulary(w)]
    return " ".join(kept) if kept and len(kept) < len(words) else query


def allowed(entry: Entry, wanted: set[str] | None) -> bool:
    return wanted is None or entry.kind in wanted


def match_of(entry: Entry, score: float) -> Match:
    return Match(
        record_id=entry.record_id,
        kind=entry.kind,
        label=entry.label,
        via=entry.text,
        name_kind=entry.name_kind,
        score=round(score, 1),
    )


def _score(query: str, skeletal: str, entry: Entry, resolved: dict[str, set[str]]) -> float:
    """How well one name matches the query (folded) and its skeleton (`_skeletal`)."""
    score = fuzz.WRatio(query, entry.folded)
    if len(skeletal.replace(" ", "")) >= MIN_SKELETON:  # "ssss" folds to "s": it says nothing
        score = max(score, fuzz.WRatio(skeletal, entry.skeleton) - 2)  # a little less sure
    if entry.name_kind is NameKind.KEYWORD:
        score -= 3  # a name says more than a keyword
    if entry.name_kind is NameKind.ID:
        score -= 5
    # A name that accounts for only part of the query ("Taliban" for "tehreek-e-taliban")
    # is a weaker match than one that accounts for all of it.
    entry_terms = set(entry.folded.split())
    covered = sum(1 for meanings in resolved.values() if meanings & entry_terms)
    return score - 15.0 * (1 - covered / max(1, len(resolved)))


def _resolve_exact(index: SearchIndex, query: str, wanted: set[str] | None) -> Resolution | None:
    hits = [e for e in index.named(query) if allowed(e, wanted)] or [
        e for e in index.compacted(query.replace(" ", "")) if allowed(e, wanted)
    ]
    if not hits:
        return None
    strong = [e for e in hits if e.name_kind in (NameKind.NAME, NameKind.ALIAS, NameKind.ID)]
    if len({e.record_id for e in strong}) == 1:
        return Resolution(query=query, status=Status.MATCH, matches=[match_of(strong[0], 100)])
    weak = [e for e in hits if e.name_kind is NameKind.WEAK]
    if weak or len({e.record_id for e in strong}) > 1:
        # "Taliban" alone: say which records it may mean, and let the user pick.
        options = unique_records([*strong, *weak, *hits])
        return Resolution(
            query=query,
            status=Status.AMBIGUOUS,
            candidates=[match_of(e, 100) for e in options],
        )
    topic = unique_records(hits)
    return Resolution(
        query=query,
        status=Status.TOPIC if len(topic) > 1 else Status.MATCH,
        matches=[match_of(e, 100) for e in topic],
    )


def _resolve_fuzzy(index: SearchIndex, query: str, wanted: set[str] | None) -> Resolution:
    query_terms = list(dict.fromkeys(query.split()))[:MAX_TERMS]
    positions, resolved = index.candidates(query_terms, wanted)
    best: dict[str, tuple[float, Entry]] = {}
    names: dict[str, list[Entry]] = {}  # each record's names among the candidates
    skeletal = _skeletal(query)
    for entry in index.entries_at(positions):
        if not allowed(entry, wanted):
            continue
        names.setdefault(entry.record_id, []).append(entry)
        score = _score(query, skeletal, entry, resolved)
        if entry.record_id not in best or score > best[entry.record_id][0]:
            best[entry.record_id] = (score, entry)
    # On equal scores a name outranks an id, a keyword and a weak alias.
    ranked = sorted(best.values(), key=lambda pair: (-pair[0], _PRIORITY[pair[1].name_kind]))
    ranked = [(s, e) for s, e in ranked if s >= SUGGEST_SCORE]
    if not ranked:
        return Resolution(query=query, status=Status.NONE)
    winner = _closest(query, skeletal, ranked, names) if ranked[0][0] >= WIN_SCORE else None
    if winner is not None and winner[1].name_kind is not NameKind.WEAK:
        score, entry = winner
        score = _slip_scored(query, score, names[entry.record_id])
        return Resolution(
            query=query,
            status=Status.MATCH,
            matches=[match_of(entry, score)],
            candidates=[match_of(e, s) for s, e in ranked if e is not entry][:3],
        )
    if winner is not None and _slips(query, skeletal, winner[1])[0] <= ONE_SLIP:
        # A slip of a weak alias ("kabool"): the records that bear it, as for the alias
        # typed right, not every name that scored near it ("Kabul's foreign ministry").
        ranked = [(s, e) for s, e in ranked if e.folded == winner[1].folded]
    return Resolution(
        query=query,
        status=Status.AMBIGUOUS,
        candidates=[match_of(e, s) for s, e in ranked[:5]],
    )


def _slip_scored(query: str, score: float, entries: list[Entry]) -> float:
    """A winner's score, raised to what fuzz.ratio gives one dropped letter when one of its
    names is one slip from the query as typed. WRatio counts a swapped or changed letter
    as two edits, so a six-letter name one such slip away ("Wnepur": Wenpur) would score
    83, under what leads an answer (`SUBJECT_SCORE`), though the slip is as small as the
    dropped letter that puts Wepur at 91."""
    if score >= 100.0 * (1 - 1 / (2 * len(query) + 1)):  # as high as one slip can score
        return score
    near = [len(e.folded) for e in entries if slips(query, e.folded) <= ONE_SLIP]
    return max([score, *(100.0 * (1 - 1 / (len(query) + n)) for n in near)])


def _repeats(top: Entry, other: Entry) -> bool:
    """A keyword or weak alias that merely repeats the winner's name (the event tagged
    "Bannu" beside the place Bannu; "Islamabad" for the government) is no rival: an exact
    query resolves the same way."""
    return (
        top.name_kind in (NameKind.NAME, NameKind.ALIAS)
        and other.name_kind in (NameKind.KEYWORD, NameKind.WEAK)
        and other.folded == top.folded
    )


def _closest(
    query: str, skeletal: str, ranked: list[tuple[float, Entry]], names: dict[str, list[Entry]]
) -> tuple[float, Entry] | None:
    """The winner of a race the scores alone cannot call, or None for a true tie, which is
    "did you mean" (and none below the winning score). In the race: the names scored within
    WIN_MARGIN of the best, and, when the best is further, any name one slip from the query
    however it scores (WRatio counts a swapped or changed letter as two edits and an added
    one as one: it puts Nowala, a stray d away from "Ndowala", well above Nodwala, a swap).

    Of those, the one whose name the query is fewest slips away from wins (`slips`: a
    dropped, doubled, changed or swapped letter is one, a stray added letter more), read
    with spelling variants folded (`skeleton`) or as typed, whichever is nearer; then on
    the letters as typed; then a name that keeps the query's first letter (a slip there is
    rare), then the record that bears the name. So a one-edit slip in a long name is nearer
    that name than a name sharing its other words ("Sadsa Zehri": Sadia Zehri, not Sadia
    Ghoomfoo Zehri); of two names that fold alike, the one nearer the letters typed wins
    ("Khanpoor": Khanpur, not Kanpur); a transliteration is nearer its name than a
    one-letter neighbour of what was typed ("Yootangi": Yutangi, not Yotangi); and a swap
    that breaks a spelling the skeleton folds is still one slip ("Sonoabad": Soonabad). A
    query more than MAX_SLIPS from every name in the race is no slip of any: it is a word
    they share ("government": the Government of Iran no more than India's), a tie."""
    top_score, top = ranked[0]
    keys: dict[str, tuple[float, float, bool, int]] = {}

    def nearest(entry: Entry) -> tuple[float, float, bool, int]:
        """The fewest slips from the query to any of the record's names, and its kind."""
        if entry.record_id not in keys:
            kind = _KIND_ORDER.get(entry.kind, len(_KIND_ORDER))
            keys[entry.record_id] = (
                *min(_slips(query, skeletal, e) for e in names[entry.record_id]),
                kind,
            )
        return keys[entry.record_id]

    rivals = [(s, e) for s, e in ranked if e is top or not _repeats(top, e)]
    race = [(s, e) for s, e in rivals if top_score - s < WIN_MARGIN]
    behind = [(s, e) for s, e in rivals[len(race) :] if s >= WIN_SCORE]  # ranked: by score
    if behind and nearest(top)[0] > ONE_SLIP:
        # A name one slip away, when the best-scored one is further ("Ndowala": Nodwala).
        race += [(s, e) for s, e in behind if nearest(e)[0] <= ONE_SLIP]
    if len(race) == 1:
        return race[0]
    keyed = sorted(((nearest(e), (s, e)) for s, e in race), key=lambda item: item[0])
    (first, winner), (second, _) = keyed[0], keyed[1]
    if first[0] > MAX_SLIPS:  # no slip of any of them: a word they share ("government")
        # ... unless the nearest name is inside each other one: "tehrik e taliban" names the
        # group, not the event named after it ("Tehrik-e-Taliban Pakistan (TTP) emerges").
        own = [f" {e.folded} " for e in names[winner[1].record_id]]
        others = [e for _, (_, e) in keyed[1:] if e.record_id != winner[1].record_id]
        inside = all(any(n in f" {e.folded} " for n in own) for e in others)
        return winner if inside and winner[0] >= WIN_SCORE else None
    return winner if first < second and winner[0] >= WIN_SCORE else None


def _slips(query: str, skeletal: str, entry: Entry) -> tuple[float, float, bool]:
    """The query's slips from one name: the fewer of folded and as typed, as typed, and
    whether its first letter differs."""
    typed = slips(query, entry.folded)
    return min(slips(skeletal, entry.skeleton), typed), typed, entry.folded[:1] != query[:1]


def _skeletal(folded: str) -> str:
    return " ".join(_skeleton(t) for t in folded.split())


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
