"""Autocomplete: the names that start with what is typed, then close fuzzy names."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from facts.models import NameKind
from facts.search.resolve import Match, allowed, match_of, resolve_query
from facts.search.words import clean_query, phrase

if TYPE_CHECKING:
    from facts.search.index import SearchIndex

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
    found: list[tuple[tuple[int, int, str], Match]] = []
    for entry in index.starting_with(text, COMPLETE_SCAN):
        folded, rank = entry.folded, _COMPLETION_RANK.get(entry.name_kind)
        if entry.name_kind is NameKind.KEYWORD and topics:
            found.append(((3, len(folded), folded), _topic(entry.text)))
        elif rank is not None and allowed(entry, wanted):
            found.append(((rank, len(folded), folded), match_of(entry, 100)))
    seen: dict[str, Match] = {}
    offered: set[str] = set()  # a topic that repeats a name offered already adds nothing
    for _, match in sorted(found, key=lambda pair: pair[0]):
        typed = phrase(match.via)
        if match.kind == "topic" and typed in offered:
            continue
        offered.add(typed)
        seen.setdefault(match.record_id, match)
    if len(seen) < limit:
        resolution = resolve_query(index, prefix, kinds)
        for match in [*resolution.matches, *resolution.candidates]:
            seen.setdefault(match.record_id, match)
    return list(seen.values())[:limit]


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
