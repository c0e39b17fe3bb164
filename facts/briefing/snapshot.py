"""What every question reads: the facts, the name index, the links, the dispute graphs and
the ranked retrieval over them, all reading one set of tables (facts.reads). The questions
are functions of a `Snapshot`; `Briefing` holds it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from facts.factset import Facts
from facts.links import ClaimGraph, EventOrder, Links
from facts.retrieval import Retriever
from facts.search import SearchIndex

LINEAGE_DEPTH = 6  # bodies above bodies: a person, their office, its ministry, its state


@dataclass(frozen=True, slots=True)
class Snapshot:
    facts: Facts
    index: SearchIndex
    links: Links
    disputes: ClaimGraph
    differs: ClaimGraph
    events: EventOrder
    retriever: Retriever

    @property
    def year(self) -> int:
        """'february' means February of the store's latest year: the escalation, not 2024."""
        return self.events.latest_year() or dt.date.today().year

    @property
    def latest_date(self) -> dt.date | None:
        """The latest date the articles give an event: the story's "today", from which
        "yesterday" and "last week" are read."""
        latest = self.events.latest(1)
        event = self.facts.events.get(latest[0]) if latest else None
        if event is None or event.date.start is None:
            return None
        return max(event.date.start, event.date.end or event.date.start)

    def name(self, record_id: str) -> str:
        record = self.facts.get(record_id)
        return record.label if record is not None else record_id

    def family(self, record_id: str) -> set[str]:
        """A record and everything under it: Khyber Pakhtunkhwa includes Bannu, the Pakistani
        military includes ISPR."""
        family, todo = set(), [record_id]
        while todo:
            current = todo.pop()
            if current not in family:
                family.add(current)
                todo.extend(self.links.children.get(current, ()))
        return family

    def lineages(self, record_ids: Iterable[str]) -> dict[str, set[str]]:
        """Each record and everything above it (Jaiswal: India's foreign ministry, its
        government), read a level at a time for them all."""
        lineage = {r: {r} for r in record_ids}
        top = dict(zip(lineage, lineage, strict=True))
        for _ in range(LINEAGE_DEPTH):
            named = self.links.named(set(top.values()))
            top = {r: p for r, t in top.items() if (p := getattr(named.get(t), "parent", None))}
            for record_id, parent in top.items():
                lineage[record_id].add(parent)
            if not top:
                break
        return lineage

    def claims_about_event(self, event_id: str) -> list[str]:
        return self.links.claims_about_event.get(event_id, [])
