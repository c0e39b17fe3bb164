"""How records become the lines of an answer: an event with its disputed dates, a claim with
who says it, an article with its metadata; and an item's ranking, for `ask --json`."""

from __future__ import annotations

from facts.answers import Citations, ClaimedDate, Item
from facts.briefing.snapshot import Snapshot
from facts.factset import Facts
from facts.models import Actor, Attribution, Claim, DateDerivation, Event, Source
from facts.retrieval import Hit


def event_item(
    snap: Snapshot, event: Event, cites: Citations, *, full: bool = False, hit: Hit | None = None
) -> Item:
    """A timeline line: date, headline, places; `full` adds the summary."""
    places = ", ".join(snap.name(p) for p in event.places)
    claimed = claimed_dates(snap, event)
    # The other dates are facts of the answer: in its text, not only in the picture.
    others = "; ".join(c.by for c in claimed)
    date_dispute = f"The date is disputed: {others}" if claimed else ""
    parts = [p for p in (places, event.summary if full else "", date_dispute) if p]
    # Sentences joined by ". ": a summary's own full stop is not doubled ("Khost.. The date").
    text = ". ".join(p.removesuffix(".") for p in parts[:-1]) + (". " if len(parts) > 1 else "")
    text += parts[-1] if parts else ""
    disputed = sorted({d for c in snap.claims_about_event(event.id) for d in snap.disputes[c]})
    return Item(
        id=event.id,
        kind="event",
        title=event.headline,
        text=text,
        date=event.date.start,
        end_date=event.date.end,
        date_display=event.date.display(),
        date_precision=event.date.precision.value,
        date_within=event.date.within,
        disputed_with=disputed,
        citations=cites.cite_all(event.quotes)
        + [cites.cite(snap.facts.claims[c.claim_id].quote) for c in claimed],
        claimed_dates=claimed,
        **ranking(hit),
    )


def claimed_dates(snap: Snapshot, event: Event) -> list[ClaimedDate]:
    """The dates disputing claims give for an event, where they differ from its own."""
    found = []
    for claim_id in snap.claims_about_event(event.id):
        claim = snap.facts.claims.get(claim_id)
        date = claim.date if claim is not None else None
        if claim is None or date is None or date.start is None:
            continue
        if (date.start, date.end) == (event.date.start, event.date.end):
            continue
        source = snap.facts.sources.get(claim.quote.source)
        who = (
            (source.label if source else claim.quote.source)
            if not claim.claimant
            else (claimant_label(snap.facts, claim))
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


def claim_item(
    snap: Snapshot, claim: Claim, cites: Citations, hits: dict[str, Hit] | None = None
) -> Item:
    return Item(
        id=claim.id,
        kind="claim",
        title=claimant_label(snap.facts, claim),
        text=claim.statement,
        claimant=claim.claimant,
        figure=claim.figure.display() if claim.figure else None,
        disputed_with=sorted(snap.disputes[claim.id]),
        differs_from=sorted(snap.differs[claim.id]),
        citations=[cites.cite(claim.quote)],
        **ranking((hits or {}).get(claim.id)),
    )


def read_ahead(snap: Snapshot, claim_ids: list[str]) -> None:
    """What claim items are made of (the claims, who makes each and the body they speak
    for, the article quoted, the event; each claim's disputes and differences), read in a
    few reads for them all, not one each: the store and the graphs keep what they read for
    the items to find."""
    snap.disputes.read_many(claim_ids)
    snap.differs.read_many(claim_ids)
    facts = snap.facts
    claims = [c for c in facts.many(claim_ids).values() if isinstance(c, Claim)]
    named = facts.many(
        i for c in claims for i in (c.claimant, c.quote.source, c.about_event) if i is not None
    )
    facts.many(r.parent for r in named.values() if isinstance(r, Actor) and r.parent)


def claimant_label(facts: Facts, claim: Claim) -> str:
    """'ISPR (Pakistani military)' or, for an article's own reporting, its publisher."""
    if claim.claimant is None:
        source = facts.sources.get(claim.quote.source)
        label = source.label if source else claim.quote.source
        if claim.attribution is Attribution.UNNAMED_SOURCES:
            return f"Unnamed sources, via {label}"
        return source.own_voice_label if source else f"{label} (own reporting)"
    actor = facts.actors.get(claim.claimant)
    if actor is None:
        return claim.claimant
    parent = facts.actors.get(actor.parent) if actor.parent else None
    return f"{actor.name} ({parent.name})" if parent else actor.name


def claim_order(claim: Claim) -> tuple[str, str, str]:
    return (claim.about_event or "", claim.claimant or "~", claim.id)


def source_item(source: Source) -> Item:
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


def ranking(hit: Hit | None) -> dict[str, object]:
    """An item's score and matched words, for `ask --json` (nothing when it was not ranked)."""
    return {"score": hit.score, "matched": list(hit.matched)} if hit else {}
