"""Autocomplete: the names that start with what is typed, then close fuzzy names."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from facts.models import NameKind
from facts.search.resolve import Match, resolve_query
from facts.search.words import clean_query, phrase

if TYPE_CHECKING:
    from facts.search.index import Completion, SearchIndex

COMPLETE_SCAN = 500  # names looked at per completion, at most
# Close fuzzy names are guessed only while the names that start with what is typed fill fewer
# choices than a user is shown (Discord shows 25): they score below those names, so past a
# screenful none would be seen, and guessing costs more than the rest of a keystroke.
FUZZY_BELOW = 25

# Names first, then aliases, then weak aliases ("Kabul" for the Taliban); ids are not offered.
_COMPLETION_RANK = {NameKind.NAME: 0, NameKind.ALIAS: 1, NameKind.WEAK: 2}


def complete_prefix(
    index: SearchIndex, prefix: str, kinds: Iterable[str] | None = None, *, limit: int
) -> list[Match]:
    """Autocomplete: the names that start with what is typed, best first (names and
    aliases before topics, the shortest first), then, while those are few (FUZZY_BELOW),
    close fuzzy names ("nangah": Nangarhar). Where the kinds take topics (events, claims),
    the keywords they share are offered as topics."""
    wanted = set(kinds) if kinds else None
    text = phrase(clean_query(prefix)[0])
    if not text:
        return [_offer(c, 0) for c in index.first_names(wanted, limit)]
    # Keywords are offered as topics, whatever kind of record has them.
    topics = wanted is None or bool(wanted & {"event", "claim"})
    found = index.starting_with(
        text, COMPLETE_SCAN, _COMPLETION_RANK, wanted, topics=topics, limit=limit
    )
    seen = {match.record_id: match for match in map(_offer, found)}
    if len(seen) < min(limit, FUZZY_BELOW):
        resolution = resolve_query(index, prefix, kinds)
        for match in [*resolution.matches, *resolution.candidates]:
            seen.setdefault(match.record_id, match)
    return list(seen.values())[:limit]


def _offer(completion: Completion, score: float = 100) -> Match:
    """A record by the name that starts so, or a keyword records share, as a topic to ask
    about (its text stands for the record id)."""
    if completion.name_kind is NameKind.KEYWORD:
        name = completion.text
        return Match(
            record_id=name,
            kind="topic",
            label=name,
            via=name,
            name_kind=NameKind.KEYWORD,
            score=100.0,
        )
    return Match(
        record_id=completion.record_id,
        kind=completion.kind,
        label=completion.label,
        via=completion.text,
        name_kind=completion.name_kind,
        score=float(score),
    )
