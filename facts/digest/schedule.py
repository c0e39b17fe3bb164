"""When the digest is due: pure functions of an injected `now`, in the digest's local time.

The digest *for* a local date D is due at D's `at` (e.g. 08:00 Europe/Berlin). `due_date(now)`
is the latest such D whose time has come; a channel gets a post when it has not had the
digest for that D yet. So a restart after a sent digest posts nothing, and a restart after any
number of missed days posts exactly one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

UTC = ZoneInfo("UTC")
# As a desk types a time: 08:00, 8:00, 7:30, 8am, 8:30 pm, 12 a.m. A bare number ("8") is
# not one: 8 of the morning or of the evening is for the moderator to say.
_CLOCK = re.compile(r"^(\d{1,2})(?::([0-5]\d))?\s*(?:([ap])\.?m\.?)?$", re.IGNORECASE)
# What a wrong time or zone is told, after the value (the settings show the value their way).
NOT_A_TIME = "is not a time: give HH:MM, 24-hour (e.g. 08:00), or 8am / 8:30 pm"
NOT_A_ZONE = "is not a time zone: give Area/City, e.g. Asia/Karachi"
NOT_A_MOMENT = "is not an ISO time, e.g. 2026-03-02T08:00+01:00"


def parse_moment(text: str, tz: ZoneInfo) -> dt.datetime:
    """ISO date or date-time; without an offset it is local time in the digest's zone. A
    ValueError says what is wrong in one line."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} {NOT_A_MOMENT}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


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
    """'08:00', '8:00', '8am', '8:30 pm' -> the time; anything else is a ValueError that says
    what is expected."""
    match = _CLOCK.match(text.strip())
    if match is None or (match[2] is None and match[3] is None):
        raise ValueError(f"{text!r} {NOT_A_TIME}")
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half:  # 12 am is midnight, 12 pm noon
        if not 1 <= hour <= 12:
            raise ValueError(f"{text!r} {NOT_A_TIME}")
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23:
        raise ValueError(f"{text!r} {NOT_A_TIME}")
    return dt.time(hour, minute)


def parse_zone(name: str) -> ZoneInfo:
    """'Europe/Berlin' -> ZoneInfo, in any case ('asia/karachi'); an unknown name is a
    ValueError."""
    typed = name.strip()
    try:
        return ZoneInfo(typed)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    spelled = _zones_by_folded_name().get(typed.casefold())
    if spelled is None:
        raise ValueError(f"{name!r} {NOT_A_ZONE}")
    return ZoneInfo(spelled)


def parse_time_and_zone(text: str) -> tuple[dt.time, ZoneInfo | None]:
    """'7:30 pm asia/karachi' -> the time and the zone; no zone (None) when the text is a
    time alone ('08:00', '8:30 pm'). The zone is the last word, when the words before it are
    a time: a ValueError says what is wrong with whichever is not."""
    try:
        return parse_time(text), None
    except ValueError:
        *time_words, zone = text.split() or [""]
        if not time_words:
            raise
    return parse_time(" ".join(time_words)), parse_zone(zone)


@functools.cache
def _zones_by_folded_name() -> dict[str, str]:
    """Each zone's name as the tz database spells it, by its name in lower case. Read once,
    when a name is not found as typed (reading the database's names takes some 50 ms)."""
    return {zone.casefold(): zone for zone in available_timezones()}
