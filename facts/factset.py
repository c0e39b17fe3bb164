"""A set of facts: every record by kind and id, and the article texts. `FactSet` holds them
in memory; `Facts` is what a question reads, which the live store serves lazily from SQLite
(facts.store.records), so a question never needs every record loaded."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from facts.models import KINDS, Actor, AnyRecord, Claim, Event, Place, Source


class Facts(Protocol):
    """The records by kind and id, and the article texts, read-only. Iterating a whole
    table reads every record of it: questions look records up by id."""

    @property
    def sources(self) -> Mapping[str, Source]: ...
    @property
    def actors(self) -> Mapping[str, Actor]: ...
    @property
    def places(self) -> Mapping[str, Place]: ...
    @property
    def events(self) -> Mapping[str, Event]: ...
    @property
    def claims(self) -> Mapping[str, Claim]: ...
    @property
    def articles(self) -> Mapping[str, str]: ...

    def table(self, kind: str) -> Mapping[str, Any]: ...

    def records(self) -> Iterator[AnyRecord]: ...

    def get(self, record_id: str) -> AnyRecord | None: ...

    def many(self, record_ids: Iterable[str]) -> dict[str, AnyRecord]:
        """The current ones of these records, by id, in the order asked."""
        ...

    def counts(self) -> dict[str, int]: ...


class KindTables:
    """Look-ups over the five tables, for the classes below."""

    def table(self, kind: str) -> Mapping[str, Any]:
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

    def many(self, record_ids: Iterable[str]) -> dict[str, AnyRecord]:
        return {i: r for i in dict.fromkeys(record_ids) if (r := self.get(i)) is not None}

    def counts(self) -> dict[str, int]:
        return {kind: len(self.table(kind)) for kind in KINDS}

    def summary(self) -> str:
        return summary(self.counts())


@dataclass
class FactSet(KindTables):
    """Every record of a dataset, by id, and the article texts by source id."""

    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)

    def table(self, kind: str) -> dict[str, Any]:
        return getattr(self, f"{kind}s")  # type: ignore[no-any-return]

    def add(self, record: AnyRecord) -> None:
        self.table(record.kind)[record.id] = record


@dataclass
class FactView(KindTables):
    """Facts over tables given (a part of a larger set, for a check of one record)."""

    sources: Mapping[str, Source] = field(default_factory=dict)
    actors: Mapping[str, Actor] = field(default_factory=dict)
    places: Mapping[str, Place] = field(default_factory=dict)
    events: Mapping[str, Event] = field(default_factory=dict)
    claims: Mapping[str, Claim] = field(default_factory=dict)
    articles: Mapping[str, str] = field(default_factory=dict)


def summary(counts: dict[str, int]) -> str:
    """'5 sources, 57 actors, ...': the counts per kind, in the table's order."""
    return ", ".join(f"{counts.get(kind, 0)} {kind}s" for kind in KINDS)
