"""Reverse links between records, and the claims' dispute links made symmetric, so a question
about one record does not scan every event and claim (at 100k records that scan was most of
the answer's time). Built once, then kept up to date one changed record at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Literal

from facts.factset import FactSet
from facts.models import Actor, AnyRecord, Claim, Event, Place


def _table() -> defaultdict[str, list[str]]:
    return defaultdict(list)


@dataclass
class Links:
    events_at: defaultdict[str, list[str]] = field(default_factory=_table)  # place -> events
    events_with: defaultdict[str, list[str]] = field(default_factory=_table)  # actor -> events
    events_from: defaultdict[str, list[str]] = field(default_factory=_table)  # source -> events
    claims_about_event: defaultdict[str, list[str]] = field(default_factory=_table)
    claims_by: defaultdict[str, list[str]] = field(default_factory=_table)  # claimant -> claims
    claims_about_actor: defaultdict[str, list[str]] = field(default_factory=_table)
    claims_about_place: defaultdict[str, list[str]] = field(default_factory=_table)
    claims_from: defaultdict[str, list[str]] = field(default_factory=_table)  # source -> claims
    actors_from: defaultdict[str, list[str]] = field(default_factory=_table)  # source -> actors
    children: defaultdict[str, list[str]] = field(default_factory=_table)  # parent -> records

    @classmethod
    def build(cls, facts: FactSet) -> Links:
        links = cls()
        for record in facts.records():
            for table, key, value in _contributions(record):
                getattr(links, table)[key].append(value)
        return links

    def copy(self) -> Links:
        """Links of their own for a newer snapshot; the lists are shared until replaced."""
        return Links(**{f.name: defaultdict(list, getattr(self, f.name)) for f in fields(self)})

    def update(self, before: AnyRecord | None, after: AnyRecord | None) -> None:
        """One record's change, in place: each list touched is replaced, never changed, so
        a copy taken before shares nothing that changes."""
        old = _contributions(before) if before is not None else []
        new = _contributions(after) if after is not None else []
        for table, key, value in old:
            if (table, key, value) not in new:
                links: defaultdict[str, list[str]] = getattr(self, table)
                links[key] = [v for v in links.get(key, ()) if v != value]
        for table, key, value in new:
            if (table, key, value) not in old:
                links = getattr(self, table)
                links[key] = [*links.get(key, ()), value]


def _contributions(record: AnyRecord) -> list[tuple[str, str, str]]:
    """What one record adds to the reverse links: (table, key, the record's id)."""
    found: list[tuple[str, str, str]] = []
    match record:
        case Event():
            found += [("events_at", p, record.id) for p in dict.fromkeys(record.places)]
            actors = dict.fromkeys(a.actor for a in record.actors)
            found += [("events_with", a, record.id) for a in actors]
            found += [("events_from", s, record.id) for s in record.sources]
        case Claim():
            if record.about_event:
                found.append(("claims_about_event", record.about_event, record.id))
            if record.claimant:
                found.append(("claims_by", record.claimant, record.id))
            about = dict.fromkeys(record.about_actors)
            found += [("claims_about_actor", a, record.id) for a in about]
            places = dict.fromkeys(record.about_places)
            found += [("claims_about_place", p, record.id) for p in places]
            found.append(("claims_from", record.quote.source, record.id))
        case Actor():
            found += [("actors_from", s, record.id) for s in record.sources]
    if isinstance(record, (Actor, Place)) and record.parent:
        found.append(("children", record.parent, record.id))
    return found


class ClaimGraph:
    """A claim link (`disputes` or `differs`) made symmetric: a link on either claim counts
    for both, between claims that both exist. Updated one claim at a time; each set touched
    is replaced, never changed, so a copy taken before shares nothing that changes."""

    def __init__(self, claims: Iterable[Claim], link: Literal["disputes", "differs"]) -> None:
        self.link = link
        self.edges: defaultdict[str, set[str]] = defaultdict(set)
        self._lists: dict[str, frozenset[str]] = {}  # what each claim itself lists
        self._listed_by: defaultdict[str, set[str]] = defaultdict(set)
        claims = list(claims)
        for claim in claims:
            self._lists[claim.id] = frozenset(getattr(claim, link))
            for other in self._lists[claim.id]:
                self._listed_by[other].add(claim.id)
        for claim in claims:
            self.edges[claim.id]
            for other in self._lists[claim.id]:
                if other in self._lists:
                    self.edges[claim.id].add(other)
                    self.edges[other].add(claim.id)

    def __getitem__(self, claim_id: str) -> set[str]:
        return self.edges.get(claim_id, set())

    def copy(self) -> ClaimGraph:
        """A graph of its own for a newer snapshot; the sets are shared until replaced."""
        copied = ClaimGraph((), self.link)
        copied.edges = defaultdict(set, self.edges)
        copied._lists = dict(self._lists)
        copied._listed_by = defaultdict(set, self._listed_by)
        return copied

    def update(self, claim_id: str, after: Claim | None) -> None:
        before = self._lists.pop(claim_id, frozenset())
        for other in before:
            self._listed_by[other] = self._listed_by[other] - {claim_id}
        if after is not None:
            self._lists[claim_id] = frozenset(getattr(after, self.link))
            for other in self._lists[claim_id]:
                self._listed_by[other] = self._listed_by[other] | {claim_id}
        lists = self._lists
        near = set(before) | set(lists.get(claim_id, ())) | self._listed_by.get(claim_id, set())
        near |= self.edges.get(claim_id, set())
        linked = {
            other
            for other in near
            if claim_id in lists
            and other in lists
            and (other in lists[claim_id] or claim_id in lists[other])
        }
        for other in near - {claim_id}:
            if other in linked:
                self.edges[other] = self.edges.get(other, set()) | {claim_id}
            else:
                self.edges[other] = self.edges.get(other, set()) - {claim_id}
        if claim_id in lists:
            self.edges[claim_id] = linked - {claim_id}
        else:
            self.edges.pop(claim_id, None)
