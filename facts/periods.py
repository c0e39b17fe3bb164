"""Date ranges as people type them: `2026-02-20..2026-02-28`, `feb 2026`, `2025`."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_RANGE_SPLIT = re.compile(r"\s*(?:\.\.|–|—|\bto\b|\buntil\b)\s*")


def parse_date_range(text: str) -> tuple[dt.date, dt.date] | None:
    """'2026-02-22', '2026-02-20..2026-02-28', '2026-02', 'feb 2026', '2025' -> (start, end);
    None when the text is not a date (then it is a name or topic)."""
    parts = [p for p in _RANGE_SPLIT.split(text.strip().casefold()) if p]
    if not parts or len(parts) > 2:
        return None
    first, last = _parse_period(parts[0]), _parse_period(parts[-1])
    if first is None or last is None:
        return None
    start, end = first[0], last[1]
    return (start, end) if start <= end else (end, start)


def _parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return day, day
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        return _month(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"([a-z]{3})[a-z]*\.?\s+(\d{4})", text):
        month = _MONTHS.get(m[1])
        return _month(int(m[2]), month) if month else None
    if m := re.fullmatch(r"(\d{4})", text):
        year = int(m[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


def _month(year: int, month: int) -> tuple[dt.date, dt.date] | None:
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)
