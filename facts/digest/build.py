"""The digest's content: what changed since the last one, the latest events, the open disputes.

No Discord here. `build_digest` turns the store's revisions and the current Briefing into an
`Answer` (so every renderer shows it). It stays a digest at any size: each part is bounded
(the rest counted, with the command that lists it), and it takes time in proportion to what
changed, not to the store: the window's revisions are read newest first down to the seed, and
the picture comes from the Briefing the bot already holds, with one citation numbering.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from facts.answers import CHANGES_COMMAND, Answer, Citations, Command, Item, Section
from facts.briefing import Briefing
from facts.digest.schedule import UTC
from facts.digest.state import DigestStore
from facts.models import Actor, AnyRecord, Claim, Event, whole
from facts.store import Revision

# A person reads the digest in a minute: about a screen of changes, a handful of events and
# disputes. Past these bounds the rest is counted, and the command that lists it is named.
MAX_CHANGES = 10
LATEST_EVENTS = 5
MAX_DISPUTES = 5
MAX_DIFFS = 4
# A reason longer than this is cut (`fact history` has it whole): reasons have no length
# limit, and a line longer than a page breaks Discord's limits (see bot/render.py).
MAX_REASON = 1000
# Where the full lists are: every change in the window, every open dispute (the bot's
# commands; each front end words them its own way, see Command; CHANGES_COMMAND is there).
DISPUTES_COMMAND = "claims"

_ACTIONS = {
    "create": "New",
    "import": "New",
    "source": "New",
    "edit": "Edited",
    "retract": "Retracted",
    "restore": "Restored",
    "undo": "Undone",
}


def changes_in(store: DigestStore, since: dt.datetime | None, now: dt.datetime) -> list[Revision]:
    """The revisions after `since` up to `now`, oldest first, without the initial seed (the
    starting picture, not news). The store picks the window in SQL: the cost follows the
    changes, not the store, and no seed revision is parsed."""
    return store.revisions(since, after=store.seed_head(), until=now)


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
    (Discord passes its timestamps, which each reader sees in their own zone). Pass the
    current `briefing` (the Library's): without one a Briefing of the whole store is built."""
    briefing = briefing or Briefing(store.snapshot())
    # The changes first, from the store, then the rest in one read transaction (which holds
    # the answers' connection, so it asks the store for nothing).
    revisions = changes_in(store, since, now)
    with briefing.consistent():
        return _build(revisions, since=since, now=now, tz=tz, briefing=briefing, moment=moment)


def _build(
    revisions: list[Revision],
    *,
    since: dt.datetime | None,
    now: dt.datetime,
    tz: ZoneInfo,
    briefing: Briefing,
    moment: Callable[[dt.datetime], str] | None,
) -> Answer:
    moment = moment or (lambda when: _moment(when, tz, now))
    cites = Citations(briefing.facts)  # one numbering, in reading order, for the whole digest
    local = now.astimezone(tz)
    when = moment(since) if since is not None else "the store was created"

    chosen = sorted(revisions, key=lambda r: (_weight(r), -r.number))
    shown = [_change_item(r, briefing, cites, moment) for r in chosen[:MAX_CHANGES]]
    changes = Section(heading=f"Changes since {when}", items=shown)
    if not revisions:
        changes.note = "No changes to the facts store."
    elif len(revisions) > len(shown):
        start = since or revisions[0].at - dt.timedelta(seconds=1)  # None: from the first
        changes.note = (
            f"The {len(shown)} that matter most first: withdrawn, corrected, new. "
            f"And {len(revisions) - len(shown)} more changes:"
        )
        changes.more = Command(name=CHANGES_COMMAND, args=[_iso(start)], does="lists every one")

    latest = Section(
        heading="Latest on the timeline", items=briefing.latest_events(LATEST_EVENTS, cites)
    )
    groups = briefing.dispute_groups()
    picked = _leading_disputes(groups, revisions, briefing)
    disputes = [briefing.dispute_section(group, cites) for group in picked]
    overview = []
    if len(groups) > len(picked):
        overview.append(
            Section(
                heading="Open disputes",
                note=f"{len(picked)} of {len(groups)} open disputes below: those changed "
                f"since {when} first, then those the most articles speak to.",
                more=Command(name=DISPUTES_COMMAND, args=["all"], does="lists every one"),
            )
        )
    return Answer(
        command="digest",
        title=f"Daily digest, {local:%a} {local.day} {local:%b %Y}",
        summary=_summary(revisions, len(groups), when),
        sections=[changes, *([latest] if latest.items else []), *overview, *disputes],
        citations=cites.citations,
    )


