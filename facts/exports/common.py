"""What every export shares: the selection of records, citations, dispute groups, places."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from facts.factset import Facts
from facts.models import AnyRecord, Claim, DatePrecision, Event, EventDate, PlaceKind, Quote
from facts.text import quoted

READ_BATCH = 500  # records read at once


@dataclass(frozen=True)
class Selection:
    """The events and claims an export carries, in order. `None` means every current one."""

    event_ids: tuple[str, ...] | None = None
    claim_ids: tuple[str, ...] | None = None

    def events(self, facts: Facts) -> list[Event]:
        """The selected events that are current (a retracted or unknown id is skipped), in date
        order (undated last), ties by id."""
        ids = facts.events.keys() if self.event_ids is None else self.event_ids
        events = [e for e in _read(facts, ids) if isinstance(e, Event)]
        return sorted(events, key=lambda e: (e.date.sort_key, e.id))

    def claims(self, facts: Facts) -> list[Claim]:
        """The selected current claims; with events selected and no claim ids, the claims
        about those events."""
        if self.claim_ids is not None:
            ids: Iterable[str] = self.claim_ids
        elif self.event_ids is not None:
            wanted = set(self.event_ids)
            ids = [c.id for c in facts.claims.values() if c.about_event in wanted]
        else:
            ids = facts.claims.keys()
        return [c for c in _read(facts, ids) if isinstance(c, Claim)]


def _read(facts: Facts, ids: Iterable[str]) -> Iterator[AnyRecord]:
    """The current ones of these records, in order, read a batch at a time (an export of a
    large store is tens of thousands: one read each took most of its time)."""
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), READ_BATCH):
        found = facts.many(wanted[start : start + READ_BATCH])
        yield from (found[i] for i in wanted[start : start + READ_BATCH] if i in found)


def source_label(facts: Facts, source_id: str) -> str:
    source = facts.sources.get(source_id)
    return source.label if source else f"{source_id} (unknown source)"


def citation(facts: Facts, quote: Quote) -> str:
    """'Al Jazeera, 2026-02-24: “the words”' (or 'undated')."""
    source = facts.sources.get(quote.source)
    date = source.published.isoformat() if source and source.published else "undated"
    return f"{source_label(facts, quote.source)}, {date}: {quoted(' '.join(quote.text.split()))}"


def claimant_label(facts: Facts, claim: Claim) -> str:
    """The claimant's name; for an article's own voice, the article's label (as answers say)."""
    if claim.claimant is None:
        label = source_label(facts, claim.quote.source)
        if claim.attribution.value == "unnamed sources":
            return f"Unnamed sources, via {label}"
        return f"{label} (own reporting)"
    actor = facts.actors.get(claim.claimant)
    return actor.name if actor else claim.claimant


def dispute_groups(facts: Facts) -> dict[str, str]:
    """Claim id -> its dispute group (the first id, in sorted order, of the claims linked by
    `disputes` in either direction). Claims in no dispute are not in the mapping."""
    graph: dict[str, set[str]] = {}
    for claim in facts.claims.values():
        for other in claim.disputes:
            if other in facts.claims:
                graph.setdefault(claim.id, set()).add(other)
                graph.setdefault(other, set()).add(claim.id)
    groups: dict[str, str] = {}
    for start in sorted(graph):
        if start in groups:
            continue
        seen, todo = {start}, [start]
        while todo:
            for nxt in graph[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        name = min(seen)
        groups.update(dict.fromkeys(seen, name))
    return groups


@dataclass(frozen=True)
class Where:
    country: list[str]
    admin1: list[str]
    location: list[str]


def where(facts: Facts, event: Event) -> Where:
    """The event's places by level: countries, provinces (admin1), the rest (location)."""
    country: list[str] = []
    admin1: list[str] = []
    location: list[str] = []
    for place_id in event.places:
        place = facts.places.get(place_id)
        if place is None:
            continue
        if place.place_kind is PlaceKind.COUNTRY:
            country.append(place.name)
        elif place.place_kind is PlaceKind.PROVINCE:
            admin1.append(place.name)
        else:
            location.append(place.name)
        parent = facts.places.get(place.country) if place.country else None
        if parent is not None:
            country.append(parent.name)
    unique = lambda names: list(dict.fromkeys(names))  # noqa: E731
    return Where(unique(country), unique(admin1), unique(location))


def date_fields(date: EventDate) -> tuple[dict[str, int], dict[str, int] | None]:
    """The start (and end, when it differs) as year/month/day, stopping at the known precision:
    a month-precision date has no day, a year-precision date no month."""
    if date.start is None:
        return {}, None
    depth = {DatePrecision.YEAR: 1, DatePrecision.MONTH: 2}.get(date.precision, 3)

    def parts(day: dt.date) -> dict[str, int]:
        return dict(list({"year": day.year, "month": day.month, "day": day.day}.items())[:depth])

    start = parts(date.start)
    end = parts(date.end) if date.end is not None else None
    return start, (end if end != start else None)
