"""The digest's settings and bookkeeping, in the store's key-value (meta) table, so they
survive restarts: the channels, the time and zone, the thread channels, what each channel got."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from facts.digest.schedule import next_run, parse_time, parse_zone
from facts.factset import FactSet
from facts.store import Revision

KEY_CHANNELS = "digest:channels"
KEY_TIME = "digest:time"
KEY_TZ = "digest:tz"
KEY_THREADS = "digest:threads"  # the channels that get each day's digest in its own thread


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


def default_since(store: DigestStore, channels: Iterable[int], now: dt.datetime) -> dt.datetime:
    """Where a digest starts when not told: the latest digest sent to any of the channels,
    else a day before `now` (a first digest does not list the whole seed import)."""
    sent = [s.at for c in channels if (s := last_sent(store, c)) is not None and s.at <= now]
    return max(sent, default=now - dt.timedelta(days=1))