def changes_answer(
    store: DigestStore,
    *,
    since: dt.datetime | None,
    now: dt.datetime,
    moment: Callable[[dt.datetime], str] | None = None,
) -> Answer:
    """Every change of the window the digest counts (`changes_in`), oldest first, one line
    each as `briefing digest --changes` prints it: what the digest's "and K more" points at."""
    moment = moment or (lambda when: _moment(when, UTC, now))
    revisions = changes_in(store, since, now)
    when = moment(since) if since is not None else "the store was created"
    items = [
        Item(id=r.record_id, kind="change", title=r.record_id, text=r.history_line().strip())
        for r in revisions
    ]
    return Answer(
        command="digest changes",
        title="Changes to the facts store",
        summary=f"{_plural(len(revisions), 'change')} since {when}, oldest first.",
        sections=[Section(heading=f"Changes since {when}", items=items)],
    )


def _leading_disputes(
    groups: list[list[str]], revisions: list[Revision], briefing: Briefing
) -> list[list[str]]:
    """The MAX_DISPUTES disputes a reader sees: those a change in the window touched, the
    latest first; then those the most articles speak to (the store's order between equals).
    Which is chosen says nothing of who is right: each is shown whole, side by side."""
    group_of = {claim_id: n for n, group in enumerate(groups) for claim_id in group}
    order = dict.fromkeys(
        group_of[r.record_id] for r in reversed(revisions) if r.record_id in group_of
    )
    if len(order) < MAX_DISPUTES:
        best = briefing.most_voiced(groups, MAX_DISPUTES - len(order), skip=set(order))
        order.update(dict.fromkeys(best))
    return [groups[n] for n in list(order)[:MAX_DISPUTES]]


def _weight(rev: Revision) -> int:
    """Which changes lead when more happened than fit: a withdrawn fact first (a reader may
    have used it), then corrections and facts brought back, then what is new."""
    if rev.after is None:
        return 0
    if rev.before is not None or rev.action in ("restore", "undo"):
        return 1
    return 2


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


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


def _moment(when: dt.datetime, tz: ZoneInfo, now: dt.datetime) -> str:
    """'Mon 2 Mar 08:00 CET'; with its year when that is not the digest's own."""
    local = when.astimezone(tz)
    year = f" {local.year}" if local.year != now.astimezone(tz).year else ""
    return f"{local:%a} {local.day} {local:%b}{year} {local:%H:%M %Z}"


def _change_item(
    rev: Revision, briefing: Briefing, cites: Citations, moment: Callable[[dt.datetime], str]
) -> Item:
    """One revision: the record as it now stands (as it stood, for a retraction), what
    changed, who changed it, and the record's own citation."""
    action = _ACTIONS.get(rev.action, rev.action)
    if rev.after is None and rev.action == "undo":
        action = "Withdrawn"
    elif rev.before is not None and rev.action == "import":
        action = "Updated"
    record = rev.record()
    name, text = _describe(record, briefing) if record is not None else (rev.record_id, "")
    lines = [text] if text else []
    if diffs := rev.leaf_changes():
        shown = "; ".join(f"{p}: {_short(o)} → {_short(n)}" for p, o, n in diffs[:MAX_DIFFS])
        more = f" (+{len(diffs) - MAX_DIFFS} more)" if len(diffs) > MAX_DIFFS else ""
        lines.append(f"Changed: {shown}{more}")
    by = f"{rev.editor_name}, {moment(rev.at)}"
    lines.append(f"By {by}" + (f": {_clip(rev.reason, MAX_REASON)}" if rev.reason else ""))
    quotes = [q.quote for q in record.quoted()[:2]] if record is not None else []
    return Item(
        id=rev.record_id,
        kind="change",
        title=f"{action} {rev.kind}: {name}",
        text="\n".join(lines),
        citations=cites.cite_all(quotes),
    )


def _describe(record: AnyRecord, briefing: Briefing) -> tuple[str, str]:
    match record:
        case Claim():
            figure = f" ({record.figure.display()})" if record.figure else ""
            return briefing.claimant_label(record), f"{record.statement}{figure}"
        case Event():
            return record.headline, record.date.display()
        case Actor():
            return record.name, record.description
    return record.label, ""


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, float):
        value = whole(value)  # figures are stored as floats; 36, not 36.0
    text = "(unset)" if value is None else json.dumps(value, ensure_ascii=False)
    text = text.strip('"') if isinstance(value, str) else text
    return _clip(text, limit)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
