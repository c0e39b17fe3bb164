"""`source`: an article, its metadata, and the events it reports; alone, every article."""

from __future__ import annotations

from facts.answers import Answer, Citations, Section
from facts.briefing.choosing import choose
from facts.briefing.items import event_item, source_item
from facts.briefing.snapshot import Snapshot
from facts.search import clean_query

MAX_SOURCES = 40  # every article, with no query: the latest this many (a few pages)


def source(snap: Snapshot, query: str = "") -> Answer:
    text, _ = clean_query(query)
    facts, links = snap.facts, snap.links
    if not text:
        cites = Citations(facts)
        total = len(facts.sources)
        newest = list(facts.sources)[-MAX_SOURCES:]  # the latest registered, in order
        items = [source_item(facts.sources[s]) for s in newest]
        summary = f"{len(items)} article(s)"
        if total > len(items):
            summary += f": the latest of {total:,}; ask for one by name (`source dawn`)"
        return Answer(
            command="source",
            title="Sources",
            summary=summary,
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
