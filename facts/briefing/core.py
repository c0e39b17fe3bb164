"""`Briefing`: answers questions about the facts.

Each question returns an `Answer` (sections of items plus citations), never a string, so
Discord and the terminal show the same thing. The questions live in a module each, as
functions of a `Snapshot` (what they read); a `Briefing` holds it, sends a command to its
question, and runs each answer in one read transaction of the store.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from rapidfuzz import fuzz, process

from facts import tables
from facts.answers import Answer, Citations, Item, Section
from facts.briefing.actor import actor
from facts.briefing.choosing import subject
from facts.briefing.claims import claims, dispute_groups, dispute_section, most_voiced
from facts.briefing.help import help_answer, usage
from facts.briefing.items import claimant_label
from facts.briefing.latest import latest
from facts.briefing.search import search
from facts.briefing.snapshot import Snapshot
from facts.briefing.sources import source
from facts.briefing.timeline import latest_events, timeline
from facts.dates import DateError, relative_date, split_date
from facts.factset import Facts
from facts.fulltext import FullText
from facts.links import ClaimGraph, EventOrder, Links
from facts.models import Claim
from facts.questions import (
    ACCOUNT_WORDS,
    ARTICLE_NOUNS,
    CLAIM_WORDS,
    DISPUTE_WORDS,
    FIGURE_CUES,
    QUESTION_WORDS,
    asking_meant,
    asks_about_disagreement,
    asks_for_cause,
    asks_for_latest,
    asks_world,
    compares,
    sets_counts_apart,
)
from facts.reads import Reads
from facts.retrieval import Retriever
from facts.search import WORD, SearchIndex, clean_query
from facts.text import echo

_F = TypeVar("_F", bound=Callable[..., Any])


def _consistent(method: _F) -> _F:
    """The method reads one committed state of the store (see Reads.consistent)."""

    @functools.wraps(method)
    def wrapper(self: Briefing, *args: Any, **kwargs: Any) -> Any:
        with self.consistent():
            return method(self, *args, **kwargs)

    return cast(_F, wrapper)


COMMAND_SCORE = 80.0  # "!claim bannu", "!timline": close enough to a command to run it
# "Who is the ..." is about an actor when one of the best few actors by text holds every word.
JUDGED_TO_ROUTE = 12
UPDATE_LIMIT = 1000  # past this many changed records, forgetting every record is as quick
_LISTS_ALL = frozenset({"timeline", "claims", "source"})  # with no query: the latest of all
# "/claims query: death toll", as Discord shows a slash command: the option's name, typed
# with it, is the form of the command, not a word of the question.
_SLASH_OPTION = re.compile(r"^\s*query\s*:\s*", re.IGNORECASE)


class Briefing:
    """Answers questions about the facts: a store's, read as each question needs them, or a
    fact set's, whose tables it builds in memory."""

    def __init__(
        self,
        facts: Facts,
        reads: Reads | None = None,
        *,
        on_change: Callable[[list[str] | None], None] | None = None,
    ) -> None:
        """`reads`: the store's tables (None: a fact set with no store, whose tables are
        built in memory). `on_change` is told which records the store changed (None: too
        many to say) before an answer reads them: the store's record cache."""
        if reads is None:
            reads = tables.in_memory(facts)
        self._reads = reads
        self._on_change = on_change
        self._history = reads.row("SELECT 1 FROM sqlite_master WHERE name = 'revisions'")
        self._head = self._read_head()
        self.fulltext = FullText(reads)
        index = SearchIndex(reads.db, reads.lock)
        links = Links(reads)
        disputes = ClaimGraph(reads, "disputes")
        self.snapshot = Snapshot(
            facts=facts,
            index=index,
            links=links,
            disputes=disputes,
            differs=ClaimGraph(reads, "differs"),
            events=EventOrder(reads),
            retriever=Retriever(facts, index, self.fulltext, links, disputes),
        )

    @property
    def facts(self) -> Facts:
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

    @contextmanager
    def consistent(self) -> Iterator[None]:
        """One answer (or one digest) reads one committed state of the store, and what was
        kept of records changed since the last answer is forgotten first, inside the same
        read transaction: an answer never mixes two revisions. Everything else is read
        from the tables each change updated, so an edit is in the next answer at any size."""
        with self._reads.consistent():
            self._catch_up()
            yield

    def _read_head(self) -> int:
        if self._history is None:
            return 0
        row = self._reads.row("SELECT max(number) FROM revisions")
        return int(row[0] or 0) if row else 0

    def _catch_up(self) -> None:
        head = self._read_head()
        if head == self._head:
            return
        rows = self._reads.rows(
            "SELECT DISTINCT record_id FROM revisions WHERE number > ? AND number <= ? LIMIT ?",
            (self._head, head, UPDATE_LIMIT + 1),
        )
        changed = [row[0] for row in rows] if len(rows) <= UPDATE_LIMIT else None
        if self._on_change is not None:
            self._on_change(changed)
        # What is derived across records (a claim's words include its actors' names; a
        # dispute joins two claims) is worked out afresh whatever changed.
        self.retriever.forget()
        self.snapshot.disputes.forget()
        self.snapshot.differs.forget()
        self._head = head

    # --- the questions, each in its own module -------------------------------------------

    @_consistent
    def ask(self, command: str, query: str = "") -> Answer:
        """Answer a command by name; unknown names get help with the closest command."""
        handlers: dict[str, Callable[[str], Answer]] = {
            "timeline": self.timeline,
            "claims": self.claims,
            "actor": self.actor,
            "source": self.source,
            "search": self.search,
            "latest": self.latest,
            "help": lambda _query: self.help(),
        }
        name = command.casefold()
        handler = handlers.get(name)
        if handler is not None:
            query = _SLASH_OPTION.sub("", query, count=1)
        if name in _LISTS_ALL and query.strip() and not clean_query(query)[0]:
            # Only what Discord adds ("@everyone", "<@123>", "*", a link): nothing is asked,
            # and it is said so; it is not the command with no query (every open dispute).
            return usage(name, f"Nothing to look up in “{echo(query)}”.", name)
        if handler is None:
            # "last attack in bannu" is a question, not a slip of `latest` (which takes none).
            names = [n for n in handlers if n != "latest" or not query.strip()]
            if (meant := _slip_of(name, names)) is not None:
                return handlers[meant](query)  # a slip of the keyboard: answer what was meant
            if not query.strip():
                # One word the store knows ("bannu", "drones") is a question, not a command:
                # it is searched; any other is a command nobody has. "news", "updates":
                # what's new.
                if asks_for_latest(command):
                    return self.latest()
                if _amounts(command):  # "numbers?", "casualties": the counts, side by side
                    return self.claims(command)
                if self._only_dated(command):  # "march", "2025": what happened then
                    return self.timeline(command)
                reading = self.retriever.read(command)
                if reading.known:
                    return self.search(command)
                return self.help(unknown=command, word_unknown=bool(reading.unknown))
            # A sentence typed as a command is answered by the question it asks: "how many
            # died ..." and "what did kabul say ..." by claims, "who is ..." by actor,
            # "when ..." by timeline, the rest ("what happened in bannu?") by search.
            sentence = f"{command} {query}"
            return handlers[self._question_command(sentence)](sentence)
        return handler(query)

    def _question_command(self, sentence: str) -> str:
        """The command a sentence asks (see _QUESTION_FORMS). "Who is / what is ..." asks
        `actor` only about an actor: one it names ("what is the TTP"), or for "who", one
        whose own words answer every word ("who is behind the mosque bombing"). Else it asks
        what a place, an event or a topic is ("what is the Durand Line"), or what was done
        and to whom ("who was killed in Bannu"): search."""
        respelled = self._asking_respelled(sentence)
        asked = _question_command(respelled)
        claimed = not CLAIM_WORDS.isdisjoint(WORD.findall(sentence.casefold()))
        if asked == "search" and claimed and self.retriever.read(sentence).question.speakers:
            return "claims"  # "ispr claims", "taliban claims": that one's account
        if asked == "search" and _HAPPENED.match(respelled) and self._dated(sentence):
            return "timeline"  # "what happened on 21 feb", "... in the last week of february"
        if asked == "search" and self._only_dated(sentence, topic=True):
            return (
                "timeline"  # "first week of march", "events in mid february", "kabul on the 27th"
            )
        if asked != "actor":
            return asked
        reading = self.retriever.read(sentence)
        if subject(self.snapshot, reading, ("actor",)):
            return "actor"
        folded = " ".join(sentence.casefold().split())
        if folded.startswith("what") or _PASSIVE.match(folded):
            return "search"
        ranked = self.retriever.rank(reading, ("actor",), judged=JUDGED_TO_ROUTE)
        return "actor" if ranked and ranked[0].coverage >= 1.0 else "search"

    def _asking_respelled(self, sentence: str) -> str:
        """The sentence with slips of its long question words as typed right ("what happend
        on feb 26": what happened, a date's timeline), for choosing the command; a word the
        store holds is never a slip."""
        words = WORD.findall(sentence.casefold())
        meant = {w: m for w in words if (m := asking_meant(w)) is not None}
        held = self.index.held(list(meant)) if meant else set()
        return " ".join(meant[w] if w in meant and w not in held else w for w in words)

    def _only_dated(self, sentence: str, *, topic: bool = False) -> bool:
        """The sentence names dates and nothing else (but words that only ask); or, as a
        `topic`, dates and a subject with no question about it ("kabul on the 27th")."""
        try:
            rest, dates = split_date(sentence, self.year, self.snapshot.latest_date)
        except DateError:
            return False
        words = set(WORD.findall(rest.casefold()))
        return dates is not None and (
            words <= QUESTION_WORDS or (topic and words.isdisjoint(QUESTION_WORDS))
        )

    def _dated(self, sentence: str) -> bool:
        try:
            return split_date(sentence, self.year, self.snapshot.latest_date)[1] is not None
        except DateError:
            return False

    @_consistent
    def timeline(self, query: str = "") -> Answer:
        return timeline(self.snapshot, query)

    @_consistent
    def claims(self, query: str = "") -> Answer:
        return claims(self.snapshot, query)

    @_consistent
    def actor(self, query: str = "") -> Answer:
        return actor(self.snapshot, query)

    @_consistent
    def source(self, query: str = "") -> Answer:
        return source(self.snapshot, query)

    @_consistent
    def search(self, query: str = "") -> Answer:
        return search(self.snapshot, query)

    @_consistent
    def latest(self, query: str = "") -> Answer:
        """The newest events and the leading open disputes; "latest on bannu" names a
        subject, whose timeline answers it."""
        if _amounts(query):  # "latest figures", "latest death toll": the newest counts,
            return claims(self.snapshot, f"latest {query}")  # ... as of their articles' dates
        if not asks_for_latest(query) and self.retriever.read(query).question.words:
            return timeline(self.snapshot, query)
        return latest(self.snapshot)

    def help(self, unknown: str | None = None, *, word_unknown: bool = False) -> Answer:
        return help_answer(unknown, word_unknown=word_unknown)

    # --- for the digest ------------------------------------------------------------------

    @_consistent
    def latest_events(self, count: int, cites: Citations) -> list[Item]:
        """The `count` latest dated events, latest first, as the timeline shows them."""
        return latest_events(self.snapshot, count, cites)

    @_consistent
    def dispute_groups(self) -> list[list[str]]:
        """Every open dispute once, in the order `claims` with no query lists them."""
        return dispute_groups(self.snapshot)

    @_consistent
    def most_voiced(
        self, groups: list[list[str]], count: int, skip: AbstractSet[int] = frozenset()
    ) -> list[int]:
        """The `count` disputes the most articles speak to (see claims.most_voiced)."""
        return most_voiced(self.snapshot, groups, count, skip)

    @_consistent
    def dispute_section(self, group: list[str], cites: Citations) -> Section:
        """One dispute side by side, as `claims` shows it, cited in `cites`."""
        return dispute_section(self.snapshot, group, cites)

    @_consistent
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
    # "Which outlet covered the mosque bombing", "who reported 36 dead", "which articles
    # mention khost": articles are asked for, not the event.
    (rf"(which|what) (\w+ )?({'|'.join(ARTICLE_NOUNS)})\b", "source"),
    (
        r"(who|which \w+) (first )?(reported|reports|covered|covers|wrote|mentioned|mentions)\b",
        "source",
    ),
    (r"how (many|much)\b", "claims"),
    (r"(who|what) (says|said|claims?|claimed)\b", "claims"),
    # "what did pakistan say about the strikes", "how did kabul react": someone's account.
    (
        r"(what|how) (do|does|did|has|have) .*\b(say|said|claim|think|react|respond|want"
        r"|report|tell|told)\b",
        "claims",
    ),
    # "Did the EU condemn the strikes", "has Kabul admitted losses": whether someone gave an
    # account, which only their claims answer; claims says when none of them is theirs.
    (
        r"(did|does|do|has|have|had) (\w+ ){1,4}(say|said|condemn\w*|den(y|ies|ied)|reject\w*"
        r"|admit\w*|acknowledg\w*|react\w*|respond\w*|comment\w*|critici[sz]\w*)\b",
        "claims",
    ),
    (r"(who|what) (is|are|was|were)\b", "actor"),
    (r"who (speaks|speak|spoke) for\b", "actor"),  # "who speaks for the taliban": a spokesman
    (r"when\b", "timeline"),
)


