"""The questions the bot answers: timeline, claims, actor, source, search, help.

Each returns an `Answer` (sections of items plus citations), never a string, so Discord and the
terminal show the same thing. A `Briefing` wraps one snapshot of the facts and its search index;
the live store makes a new one when the facts change.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process

from facts.answers import (
    Answer,
    AnswerStatus,
    Citations,
    ClaimedDate,
    Item,
    Section,
    in_reading_order,
)
from facts.dataset import article
from facts.dates import DateError, DateRange, split_date
from facts.factset import FactSet
from facts.fulltext import FullText, document
from facts.links import ClaimGraph, Links
from facts.models import (
    Actor,
    AnyRecord,
    Attribution,
    Claim,
    DateDerivation,
    Event,
    NameKind,
    Source,
)
from facts.retrieval import GOOD_COVERAGE, Hit, Reading, Retriever
from facts.search import (
    Match,
    Resolution,
    SearchIndex,
    Status,
    clean_query,
    terms,
    unique_records,
)
from facts.wording import alias_list, differs_section

# What `timeline` and `claims` accept as their subject (claims are what they list, not a subject).
SUBJECT_KINDS = ("actor", "place", "event", "source")
ALL_KINDS = ("actor", "place", "event", "claim", "source")
MAX_SUGGESTIONS = 5
# A name matched this well (0-100) is the query's subject: its structured answer leads.
SUBJECT_SCORE = 85.0
MAX_SEARCH_ITEMS = 12
MAX_CLAIMS = 30  # a ranked claims answer; a newsroom reads the first screen
MAX_ALSO = 3  # runners-up named in an "Also:" line
ALSO_SCORE = 80.0  # ... when their names match this well
ALSO_SHARE = 0.3  # ... or their text scores this share of the best one's
COMMAND_SCORE = 80.0  # "!claim bannu", "!timline": close enough to a command to run it
# With the best hit covering every word, the others may miss one word in three.
NEAR_COVERAGE = 0.34

# Which commands answer questions about a record of each kind, for "did you mean" hints.
FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "actor": ("actor", "claims", "timeline"),
    "place": ("claims", "timeline"),
    "event": ("claims", "timeline"),
    "source": ("source", "claims"),
    "claim": ("search",),
}
# The kinds a command looks up, for examples when nothing matches.
KINDS_ASKED: dict[str, tuple[str, ...]] = {"actor": ("actor",), "source": ("source",)}

COMMANDS: dict[str, str] = {
    "timeline": "events in date order, optionally for a place, actor or dates: "
    "`timeline`, `timeline bannu`, `timeline 2026-02-20..2026-02-28`",
    "claims": "who says what, disputed figures side by side: `claims bannu`, `claims ttp`; "
    "`claims` alone lists every open dispute",
    "actor": "who they are, their other names, what they did and said: `actor TTP`",
    "source": "an article: publisher, date, and what the store takes from it: `source azernews`",
    "search": "anything in the store: `search drones`",
    "help": "this list",
}


class Briefing:
    """Answers questions about one snapshot of the facts."""

    def __init__(
        self,
        facts: FactSet,
        index: SearchIndex | None = None,
        fulltext: FullText | None = None,
    ) -> None:
        self.facts = facts
        self.fulltext = fulltext or FullText.in_memory(facts.records())
        self.index = index or SearchIndex.build(facts, self.fulltext.terms())
        self.links = Links.build(facts)
        self._disputes = ClaimGraph(facts.claims.values(), "disputes")
        self._differs = ClaimGraph(facts.claims.values(), "differs")
        self.retriever = Retriever(facts, self.index, self.fulltext, self.links, self._disputes)
        dated = [e.date.start.year for e in facts.events.values() if e.date.start]
        # "february" means February of the store's latest year: the escalation, not 2024.
        self.year = max(dated) if dated else dt.date.today().year

    def updated(self, facts: FactSet, changed: Iterable[str]) -> Briefing:
        """The Briefing for a newer snapshot, in time proportional to what changed (a rebuild
        takes seconds at 100k records). This one still answers from its own snapshot."""
        new = copy.copy(self)
        new.facts = facts
        # Links and dispute graphs of its own: a question still running on this Briefing
        # follows only links to records its own snapshot holds. The name index is shared and
        # updated in place; what it finds is looked up in each Briefing's own snapshot.
        new.links, new._disputes, new._differs = (
            self.links.copy(),
            self._disputes.copy(),
            self._differs.copy(),
        )
        touched: list[str] = []
        linked_changed = False  # a renamed actor, place or event changes its claims' context
        for record_id in dict.fromkeys(changed):
            before, after = self.facts.get(record_id), facts.get(record_id)
            if before == after:
                continue
            touched.append(record_id)
            self.fulltext.update(record_id, after)
            words = terms(" ".join(document(after))) if after is not None else []
            self.index.update(before, after, words)
            new.links.update(before, after)
            record = after if after is not None else before
            assert record is not None  # both None compare equal, and were skipped
            kind = record.kind
            if kind == "claim":
                claim = after if isinstance(after, Claim) else None
                new._disputes.update(record_id, claim)
                new._differs.update(record_id, claim)
            linked_changed |= kind in ("actor", "place", "event")
            if isinstance(after, Event) and after.date.start:
                new.year = max(new.year, after.date.start.year)
        new.retriever = self.retriever.moved_on(
            facts, new.links, new._disputes, forget=None if linked_changed else touched
        )
        return new

    # --- dispatch ------------------------------------------------------------------------

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

    # --- timeline ------------------------------------------------------------------------

    def timeline(self, query: str = "") -> Answer:
        text, _ = clean_query(query)
        try:
            subject_text, dates = split_date(text, self.year)
        except DateError as error:
            return self._usage("timeline", str(error), "timeline")
        events = list(self.facts.events.values())
        title = "Timeline"
        scores: dict[str, Hit] = {}
        if subject_text:
            reading = self.retriever.read(subject_text)
            subject = self._subject(reading, SUBJECT_KINDS)
            hits = self._good(reading, self.retriever.rank(reading, ("event",)))
            scores = {h.record_id: h for h in hits}
            ids = dict.fromkeys(e.id for e in self._events_for([m.record_id for m in subject]))
            ids.update(dict.fromkeys(scores))
            if not ids:
                return self._no_match("timeline", subject_text, reading)
            events = [self.facts.events[i] for i in ids]
            title = "Timeline: " + (self._subject_title(subject) if subject else subject_text)
        if dates is not None:
            events = [e for e in events if self._within(e, dates)]
            title += f", {dates.label()}"
        cites = Citations(self.facts)
        events.sort(key=lambda e: e.date.sort_key)
        full = len(events) <= 3  # a short list can afford the summaries
        items = [self._event_item(e, cites, full=full, hit=scores.get(e.id)) for e in events]
        if not items:
            return Answer(
                command="timeline",
                query=text,
                status=AnswerStatus.NO_MATCH,
                title=title,
                summary="No events on record for this, so there is nothing to cite.",
            )
        undated = sum(1 for e in events if e.date.start is None)
        summary = f"{len(items)} event(s)" + (
            f", {undated} with no known date (last)" if undated else ""
        )
        return Answer(
            command="timeline",
            query=text,
            title=title,
            summary=summary,
            sections=[Section(heading="Events", items=items)],
            citations=cites.citations,
        )

    def _events_for(self, subject_ids: list[str]) -> list[Event]:
        wanted: set[str] = set()
        for record_id in subject_ids:
            record = self.facts.get(record_id)
            match record:
                case Event():
                    wanted.add(record.id)
                case Claim() if record.about_event:
                    wanted.add(record.about_event)
                case Source():
                    wanted.update(self.links.events_from[record.id])
                case _ if record is not None:  # a place or actor, and everything under it
                    for member in self._family(record.id):
                        wanted.update(self.links.events_at.get(member, ()))
                        wanted.update(self.links.events_with.get(member, ()))
        # Most specific first: the strikes on Nangarhar before an operation across seven provinces.
        events = [self.facts.events[i] for i in wanted]
        return sorted(events, key=lambda e: (len(e.places) + len(e.actors), e.date.sort_key, e.id))

    def _event_item(
        self, event: Event, cites: Citations, *, full: bool = False, hit: Hit | None = None
    ) -> Item:
        """A timeline line: date, headline, places; `full` adds the summary."""
        places = ", ".join(self._name(p) for p in event.places)
        claimed = self._claimed_dates(event)
        # The other dates are facts of the answer: in its text, not only in the picture.
        others = "; ".join(c.by for c in claimed)
        date_dispute = f"The date is disputed: {others}" if claimed else ""
        text = ". ".join(
            part for part in (places, event.summary if full else "", date_dispute) if part
        )
        disputed = sorted(
            {d for c in self._claims_about_event(event.id) for d in self._disputes[c]}
        )
        return Item(
            id=event.id,
            kind="event",
            title=event.headline,
            text=text,
            date=event.date.start,
            end_date=event.date.end,
            date_display=event.date.display(),
            date_precision=event.date.precision.value,
            disputed_with=disputed,
            citations=cites.cite_all(event.quotes)
            + [cites.cite(self.facts.claims[c.claim_id].quote) for c in claimed],
            claimed_dates=claimed,
            **_ranking(hit),
        )

    def _within(self, event: Event, dates: DateRange) -> bool:
        """Whether the event falls in the range by its own date or by a date a disputing
        account gives (`timeline 21 feb` finds the strikes Umair Jamal dates to 21 February)."""
        spans = [(event.date.start, event.date.end)] + [
            (c.start, c.end) for c in self._claimed_dates(event)
        ]
        return any(start and dates.contains(start, end or start) for start, end in spans)

    def _claimed_dates(self, event: Event) -> list[ClaimedDate]:
        """The dates disputing claims give for an event, where they differ from its own."""
        found = []
        for claim_id in self._claims_about_event(event.id):
            claim = self.facts.claims.get(claim_id)
            date = claim.date if claim is not None else None
            if claim is None or date is None or date.start is None:
                continue
            if (date.start, date.end) == (event.date.start, event.date.end):
                continue
            source = self.facts.sources.get(claim.quote.source)
            who = (
                (source.label if source else claim.quote.source)
                if not claim.claimant
                else (self.claimant_label(claim))
            )
            worked_out = date.derivation is not DateDerivation.STATED
            found.append(
                ClaimedDate(
                    start=date.start,
                    end=date.end,
                    display=date.display(),
                    by=f"{who}'s account puts it on {date.display()}"
                    + (" (worked out from the articles' wording)" if worked_out else ""),
                    claim_id=claim.id,
                )
            )
        return found

    # --- claims --------------------------------------------------------------------------

    def claims(self, query: str = "") -> Answer:
        text, _ = clean_query(query)
        hits: dict[str, Hit] = {}
        if not text:
            claim_ids = [c for c in self.facts.claims if self._disputes[c]]
            title = "Open disputes"
        else:
            reading = self.retriever.read(text)
            if reading.empty:
                return self._usage("claims", f"Nothing to look up in {text!r}.", "claims")
            subject = self._subject(reading, SUBJECT_KINDS)
            ranked = self._good(reading, self.retriever.rank(reading, ("claim",)))
            hits = {h.record_id: h for h in ranked}
            named = self._claims_for([m.record_id for m in subject])
            # The named subject's claims lead, best-matching first; then what the words find.
            position = {claim_id: n for n, claim_id in enumerate(hits)}
            named.sort(key=lambda c: position.get(c, len(position)))
            claim_ids = list(dict.fromkeys([*named, *hits]))
            if not claim_ids:
                return self._no_match("claims", text, reading)
            title = f"Claims: {self._subject_title(subject) if subject else text}"
        cites = Citations(self.facts)
        total = len(self._with_disputes(claim_ids))
        if hits:  # ranked: the best first, and a bounded answer (a dispute counts whole)
            claim_ids = self._first(claim_ids, MAX_CLAIMS)
        sections, citations = in_reading_order(
            self._claim_sections(claim_ids, cites, hits), cites.citations
        )
        disputes = sum(1 for s in sections if s.disputed)
        shown = sum(len(s.items) for s in sections)
        summary = f"{shown} claim(s)" + (
            f", {disputes} dispute(s) shown side by side" if disputes else ""
        )
        if hits and shown > 1:
            summary += "; the most relevant first"
        if total > shown:
            summary += f". {total - shown} more match less well: ask more narrowly to see them"
        return Answer(
            command="claims",
            query=text,
            title=title,
            summary=summary,
            sections=sections,
            citations=citations,
        )

    def _claims_for(self, subject_ids: list[str]) -> list[str]:
        found: dict[str, None] = {}
        for record_id in subject_ids:
            record = self.facts.get(record_id)
            match record:
                case Claim():
                    found[record.id] = None
                case Event():
                    found.update(dict.fromkeys(self._claims_about_event(record.id)))
                case Source():
                    found.update(dict.fromkeys(self.links.claims_from[record.id]))
                case Actor():
                    for member in self._family(record.id):
                        found.update(dict.fromkeys(self.links.claims_by.get(member, ())))
                        found.update(dict.fromkeys(self.links.claims_about_actor.get(member, ())))
                case _ if record is not None:  # a place: claims about it and its events
                    for member in self._family(record.id):
                        found.update(dict.fromkeys(self.links.claims_about_place.get(member, ())))
                    for event in self._events_for([record.id]):
                        found.update(dict.fromkeys(self._claims_about_event(event.id)))
        return list(found)

    def _with_disputes(self, claim_ids: list[str]) -> dict[str, None]:
        """The claims and every claim they are disputed with, in order."""
        found: dict[str, None] = {}
        for claim_id in claim_ids:
            if claim_id not in found:
                found.update(dict.fromkeys(_component(self._disputes, claim_id)))
        return found

    def _first(self, claim_ids: list[str], limit: int) -> list[str]:
        """The leading claims, up to about `limit` once disputes are shown whole."""
        kept: list[str] = []
        shown: set[str] = set()
        for claim_id in claim_ids:
            if claim_id in shown:
                continue
            group = _component(self._disputes, claim_id)
            if kept and len(shown) + len(group) > limit:
                break
            kept.append(claim_id)
            shown.update(group)
        return kept

    def _claims_about_event(self, event_id: str) -> list[str]:
        return self.links.claims_about_event.get(event_id, [])

    def _claim_sections(
        self, claim_ids: list[str], cites: Citations, hits: dict[str, Hit] | None = None
    ) -> list[Section]:
        """Each dispute side by side (both sides, even if only one matched the query), the
        rest grouped by what it is about; disputes first, or in rank order when ranked."""
        placed: set[str] = set()
        disputes: list[Section] = []
        others: dict[str, list[Claim]] = defaultdict(list)
        for claim_id in claim_ids:
            if claim_id in placed:
                continue
            group = _component(self._disputes, claim_id)
            differing = _component(self._differs, claim_id) if len(group) == 1 else []
            if len(differing) > 1 and not placed & set(differing):
                claims = sorted((self.facts.claims[c] for c in differing), key=_claim_order)
                placed |= set(differing)
                items = self._claim_items(claims, cites, hits)
                disputes.append(differs_section(self._topic(claims), items))
            elif len(group) > 1:
                # Side by side, the claim that answers the question best first (a ranked
                # answer), else in a steady order; the heading is the same whoever asks.
                claims = _by_rank([self.facts.claims[c] for c in group], hits)
                steady = sorted(claims, key=_claim_order)
                placed |= set(group)
                disputes.append(
                    Section(
                        heading=f"Disputed: {_dispute_topic(steady)}{self._topic(steady)}",
                        items=[self._claim_item(c, cites, hits) for c in claims],
                        disputed=True,
                        note="These accounts contradict each other; each is attributed to who "
                        "says it.",
                    )
                )
            else:
                claim = self.facts.claims[claim_id]
                placed.add(claim_id)
                others[self._topic([claim])].append(claim)
        rest = [
            Section(
                heading=topic,
                items=[self._claim_item(c, cites, hits) for c in _by_rank(claims, hits)],
            )
            for topic, claims in others.items()
        ]
        if not hits:
            return disputes + rest
        # Ranked: each section where its best claim ranks, a dispute counting as one.
        rank = {claim_id: n for n, claim_id in enumerate(claim_ids)}
        return sorted(
            disputes + rest,
            key=lambda s: min(rank.get(item.id, len(rank)) for item in s.items),
        )

    def _topic(self, claims: list[Claim]) -> str:
        event_id = next((c.about_event for c in claims if c.about_event), None)
        if event_id and event_id in self.facts.events:
            return self.facts.events[event_id].headline
        actors = {a for c in claims for a in c.about_actors}
        return ", ".join(sorted(self._name(a) for a in actors)) or "Other"

    def _claim_items(
        self, claims: list[Claim], cites: Citations, hits: dict[str, Hit] | None = None
    ) -> list[Item]:
        return [self._claim_item(c, cites, hits) for c in claims]

    def _claim_item(
        self, claim: Claim, cites: Citations, hits: dict[str, Hit] | None = None
    ) -> Item:
        return Item(
            id=claim.id,
            kind="claim",
            title=self.claimant_label(claim),
            text=claim.statement,
            claimant=claim.claimant,
            figure=claim.figure.display() if claim.figure else None,
            disputed_with=sorted(self._disputes[claim.id]),
            differs_from=sorted(self._differs[claim.id]),
            citations=[cites.cite(claim.quote)],
            **_ranking((hits or {}).get(claim.id)),
        )

    def claimant_label(self, claim: Claim) -> str:
        """'ISPR (Pakistani military)' or, for an article's own reporting, its publisher."""
        if claim.claimant is None:
            source = self.facts.sources.get(claim.quote.source)
            label = source.label if source else claim.quote.source
            if claim.attribution is Attribution.UNNAMED_SOURCES:
                return f"Unnamed sources, via {label}"
            return source.own_voice_label if source else f"{label} (own reporting)"
        actor = self.facts.actors.get(claim.claimant)
        if actor is None:
            return claim.claimant
        parent = self.facts.actors.get(actor.parent) if actor.parent else None
        return f"{actor.name} ({parent.name})" if parent else actor.name

    # --- actor ---------------------------------------------------------------------------

    def actor(self, query: str = "") -> Answer:
        text, _ = clean_query(query)
        if not text:
            return self._usage("actor", "Name an actor, e.g. `actor TTP`.", "actor")
        reading = self.retriever.read(text)
        chosen = self._choose("actor", text, reading, ("actor",))
        if isinstance(chosen, Answer):
            return chosen
        actor_id, also = chosen
        actor = self.facts.actors[actor_id]
        cites = Citations(self.facts)
        about = [
            Item(
                id=actor.id,
                kind="actor",
                title=actor.name,
                text=actor.description,
                citations=cites.cite_all(actor.quotes[:3]),
            )
        ]
        sections = [Section(heading=f"{actor.name} ({actor.actor_kind.value})", items=about)]
        related = []
        if actor.parent and actor.parent in self.facts.actors:
            related.append(f"part of {self.facts.actors[actor.parent].name}")
        if children := self.links.children.get(actor.id):
            related.append("includes " + ", ".join(self._name(c) for c in children))
        names = alias_list(actor.aliases)
        if names or related:
            sections[0].note = "; ".join(
                part for part in (f"Also: {names}" if names else "", "; ".join(related)) if part
            )
        events = sorted(
            (self.facts.events[e] for e in self.links.events_with.get(actor.id, ())),
            key=lambda e: e.date.sort_key,
        )
        if events:
            sections.append(
                Section(heading="Events", items=[self._event_item(e, cites) for e in events])
            )
        said = self.links.claims_by.get(actor.id, [])
        if said:
            sections.append(
                Section(
                    heading="Says",
                    items=[
                        self._claim_item(self.facts.claims[c], cites)
                        for c in sorted(said, key=lambda c: _claim_order(self.facts.claims[c]))
                    ],
                )
            )
        told = [
            c
            for c in self.links.claims_about_actor.get(actor.id, ())
            if self.facts.claims[c].claimant != actor.id
        ]
        if told:
            sections.append(
                Section(
                    heading="Said about them",
                    items=[
                        self._claim_item(self.facts.claims[c], cites)
                        for c in sorted(told, key=lambda c: _claim_order(self.facts.claims[c]))
                    ],
                )
            )
        summary = f"{actor.actor_kind.value}; {len(events)} event(s), {len(said)} claim(s) made"
        summary += self._also_line("actor", also)
        return Answer(
            command="actor",
            query=text,
            title=actor.name,
            summary=summary,
            sections=sections,
            citations=cites.citations,
        )

    # --- source --------------------------------------------------------------------------

    def source(self, query: str = "") -> Answer:
        text, _ = clean_query(query)
        if not text:
            cites = Citations(self.facts)
            items = [self._source_item(s) for s in self.facts.sources.values()]
            return Answer(
                command="source",
                title="Sources",
                summary=f"{len(items)} article(s)",
                sections=[Section(heading="Articles", items=items)],
                citations=cites.citations,
            )
        reading = self.retriever.read(text)
        chosen = self._choose("source", text, reading, ("source",))
        if isinstance(chosen, Answer):
            return chosen
        source = self.facts.sources[chosen[0]]
        cites = Citations(self.facts)
        events = sorted(
            (self.facts.events[e] for e in self.links.events_from[source.id]),
            key=lambda e: e.date.sort_key,
        )
        claims = self.links.claims_from[source.id]
        actors = self.links.actors_from[source.id]
        sections = [Section(heading="The article", items=[self._source_item(source)])]
        if events:
            sections.append(
                Section(
                    heading="Events it reports", items=[self._event_item(e, cites) for e in events]
                )
            )
        summary = f"{len(events)} event(s), {len(claims)} claim(s), {len(actors)} actor(s) from it"
        return Answer(
            command="source",
            query=text,
            title=source.label,
            summary=summary,
            sections=sections,
            citations=cites.citations,
        )

    def _source_item(self, source: Source) -> Item:
        lines = [
            f"Publisher: {source.publisher or 'unknown'}",
            f"Author: {source.author or 'unknown'}",
            f"Published: {source.published.isoformat() if source.published else 'unknown'}",
            f"File: {source.file}",
            source.notes,
        ]
        return Item(
            id=source.id,
            kind="source",
            title=source.label,
            text="\n".join(lines),
            date=source.published,
        )

    # --- search and help -----------------------------------------------------------------

    def search(self, query: str = "") -> Answer:
        text, _ = clean_query(query)
        if not text:
            return self._usage(
                "search", "Search for a name, place or topic, e.g. `search drones`.", "search"
            )
        reading = self.retriever.read(text)
        subject = self._subject(reading, ALL_KINDS)
        hits = {
            h.record_id: h for h in self._good(reading, self.retriever.rank(reading, ALL_KINDS))
        }
        ids = list(dict.fromkeys([*(m.record_id for m in subject), *hits]))[:MAX_SEARCH_ITEMS]
        if not ids:
            return self._no_match("search", text, reading)
        cites = Citations(self.facts)
        items = []
        for record_id in ids:
            record = self.facts.get(record_id)
            if record is not None:
                items.append(self._search_item(record, cites, hits.get(record_id)))
        more = len(hits) + len(subject) - len(ids)
        return Answer(
            command="search",
            query=text,
            title=f"Search: {text}",
            summary=f"{len(items)} record(s), the most relevant first"
            + (f"; {more} more match less well" if more > 0 else ""),
            sections=[Section(heading="Matches", items=items)],
            citations=cites.citations,
        )

    def _search_item(self, record: AnyRecord, cites: Citations, hit: Hit | None) -> Item:
        match record:
            case Event():
                return self._event_item(record, cites, full=True, hit=hit)
            case Claim():
                return self._claim_item(record, cites, {record.id: hit} if hit else None)
            case Source():
                return self._source_item(record)
        assert not isinstance(record, (Event, Claim, Source))
        return Item(
            id=record.id,
            kind=record.kind,
            title=record.label,
            text=record.description if isinstance(record, Actor) else record.place_kind.value,
            citations=cites.cite_all([q.quote for q in record.quoted()[:1]]),
            **_ranking(hit),
        )

    def help(self, unknown: str | None = None) -> Answer:
        items = [
            Item(id=name, kind="command", title=name, text=text) for name, text in COMMANDS.items()
        ]
        summary = "Short, attributed answers from the facts store. Every answer cites its article."
        suggestions: list[str] = []
        status = AnswerStatus.OK
        if unknown is not None:
            close = process.extract(unknown, list(COMMANDS), limit=2, score_cutoff=50)
            suggestions = [name for name, _, _ in close]
            summary = f"There is no command `{unknown}`." + (
                f" Did you mean {' or '.join(f'`{s}`' for s in suggestions)}?"
                if suggestions
                else ""
            )
            status = AnswerStatus.USAGE
        return Answer(
            command="help",
            query=unknown or "",
            status=status,
            title="Commands",
            summary=summary,
            sections=[Section(heading="Commands", items=items)],
            suggestions=suggestions,
        )

    # --- shared --------------------------------------------------------------------------

    def _subject(self, reading: Reading, kinds: tuple[str, ...]) -> list[Match]:
        """The records the query names outright (a name, alias, id or shared keyword, or a
        clear fuzzy winner): their structured answer leads. [] when it names none."""
        content = reading.question.content
        if not content:
            return []
        resolution = self._in_snapshot(self.index.resolve(content, kinds=kinds))
        best = resolution.best  # a keyword several records share is a topic: ranked, not named
        if resolution.status is Status.MATCH and best is not None:
            # A name, an alias or an id; a keyword ("buffer zone") is a topic, found by rank.
            if best.name_kind is NameKind.ID and best.score >= 100:
                return resolution.matches
            if best.name_kind in (NameKind.NAME, NameKind.ALIAS) and best.score >= SUBJECT_SCORE:
                return resolution.matches
        return []

    def _good(self, reading: Reading, hits: list[Hit]) -> list[Hit]:
        """The hits that answer the question: those accounting for about as much of it as the
        best one does. None when the question is mostly words the store does not hold: never
        a weak random match."""
        if not reading.known:
            return []
        best = max((h.coverage for h in hits), default=0.0)
        floor = max(GOOD_COVERAGE, best - NEAR_COVERAGE)
        return [h for h in hits if h.coverage >= floor]

    def _choose(
        self, command: str, text: str, reading: Reading, kinds: tuple[str, ...]
    ) -> tuple[str, list[str]] | Answer:
        """The one record a command about a single thing (`actor`, `source`) answers, with
        runners-up; or the answer that says why there is none. Asks back only when a weak
        name fits several records and nothing else decides."""
        resolution = self._in_snapshot(
            self.index.resolve(reading.question.content or text, kinds=kinds)
        )
        if resolution.status is Status.EMPTY:
            return self._usage(command, f"Nothing to look up in {text!r}.", command)
        exact = resolution.best is not None and resolution.best.score >= 100
        if not reading.known and not exact:  # "imran khan": one word of two is not enough
            return self._no_match(command, text, reading)
        near_title = reading.question.asks_for_person and not exact  # "DG ISPR": ranked
        if resolution.status in (Status.MATCH, Status.TOPIC) and not near_title:
            best = resolution.matches[0]
            close = [*resolution.matches[1:], *resolution.candidates]
            also = [m.record_id for m in close if m.score >= ALSO_SCORE]
            if best.score < 100:  # a near name: what else the words describe is worth a line
                ranked = self._good(reading, self.retriever.rank(reading, kinds))
                floor = ranked[0].score * ALSO_SHARE if ranked else 0.0
                also += [h.record_id for h in ranked if h.score >= floor]
            return best.record_id, [a for a in dict.fromkeys(also) if a != best.record_id]
        ranked = self._good(reading, self.retriever.rank(reading, kinds))
        candidates = list(dict.fromkeys(c.record_id for c in resolution.candidates))
        weak_name = resolution.status is Status.AMBIGUOUS and all(
            c.score >= 100 for c in resolution.candidates
        )
        if weak_name and len(candidates) == 1:  # "Afghanistan": one record has that name
            return candidates[0], [h.record_id for h in ranked if h.record_id != candidates[0]]
        if weak_name:
            clear = bool(ranked) and (len(ranked) == 1 or ranked[0].score >= 2 * ranked[1].score)
            if not clear:
                return self._ask(command, text, resolution)
        if ranked:
            best_hit = ranked[0]
            also = [h.record_id for h in ranked[1:] if h.score >= best_hit.score * ALSO_SHARE]
            return best_hit.record_id, also + [c for c in candidates if c != best_hit.record_id]
        if len(candidates) == 1:
            return candidates[0], []
        if candidates:
            return self._ask(command, text, resolution)
        return self._no_match(command, text, reading)

    def _in_snapshot(self, resolution: Resolution) -> Resolution:
        """The index is shared with newer Briefings: keep what this snapshot holds."""
        held = self.facts.get
        matches = [m for m in resolution.matches if held(m.record_id) is not None]
        candidates = [m for m in resolution.candidates if held(m.record_id) is not None]
        if len(matches) == len(resolution.matches) and len(candidates) == len(
            resolution.candidates
        ):
            return resolution
        status = (
            resolution.status if matches or resolution.status is not Status.MATCH else (Status.NONE)
        )
        return resolution.model_copy(
            update={"matches": matches, "candidates": candidates, "status": status}
        )

    def _ask(self, command: str, text: str, resolution: Resolution) -> Answer:
        options = unique_records(resolution.candidates)[:MAX_SUGGESTIONS]
        kinds = ", ".join(f"{c.label} ({c.kind})" for c in options)
        return Answer(
            command=command,
            query=text,
            status=AnswerStatus.AMBIGUOUS,
            title=f"Which one do you mean by {text!r}?",
            summary=f"It could be: {kinds}.",
            suggestions=[f"{command} {_name_for_command(c)}" for c in options],
        )

    def _also_line(self, command: str, also: list[str]) -> str:
        names = [self._name(a) for a in dict.fromkeys(also) if self.facts.get(a)][:MAX_ALSO]
        return ("\nAlso: " + "; ".join(names)) if names else ""

    def _no_match(self, command: str, text: str, reading: Reading | None = None) -> Answer:
        """Nothing of the kind asked for matches. Cites nothing; suggests what is related to
        the words typed (a record of another kind they name, close names), never a fixed list."""
        reading = reading or self.retriever.read(text)
        elsewhere = self.index.resolve(reading.question.content or text)
        suggestions: list[str] = []
        summary = "Nothing in the facts store matches that, so there is nothing to cite."
        if reading.unknown:
            missing = ", ".join(f"'{w}'" for w in reading.unknown)
            summary = f"Nothing in the facts store mentions {missing}, so there is nothing to cite."
        if elsewhere.status is Status.MATCH and elsewhere.best is not None:
            found = elsewhere.best
            if found.kind not in KINDS_ASKED.get(command, ALL_KINDS):
                summary = (
                    f"{found.label} is {article(found.kind)} in the facts store, not what "
                    f"`{command}` looks up."
                )
                commands = FOLLOW_UPS.get(found.kind, ("search",))
                suggestions = [f"{c} {_name_for_command(found)}" for c in commands if c != command]
        if not suggestions:
            close = [*elsewhere.matches, *elsewhere.candidates]
            suggestions = [
                f"{FOLLOW_UPS.get(m.kind, ('search',))[0]} {_name_for_command(m)}"
                for m in unique_records(close)[:3]
                if m.kind != "claim"
            ]
        known = [w for w in reading.question.words if w in reading.groups]
        if known and reading.unknown and command != "search":
            suggestions.append(f"search {' '.join(known)}")
        if not suggestions:
            summary += " Try a name, place or topic from the articles, or `help`."
        return Answer(
            command=command,
            query=text,
            status=AnswerStatus.NO_MATCH,
            title=f"No match for {text!r}",
            summary=summary,
            suggestions=list(dict.fromkeys(suggestions)),
        )

    def _usage(self, command: str, message: str, name: str) -> Answer:
        """What is missing, and the command's example once: the message's own, or the first
        one `help` gives (not the whole help line after a message that has one)."""
        examples = re.findall(r"`[^`]+`", COMMANDS.get(name, ""))
        if "`" not in message and examples:
            shown = next((e for e in examples if " " in e), examples[0])  # one with a subject
            message = f"{message.rstrip('.')}, e.g. {shown}."
        return Answer(
            command=command, status=AnswerStatus.USAGE, title=f"`{name}`", summary=message
        )

    def _family(self, record_id: str) -> set[str]:
        """A record and everything under it: Khyber Pakhtunkhwa includes Bannu, the Pakistani
        military includes ISPR."""
        family, todo = set(), [record_id]
        while todo:
            current = todo.pop()
            if current not in family:
                family.add(current)
                todo.extend(self.links.children.get(current, ()))
        return family

    def _name(self, record_id: str) -> str:
        record = self.facts.get(record_id)
        return record.label if record is not None else record_id

    def _subject_title(self, matches: list[Match]) -> str:
        if len(matches) == 1:
            return matches[0].label
        return f"{matches[0].via} ({len(matches)} records)"


