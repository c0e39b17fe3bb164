"""`search`: anything in the store, the records the query names first, then the best ranked."""

from __future__ import annotations

from facts.answers import Answer, Citations, Item, Section
from facts.briefing.choosing import ALL_KINDS, good, no_match, subject
from facts.briefing.help import usage
from facts.briefing.items import claim_item, event_item, ranking, source_item
from facts.briefing.reactions import third_party_reactions
from facts.briefing.relation import claims_between, related_actors
from facts.briefing.snapshot import Snapshot
from facts.models import Actor, AnyRecord, Claim, Event, Place, Source
from facts.retrieval import Hit
from facts.search import clean_query

MAX_SEARCH_ITEMS = 12


def search(snap: Snapshot, query: str = "") -> Answer:
    text, _ = clean_query(query)
    if not text:
        return usage("search", "Search for a name, place or topic, e.g. `search drones`.", "search")
    reading = snap.retriever.read(text)
    named = [m.record_id for m in subject(snap, reading, ALL_KINDS)]
    hits = {h.record_id: h for h in good(reading, snap.retriever.rank(reading, ALL_KINDS))}
    if (reactions := third_party_reactions(snap, reading)).hits:
        # "International reaction": what those outside the conflict said leads.
        named = [*(h.record_id for h in reactions.hits), *named]
    if actors := related_actors(snap, reading):
        # "Is the TTP the same as the Afghan Taliban": what the articles say of each, then
        # the claims of one about the other, before the rest.
        between = claims_between(snap, actors)
        named = [*actors, *(h for h in hits if h in between), *sorted(between - set(hits))]
    ids = list(dict.fromkeys([*named, *hits]))[:MAX_SEARCH_ITEMS]
    if not ids:
        return no_match(snap, "search", text, reading)
    cites = Citations(snap.facts)
    items = []
    for record_id in ids:
        record = snap.facts.get(record_id)
        if record is not None:
            items.append(_search_item(snap, record, cites, hits.get(record_id)))
    more = len(hits) + len(named) - len(ids)
    return Answer(
        command="search",
        query=text,
        title=f"Search: {text}",
        summary=f"{len(items)} record(s), the most relevant first"
        + (f"; {more} more match less well" if more > 0 else ""),
        sections=[Section(heading="Matches", items=items)],
        citations=cites.citations,
    )


def _search_item(snap: Snapshot, record: AnyRecord, cites: Citations, hit: Hit | None) -> Item:
    match record:
        case Event():
            return event_item(snap, record, cites, full=True, hit=hit)
        case Claim():
            return claim_item(snap, record, cites, {record.id: hit} if hit else None)
        case Source():
            return source_item(record)
    assert not isinstance(record, (Event, Claim, Source))
    return Item(
        id=record.id,
        kind=record.kind,
        title=record.label,
        text=record.description if isinstance(record, Actor) else _where(snap, record),
        citations=cites.cite_all([q.quote for q in record.quoted()[:1]]),
        **ranking(hit),
    )


def _where(snap: Snapshot, place: Place) -> str:
    """What a place is and where ("where is bannu": a district in Khyber Pakhtunkhwa,
    Pakistan), from the places the store puts it in."""
    within = [
        enclosing.name
        for enclosing_id in dict.fromkeys((place.parent, place.country))
        if enclosing_id
        and enclosing_id != place.id
        and isinstance(enclosing := snap.facts.get(enclosing_id), Place)
    ]
    return f"{place.place_kind.value} in {', '.join(within)}" if within else place.place_kind.value
