"""The current Briefing over the live store, rebuilt only when the store has moved on."""

from __future__ import annotations

import threading
from typing import Protocol

from facts.briefing import Briefing
from facts.factset import FactSet
from facts.fulltext import FullText


class FactsProvider(Protocol):
    """What the library needs of a store: its latest revision number, a snapshot, and its
    search index (None: the Briefing indexes the snapshot in memory)."""

    def head(self) -> int: ...

    def snapshot(self) -> FactSet: ...

    def fulltext(self) -> FullText | None: ...

    def changed_since(self, after: int, upto: int) -> list[str] | None:
        """The ids of the records revisions `after` < n <= `upto` changed; None: unknown."""
        ...


class _Fixed:
    """A provider over a fixed FactSet (tests, tools that read YAML directly)."""

    def __init__(self, facts: FactSet) -> None:
        self._facts = facts

    def head(self) -> int:
        return 0

    def snapshot(self) -> FactSet:
        return self._facts

    def fulltext(self) -> FullText | None:
        return None

    def changed_since(self, after: int, upto: int) -> list[str] | None:
        return None


UPDATE_LIMIT = 1000  # past this many changed records, building anew is simpler and as quick


class Library:
    """Hands out the Briefing for the store's current revision. After a change the Briefing
    is brought up to date record by record (an edit is in the next answer, at any size);
    after a bulk import it is built anew."""

    def __init__(self, provider: FactsProvider) -> None:
        self.provider = provider
        self._lock = threading.Lock()
        self._head: int | None = None  # the revision the Briefing is at (None: unknown)
        self._briefing: Briefing | None = None

    @classmethod
    def from_facts(cls, facts: FactSet) -> Library:
        return cls(_Fixed(facts))

    def briefing(self) -> Briefing:
        head = self.provider.head()
        with self._lock:
            if self._briefing is not None and head == self._head:
                return self._briefing
            facts, at = self._snapshot(head)
            previous, since = self._briefing, self._head
            changed = (
                self.provider.changed_since(since, at)
                if previous is not None and since is not None and at is not None
                else None
            )
            if previous is not None and changed is not None and len(changed) <= UPDATE_LIMIT:
                self._briefing = previous.updated(facts, changed)
            else:
                self._briefing = Briefing(facts, fulltext=self.provider.fulltext())
            self._head = at
            return self._briefing

    def _snapshot(self, head: int) -> tuple[FactSet, int | None]:
        """A snapshot and the revision it is at. Revisions only grow, so a head read before
        and after the snapshot that agree pin it; None when writes kept landing (the next
        question then builds anew)."""
        for _ in range(3):
            facts = self.provider.snapshot()
            after = self.provider.head()
            if after == head:
                return facts, head
            head = after
        return facts, None
