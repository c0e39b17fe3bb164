"""When the digest is due: pure functions of an injected `now`, in the digest's local time.

The digest *for* a local date D is due at D's `at` (e.g. 08:00 Europe/Berlin). `due_date(now)`
is the latest such D whose time has come; a channel gets a post when it has not had the
digest for that D yet. So a restart after a sent digest posts nothing, and a restart after any
number of missed days posts exactly one.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = ZoneInfo("UTC")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# What a wrong time or zone is told, after the value (the settings show the value their way).
NOT_A_TIME = "is not a time: give HH:MM, 24-hour, e.g. 08:00"
NOT_A_ZONE = "is not a time zone: give Area/City, e.g. Asia/Karachi"


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
