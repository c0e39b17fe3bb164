"""Autocomplete: the names that start with what is typed, then close fuzzy names."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from facts.models import NameKind
from facts.search.resolve import Match, match_of, resolve_query
from facts.search.words import clean_query, phrase

if TYPE_CHECKING:
    from facts.search.index import Entry, SearchIndex

COMPLETE_SCAN = 500  # names looked at per completion, at most

# Names first, then aliases, then weak aliases ("Kabul" for the Taliban); ids are not offered.
_COMPLETION_RANK = {NameKind.NAME: 0, NameKind.ALIAS: 1, NameKind.WEAK: 2}


def complete_prefix(
    index: SearchIndex, prefix: str, kinds: Iterable[str] | None = None, *, limit: int
) -> list[Match]:
    """Autocomplete: the names that start with what is typed, best first (names and
    aliases before topics, the shortest first), then close fuzzy names. Where the kinds
    take topics (events, claims), the keywords they share are offered as topics."""
    wanted = set(kinds) if kinds else None
    topics = wanted is None or bool(wanted & {"event", "claim"})
    text = phrase(clean_query(prefix)[0])
    if not text:
        return [match_of(e, 0) for e in index.first_names(wanted, limit)]
    # Keywords are offered as topics, whatever kind of record has them.
    order = {**_COMPLETION_RANK, NameKind.KEYWORD: 3} if topics else _COMPLETION_RANK
    loose = frozenset({NameKind.KEYWORD} if topics else ())
    rows = limit + limit // 4 + 5  # most names are a record's only one: rarely read again
    while True:
        entries = index.starting_with(text, COMPLETE_SCAN, order, wanted, any_kind=loose, rows=rows)
        seen = _offered(entries, limit)
        if len(seen) >= limit or len(entries) < rows:
            break
        rows *= 4
    if len(seen) < limit:
        resolution = resolve_query(index, prefix, kinds)
        for match in [*resolution.matches, *resolution.candidates]:
            seen.setdefault(match.record_id, match)
    return list(seen.values())[:limit]


def _offered(entries: list[Entry], limit: int) -> dict[str, Match]:
    """The first `limit` records (or topics) the entries offer, in their order; a topic
    that repeats a name offered already adds nothing."""
    seen: dict[str, Match] = {}
    offered: set[str] = set()
    for entry in entries:
        if len(seen) >= limit:
            break
        topic = entry.name_kind is NameKind.KEYWORD
        if topic and entry.folded in offered:
            continue
        offered.add(entry.folded)
        key = entry.text if topic else entry.record_id
        if key not in seen:
            seen[key] = _topic(entry.text) if topic else match_of(entry, 100)
    return seen


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
