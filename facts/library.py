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

UPDATE_LIMIT = 1000  # past this many changed records, forgetting everything is as quick


class FactsProvider(Protocol):
    """What the library needs of a store: its latest revision number, the connection
    answers read through and the records over it (None: the store's tables are of another
    version, so a snapshot is indexed in memory instead), and what changed."""

    def head(self) -> int: ...

    def reads(self) -> Reads | None: ...

    def facts(self) -> StoredFacts | None: ...

    def snapshot(self) -> FactSet: ...

    def changed_since(self, after: int, upto: int) -> list[str] | None:
        """The ids of the records revisions `after` < n <= `upto` changed; None: unknown."""
        ...


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

    def changed_since(self, after: int, upto: int) -> list[str] | None:
        return None


class Library:
    """Hands out the Briefing for the store's current revision."""

    def __init__(self, provider: FactsProvider) -> None:
        self.provider = provider
        self._lock = threading.Lock()
        self._head: int | None = None  # the revision the Briefing has caught up with
        self._briefing: Briefing | None = None
        self._facts: StoredFacts | None = None

    @classmethod
    def from_facts(cls, facts: FactSet) -> Library:
        return cls(_Fixed(facts))

    def briefing(self) -> Briefing:
        head = self.provider.head()
        with self._lock:
            if self._briefing is None:
                self._briefing = self._build()
            elif head != self._head:
                self._catch_up(self._briefing, head)
            self._head = head
            return self._briefing

    def _build(self) -> Briefing:
        reads, facts = self.provider.reads(), self.provider.facts()
        self._facts = facts
        if reads is None or facts is None:  # no tables to read: index a snapshot
            return Briefing(self.provider.snapshot())
        return Briefing(facts, reads)

    def _catch_up(self, briefing: Briefing, head: int) -> None:
        assert self._head is not None
        if self._facts is None:  # an in-memory index of a snapshot: made anew
            self._briefing = self._build()
            return
        changed = self.provider.changed_since(self._head, head)
        if changed is None or len(changed) > UPDATE_LIMIT:
            self._facts.forget(None)
            briefing.forget(None)
        else:
            self._facts.forget(changed)
            briefing.forget(changed)
