"""Events and claimed figures as one CSV, with ACLED/UCDP-style columns, for a data desk.

One row per claimed figure (each claimant's number on its own row, never merged), with the
event's columns repeated; an event no figure is claimed for gets one row with the figure
columns empty, and a figure about actors only gets one row with the event columns empty.

Which codebook each column follows:
- ACLED (Armed Conflict Location & Event Data) codebook: `event_date` (cut to the known
  precision: '2021-08' for a month, '2007' for a year, never a made-up day), `year`,
  `time_precision` (1 the day is known, 2 a week or a few days, 3 a month or less precise),
  `event_type`, `sub_event_type`, `actor1` (attacker), `actor2` (target), `country`,
  `admin1`, `location`.
- UCDP GED (Uppsala Conflict Data Program) codebook: `date_start`, `date_end`, `date_prec`
  (1 exact day, 2 within 2-6 days, 3 a week, 4 within 8-30 days or a month, 5 more than a month
  or only the year), `low`, `best`, `high` (here: the claimant's figure, `best` when a single
  number is given).
- Ours: everything else (ids, the article's date phrase, claimant, measure, unit, qualifier,
  stance, source, quote, dispute group).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from facts.exports.common import Selection, claimant_label, dispute_groups, where
from facts.factset import Facts
from facts.models import ActorRole, Claim, DatePrecision, Event, EventDate, whole

COLUMNS = [
    # the event
    "event_id",
    "event_date",
    "year",
    "time_precision",
    "date_start",
    "date_end",
    "date_prec",
    "date_phrase",
    "date_derivation",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "actors",
    "country",
    "admin1",
    "location",
    "headline",
    # the claimed figure
    "claim_id",
    "claimant",
    "measure",
    "unit",
    "qualifier",
    "low",
    "best",
    "high",
    "stance",
    "attribution",
    "statement",
    "dispute_group",
    # where it comes from
    "source",
    "source_publisher",
    "source_date",
    "quote",
]

_ACLED_EVENT_TYPES = {
    "battles": "Battles",
    "explosions/remote violence": "Explosions/Remote violence",
    "violence against civilians": "Violence against civilians",
    "protests": "Protests",
    "riots": "Riots",
    "strategic developments": "Strategic developments",
}


def time_precision(date: EventDate) -> int | None:
    """ACLED's `time_precision`: 1 day, 2 week or a few days, 3 month (or less precise)."""
    span = (date.end - date.start).days + 1 if date.start and date.end else 1
    match date.precision:
        case DatePrecision.DAY | DatePrecision.PART_OF_DAY:
            return 1 if span == 1 else (2 if span <= 7 else 3)
        case DatePrecision.DAYS | DatePrecision.WEEK:
            return 2 if span <= 7 else 3
        case DatePrecision.MONTH | DatePrecision.YEAR:
            return 3
    return None


def date_prec(date: EventDate) -> int | None:
    """UCDP GED's `date_prec`: 1 day, 2 2-6 days, 3 week, 4 8-30 days or month, 5 longer."""
    if date.start is None:
        return None
    span = (date.end - date.start).days + 1 if date.end else 1
    match date.precision:
        case DatePrecision.DAY | DatePrecision.PART_OF_DAY | DatePrecision.DAYS:
            if span == 1:
                return 1
            return 2 if span <= 6 else (3 if span == 7 else (4 if span <= 30 else 5))
        case DatePrecision.WEEK:
            return 3 if span <= 7 else (4 if span <= 30 else 5)
        case DatePrecision.MONTH:
            same = date.end is None or (date.end.year, date.end.month) == (
                date.start.year,
                date.start.month,
            )
            return 4 if same else 5
    return 5  # a year


def iso_at_precision(date: EventDate, day: dt.date | None) -> str:
    """'2026-02-22', '2021-08' or '2007': never a first-of-the-month day the article does not
    give (a spreadsheet would read '2021-08-01' as a known day)."""
    if day is None:
        return ""
    cut = {DatePrecision.YEAR: 4, DatePrecision.MONTH: 7}.get(date.precision, 10)
    return day.isoformat()[:cut]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(whole(value))


def _event_columns(facts: Facts, event: Event) -> dict[str, Any]:
    date = event.date

    def names(role: ActorRole) -> str:
        ids = [a.actor for a in event.actors if a.role is role]
        return "; ".join(facts.actors[i].name if i in facts.actors else i for i in ids)

    actors = "; ".join(
        f"{facts.actors[a.actor].name if a.actor in facts.actors else a.actor} ({a.role.value})"
        for a in event.actors
    )
    places = where(facts, event)
    precision = time_precision(date)
    prec = date_prec(date)
    return {
        "event_id": event.id,
        "event_date": iso_at_precision(date, date.start),
        "year": date.start.year if date.start else "",
        "time_precision": "" if precision is None else precision,
        "date_start": iso_at_precision(date, date.start),
        "date_end": iso_at_precision(date, date.end or date.start),
        "date_prec": "" if prec is None else prec,
        "date_phrase": date.phrase,
        "date_derivation": date.derivation.value,
        "event_type": _ACLED_EVENT_TYPES[event.event_type.value],
        "sub_event_type": event.sub_event_type or "",
        "actor1": names(ActorRole.ATTACKER),
        "actor2": names(ActorRole.TARGET),
        "actors": actors,
        "country": "; ".join(places.country),
        "admin1": "; ".join(places.admin1),
        "location": "; ".join(places.location),
        "headline": event.headline,
    }


def _claim_columns(facts: Facts, claim: Claim, groups: dict[str, str]) -> dict[str, Any]:
    figure = claim.figure
    assert figure is not None
    source = facts.sources.get(claim.quote.source)
    return {
        "claim_id": claim.id,
        "claimant": claimant_label(facts, claim),
        "measure": figure.measure,
        "unit": figure.unit,
        "qualifier": figure.qualifier.value,
        "low": _number(figure.low),
        "best": _number(figure.value),
        "high": _number(figure.high),
        "stance": claim.stance.value,
        "attribution": claim.attribution.value,
        "statement": claim.statement,
        "dispute_group": groups.get(claim.id, ""),
        "source": claim.quote.source,
        "source_publisher": source.publisher if source and source.publisher else "",
        "source_date": source.published.isoformat() if source and source.published else "",
        "quote": " ".join(claim.quote.text.split()),
    }


def rows(facts: Facts, selection: Selection) -> list[dict[str, Any]]:
    """The CSV's rows as dicts keyed by `COLUMNS`."""
    groups = dispute_groups(facts)
    events = selection.events(facts)
    figures = [c for c in selection.claims(facts) if c.figure is not None]
    by_event: dict[str, list[Claim]] = {}
    for claim in figures:
        by_event.setdefault(claim.about_event or "", []).append(claim)
    blank = dict.fromkeys(COLUMNS, "")
    out: list[dict[str, Any]] = []
    for event in events:
        columns = {**blank, **_event_columns(facts, event)}
        claims = sorted(by_event.pop(event.id, []), key=lambda c: c.id)
        out.extend({**columns, **_claim_columns(facts, c, groups)} for c in claims)
        if not claims:
            out.append(columns)
    for claims in by_event.values():  # figures about actors, or about events not selected
        for claim in sorted(claims, key=lambda c: c.id):
            row = {**blank, **_claim_columns(facts, claim, groups)}
            row["event_id"] = claim.about_event or ""
            out.append(row)
    return out


def to_csv(facts: Facts, selection: Selection) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(facts, selection))
    return out.getvalue()
