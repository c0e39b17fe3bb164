"""`actor`: who they are, their other names, what they took part in, said, and had said
about them."""

from __future__ import annotations

import re

from facts.answers import Answer, AnswerStatus, Citations, Item, Section
from facts.briefing.choosing import also_line, choose, good, subject
from facts.briefing.help import usage
from facts.briefing.items import claim_item, claim_order, event_item, read_ahead
from facts.briefing.search import search
from facts.briefing.snapshot import Snapshot
from facts.briefing.timeline import latest_of
from facts.links import claim_keys
from facts.models import Actor, ActorKind, ActorRole, Event, Source
from facts.retrieval import Reading
from facts.search import clean_query, fold
from facts.wording import alias_list

# "Who summoned the Afghan deputy head of mission": who did it to someone, not who they are.
_WHO_DID = re.compile(r"who (?!(?:is|are|was|were|s)\b)(?P<verb>\w+) (?P<whom>.+)")
# The roles of an event's actors that do it to its target.
AGENT_ROLES = (
    ActorRole.ATTACKER,
    ActorRole.CLAIMED_RESPONSIBILITY,
    ActorRole.ANNOUNCER,
    ActorRole.REACTOR,
)
# At a place, only who did the deed: an event there that an institute announced (its report
# of "699 attacks") names no attacker, and its announcer did not attack anyone.
PLACE_AGENT_ROLES = (ActorRole.ATTACKER, ActorRole.CLAIMED_RESPONSIBILITY)
EVENTS_JUDGED = 5  # the best-ranked events read for their actors' roles
PER_SECTION = 25  # events, claims made, claims about them: the latest this many each
WRITTEN_READ = 200  # an article's claims read for its author's own voice, at most


def actor(snap: Snapshot, query: str = "") -> Answer:
    text, _ = clean_query(query)
    if not text:
        return usage("actor", "Name an actor, e.g. `actor TTP`.", "actor")
    reading = snap.retriever.read(text)
    chosen = _agent(snap, text, reading) or choose(snap, "actor", text, reading, ("actor",))
    if isinstance(chosen, Answer):
        # "Who attacked Bannu", and no event on record names who did: the actors its words
        # happen to share are no answer to ask between; what the store says of it is.
        asked_who_did = _WHO_DID.fullmatch(" ".join(text.casefold().split())) is not None
        if asked_who_did and chosen.status in (AnswerStatus.AMBIGUOUS, AnswerStatus.NO_MATCH):
            return search(snap, text)
        return chosen
    actor_id, also = chosen
    facts, links = snap.facts, snap.links
    found = facts.actors[actor_id]
    cites = Citations(facts)
    about = [
        Item(
            id=found.id,
            kind="actor",
            title=found.name,
            text=found.description,
            citations=cites.cite_all(found.quotes[:3]),
        )
    ]
    sections = [Section(heading=f"{found.name} ({found.actor_kind.value})", items=about)]
    related = []
    if found.parent and found.parent in facts.actors:
        related.append(f"part of {facts.actors[found.parent].name}")
    if children := links.children.get(found.id):
        related.append("includes " + ", ".join(snap.name(c) for c in children))
    names = alias_list(found.aliases)
    if names or related:
        sections[0].note = "; ".join(
            part for part in (f"Also: {names}" if names else "", "; ".join(related)) if part
        )
    # Each list the latest PER_SECTION (a body a year of reporting names took part in and
    # said thousands), how many there are, and the command that shows the others.
    dated, undated = snap.events.in_order(links.events_with.get(found.id, ()))
    took_part = len(dated) + len(undated)
    shown_events = latest_of(dated, undated, PER_SECTION)
    read = facts.many(shown_events)
    events = sorted(
        (e for i in shown_events if isinstance(e := read.get(i), Event)),
        key=lambda e: e.date.sort_key,
    )
    if events:
        sections.append(
            Section(
                heading="Events",
                items=[event_item(snap, e, cites) for e in events],
                note=_more(len(events), took_part, f"timeline {found.name}"),
            )
        )

    def claim_section(heading: str, ids: list[str]) -> None:
        latest = ids[-PER_SECTION:]  # the store's order: the last written last
        read_ahead(snap, latest)
        ordered = sorted(latest, key=lambda c: claim_order(facts.claims[c]))
        items = [claim_item(snap, facts.claims[c], cites) for c in ordered]
        note = _more(len(items), len(ids), f"claims {found.name}")
        sections.append(Section(heading=heading, items=items, note=note))

    said = list(links.claims_by.get(found.id, []))
    if said:
        claim_section("Says", said)
    written, capped = _written(snap, found)
    if written:  # an author's, an outlet's own words: under the article, not a claimant
        claim_section("Writes, in their own articles", written)
    mentioned = list(links.claims_about_actor.get(found.id, ()))
    by = claim_keys(links.reads, "claims_by", mentioned)  # who makes each: no claim is read
    told = [c for c in mentioned if by.get(c) != found.id]
    if told:
        claim_section("Said about them", told)
    summary = f"{found.actor_kind.value}; {took_part} event(s), {len(said)} claim(s) made"
    if reading.question.asks_for_person and found.actor_kind is not ActorKind.PERSON:
        # "The ttp chief": no holder of the office is on record, the body it is of is.
        summary = (
            f"No one in the store is named as the {reading.question.content}: this is"
            f" {found.name}. {summary}"
        )
    summary += _in_their_voice(len(written), capped) + also_line(snap, also)
    return Answer(
        command="actor",
        query=text,
        title=found.name,
        summary=summary,
        sections=sections,
        citations=cites.citations,
    )


