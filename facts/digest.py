"""The daily digest: what changed since the last one, the latest timeline, the open disputes.

No Discord here. `build_digest` turns the store's revisions and the current Briefing into an
`Answer` (so every renderer shows it); the schedule is pure functions of an injected `now`, and
the per-channel bookkeeping lives in the store's meta table, so it survives restarts.

Schedule, in local time of the digest's zone: the digest *for* a local date D is due at D's
`at` (e.g. 08:00 Europe/Berlin). `due_date(now)` is the latest such D whose time has come;
a channel gets a post when it has not had the digest for that D yet. So a restart after a
sent digest posts nothing, and a restart after any number of missed days posts exactly one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from facts.answers import Answer, Citation, Citations, Item, Section
from facts.briefing import Briefing
from facts.factset import FactSet
from facts.models import Actor, AnyRecord, Claim, Event, Quote
from facts.store import Revision

UTC = ZoneInfo("UTC")
LATEST_EVENTS = 5
MAX_CHANGES = 25  # a day of bulk imports still makes a readable digest; the rest is counted
MAX_DIFFS = 4
# A reason longer than this is cut (`fact history` has it whole): reasons have no length
# limit, and a line longer than a page breaks Discord's limits (see bot/render.py).
MAX_REASON = 1000
KEY_CHANNELS = "digest:channels"
KEY_TIME = "digest:time"
KEY_TZ = "digest:tz"
KEY_THREADS = "digest:threads"  # the channels that get each day's digest in its own thread
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# What a wrong time or zone is told, after the value (the settings show the value their way).
NOT_A_TIME = "is not a time: give HH:MM, 24-hour, e.g. 08:00"
NOT_A_ZONE = "is not a time zone: give Area/City, e.g. Asia/Karachi"


class DigestStore(Protocol):
    """What the digest needs of the live store (facts.store.Store has all of it)."""

    def revisions(
        self,
        since: dt.datetime | None = None,
        limit: int | None = None,
        *,
        after: int = 0,
        until: dt.datetime | None = None,
    ) -> list[Revision]: ...

    def snapshot(self) -> FactSet: ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def seed_head(self) -> int: ...

    def update_meta(
        self, keys: Sequence[str], change: Callable[[dict[str, str | None]], dict[str, str]]
    ) -> dict[str, str | None]: ...


# --- schedule ------------------------------------------------------------------------------


def scheduled_at(day: dt.date, at: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The instant (UTC) of `at` local time on `day`. Wall-clock: 08:00 stays 08:00 across a
    daylight-saving change. A time skipped by the change (02:30 in spring) falls an hour
    later; a repeated one (autumn) is its first occurrence."""
    local = dt.datetime.combine(day, at, tzinfo=tz)
    return local.astimezone(dt.UTC)


def due_date(now: dt.datetime, at: dt.time, tz: ZoneInfo) -> dt.date:
    """The local date whose digest is due at `now`: today once today's time has come,
    otherwise yesterday."""
    today = now.astimezone(tz).date()
    if now >= scheduled_at(today, at, tz):
        return today
    return today - dt.timedelta(days=1)


