"""What every question reads: one snapshot of the facts, the name index (shared with newer
snapshots, so a question filters what it finds to this one's records) and what is built over
them. The questions are functions of a `Snapshot`; `Briefing` holds the current one."""

from __future__ import annotations

from dataclasses import dataclass

from facts.factset import FactSet
from facts.links import ClaimGraph, Links
from facts.retrieval import Retriever
from facts.search import SearchIndex


@dataclass(frozen=True, slots=True)
class Snapshot:
    facts: FactSet
    index: SearchIndex
    links: Links
    disputes: ClaimGraph
    differs: ClaimGraph
    retriever: Retriever
    # "february" means February of the store's latest year: the escalation, not 2024.
    year: int

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

    def claims_about_event(self, event_id: str) -> list[str]:
        return self.links.claims_about_event.get(event_id, [])
