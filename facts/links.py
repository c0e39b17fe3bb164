"""Reverse links between records, built once per snapshot, so a question about one record
does not scan every event and claim (at 100k records that scan was most of the answer's time)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from facts.dataset import FactSet
from facts.models import Actor, Place


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
        for event in facts.events.values():
            for place_id in dict.fromkeys(event.places):
                links.events_at[place_id].append(event.id)
            for actor_id in dict.fromkeys(a.actor for a in event.actors):
                links.events_with[actor_id].append(event.id)
            for source_id in event.sources:
                links.events_from[source_id].append(event.id)
        for claim in facts.claims.values():
            if claim.about_event:
                links.claims_about_event[claim.about_event].append(claim.id)
            if claim.claimant:
                links.claims_by[claim.claimant].append(claim.id)
            for actor_id in dict.fromkeys(claim.about_actors):
                links.claims_about_actor[actor_id].append(claim.id)
            for place_id in dict.fromkeys(claim.about_places):
                links.claims_about_place[place_id].append(claim.id)
            links.claims_from[claim.quote.source].append(claim.id)
        for actor in facts.actors.values():
            for source_id in actor.sources:
                links.actors_from[source_id].append(actor.id)
        nested: list[Actor | Place] = [*facts.actors.values(), *facts.places.values()]
        for record in nested:
            if record.parent:
                links.children[record.parent].append(record.id)
        return links