def next_run(now: dt.datetime, at: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The first scheduled instant strictly after `now` (UTC)."""
    return scheduled_at(due_date(now, at, tz) + dt.timedelta(days=1), at, tz)


def should_post(last_sent: dt.date | None, now: dt.datetime, at: dt.time, tz: ZoneInfo) -> bool:
    """Whether a channel whose last digest was for local date `last_sent` gets one now.
    At most one post however many days were missed: only the due date counts."""
    return last_sent is None or last_sent < due_date(now, at, tz)


# --- configuration and bookkeeping (the store's meta table) ---------------------------------


@dataclass(frozen=True)
class DigestConfig:
    channels: tuple[int, ...]
    at: dt.time
    tz: ZoneInfo
    threads: tuple[int, ...] = ()  # of those channels, the ones posted to as a thread a day

    def describe(self, now: dt.datetime) -> str:
        upcoming = next_run(now, self.at, self.tz).astimezone(self.tz)
        return (
            f"daily at {self.at:%H:%M} {self.tz.key}; next {upcoming:%Y-%m-%d %H:%M %Z}; "
            f"{len(self.channels)} channel(s)"
        )


@dataclass(frozen=True)
class LastSent:
    """The last scheduled digest a channel got: for which local date, and when (UTC)."""

    date: dt.date
    at: dt.datetime


def parse_time(text: str) -> dt.time:
    """'08:00' -> time(8, 0); anything else is a ValueError that says what is expected."""
    match = _HHMM.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} {NOT_A_TIME}")
    return dt.time(int(match[1]), int(match[2]))


def parse_zone(name: str) -> ZoneInfo:
    """'Europe/Berlin' -> ZoneInfo; an unknown name is a ValueError."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} {NOT_A_ZONE}") from None


def load_config(
    store: DigestStore, channels: Iterable[int], at: dt.time, tz: ZoneInfo
) -> DigestConfig:
    """The settings' defaults, overridden by what moderators stored."""
    stored = store.get_meta(KEY_CHANNELS)
    chosen = json.loads(stored) if stored is not None else list(channels)
    return DigestConfig(
        channels=tuple(int(c) for c in chosen),
        at=parse_time(time) if (time := store.get_meta(KEY_TIME)) else at,
        tz=parse_zone(zone) if (zone := store.get_meta(KEY_TZ)) else tz,
        threads=tuple(int(c) for c in json.loads(store.get_meta(KEY_THREADS) or "[]")),
    )


def save_channels(store: DigestStore, channels: Iterable[int]) -> None:
    store.set_meta(KEY_CHANNELS, json.dumps(sorted(set(channels))))


def save_threads(store: DigestStore, channels: Iterable[int]) -> None:
    store.set_meta(KEY_THREADS, json.dumps(sorted(set(channels))))


def days_thread(store: DigestStore, channel_id: int, day: dt.date) -> int | None:
    """The thread opened for a channel's digest of `day`, if one was."""
    raw = store.get_meta(f"digest:thread:{channel_id}")
    data = json.loads(raw) if raw is not None else {}
    return int(data["id"]) if data.get("date") == day.isoformat() else None


def save_days_thread(store: DigestStore, channel_id: int, day: dt.date, thread_id: int) -> None:
    value = {"date": day.isoformat(), "id": thread_id}
    store.set_meta(f"digest:thread:{channel_id}", json.dumps(value))


def save_time(store: DigestStore, at: dt.time, tz: ZoneInfo) -> None:
    store.set_meta(KEY_TIME, f"{at:%H:%M}")
    store.set_meta(KEY_TZ, tz.key)


def _last_key(channel_id: int) -> str:
    return f"digest:last:{channel_id}"


def _last_value(day: dt.date, at: dt.datetime) -> str:
    return json.dumps({"date": day.isoformat(), "at": at.astimezone(dt.UTC).isoformat()})


def last_sent(store: DigestStore, channel_id: int) -> LastSent | None:
    raw = store.get_meta(_last_key(channel_id))
    if raw is None:
        return None
    data = json.loads(raw)
    return LastSent(dt.date.fromisoformat(data["date"]), dt.datetime.fromisoformat(data["at"]))


def record_sent(store: DigestStore, channel_id: int, day: dt.date, at: dt.datetime) -> None:
    store.set_meta(_last_key(channel_id), _last_value(day, at))


# --- sending exactly once ---------------------------------------------------------------------

