"""Claims as schema.org JSON-LD, the quotes as W3C Web Annotation `TextQuoteSelector`s.

Each claim is a schema.org `Claim`: `author` the claimant (a `Person` or an `Organization`; for
an article's own voice, its publisher; for unnamed sources, a `Thing` saying so), `appearance`
the article as a `CreativeWork` (publisher, author and `datePublished` only where the store
knows them), `about` the event, `text` our one-line statement. The verbatim quote is the
claim's `selector` (`oa:hasSelector`): `exact`, with `prefix`/`suffix` where the store has
them. A claimed number is a schema.org `QuantitativeValue` under our `figure`, with the
claimant's `qualifier` ('at least', 'about', 'dozens'). Dispute links use our own property
`disputes` (`tag:briefing-bot,2026:vocab#disputes`): "this claim and that one cannot both be
right", symmetric, never a verdict. The bot rates no claim: there is no `ClaimReview` and no
`reviewRating`.
"""

from __future__ import annotations

from typing import Any

from facts.exports.common import Selection, claimant_label, dispute_groups
from facts.factset import Facts
from facts.models import ActorKind, Claim, DatePrecision, Event, Source, whole

SCHEMA_ORG = "https://schema.org/"
OURS = "tag:briefing-bot,2026:"
VOCAB = f"{OURS}vocab#"

# Our terms on top of schema.org's context: the Web Annotation selector, and ours.
CONTEXT: list[Any] = [
    SCHEMA_ORG,
    {
        "oa": "http://www.w3.org/ns/oa#",
        "bb": VOCAB,
        "TextQuoteSelector": "oa:TextQuoteSelector",
        "selector": {"@id": "oa:hasSelector"},
        "exact": "oa:exact",
        "prefix": "oa:prefix",
        "suffix": "oa:suffix",
        "disputes": {"@id": "bb:disputes", "@type": "@id"},
        "disputeGroup": {"@id": "bb:disputeGroup"},
        "stance": {"@id": "bb:stance"},
        "attribution": {"@id": "bb:attribution"},
        "figure": {"@id": "bb:figure"},
        "qualifier": {"@id": "bb:qualifier"},
    },
]


def iri(kind: str, record_id: str) -> str:
    return f"{OURS}{kind}/{record_id}"


def _iso(event: Event) -> dict[str, str]:
    date = event.date
    if date.start is None:
        return {}
    cut = {DatePrecision.YEAR: 4, DatePrecision.MONTH: 7}.get(date.precision, 10)
    out = {"startDate": date.start.isoformat()[:cut]}
    if date.end is not None and date.end != date.start:
        out["endDate"] = date.end.isoformat()[:cut]
    return out


def _work(source: Source | None, source_id: str) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@id": iri("source", source_id),
        "@type": "CreativeWork",
        "identifier": source_id,
    }
    if source is None:
        return work
    if source.title:
        work["name"] = source.title
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.author:
        work["author"] = {"@type": "Person", "name": source.author}
    if source.published:
        work["datePublished"] = source.published.isoformat()
    work["inLanguage"] = source.language
    return work


def _author(facts: Facts, claim: Claim) -> dict[str, Any]:
    if claim.claimant is not None:
        actor = facts.actors.get(claim.claimant)
        kind = "Person" if actor and actor.actor_kind is ActorKind.PERSON else "Organization"
        return {
            "@id": iri("actor", claim.claimant),
            "@type": kind,
            "name": claimant_label(facts, claim),
        }
    source = facts.sources.get(claim.quote.source)
    if claim.attribution.value == "reported by the article" and source is not None:
        if source.publisher:
            return {"@type": "Organization", "name": source.publisher}
        if source.author:
            return {"@type": "Person", "name": source.author}
    return {"@type": "Thing", "name": claimant_label(facts, claim)}


def _figure(claim: Claim) -> dict[str, Any] | None:
    figure = claim.figure
    if figure is None:
        return None
    value: dict[str, Any] = {
        "@type": "QuantitativeValue",
        "description": figure.display(),
        "unitText": figure.unit,
        "qualifier": figure.qualifier.value,
        "name": figure.measure,
    }
    for key, number in (
        ("value", figure.value),
        ("minValue", figure.low),
        ("maxValue", figure.high),
    ):
        if number is not None:
            value[key] = whole(number)
    return value


def claim_node(facts: Facts, claim: Claim, groups: dict[str, str]) -> dict[str, Any]:
    selector: dict[str, Any] = {"@type": "TextQuoteSelector", "exact": claim.quote.text}
    if claim.quote.prefix:
        selector["prefix"] = claim.quote.prefix
    if claim.quote.suffix:
        selector["suffix"] = claim.quote.suffix
    node: dict[str, Any] = {
        "@id": iri("claim", claim.id),
        "@type": "Claim",
        "identifier": claim.id,
        "text": claim.statement,
        "author": _author(facts, claim),
        "appearance": _work(facts.sources.get(claim.quote.source), claim.quote.source),
        "selector": selector,
        "stance": claim.stance.value,
        "attribution": claim.attribution.value,
    }
    event = facts.events.get(claim.about_event) if claim.about_event else None
    about: list[dict[str, Any]] = []
    if event is not None:
        about.append(
            {"@id": iri("event", event.id), "@type": "Event", "name": event.headline, **_iso(event)}
        )
    for actor_id in claim.about_actors:
        actor = facts.actors.get(actor_id)
        if actor is not None:
            about.append({"@id": iri("actor", actor.id), "name": actor.name})
    if about:
        node["about"] = about
    if (figure := _figure(claim)) is not None:
        node["figure"] = figure
    disputes = [iri("claim", d) for d in claim.disputes if d in facts.claims]
    if disputes:
        node["disputes"] = disputes
    if claim.id in groups:
        node["disputeGroup"] = groups[claim.id]
    return node


def to_jsonld(facts: Facts, selection: Selection) -> dict[str, Any]:
    """One JSON-LD document: the context and a graph of claims."""
    groups = dispute_groups(facts)
    return {
        "@context": CONTEXT,
        "@graph": [claim_node(facts, c, groups) for c in selection.claims(facts)],
    }
