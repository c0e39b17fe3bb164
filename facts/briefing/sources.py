"""`source`: an article, its metadata, and the events it reports; alone, every article."""

from __future__ import annotations

from facts.answers import Answer, Citations, Section
from facts.briefing.choosing import choose
from facts.briefing.items import event_item, source_item
from facts.briefing.snapshot import Snapshot
from facts.search import clean_query


def source(snap: Snapshot, query: str = "") -> Answer:
    text, _ = clean_query(query)
    facts, links = snap.facts, snap.links
    if not text:
        cites = Citations(facts)
        items = [source_item(s) for s in facts.sources.values()]
        return Answer(
            command="source",
            title="Sources",
            summary=f"{len(items)} article(s)",
            sections=[Section(heading="Articles", items=items)],
            citations=cites.citations,
        )
    reading = snap.retriever.read(text)
    chosen = choose(snap, "source", text, reading, ("source",))
    if isinstance(chosen, Answer):
        return chosen
    article = facts.sources[chosen[0]]
    cites = Citations(facts)
    events = sorted(
        (facts.events[e] for e in links.events_from[article.id]),
        key=lambda e: e.date.sort_key,
    )
    claims = links.claims_from[article.id]
    actors = links.actors_from[article.id]
    sections = [Section(heading="The article", items=[source_item(article)])]
    if events:
        sections.append(
            Section(heading="Events it reports", items=[event_item(snap, e, cites) for e in events])
        )
    summary = f"{len(events)} event(s), {len(claims)} claim(s), {len(actors)} actor(s) from it"
    return Answer(
        command="source",
        query=text,
        title=article.label,
        summary=summary,
        sections=sections,
        citations=cites.citations,
    )