# --- helpers -------------------------------------------------------------------------------


def _component(graph: ClaimGraph, start: str) -> list[str]:
    seen, todo = [start], [start]
    while todo:
        for other in sorted(graph[todo.pop()]):
            if other not in seen:
                seen.append(other)
                todo.append(other)
    return seen


def _dispute_topic(claims: list[Claim]) -> str:
    """What a dispute is about, the same whichever claim a question found first: the figure's
    topic when every side gives a figure ('Taliban fighters killed — '), else a keyword all
    sides share, else the first side's keyword, else nothing. Never one side's figure over
    sides that give none: that would frame the dispute in that side's terms."""
    figures = [c.figure for c in claims if c.figure]
    if figures and len(figures) == len(claims):
        topics = {f.topic for f in figures}
        if len(topics) == 1:
            return f"{topics.pop()} — "
        # The sides count differently ("Taliban regime personnel" / "Taliban fighters"):
        # one side's words would head the others', so the heading names what is counted.
        measures = {f.measure for f in figures}
        return f"how many {measures.pop()} — " if len(measures) == 1 else "figures — "
    shared = set.intersection(*(set(c.keywords) for c in claims)) if claims else set()
    keyword = min(shared) if shared else next((c.keywords[0] for c in claims if c.keywords), "")
    return f"{keyword} — " if keyword else ""


def _claim_order(claim: Claim) -> tuple[str, str, str]:
    return (claim.about_event or "", claim.claimant or "~", claim.id)


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


def _ranking(hit: Hit | None) -> dict[str, object]:
    """An item's score and matched words, for `ask --json` (nothing when it was not ranked)."""
    return {"score": hit.score, "matched": list(hit.matched)} if hit else {}


def _by_rank(claims: list[Claim], hits: dict[str, Hit] | None) -> list[Claim]:
    scores = {k: h.score for k, h in (hits or {}).items()}
    return sorted(claims, key=lambda c: (-scores.get(c.id, 0.0), _claim_order(c)))


def _name_for_command(match: Match) -> str:
    """How a suggestion names a record: by its name or headline, never by its slug."""
    return match.label