# A claim not finished within this long is taken to be abandoned (its process died): another
# may take it over and send the pages still missing.
CLAIM_LEASE = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class SendClaim:
    """Who sends a channel's digest for a day: claimed before the first page goes out, each
    page counted as it is sent, done when the last one is."""

    owner: str
    claimed: dt.datetime
    at: dt.datetime  # the digest's moment: a retry rebuilds the same digest
    pages: int = 0
    done: bool = False

    def dump(self) -> str:
        return json.dumps(
            {
                "owner": self.owner,
                "claimed": self.claimed.astimezone(dt.UTC).isoformat(),
                "at": self.at.astimezone(dt.UTC).isoformat(),
                "pages": self.pages,
                "done": self.done,
            }
        )

    @classmethod
    def load(cls, raw: str) -> SendClaim:
        data = json.loads(raw)
        return cls(
            owner=str(data["owner"]),
            claimed=dt.datetime.fromisoformat(data["claimed"]),
            at=dt.datetime.fromisoformat(data["at"]),
            pages=int(data["pages"]),
            done=bool(data["done"]),
        )


def _claim_key(channel_id: int, day: dt.date) -> str:
    return f"digest:send:{channel_id}:{day.isoformat()}"


def claim_digest(
    store: DigestStore,
    channel_id: int,
    day: dt.date,
    *,
    owner: str,
    now: dt.datetime,
    lease: dt.timedelta = CLAIM_LEASE,
) -> SendClaim | None:
    """Claim the channel's digest for `day` before sending any of it, in one write
    transaction that only one process can win. Returns the claim to go on with (its `pages`
    already sent), or None: the digest was sent, or another process is sending it."""
    key = _claim_key(channel_id, day)

    def change(values: dict[str, str | None]) -> dict[str, str]:
        raw = values[key]
        if raw is None:
            return {key: SendClaim(owner, now, now).dump()}
        held = SendClaim.load(raw)
        if held.done or held.owner == owner or now - held.claimed < lease:
            return {}
        return {key: SendClaim(owner, now, held.at, held.pages).dump()}  # abandoned: ours

    claim = SendClaim.load(store.update_meta([key], change)[key] or "")
    return claim if claim.owner == owner and not claim.done else None


def record_page(store: DigestStore, channel_id: int, day: dt.date, claim: SendClaim) -> SendClaim:
    """One more page of the claimed digest was sent (so a retry sends only the rest)."""
    return _update_claim(store, channel_id, day, claim, pages=claim.pages + 1)


def finish_digest(store: DigestStore, channel_id: int, day: dt.date, claim: SendClaim) -> None:
    """Every page is sent: the claim is done, and the channel's last digest is this one."""
    _update_claim(store, channel_id, day, claim, done=True, sent=True)


def _update_claim(
    store: DigestStore,
    channel_id: int,
    day: dt.date,
    claim: SendClaim,
    *,
    pages: int | None = None,
    done: bool = False,
    sent: bool = False,
) -> SendClaim:
    key = _claim_key(channel_id, day)
    new = replace(claim, pages=claim.pages if pages is None else pages, done=done)

    def change(values: dict[str, str | None]) -> dict[str, str]:
        raw = values[key]
        if raw is None or SendClaim.load(raw).owner != claim.owner:
            raise LostClaim(f"digest for channel {channel_id} on {day}: taken over")
        out = {key: new.dump()}
        if sent:
            out[_last_key(channel_id)] = _last_value(day, claim.at)
        return out

    store.update_meta([key], change)
    return new


class LostClaim(RuntimeError):
    """Another process took over a claim this one held too long (past CLAIM_LEASE)."""


def default_since(store: DigestStore, channels: Iterable[int], now: dt.datetime) -> dt.datetime:
    """Where a digest starts when not told: the latest digest sent to any of the channels,
    else a day before `now` (a first digest does not list the whole seed import)."""
    sent = [s.at for c in channels if (s := last_sent(store, c)) is not None and s.at <= now]
    return max(sent, default=now - dt.timedelta(days=1))


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
    revisions = store.revisions(since, after=seeded, until=now)  # the seed is never parsed
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
        citations=list(dict.fromkeys(_cite(cites, q) for q in quotes)),
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


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # figures are stored as floats; 36, not 36.0
    text = "(unset)" if value is None else json.dumps(value, ensure_ascii=False)
    text = text.strip('"') if isinstance(value, str) else text
    return _clip(text, limit)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
