"""A set of facts in memory: every record by kind and id, and the article texts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from facts.models import KINDS, Actor, AnyRecord, Claim, Event, Place, Source


@dataclass
class FactSet:
    """Every record of a dataset, by id, and the article texts by source id."""

    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)

    def table(self, kind: str) -> dict[str, Any]:
        return getattr(self, f"{kind}s")  # type: ignore[no-any-return]

    def records(self) -> Iterator[AnyRecord]:
        """Every record, in the table's order of kinds (sources first)."""
        for kind in KINDS:
            yield from self.table(kind).values()

    def get(self, record_id: str) -> AnyRecord | None:
        for kind in KINDS:
            if (record := self.table(kind).get(record_id)) is not None:
                return record  # type: ignore[no-any-return]
        return None

    def add(self, record: AnyRecord) -> None:
        self.table(record.kind)[record.id] = record

    def counts(self) -> dict[str, int]:
        return {kind: len(self.table(kind)) for kind in KINDS}

    def summary(self) -> str:
        return summary(self.counts())


def summary(counts: dict[str, int]) -> str:
    """'5 sources, 57 actors, ...': the counts per kind, in the table's order."""
    return ", ".join(f"{counts.get(kind, 0)} {kind}s" for kind in KINDS)