def _written(snap: Snapshot, found: Actor) -> tuple[list[str], bool]:
    """What an actor says in the articles under its name (Umair Jamal's article, Al
    Jazeera's reporting): their claims in the article's own voice, which no claimant makes;
    and whether only the latest articles were read."""
    articles = [
        e.record_id
        for e in snap.index.named(fold(found.name))
        if e.kind == "source"
        and isinstance(source := snap.facts.get(e.record_id), Source)
        and found.name in (source.author, source.publisher)
    ]
    # Bounded: an outlet of a year's reporting has thousands of articles; the latest are read.
    everyone = list(dict.fromkeys(articles))
    kept = everyone[-PER_SECTION:]
    read = snap.links.claims_from.get_many(kept, WRITTEN_READ)
    claims = [c for a in kept for c in read.get(a, ())]
    by = claim_keys(snap.links.reads, "claims_by", claims)
    capped = len(everyone) > len(kept) or any(len(ids) >= WRITTEN_READ for ids in read.values())
    return [c for c in claims if not by.get(c)], capped


def _in_their_voice(count: int, capped: bool) -> str:
    if not count:
        return ""
    latest = " (of the latest of them)" if capped else ""
    return f", {count} in their own voice in the articles under their name{latest}"


def _more(shown: int, held: int, command: str) -> str | None:
    """What a bounded list says of the rest."""
    if held <= shown:
        return None
    return f"The latest {shown} of {held:,}: `{command}` shows the others."


def _agent(snap: Snapshot, text: str, reading: Reading) -> tuple[str, list[str]] | None:
    """For "who <did something to> X", X an actor or a place: who did it, the actor of the
    best event that says the verb in which X is the target, or which happened at X (an
    actor X as a runner-up). None for any other question, or when no such event names one."""
    asked = _WHO_DID.fullmatch(" ".join(text.casefold().split()))
    if asked is None:
        return None
    named = subject(snap, snap.retriever.read(asked["whom"]), ("actor", "place"))
    if len(named) != 1:
        return None
    whom, at_place = named[0].record_id, named[0].kind == "place"
    hits = good(reading, snap.retriever.rank(reading, ("event",)))[:EVENTS_JUDGED]
    events = snap.facts.many(h.record_id for h in hits if asked["verb"] in h.matched)
    for event in events.values():
        if not isinstance(event, Event):
            continue
        targeted = any(a.actor == whom and a.role is ActorRole.TARGET for a in event.actors)
        if not (whom in event.places if at_place else targeted):
            continue
        for role in PLACE_AGENT_ROLES if at_place else AGENT_ROLES:
            agents = [a.actor for a in event.actors if a.role is role and a.actor != whom]
            if agents and agents[0] in snap.facts.actors:
                return agents[0], [] if at_place else [whom]
    return None
