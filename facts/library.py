"""The current Briefing over the live store, rebuilt only when the store has moved on."""

from __future__ import annotations

import threading
from typing import Protocol

from facts.briefing import Briefing
from facts.dataset import FactSet
from facts.fulltext import FullText


class FactsProvider(Protocol):
    """What the library needs of a store: its latest revision number, a snapshot, and its
    search index (None: the Briefing indexes the snapshot in memory)."""

    def head(self) -> int: ...

    def snapshot(self) -> FactSet: ...

    def fulltext(self) -> FullText | None: ...

    def changed_since(self, head: int) -> list[str] | None:
        """The ids of the records changed after revision `head`; None if unknown."""
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

    def changed_since(self, head: int) -> list[str] | None:
        return None


UPDATE_LIMIT = 1000  # past this many changed records, building anew is simpler and as quick


class Library:
    """Hands out the Briefing for the store's current revision. After a change the Briefing
    is brought up to date record by record (an edit is in the next answer, at any size);
    after a bulk import it is built anew."""

    def __init__(self, provider: FactsProvider) -> None:
        self.provider = provider
        self._lock = threading.Lock()
        self._head: int | None = None
        self._briefing: Briefing | None = None

    @classmethod
    def from_facts(cls, facts: FactSet) -> Library:
        return cls(_Fixed(facts))

    def briefing(self) -> Briefing:
        head = self.provider.head()
        with self._lock:
            if self._briefing is not None and head == self._head:
                return self._briefing
            previous, since = self._briefing, self._head
            changed = self.provider.changed_since(since) if since is not None else None
            facts = self.provider.snapshot()
            if previous is not None and changed is not None and len(changed) <= UPDATE_LIMIT:
                self._briefing = previous.updated(facts, changed)
            else:
                self._briefing = Briefing(facts, fulltext=self.provider.fulltext())
            self._head = head
            return self._briefing