# "Who was killed in Bannu", "who were wounded": the passive asks what was done and to whom,
# not who someone is. A past participle, regular or one of the articles' irregular ones.
_PASSIVE = re.compile(r"who (is|are|was|were) (\w+ed|hit|struck|shot|hurt|taken|held|caught)\b")


_HAPPENED = re.compile(r"\s*what(?:'s| has| had| did)? happen(?:ed)?\b")


def _question_command(sentence: str) -> str:
    if asks_for_latest(sentence):  # "what's new", "any updates", "give me a briefing"
        return "latest"
    folded = " ".join(sentence.casefold().split())
    words = set(WORD.findall(folded))
    # "Who started the war", "what triggered the strikes": each side's account of the cause,
    # side by side where they disagree.
    if asks_for_cause(folded):
        return "claims"
    if asks_world(WORD.findall(folded)):  # "international reaction": accounts, attributed
        return "claims"
    for pattern, command in _QUESTION_FORMS:
        if re.match(pattern, folded):
            # "Who is telling the truth about 274": where the accounts disagree, not who
            # someone is (one side's 274 alone would answer it).
            # "What is the total death toll": an amount, not who someone is.
            asks_amount = words & DISPUTE_WORDS or _amounts(folded)
            if command == "actor" and asks_amount:
                return "claims"
            # "Which sources dispute the toll": the dispute, side by side, not the articles
            # one by one (each with one side's figure).
            return "claims" if command == "source" and words & DISPUTE_WORDS else command
    # "Taliban version", "who disputes 274", "how do the death tolls differ": someone's
    # account, or where accounts disagree, is what claims shows, side by side.
    if (
        words & ACCOUNT_WORDS
        or asks_about_disagreement(WORD.findall(folded))
        or compares(folded)
        or sets_counts_apart(folded)
    ):
        return "claims"
    # "What happened yesterday": the timeline says what a date relative to today means here.
    if relative_date(folded) is not None:
        return "timeline"
    # "What's the latest tally", "the total death toll", "casualties in kabul": counts are
    # claims, each someone's, side by side where they disagree.
    if _amounts(folded):
        return "claims"
    return "search"


def _amounts(text: str) -> bool:
    """Amounts are asked for ("figures", "tally", "death toll"): counts are claims, each
    someone's, so the latest of them are what `claims` answers (the newest disputes
    first), not the latest events."""
    return bool(set(WORD.findall(text.casefold())) & FIGURE_CUES)
