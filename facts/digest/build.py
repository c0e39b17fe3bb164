"""The digest's content: what changed since the last one, the latest timeline, the open
disputes. No Discord here: `build_digest` turns the store's revisions and the current Briefing
into an `Answer`, so every renderer shows it."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from facts.answers import Answer, Citation, Citations, Item, Section
from facts.briefing import Briefing
from facts.dataset import parse_record
from facts.digest.schedule import UTC
from facts.digest.state import DigestStore
from facts.models import Actor, AnyRecord, Claim, Event, Quote
from facts.search import record_label
from facts.store import Revision

LATEST_EVENTS = 5
MAX_CHANGES = 25  # a day of bulk imports still makes a readable digest; the rest is counted
MAX_DIFFS = 4
# A reason longer than this is cut (`fact history` has it whole): reasons have no length
# limit, and a line longer than a page breaks Discord's limits (see bot/render.py).
MAX_REASON = 1000

# --- content -------------------------------------------------------------------------------

_ACTIONS = {
    "create": "New",
    "import": "New",
    "source": "New",
    "edit": "Edited",
    "retract": "Retracted",
    "restore": "Restored",
    "undo": "Undone",
}


def build_digest(
    store: DigestStore,
    *,
    since: dt.datetime | None,
    now: dt.datetime,
    tz: ZoneInfo = UTC,
    briefing: Briefing | None = None,
    moment: Callable[[dt.datetime], str] | None = None,
) -> Answer:
    """The digest at `now` of the changes after `since` (None: every change on record).
    `moment` writes the times the digest mentions; by default `Mon 2 Mar 08:00 CET` in `tz`
    (Discord passes its timestamps, which each reader sees in their own zone)."""
    moment = moment or (lambda when: _moment(when, tz))
    briefing = briefing or Briefing(store.snapshot())
    # The initial seed is the starting picture, not news: only what changed after it is listed.
    seeded = store.seed_head()
    revisions = [r for r in store.revisions(since) if r.at <= now and r.number > seeded]
    cites = Citations(briefing.facts)
    local = now.astimezone(tz)
    when = moment(since) if since is not None else "the store was created"

    shown = [_change_item(r, briefing, cites, moment) for r in revisions[-MAX_CHANGES:][::-1]]
    changes = Section(heading=f"Changes since {when}", items=shown)
    if not revisions:
        changes.note = "No changes to the facts store."
    elif len(revisions) > len(shown):
        changes.note = (
            f"The latest {len(shown)} of {len(revisions)} changes; "
            "`briefing facts history ID` has every one."
        )

    timeline = briefing.timeline()
    dated = [item for item in timeline.items() if item.date is not None][-LATEST_EVENTS:]
    latest = Section(
        heading="Latest on the timeline", items=_adopt(dated[::-1], timeline.citations, cites)
    )
    claims = briefing.claims()
    disputes = [
        section.model_copy(update={"items": _adopt(section.items, claims.citations, cites)})
        for section in claims.sections
        if section.disputed
    ]
    return Answer(
        command="digest",
        title=f"Daily digest, {local:%a} {local.day} {local:%b %Y}",
        summary=_summary(revisions, len(disputes), when),
        sections=[changes, *([latest] if latest.items else []), *disputes],
        citations=cites.citations,
    )


def _summary(revisions: list[Revision], disputes: int, when: str) -> str:
    counts = Counter(_ACTIONS.get(r.action, r.action) for r in revisions)
    if revisions:
        parts = ", ".join(f"{n} {label.lower()}" for label, n in counts.items())
        changed = f"{_plural(len(revisions), 'change')} since {when} ({parts})"
    else:
        changed = f"No changes since {when}"
    return f"{changed}; {_plural(disputes, 'open dispute')}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _moment(when: dt.datetime, tz: ZoneInfo) -> str:
    local = when.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %H:%M %Z}"


def _change_item(
    rev: Revision, briefing: Briefing, cites: Citations, moment: Callable[[dt.datetime], str]
) -> Item:
    """One revision: the record as it now stands (as it stood, for a retraction), what
    changed, who changed it, and the record's own citation."""
    data = rev.after if rev.after is not None else rev.before
    action = _ACTIONS.get(rev.action, rev.action)
    if rev.after is None and rev.action == "undo":
        action = "Withdrawn"
    elif rev.before is not None and rev.action == "import":
        action = "Updated"
    record = _parse(rev.kind, data)
    name, text = _describe(record, briefing) if record is not None else (rev.record_id, "")
    lines = [text] if text else []
    if rev.before is not None and rev.after is not None:
        diffs = list(_leaf_diff(rev.before, rev.after))
        if diffs:
            shown = "; ".join(f"{p}: {_short(o)} → {_short(n)}" for p, o, n in diffs[:MAX_DIFFS])
            more = f" (+{len(diffs) - MAX_DIFFS} more)" if len(diffs) > MAX_DIFFS else ""
            lines.append(f"Changed: {shown}{more}")
    by = f"{rev.editor_name}, {moment(rev.at)}"
    lines.append(f"By {by}" + (f": {_clip(rev.reason, MAX_REASON)}" if rev.reason else ""))
    quotes = _quotes(record) if record is not None else []
    return Item(
        id=rev.record_id,
        kind="change",
        title=f"{action} {rev.kind}: {name}",
        text="\n".join(lines),
        citations=list(dict.fromkeys(_cite(cites, q) for q in quotes)),
    )


def _parse(kind: str, data: dict[str, Any] | None) -> AnyRecord | None:
    if data is None:
        return None
    try:
        return parse_record(kind, {k: v for k, v in data.items() if k != "kind"})
    except (ValidationError, KeyError):  # an old revision under a newer model: show the id
        return None


def _describe(record: AnyRecord, briefing: Briefing) -> tuple[str, str]:
    match record:
        case Claim():
            figure = f" ({record.figure.display()})" if record.figure else ""
            return briefing.claimant_label(record), f"{record.statement}{figure}"
        case Event():
            return record.headline, record.date.display()
        case Actor():
            return record.name, record.description
    return record_label(record), ""


def _quotes(record: AnyRecord) -> list[Quote]:
    match record:
        case Claim():
            return [record.quote]
        case Event() | Actor():
            return record.quotes[:2]
    return []


def _cite(cites: Citations, quote: Quote) -> int:
    # Whitespace-normalised, so a quote cited here and by an adopted item is one footnote.
    return cites.cite(Quote(source=quote.source, text=" ".join(quote.text.split())))


def _adopt(items: list[Item], numbered: list[Citation], cites: Citations) -> list[Item]:
    """Items from another answer, renumbered into this answer's citations."""
    by_number = {c.number: c for c in numbered}
    return [
        item.model_copy(
            update={
                "citations": [
                    _cite(cites, Quote(source=by_number[n].source_id, text=by_number[n].quote))
                    for n in item.citations
                ]
            }
        )
        for item in items
    ]


def _leaf_diff(before: Any, after: Any, path: str = "") -> Iterable[tuple[str, Any, Any]]:
    """(dotted path, old, new) for each nested field that differs (lists compared whole)."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in dict.fromkeys([*before, *after]):
            yield from _leaf_diff(before.get(key), after.get(key), f"{path}.{key}" if path else key)
    elif before != after:
        yield path, before, after


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # figures are stored as floats; 36, not 36.0
    text = "(unset)" if value is None else json.dumps(value, ensure_ascii=False)
    text = text.strip('"') if isinstance(value, str) else text
    return _clip(text, limit)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
