"""The world's reactions ("international reaction", "what did the world say", "which countries
called for restraint"): what those outside the conflict said, each attributed.

The store marks who reacts in an event, not who the conflict's parties are. They are read from
the story itself: who attacks or is attacked in its latest events, who announces those events,
and the bodies they belong to, in the one fight most of those events are part of. A reacting
body that is none of them, and belongs to none, is a third party (the EU, the UN and its
mission, Russia, China, the U.S. State Department, India): its reactions answer. The Afghan
defence ministry, under the Afghan Taliban, is a party's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from facts.briefing.snapshot import Snapshot
from facts.models import ActorRole, Claim, Event
from facts.questions import WORLD_WORDS
from facts.retrieval import Hit, Reading

REACTIONS_TITLE = "Claims: reactions from outside the conflict"
# Whose reactions they are, said after them in every answer that shows them.
_OUTSIDE = (
    "of those who neither attack nor are attacked in the story's latest events, nor announce"
    " them, each attributed"
)
STORY_EVENTS = 40  # the story's latest events, whose sides are the conflict's parties
REACTION = "reaction"  # the articles' keyword for a reaction, on each reaction event
_SIDES = frozenset({ActorRole.ATTACKER, ActorRole.TARGET})
# The words that ask for the world's reaction; the reactions are found by the rest.
_ASKING = frozenset({"reaction", "reactions", "react", "reacted", "reacts", "response"})


@dataclass(frozen=True)
class Reactions:
    """Third parties' reactions that answer a question, and what the question asked of them
    that none of them is about ("world reaction to the bannu bombing": the store holds none
    to it; the reactions it holds are shown, and the answer says so). Empty `hits`: the
    question asks no world's reaction."""

    hits: list[Hit] = field(default_factory=list)
    unmatched: str = ""

    def note(self) -> str:
        if not self.unmatched:
            return f". Reactions {_OUTSIDE}"
        return (
            f". No reaction on record is about '{self.unmatched}': these are the reactions the"
            f" store holds, {_OUTSIDE}"
        )


def third_party_reactions(snap: Snapshot, reading: Reading) -> Reactions:
    """The claims of third parties' reactions, best first: those whose event is a reaction
    by a third party, and that third party makes or is told of. None unless the question
    asks the world's reaction, and names no one whose account it asks."""
    question = reading.question
    if not question.asks_world or question.speakers:
        return Reactions()
    events, unmatched = _reaction_events(snap, reading)
    if not events:
        return Reactions()
    parties = _parties(snap)
    reactors = {a.actor for e in events for a in e.actors if a.role is ActorRole.REACTOR}
    lineage = snap.lineages(reactors)
    outside = {r: lineage[r] for r in reactors if parties.isdisjoint(lineage[r])}
    found: dict[str, Hit] = {}
    claims = snap.links.claims_about_event.get_many([e.id for e in events], STORY_EVENTS)
    records = {
        i: c
        for i, c in snap.facts.many(c for ids in claims.values() for c in ids).items()
        if isinstance(c, Claim)
    }
    # Who each claim is by or about, and the bodies above them (Jaiswal: India's).
    told = snap.lineages({a for c in records.values() for a in _involved(c)})
    for rank, event in enumerate(events):
        reacting = {a.actor for a in event.actors if a.role is ActorRole.REACTOR} & set(outside)
        # ... the reactor, what is above it (UNAMA's United Nations) or under it (Jaiswal).
        theirs = reacting.union(*(outside[r] for r in reacting))
        for claim_id in claims.get(event.id, []):
            claim = records.get(claim_id)
            if claim is None or claim_id in found:
                continue
            if any(told[a] & reacting or a in theirs for a in _involved(claim)):
                found[claim_id] = Hit(claim_id, "claim", float(len(events) - rank), (), 1.0)
    return Reactions(list(found.values()), unmatched if found else "")


def _reaction_events(snap: Snapshot, reading: Reading) -> tuple[list[Event], str]:
    """The events told as reactions, those that also hold the question's other words first
    ("did any country condemn the strikes": India's condemnation, then the EU's "has not
    condemned"); and those words, when no reaction holds them."""
    asked = [
        w
        for w in reading.question.words
        if w not in _ASKING and w not in WORLD_WORDS and w in reading.groups
    ]
    every = snap.retriever.rank(snap.retriever.read(REACTION), ("event",))
    holding = snap.retriever.rank(snap.retriever.read(" ".join(asked)), ("event",)) if asked else []
    # What holds the other words first, then every other reaction.
    reacting = {h.record_id for h in every}
    first = [h for h in holding if h.record_id in reacting]
    ranked = [*first, *every]
    events = snap.facts.many(h.record_id for h in ranked)
    found = (events.get(i) for i in dict.fromkeys(h.record_id for h in ranked))
    told = [
        e
        for e in found
        if isinstance(e, Event) and any(a.role is ActorRole.REACTOR for a in e.actors)
    ]
    return told, " ".join(asked) if asked and not first else ""


def _parties(snap: Snapshot) -> set[str]:
    """The conflict's parties: the sides of the story's latest events (who attacks, who is
    attacked, who announces it) and every body above them, of the one fight most of those
    events belong to: an event joins its sides into one fight, and a body joins everything
    under it (U.S. and Israeli strikes on Iran, dated among them, are another fight; the
    U.S. is no party to this one)."""
    latest = snap.facts.many(snap.events.latest(STORY_EVENTS))
    fights = [
        {a.actor for a in e.actors if a.role in _SIDES | {ActorRole.ANNOUNCER}}
        for e in latest.values()
        if isinstance(e, Event) and any(a.role in _SIDES for a in e.actors)
    ]
    if not fights:
        return set()
    lineage = snap.lineages({a for sides in fights for a in sides})
    joined: list[tuple[set[str], int]] = []  # each fight's bodies, and how many events
    for sides in fights:
        bodies = set().union(*(lineage[a] for a in sides))
        meeting = [fight for fight in joined if not fight[0].isdisjoint(bodies)]
        joined = [fight for fight in joined if fight not in meeting]
        joined.append((bodies.union(*(f[0] for f in meeting)), 1 + sum(f[1] for f in meeting)))
    return max(joined, key=lambda fight: fight[1])[0]


def _involved(claim: Claim) -> list[str]:
    """Who a claim is by, and who it is about (the EU "has not condemned")."""
    return [a for a in (claim.claimant, *claim.about_actors) if a]
