"""The Briefing over the live store. It reads the store's tables as each question needs them,
so it is made once; when the store moves on, what it read of the changed records is read
afresh (an edit is in the next answer, at any size)."""

from __future__ import annotations

import threading
from typing import Protocol

from facts.briefing import Briefing
from facts.factset import FactSet
from facts.reads import Reads
from facts.store.records import StoredFacts


class FactsProvider(Protocol):
    """What the library needs of a store: the connection answers read through and the
    records over it (None: the store's tables are of another version, so a snapshot is
    indexed in memory instead, and made anew when the latest revision number moves on)."""

    def head(self) -> int: ...

    def reads(self) -> Reads | None: ...

    def facts(self) -> StoredFacts | None: ...

    def snapshot(self) -> FactSet: ...


class _Fixed:
    """A provider over a fixed FactSet (tests, tools that read YAML directly)."""

    def __init__(self, facts: FactSet) -> None:
        self._facts = facts

    def head(self) -> int:
        return 0

    def reads(self) -> Reads | None:
        return None

    def facts(self) -> StoredFacts | None:
        return None

    def snapshot(self) -> FactSet:
        return self._facts


class Library:
    """Hands out the Briefing for the store's current revision. Over the store's tables it
    is made once (each answer catches up with the store itself, see Briefing.consistent);
    over a snapshot indexed in memory it is made anew when the store has moved on."""

    def __init__(self, provider: FactsProvider) -> None:
        self.provider = provider
        self._lock = threading.Lock()
        self._briefing: Briefing | None = None
        self._snapshot_head: int | None = None  # for a snapshot indexed in memory

    @classmethod
    def from_facts(cls, facts: FactSet) -> Library:
        return cls(_Fixed(facts))

    def briefing(self) -> Briefing:
        with self._lock:
            if self._briefing is not None and self._snapshot_head is None:
                return self._briefing
            head = self.provider.head() if self._briefing is not None else None
            if self._briefing is None or head != self._snapshot_head:
                self._briefing = self._build()
            return self._briefing

    def _build(self) -> Briefing:
        reads, facts = self.provider.reads(), self.provider.facts()
        if reads is None or facts is None:  # no tables to read: index a snapshot
            self._snapshot_head = self.provider.head()
            return Briefing(self.provider.snapshot())
        self._snapshot_head = None
        return Briefing(facts, reads, on_change=facts.forget)
