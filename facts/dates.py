"""Dates as reporters type them, for `timeline`.

`february` (in the store's year), `22 feb`, `22 feb 2026`, `2026-02`, `20-28 feb 2026`, `feb 26-27`,
`since 20 feb`, `before 2026-02-10`, `first week of march`, `late feb`, open ranges
`2026-02-20..` and `..2025-01-01`, and a subject with a date (`kabul 2026-02`). One date is
read by dateutil; what is ours is the range grammar around it (since/before/..), and knowing
how much of a date was typed: "feb 2026" is the whole month, never 1 February."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTH_WORDS = {
    name.casefold()
    for names in (calendar.month_name, calendar.month_abbr)
    for name in names
    if name
} | {"sept"}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b")
_YEAR = re.compile(r"^(\d{4})$")
_DAY_SPAN = re.compile(r"^(\d{1,2})\s*[-–]\s*(\d{1,2})\s+([a-z]+\.?(?:\s+\d{4})?)$")
# "feb 26-27", "feb 26-27 2026": the month first (dateutil read the "27" as the year 2027).
_MONTH_DAY_SPAN = re.compile(r"^([a-z]+\.?)\s+(\d{1,2})\s*[-–]\s*(\d{1,2})(\s+\d{4})?$")
_RANGE = re.compile(r"\s*(?:\.\.|\s[-–—]\s|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*")
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")  # 22/02/2026: day first
_BARE_DAY = re.compile(r"\d{1,2}")
# The store's dates are the articles' own: a date relative to today means nothing to it.
# ("The last week of february" is a part of a month, not a week before today.)
_RELATIVE = re.compile(
    r"\b(?:yesterday|today|tonight|tomorrow|recently|lately|(?:last|this|next|past) "
    r"(?:week|month|year|few days|days|weekend))\b(?! of)"
)
# "The first week of march", "late february", "mid-feb 2026": a part of a month, as days.
# ... and "the end of february", "the start of march", "the middle of feb": the same thirds.
_PART_OF_MONTH = re.compile(
    r"^(?:the\s+)?(?:(first|second|third|fourth|last) week of|(early|mid|late)[\s-]+"
    r"|(end|start|beginning|middle) of\s+(?:the\s+)?)\s*(.+)$"
)
_WEEKS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_THIRDS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_THIRD_NAMED = {"end": "late", "start": "early", "beginning": "early", "middle": "mid"}
_OPEN = {
    "since": "since",
    "from": "since",
    "after": "after",  # the day itself not included, as for "before"
    "before": "before",
    "until": "until",
    "till": "until",
    "by": "until",
}
# Two far-apart defaults: a field dateutil fills from the default was not typed.
_DEFAULTS = (dt.datetime(1904, 1, 1), dt.datetime(1908, 12, 28))


class DateError(ValueError):
    """A date that cannot be: '2026-02-30', '31 april'."""


@dataclass(frozen=True)
class DateRange:
    start: dt.date | None  # None: open to the past
    end: dt.date | None  # None: open to the future
    note: str = ""  # how the range was read, when the words did not say it ("last week")

    def label(self) -> str:
        return self._span() + (f" ({self.note})" if self.note else "")

    def _span(self) -> str:
        start = self.start.isoformat() if self.start else None
        end = self.end.isoformat() if self.end else None
        if start and end:
            return start if start == end else f"{start} to {end}"
        return f"since {start}" if start else f"until {end}"

    def contains(self, start: dt.date, end: dt.date) -> bool:
        """Whether a span of time overlaps this range."""
        return (self.start is None or end >= self.start) and (self.end is None or start <= self.end)


def _period(text: str, year: int) -> tuple[dt.date, dt.date] | None:
    """One typed date as the span it means; None if it is not a date; DateError if it is
    one that cannot be."""
    text = _ORDINAL.sub(r"\1", text.strip().casefold().rstrip(".,"))
    if m := _ISO.match(text):
        y, month, day = int(m[1]), int(m[2]), m[3]
        try:
            if day is None:
                return _month_span(y, month)
            return (dt.date(y, month, int(day)),) * 2
        except ValueError as error:
            raise _impossible(text, str(error)) from None
    if m := _NUMERIC.match(text):
        try:
            return (dt.date(int(m[3]), int(m[2]), int(m[1])),) * 2
        except ValueError as error:
            raise _impossible(text, str(error)) from None
    if m := _YEAR.match(text):
        y = int(m[1])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if m := _DAY_SPAN.match(text):
        first = _period(f"{m[1]} {m[3]}", year)
        last = _period(f"{m[2]} {m[3]}", year)
        return (first[0], last[1]) if first and last else None
    if (m := _MONTH_DAY_SPAN.match(text)) and m[1].rstrip(".") in _MONTH_WORDS:
        return _period(f"{m[2]}-{m[3]} {m[1]}{m[4] or ''}", year)
    if m := _PART_OF_MONTH.match(text):
        return _part_of_month(m[1] or m[2] or _THIRD_NAMED[m[3]], m[4], year)
    words = re.findall(r"[a-z]+|\d+", text)
    if not words or not any(w in _MONTH_WORDS for w in words):
        return None  # "sun", "274": dateutil would read them as dates; a reporter does not
    if any(not w.isdigit() and w not in _MONTH_WORDS and w not in {"of", "the"} for w in words):
        return None
    # dateutil only for text that names a month: not loaded by every question's start.
    from dateutil import parser as dateutil_parser  # noqa: PLC0415

    try:
        a, b = (dateutil_parser.parse(text, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError) as error:
        if "out of range" in str(error) or "must be in" in str(error):
            raise _impossible(text, str(error)) from None
        return None
    y = a.year if a.year == b.year else year
    if a.day == b.day:  # the day was typed
        try:
            day = dt.date(y, a.month, a.day)
        except ValueError as error:
            raise _impossible(text, str(error)) from None
        return day, day
    return _month_span(y, a.month)


def _part_of_month(part: str, month: str, year: int) -> tuple[dt.date, dt.date] | None:
    """'first week' (days 1-7), 'last week' (its last seven), 'early' (1-10), 'mid' (11-20),
    'late' (21 to its end) of a month; None unless the rest is a whole month."""
    span = _period(month, year)
    if span is None or span != _month_span(span[0].year, span[0].month):
        return None
    first, last = span
    if part == "last":
        return last - dt.timedelta(days=6), last
    if part in _WEEKS:
        start = first + dt.timedelta(days=7 * (_WEEKS[part] - 1))
        return start, start + dt.timedelta(days=6)
    low, high = _THIRDS[part]
    return first.replace(day=low), first.replace(day=min(high, last.day))


def _impossible(text: str, why: str) -> DateError:
    """A date no calendar has, saying which part is wrong (dateutil's reason, in words),
    with a date that works."""
    if "month" in why and "day" not in why:
        part = "there are only 12 months"
    elif "year" in why:
        part = "the year is out of range"
    else:
        part = "that month has no such day"
    return DateError(f"{text!r} is not a real date: {part}. Try e.g. `timeline 22 feb`.")


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(year, month)[1]  # ValueError for month 13
    return dt.date(year, month, 1), dt.date(year, month, last)


def parse_range(text: str, year: int) -> DateRange | None:
    """The whole text as a date or a range of dates; None if it is not one."""
    text = " ".join(text.casefold().split())
    if not text:
        return None
    if text in _OPEN or text == "between":
        raise DateError(f"{text} when? Give a date, e.g. `timeline {text} 20 feb`.")
    first, _, rest = text.partition(" ")
    if (first == "between" and " and " in rest) or (first == "from" and " to " in rest):
        text = rest.replace(" and ", " .. ", 1)  # "between 20 and 23 feb": a range
        first, _, rest = text.partition(" ")
    if first in _OPEN and rest:
        period = _period(rest, year)
        if period is None:
            return None
        try:
            match _OPEN[first]:
                case "since":
                    return DateRange(period[0], None)
                case "after":
                    return DateRange(period[1] + dt.timedelta(days=1), None)
                case "before":
                    return DateRange(None, period[0] - dt.timedelta(days=1))
        except OverflowError:  # before 1 Jan of the year 1, after the last day of 9999
            raise DateError(
                f"no date comes {first} {rest!r}. Try e.g. `timeline {first} 22 feb`."
            ) from None
        return DateRange(None, period[1])
    parts = _RANGE.split(text)
    if len(parts) == 1:
        period = _period(text, year)
        return DateRange(*period) if period else None
    if len(parts) != 2:
        return None
    if re.fullmatch(r"\d{1,2}", parts[0]) and (month := re.sub(r"^\d{1,2}\s+", "", parts[1])):
        parts[0] = f"{parts[0]} {month}"  # "20..23 feb": the first day borrows the month
    elif re.fullmatch(r"\d{1,2}", parts[1]) and _BARE_DAY.search(parts[0]):
        parts[1] = _BARE_DAY.sub(parts[1], parts[0], count=1)  # "feb 22 to 25": the last too
    start = _period(parts[0], year) if parts[0] else None
    end = _period(parts[1], year) if parts[1] else None
    if (parts[0] and start is None) or (parts[1] and end is None) or (not start and not end):
        return None
    low, high = (start[0] if start else None), (end[1] if end else None)
    if low and high and high < low:
        low, high = (end[0] if end else None), (start[1] if start else None)
    return DateRange(low, high)


def relative_date(text: str) -> str | None:
    """The words of a date relative to today in the text ("yesterday", "this week"), if any."""
    found = _RELATIVE.search(text.casefold())
    return found[0] if found else None


_WEEK = dt.timedelta(days=6)


def story_relative(words: str, latest: dt.date) -> DateRange:
    """A date relative to today ("yesterday", "last week") read in the story's time: counted
    back from the latest date the articles give, and saying so. "Last week" and "the last few
    days" are the seven days up to it; "last month" and "last year" the calendar month and
    year before its own. A date after it ("tomorrow") is a DateError: nothing is reported."""
    unit = words.rsplit(maxsplit=1)[-1]
    if words == "tomorrow" or words.startswith("next "):
        raise DateError(
            f"'{words}' is after {latest:%-d %b %Y}, the latest date in the articles: they "
            "report nothing later. Give a date, e.g. `timeline since 20 feb`."
        )
    if words in ("today", "tonight"):
        start, end = latest, latest
    elif words == "yesterday":
        start = end = latest - dt.timedelta(days=1)
    elif unit in ("month", "year") and words.startswith("last "):  # the calendar one before
        end = (
            latest.replace(day=1) if unit == "month" else dt.date(latest.year, 1, 1)
        ) - dt.timedelta(days=1)
        start = end.replace(day=1) if unit == "month" else dt.date(end.year, 1, 1)
    elif unit in ("month", "year") and words.startswith("this "):  # its own, so far
        start, end = (
            latest.replace(day=1) if unit == "month" else dt.date(latest.year, 1, 1),
            latest,
        )
    elif unit in ("month", "year"):  # the past month, the past year
        start, end = latest - dt.timedelta(days=29 if unit == "month" else 364), latest
    else:  # a week, a weekend, the last few days, recently
        start, end = latest - _WEEK, latest
    note = f"'{words}' read from {latest:%-d %b %Y}, the latest date in the articles"
    return DateRange(start, end, note)


# "What happened on the 26th": a day typed as an ordinal, with no month.
_ORDINAL_DAY = re.compile(r"\b(?:(?:on|of)\s+)?((?:the\s+)?(\d{1,2})(?:st|nd|rd|th))\b")


def _day_of_the_story(text: str, latest: dt.date) -> tuple[str, DateRange] | None:
    """An ordinal day with no month ("the 26th") is that day of the month of the story's
    latest date, or of the month before when it would come after it; saying so."""
    folded = text.casefold()
    found = list(_ORDINAL_DAY.finditer(folded))
    if len(found) != 1 or not _MONTH_WORDS.isdisjoint(re.findall(r"[a-z]+", folded)):
        return None
    typed, number = found[0][1], int(found[0][2])
    month = latest.replace(day=1)
    if number > latest.day:
        month = (month - dt.timedelta(days=1)).replace(day=1)
    try:
        day = month.replace(day=number)
    except ValueError:
        raise _impossible(typed, "day is out of range for month") from None
    note = (
        f"'{typed}' read as {day:%-d %b %Y}: the last such day up to {latest:%-d %b %Y},"
        " the latest date in the articles"
    )
    rest = " ".join((folded[: found[0].start()] + folded[found[0].end() :]).split())
    return rest, DateRange(day, day, note)


def split_date(text: str, year: int, latest: dt.date | None = None) -> tuple[str, DateRange | None]:
    """A query as (subject, dates): `kabul 2026-02` -> ('kabul', February 2026). The date is
    the longest run of words at the end or the start of the query that reads as one. A date
    relative to today is read from `latest`, the story's latest date, when it is given."""
    if relative := relative_date(text):
        if latest is not None:
            left = _RELATIVE.sub(" ", text.casefold()).split()
            rest = [w for w in left if w not in {"in", "on", "during", "of", "the"}]
            return " ".join(rest), story_relative(relative, latest)
        raise DateError(
            f"'{relative}' is relative to today; the store's dates are the articles' own. "
            "Give a date, e.g. `timeline since 20 feb` or `timeline 2026-02`."
        )
    if latest is not None and (day := _day_of_the_story(text, latest)) is not None:
        return day
    words = text.split()
    for size in range(len(words), 0, -1):
        for subject, dates in (
            (words[: len(words) - size], words[len(words) - size :]),
            (words[size:], words[:size]),
        ):
            found = parse_range(" ".join(dates), year)
            if found is not None:
                rest = [w for w in subject if w.casefold() not in {"in", "on", "during", "of"}]
                return " ".join(rest), found
    return text, None
