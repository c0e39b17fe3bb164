"""The questions the bot answers: timeline, claims, actor, source, search, help.

Each returns an `Answer` (sections of items plus citations), never a string, so Discord and the
terminal show the same thing. A `Briefing` wraps one snapshot of the facts and its search index;
the live store makes a new one when the facts change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz import process

from facts.answers import Answer, AnswerStatus, Citations, Item, Section
from facts.dataset import FactSet, article
from facts.links import Links
from facts.models import Actor, AnyRecord, Attribution, Claim, Event, Source
from facts.periods import parse_date_range
from facts.search import Match, Resolution, SearchIndex, Status, clean_query, record_label

# What `timeline` and `claims` accept as their subject (claims are what they list, not a subject).
SUBJECT_KINDS = ("actor", "place", "event", "source")
MAX_SUGGESTIONS = 5

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

    def __init__(self, facts: FactSet, index: SearchIndex | None = None) -> None:
        self.facts = facts
        self.index = index or SearchIndex.build(facts)
        self.links = Links.build(facts)
        self._disputes = _dispute_graph(facts.claims.values())

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
        handler = handlers.get(command.casefold())
        if handler is None:
            return self.help(unknown=command)
        return handler(query)

    # --- timeline ------------------------------------------------------------------------

    def timeline(self, query: str = "") -> Answer:
        text, _ = clean_query(query)
        date_range = parse_date_range(text)
        events = list(self.facts.events.values())
        title = "Timeline"
        if date_range is not None:
            start, end = date_range
            events = [e for e in events if _overlaps(e, start, end)]
            title = f"Timeline, {start.isoformat()} to {end.isoformat()}"
        elif text:
            resolution = self.index.resolve(text, kinds=SUBJECT_KINDS)
            if (answer := self._unresolved("timeline", text, resolution)) is not None:
                return answer
            subject_ids = [m.record_id for m in resolution.matches]
            events = self._events_for(subject_ids)
            title = f"Timeline: {self._subject_title(resolution.matches)}"
        cites = Citations(self.facts)
        events.sort(key=lambda e: e.date.sort_key)
        full = len(events) <= 3  # a short list can afford the summaries
        items = [self._event_item(e, cites, full=full) for e in events]
        if not items:
            return Answer(
                command="timeline",
                query=text,
                title=title,
                summary="No events on record for this.",
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

    def _event_item(self, event: Event, cites: Citations, *, full: bool = False) -> Item:
        """A timeline line: date, headline, places; `full` adds the summary."""
        places = ", ".join(self._name(p) for p in event.places)
        text = ". ".join(part for part in (places, event.summary if full else "") if part)
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
            citations=cites.cite_all(event.quotes),
        )

    # --- claims --------------------------------------------------------------------------

    def claims(self, query: str = "") -> Answer:
        text, _ = clean_query(query)
        if not text:
            claim_ids = [c for c in self.facts.claims if self._disputes[c]]
            title = "Open disputes"
        else:
            resolution = self.index.resolve(text, kinds=SUBJECT_KINDS)
            if (answer := self._unresolved("claims", text, resolution)) is not None:
                return answer
            claim_ids = self._claims_for([m.record_id for m in resolution.matches])
            title = f"Claims: {self._subject_title(resolution.matches)}"
        if not claim_ids:
            return Answer(
                command="claims",
                query=text,
                title=title,
                summary="No claims on record for this.",
            )
        cites = Citations(self.facts)
        sections = self._claim_sections(claim_ids, cites)
        disputes = sum(1 for s in sections if s.disputed)
        shown = sum(len(s.items) for s in sections)
        summary = f"{shown} claim(s)" + (
            f", {disputes} dispute(s) shown side by side" if disputes else ""
        )
        return Answer(
            command="claims",
            query=text,
            title=title,
            summary=summary,
            sections=sections,
            citations=cites.citations,
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
                case _ if record is not None:  # a place: claims about its events
                    for event in self._events_for([record.id]):
                        found.update(dict.fromkeys(self._claims_about_event(event.id)))
        return list(found)

    def _claims_about_event(self, event_id: str) -> list[str]:
        return self.links.claims_about_event.get(event_id, [])

    def _claim_sections(self, claim_ids: Iterable[str], cites: Citations) -> list[Section]:
        """Disputes first, each group side by side (both sides, even if only one matched the
        query), then everything else grouped by what it is about."""
        placed: set[str] = set()
        disputes: list[Section] = []
        others: dict[str, list[Claim]] = defaultdict(list)
        for claim_id in claim_ids:
            if claim_id in placed:
                continue
            group = _component(self._disputes, claim_id)
            if len(group) > 1:
                claims = sorted((self.facts.claims[c] for c in group), key=_claim_order)
                # Named after the claim that brought the group in: what the user asked about.
                first = [self.facts.claims[claim_id], *claims]
                placed |= set(group)
                disputes.append(
                    Section(
                        heading=f"Disputed: {_figure_topic(first)}{self._topic(first)}",
                        items=[self._claim_item(c, cites) for c in claims],
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
                items=[self._claim_item(c, cites) for c in sorted(claims, key=_claim_order)],
            )
            for topic, claims in others.items()
        ]
        return disputes + rest

    def _topic(self, claims: list[Claim]) -> str:
        event_id = next((c.about_event for c in claims if c.about_event), None)
        if event_id and event_id in self.facts.events:
            return self.facts.events[event_id].headline
        actors = {a for c in claims for a in c.about_actors}
        return ", ".join(sorted(self._name(a) for a in actors)) or "Other"

    def _claim_item(self, claim: Claim, cites: Citations) -> Item:
        return Item(
            id=claim.id,
            kind="claim",
            title=self.claimant_label(claim),
            text=claim.statement,
            claimant=claim.claimant,
            figure=claim.figure.display() if claim.figure else None,
            disputed_with=sorted(self._disputes[claim.id]),
            citations=[cites.cite(claim.quote)],
        )

    def claimant_label(self, claim: Claim) -> str:
        """'ISPR (Pakistani military)' or, for an article's own reporting, its publisher."""
        if claim.claimant is None:
            source = self.facts.sources.get(claim.quote.source)
            label = source.label if source else claim.quote.source
            if claim.attribution is Attribution.UNNAMED_SOURCES:
                return f"Unnamed sources, via {label}"
            return f"{label} (own reporting)"
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
        resolution = self.index.resolve(text, kinds=("actor",))
        if (answer := self._unresolved("actor", text, resolution)) is not None:
            return answer
        actor = self.facts.actors[resolution.matches[0].record_id]
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
        names = ", ".join(f"{a.name} ({a.kind.value})" for a in actor.aliases)
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
        resolution = self.index.resolve(text, kinds=("source",))
        if (answer := self._unresolved("source", text, resolution)) is not None:
            return answer
        source = self.facts.sources[resolution.matches[0].record_id]
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
        resolution = self.index.resolve(text)
        matches = [*resolution.matches, *resolution.candidates]
        if not matches:
            return self._no_match("search", text)
        cites = Citations(self.facts)
        items = []
        for match in matches:
            record = self.facts.get(match.record_id)
            if record is not None:
                items.append(self._search_item(record, match, cites))
        return Answer(
            command="search",
            query=text,
            title=f"Search: {text}",
            summary=f"{len(items)} record(s)",
            sections=[Section(heading="Matches", items=items)],
            citations=cites.citations,
        )

    def _search_item(self, record: AnyRecord, match: Match, cites: Citations) -> Item:
        match record:
            case Event():
                return self._event_item(record, cites, full=True)
            case Claim():
                return self._claim_item(record, cites)
            case Source():
                return self._source_item(record)
        assert not isinstance(record, (Event, Claim, Source))
        quotes = record.quotes[:1] if isinstance(record, Actor) else []
        return Item(
            id=record.id,
            kind=record.kind,
            title=record.name,
            text=getattr(record, "description", "") or f"{record.kind}: {match.via}",
            citations=cites.cite_all(quotes),
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

    def _unresolved(self, command: str, text: str, resolution: Resolution) -> Answer | None:
        """The answer when a query does not name one thing (or one topic); None when it does."""
        if resolution.status in (Status.MATCH, Status.TOPIC):
            return None
        if resolution.status is Status.EMPTY:
            return self._usage(
                command, f"Nothing to look up in {text!r}: give a name or a topic.", command
            )
        if resolution.status is Status.AMBIGUOUS:
            options = [
                f"{command} {c.label if c.kind != 'event' else c.record_id}"
                for c in resolution.candidates[:MAX_SUGGESTIONS]
            ]
            kinds = ", ".join(
                f"{c.label} ({c.kind})" for c in resolution.candidates[:MAX_SUGGESTIONS]
            )
            return Answer(
                command=command,
                query=text,
                status=AnswerStatus.AMBIGUOUS,
                title=f"Which one do you mean by {text!r}?",
                summary=f"It could be: {kinds}.",
                suggestions=options,
            )
        return self._no_match(command, text)

    def _no_match(self, command: str, text: str) -> Answer:
        """Nothing of the kind asked for. If the words name something of another kind
        (`actor nangarhar`: a place), say so and point at the commands that answer it."""
        elsewhere = self.index.resolve(text)
        if elsewhere.status is Status.MATCH and elsewhere.best is not None:
            found = elsewhere.best
            commands = FOLLOW_UPS.get(found.kind, ("search",))
            name = found.label if found.kind in ("actor", "place", "source") else found.record_id
            return Answer(
                command=command,
                query=text,
                status=AnswerStatus.NO_MATCH,
                title=f"No {command} matches {text!r}",
                summary=f"{found.label} is {article(found.kind)} in the facts store, not what "
                f"`{command}` looks up.",
                suggestions=[f"{c} {name}" for c in commands if c != command],
            )
        kinds = KINDS_ASKED.get(command, ("actor", "place"))
        examples = [
            record_label(record)
            for kind in kinds
            for record in list(self.facts.table(kind).values())[:3]
        ]
        return Answer(
            command=command,
            query=text,
            status=AnswerStatus.NO_MATCH,
            title=f"No match for {text!r}",
            summary="Nothing in the facts store matches that, so there is nothing to cite. "
            "Try a name, place or topic from the articles, or `search`.",
            suggestions=[f"{command} {e}" for e in examples],
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
        return record_label(record) if record is not None else record_id

    def _subject_title(self, matches: list[Match]) -> str:
        if len(matches) == 1:
            return matches[0].label
        return f"{matches[0].via} ({len(matches)} records)"


# --- helpers -------------------------------------------------------------------------------


def _dispute_graph(claims: Iterable[Claim]) -> dict[str, set[str]]:
    """`disputes` made symmetric: a link on either claim counts for both."""
    graph: dict[str, set[str]] = defaultdict(set)
    known = {c.id for c in claims}
    for claim in claims:
        graph[claim.id]
        for other in claim.disputes:
            if other in known:
                graph[claim.id].add(other)
                graph[other].add(claim.id)
    return graph


def _component(graph: dict[str, set[str]], start: str) -> list[str]:
    seen, todo = [start], [start]
    while todo:
        for other in sorted(graph.get(todo.pop(), ())):
            if other not in seen:
                seen.append(other)
                todo.append(other)
    return seen


def _figure_topic(claims: list[Claim]) -> str:
    """What a dispute is about: 'Taliban fighters killed — ' for figures, else the first
    claim's first keyword ('date — ', 'civilians — '), else nothing."""
    figure = next((c.figure for c in claims if c.figure), None)
    if figure:
        return f"{figure.unit} {figure.measure} — "
    keyword = next((c.keywords[0] for c in claims if c.keywords), None)
    return f"{keyword} — " if keyword else ""


def _claim_order(claim: Claim) -> tuple[str, str, str]:
    return (claim.about_event or "", claim.claimant or "~", claim.id)


def _overlaps(event: Event, start: dt.date, end: dt.date) -> bool:
    if event.date.start is None:
        return False
    return event.date.start <= end and (event.date.end or event.date.start) >= start
