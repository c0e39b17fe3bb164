"""`source`: an article, its metadata, and the events it reports; alone, every article. Asked
what no article's name or notes hold ("which article says 31"), the articles whose claims say
it."""

from __future__ import annotations

from dataclasses import replace

from facts.answers import Answer, Citations, Section
from facts.briefing.choosing import ALL_KINDS, choose, good, in_snapshot, subject
from facts.briefing.items import claim_item, event_item, source_item
from facts.briefing.snapshot import Snapshot
from facts.briefing.timeline import LATEST_SHOWN, latest_of
from facts.models import Claim, Event
from facts.questions import ARTICLE_WORDS, alternatives, without
from facts.retrieval import Hit, Reading
from facts.search import WORD, Status, clean_query, fold

MAX_SOURCES = 40  # every article, with no query: the latest this many (a few pages)
MAX_ARTICLES = 5  # articles that say what was asked, the best match first ...
CLAIMS_PER_ARTICLE = 3  # ... each with the claims of it that say it


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
    # "azer news": AzerNEWS, before "news" is taken for a word that asks for an article.
    unasked = without(snap.retriever.as_stored(text), ARTICLE_WORDS)
    asked = snap.retriever.read(unasked)
    reading = snap.retriever.read(text) if asked.empty else asked
    # A name of another kind ("ttp") gets its pointer to the right command from `choose`;
    # asked which article says it ("which article mentions bagram"), the articles that do.
    for_article = unasked != text and not asked.empty
    if not _names_an_article(snap, reading, by_name_only=for_article) and (
        for_article or not subject(snap, reading, ALL_KINDS)
    ):
        saying = _articles_saying(snap, text, reading)
        if saying is not None:
            return saying
    chosen = choose(snap, "source", text, reading, ("source",))
    if isinstance(chosen, Answer):
        return chosen
    article = facts.sources[chosen[0]]
    cites = Citations(facts)
    dated, undated = snap.events.in_order(links.events_from[article.id])
    shown = latest_of(dated, undated, LATEST_SHOWN)  # an article reports a few dozen at most
    read = facts.many(shown)
    events = sorted(
        (e for i in shown if isinstance(e := read.get(i), Event)), key=lambda e: e.date.sort_key
    )
    reported = len(dated) + len(undated)
    claims = links.claims_from[article.id]
    actors = links.actors_from[article.id]
    sections = [Section(heading="The article", items=[source_item(article)])]
    if events:
        more = f"The latest {len(events)} of {reported:,}." if reported > len(events) else None
        sections.append(
            Section(
                heading="Events it reports",
                items=[event_item(snap, e, cites) for e in events],
                note=more,
            )
        )
    summary = f"{reported} event(s), {len(claims)} claim(s), {len(actors)} actor(s) from it"
    return Answer(
        command="source",
        query=text,
        title=article.label,
        summary=summary,
        sections=sections,
        citations=cites.citations,
    )


def _names_an_article(snap: Snapshot, reading: Reading, *, by_name_only: bool = False) -> bool:
    """Whether the words name an article (its publisher, author or id, even near) or are
    all in what the store notes about one ("bbc": the article that quotes the BBC). Asked
    which article says them (`by_name_only`), only a name counts: "which outlet first
    reported the strikes" asks about the strikes, not for the article whose title says so."""
    if reading.empty:
        return True
    resolution = in_snapshot(snap, snap.index.resolve(reading.question.content, kinds=("source",)))
    if by_name_only:  # ... and a clear one: "first strikes" is not the Paktika strikes' article
        return resolution.status is Status.MATCH
    if resolution.status is not Status.NONE:
        return True
    ranked = snap.retriever.rank(reading, ("source",))
    return bool(ranked) and ranked[0].coverage >= 1.0


def _names(text: str, terms: tuple[str, ...]) -> bool:
    """Whether the text itself holds one of these words (a place's name): "which article
    mentions bagram" is answered by the article whose own words (an event's quote) name
    Bagram, not by an article's claims about an operation that also struck it."""
    said = f" {' '.join(WORD.findall(fold(text)))} "
    return any(f" {term} " in said for term in terms)


def _typed(word: str) -> tuple[str, ...]:
    """What a question word stands for as typed: itself and its synonyms; the numbers of
    "36 vs 31", read as one word, each."""
    return tuple(t for part in word.split(" or ") for t in alternatives(part))


def _articles_saying(snap: Snapshot, text: str, reading: Reading) -> Answer | None:
    """The articles whose claims answer the words, each with those claims, in the order of
    its best one; None when no claim does. A word counts as typed (or what stands for it),
    not by its stem nor as a slip for another: "the diplomat" asks for an outlet no article
    is from, not for claims that say "diplomatic"; "dawn" for one, not for "drawn"."""
    typed = {
        w: tuple(t for t in g if not t.endswith("*") and t in _typed(w))
        for w, g in reading.groups.items()
    }
    strict = replace(
        reading,
        groups={w: g for w, g in typed.items() if g},
        unknown=(*reading.unknown, *(w for w, g in typed.items() if not g)),
    )
    # A place or a number must be in the article's own words: an event's other articles
    # may give it another toll ("which article says 31": not the one that says 36).
    numbers = set(strict.question.numbers)
    places = [
        group
        for w, group in strict.groups.items()
        if w in strict.places or numbers.intersection(w.split(" or "))
    ]
    kinds = ("claim", "event")  # an event: each article that reports it
    hits = good(strict, snap.retriever.rank(strict, kinds))
    records = snap.facts.many(h.record_id for h in hits)  # one read for all
    by_article: dict[str, list[tuple[Claim | Event, Hit]]] = {}
    for hit in hits:
        record = records.get(hit.record_id)
        if isinstance(record, Claim):
            # The article's own words: a statement may say what it does not ("no mention
            # of Khost").
            said = record.quote.text
            if all(_names(said, terms) for terms in places):
                by_article.setdefault(record.quote.source, []).append((record, hit))
        elif isinstance(record, Event):  # each article that names them, once
            quoted = {q.source for q in record.quotes if all(_names(q.text, t) for t in places)}
            # An event at that place alone, none of whose quotes names it ("bases in the
            # valley"): its articles report it there, as the record's one place says.
            if not quoted and hit.coverage >= 1.0 and not numbers and len(record.places) == 1:
                quoted = {q.source for q in record.quotes}
            for source_id in sorted(quoted):
                by_article.setdefault(source_id, []).append((record, hit))
    articles = [
        (article, found)
        for source_id, found in by_article.items()
        if (article := snap.facts.sources.get(source_id)) is not None
    ]
    if not articles:
        return None
    cites = Citations(snap.facts)
    sections = [
        Section(
            heading=article.label,
            items=[
                source_item(article),
                *(
                    claim_item(snap, r, cites, {r.id: h})
                    if isinstance(r, Claim)
                    else event_item(snap, r, cites, hit=h)
                    for r, h in found[:CLAIMS_PER_ARTICLE]
                ),
            ],
        )
        for article, found in articles[:MAX_ARTICLES]
    ]
    summary = f"{len(sections)} article(s) say it, the best match first"
    if len(articles) > len(sections):
        summary += f"; {len(articles) - len(sections)} more: ask more narrowly to see them"
    return Answer(
        command="source",
        query=text,
        title=f"Sources: {text}",
        summary=summary,
        sections=sections,
        citations=cites.citations,
    )
