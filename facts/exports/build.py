"""One road from a format name and a query to the exported file, for the CLI and the bot.

The query selects records the way `timeline` does (and, for claims, the way `claims` does);
an empty query exports every current record. A query that does not resolve returns the answer
that says so instead of a file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from facts.answers import Answer, AnswerStatus
from facts.briefing import Briefing
from facts.exports import conflict_csv, jsonld, timelinejs
from facts.exports.common import Selection
from facts.factset import Facts


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    description: str
    claims: bool  # whether the query also selects claims


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("timelinejs", "json", "application/json", "TimelineJS3 JSON", claims=False),
        Format(
            "timelinejs-csv", "csv", "text/csv", "TimelineJS spreadsheet template", claims=False
        ),
        Format("csv", "csv", "text/csv", "events and figures, ACLED/UCDP columns", claims=True),
        Format("jsonld", "jsonld", "application/ld+json", "schema.org Claims", claims=True),
    )
}


@dataclass(frozen=True)
class Export:
    format: Format
    filename: str
    data: bytes
    records: int  # events (TimelineJS) or claims (JSON-LD) or rows (CSV) in the file


def select(briefing: Briefing, query: str, *, claims: bool) -> tuple[Selection, str] | Answer:
    """The records a query means, and a title; or the answer saying it means nothing."""
    if not query.strip():
        return Selection(), "Timeline"
    timeline = briefing.timeline(query)
    event_ids = tuple(i.id for i in timeline.items() if i.kind == "event")
    if not claims:
        return (Selection(event_ids=event_ids), timeline.title) if event_ids else timeline
    # The claims about those events, from the links: not every claim of the store read.
    about = briefing.links.claims_about_event.get_many(event_ids, CLAIMS_PER_EVENT)
    claim_ids = [c for event_id in event_ids for c in about.get(event_id, ())]
    answer = briefing.claims(query)
    if answer.status is AnswerStatus.OK:
        claim_ids += [i.id for i in answer.items() if i.kind == "claim"]
    if not event_ids and not claim_ids:
        return timeline if timeline.status is not AnswerStatus.OK else answer
    return Selection(event_ids=event_ids, claim_ids=tuple(claim_ids)), timeline.title


# What each format writes a row or an entry for at least (a CSV row is an event, or a claim
# with a figure: its events are the rows it surely has), for a bound on its size.
COUNTED: dict[str, tuple[str, ...]] = {
    "timelinejs": ("event",),
    "timelinejs-csv": ("event",),
    "csv": ("event",),
    "jsonld": ("claim",),
}
CLAIMS_PER_EVENT = 100_000  # every claim about an event (a bound for the read, not a cut)


def _slug(text: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in text.casefold())
    return "-".join(part for part in cleaned.split("-") if part)[:40]


def build(
    briefing: Briefing, name: str, query: str = "", *, most: int | None = None
) -> Export | Answer:
    """The export named `name` (a key of FORMATS) of what `query` selects; `most`: the
    records a file may hold where it is sent (an upload), refused before it is made."""
    fmt = FORMATS[name]
    chosen = select(briefing, query, claims=fmt.claims)
    if isinstance(chosen, Answer):
        return chosen
    selection, title = chosen
    facts = briefing.facts
    if most is not None and (held := _records(facts, selection, COUNTED[name])) > most:
        return Answer(
            command="export",
            query=query,
            status=AnswerStatus.USAGE,
            title="`export`",
            summary=(
                f"That export would hold {held:,} entries at least, more than one upload here"
                " can carry."
                " Narrow it with a query (`export csv bannu`), or run `briefing export` on"
                " the server."
            ),
        )
    writers: dict[str, Callable[[Facts, Selection], tuple[str, int]]] = {
        "timelinejs": lambda f, s: _json(timelinejs.to_json(f, s, title=title), "events"),
        "timelinejs-csv": lambda f, s: (
            timelinejs.to_csv(f, s, title=title),
            len(timelinejs.to_json(f, s)["events"]),
        ),
        "csv": lambda f, s: (conflict_csv.to_csv(f, s), len(conflict_csv.rows(f, s))),
        "jsonld": lambda f, s: _json(jsonld.to_jsonld(f, s), "@graph"),
    }
    text, count = writers[name](facts, selection)
    stem = "briefing" + (f"-{_slug(query)}" if _slug(query) else "")
    suffix = "-timelinejs" if name.startswith("timelinejs") else ""
    return Export(fmt, f"{stem}{suffix}.{fmt.extension}", text.encode("utf-8"), count)


def _records(facts: Facts, selection: Selection, kinds: tuple[str, ...]) -> int:
    """How many records of these kinds the selection holds, counted, not read."""
    if selection.event_ids is None and selection.claim_ids is None:
        counts = facts.counts()
        return sum(counts[kind] for kind in kinds)
    chosen = {"event": selection.event_ids or (), "claim": selection.claim_ids or ()}
    return sum(len(chosen[kind]) for kind in kinds)


def _json(document: dict[str, object], key: str) -> tuple[str, int]:
    items = document[key]
    count = len(items) if isinstance(items, list) else 0
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n", count
