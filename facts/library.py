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


class Library:
    """Hands out the Briefing for the store's current revision. Asking is cheap: the index
    is rebuilt only after a change, so answers reflect a moderator's edit at once."""

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
            if self._briefing is None or head != self._head:
                self._briefing = Briefing(
                    self.provider.snapshot(), fulltext=self.provider.fulltext()
                )
                self._head = head
            return self._briefing
