"""`Briefing`: answers questions about one snapshot of the facts.

Each question returns an `Answer` (sections of items plus citations), never a string, so
Discord and the terminal show the same thing. The questions live in a module each, as
functions of a `Snapshot`; a `Briefing` holds the current snapshot, sends a command to its
question, and makes the Briefing for a newer snapshot when the facts change.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process

from facts.answers import Answer, Citations, Item, Section
from facts.briefing.actor import actor
from facts.briefing.claims import claims, dispute_groups, dispute_section
from facts.briefing.help import help_answer
from facts.briefing.items import claimant_label
from facts.briefing.search import search
from facts.briefing.snapshot import Snapshot
from facts.briefing.sources import source
from facts.briefing.timeline import latest_events, timeline
from facts.factset import FactSet
from facts.fulltext import FullText
from facts.links import ClaimGraph, Links
from facts.models import Claim, Event
from facts.retrieval import Retriever
from facts.search import SearchIndex

COMMAND_SCORE = 80.0  # "!claim bannu", "!timline": close enough to a command to run it


class Briefing:
    """Answers questions about one snapshot of the facts."""

    def __init__(
        self,
        facts: FactSet,
        index: SearchIndex | None = None,
        fulltext: FullText | None = None,
    ) -> None:
        self.fulltext = fulltext or FullText.in_memory(facts.records())
        index = index or SearchIndex.build(facts)
        links = Links.build(facts)
        disputes = ClaimGraph(facts.claims.values(), "disputes")
        differs = ClaimGraph(facts.claims.values(), "differs")
        dated = [e.date.start.year for e in facts.events.values() if e.date.start]
        self.snapshot = Snapshot(
            facts=facts,
            index=index,
            links=links,
            disputes=disputes,
            differs=differs,
            retriever=Retriever(facts, index, self.fulltext, links, disputes),
            year=max(dated) if dated else dt.date.today().year,
        )

    @property
    def facts(self) -> FactSet:
        return self.snapshot.facts

    @property
    def index(self) -> SearchIndex:
        return self.snapshot.index

    @property
    def links(self) -> Links:
        return self.snapshot.links

    @property
    def retriever(self) -> Retriever:
        return self.snapshot.retriever

    @property
    def year(self) -> int:
        return self.snapshot.year

    def updated(self, facts: FactSet, changed: Iterable[str]) -> Briefing:
        """The Briefing for a newer snapshot, in time proportional to what changed (a rebuild
        takes seconds at 100k records). This one still answers from its own snapshot."""
        old = self.snapshot
        # Links and dispute graphs of its own: a question still running on this Briefing
        # follows only links to records its own snapshot holds. The name index is shared and
        # updated in place; what it finds is looked up in each Briefing's own snapshot.
        links, disputes, differs = old.links.copy(), old.disputes.copy(), old.differs.copy()
        year = old.year
        touched: list[str] = []
        linked_changed = False  # a renamed actor, place or event changes its claims' context
        for record_id in dict.fromkeys(changed):
            before, after = old.facts.get(record_id), facts.get(record_id)
            if before == after:
                continue
            touched.append(record_id)
            self.fulltext.update(record_id, after)
            old.index.update(record_id, after)
            links.update(before, after)
            record = after if after is not None else before
            assert record is not None  # both None compare equal, and were skipped
            kind = record.kind
            if kind == "claim":
                claim = after if isinstance(after, Claim) else None
                disputes.update(record_id, claim)
                differs.update(record_id, claim)
            linked_changed |= kind in ("actor", "place", "event")
            if isinstance(after, Event) and after.date.start:
                year = max(year, after.date.start.year)
        retriever = old.retriever.moved_on(
            facts, links, disputes, forget=None if linked_changed else touched
        )
        new = copy.copy(self)
        new.snapshot = Snapshot(facts, old.index, links, disputes, differs, retriever, year)
        return new

    # --- the questions, each in its own module -------------------------------------------

    def ask(self, command: str, query: str = "") -> Answer:
        """Answer a command by name; unknown names get help with the closest command."""
        handlers: dict[str, Callable[[str], Answer]] = {
            "timeline": self.timeline,
            "claims": self.claims,
            "actor": self.actor,
            "source": self.source,
            "search": self.search,
            "help": lambda _query: self.help(),
        }
        name = command.casefold()
        handler = handlers.get(name)
        if handler is None:
            if (meant := _slip_of(name, list(handlers))) is not None:
                return handlers[meant](query)  # a slip of the keyboard: answer what was meant
            if not query.strip():
                return self.help(unknown=command)
            # A sentence typed as a command is answered by the question it asks: "how many
            # died ..." by claims, "who is ..." by actor, "when ..." by timeline, the rest
            # ("what happened in bannu?") by search.
            sentence = f"{command} {query}"
            return handlers[_question_command(sentence)](sentence)
        return handler(query)

    def timeline(self, query: str = "") -> Answer:
        return timeline(self.snapshot, query)

    def claims(self, query: str = "") -> Answer:
        return claims(self.snapshot, query)

    def actor(self, query: str = "") -> Answer:
        return actor(self.snapshot, query)

    def source(self, query: str = "") -> Answer:
        return source(self.snapshot, query)

    def search(self, query: str = "") -> Answer:
        return search(self.snapshot, query)

    def help(self, unknown: str | None = None) -> Answer:
        return help_answer(unknown)

    # --- for the digest ------------------------------------------------------------------

    def latest_events(self, count: int, cites: Citations) -> list[Item]:
        """The `count` latest dated events, latest first, as the timeline shows them."""
        return latest_events(self.snapshot, count, cites)

    def dispute_groups(self) -> list[list[str]]:
        """Every open dispute once, in the order `claims` with no query lists them."""
        return dispute_groups(self.snapshot)

    def dispute_section(self, group: list[str], cites: Citations) -> Section:
        """One dispute side by side, as `claims` shows it, cited in `cites`."""
        return dispute_section(self.snapshot, group, cites)

    def claimant_label(self, claim: Claim) -> str:
        """'ISPR (Pakistani military)' or, for an article's own reporting, its publisher."""
        return claimant_label(self.facts, claim)


def _slip_of(typed: str, names: list[str]) -> str | None:
    """The command a mistyped name stands for ("claim", "timline"), or None: whole-word
    similarity, the same first letter and four letters at least, so "line" is not
    "timeline" and "reactor" is not "actor"."""
    if len(typed) < 4:
        return None
    found = process.extractOne(typed, names, scorer=fuzz.ratio, score_cutoff=COMMAND_SCORE)
    return found[0] if found is not None and found[0][0] == typed[0] else None


_QUESTION_FORMS: tuple[tuple[str, str], ...] = (
    (r"how (many|much)\b", "claims"),
    (r"(who|what) (says|said|claims?|claimed)\b", "claims"),
    (r"(who|what) (is|are|was|were)\b", "actor"),
    (r"when\b", "timeline"),
)


def _question_command(sentence: str) -> str:
    folded = " ".join(sentence.casefold().split())
    for pattern, command in _QUESTION_FORMS:
        if re.match(pattern, folded):
            return command
    return "search"
