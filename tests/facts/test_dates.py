"""Dates as reporters type them: single days, months, ranges, open ranges, impossible dates."""

from __future__ import annotations

import datetime as dt

import pytest

from facts.dates import DateError, DateRange, parse_range, split_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-22", DateRange(D(2026, 2, 22), D(2026, 2, 22))),
        ("2026-02-20..2026-02-28", DateRange(D(2026, 2, 20), D(2026, 2, 28))),
        ("2026-02-28 to 2026-02-20", DateRange(D(2026, 2, 20), D(2026, 2, 28))),
        ("feb 2026", DateRange(D(2026, 2, 1), D(2026, 2, 28))),
        ("february", DateRange(D(2026, 2, 1), D(2026, 2, 28))),  # the store's year
        ("22 feb", DateRange(D(2026, 2, 22), D(2026, 2, 22))),
        ("22nd February 2026", DateRange(D(2026, 2, 22), D(2026, 2, 22))),
        ("feb 22, 2026", DateRange(D(2026, 2, 22), D(2026, 2, 22))),
        ("20-28 feb 2026", DateRange(D(2026, 2, 20), D(2026, 2, 28))),
        ("feb 26-27", DateRange(D(2026, 2, 26), D(2026, 2, 27))),  # not 26 Feb 2027
        ("mar 1–3 2025", DateRange(D(2025, 3, 1), D(2025, 3, 3))),
        ("since 20 feb", DateRange(D(2026, 2, 20), None)),
        ("after 20 feb", DateRange(D(2026, 2, 21), None)),  # as "before": not the day itself
        ("after february", DateRange(D(2026, 3, 1), None)),
        ("before 2026-02-10", DateRange(None, D(2026, 2, 9))),
        ("until 2026-02-10", DateRange(None, D(2026, 2, 10))),
        ("2026-02-20..", DateRange(D(2026, 2, 20), None)),
        ("..2025-01-01", DateRange(None, D(2025, 1, 1))),
        ("2026-12", DateRange(D(2026, 12, 1), D(2026, 12, 31))),
        ("2024", DateRange(D(2024, 1, 1), D(2024, 12, 31))),
    ],
)
def test_a_typed_date_is_the_span_it_means(text: str, expected: DateRange):
    assert parse_range(text, 2026) == expected


@pytest.mark.parametrize("text", ["bannu", "sun", "274", "", "strikes", "may day parade"])
def test_words_that_are_not_dates_stay_words(text: str):
    assert parse_range(text, 2026) is None


@pytest.mark.parametrize("text", ["2026-02-30", "31 april", "2026-13"])
def test_an_impossible_date_says_so(text: str):
    with pytest.raises(DateError, match="not a real date"):
        parse_range(text, 2026)


@pytest.mark.parametrize("text", ["before 0001-01-01", "after 9999-12-31", "before 0001"])
def test_a_window_past_the_calendar_says_so(text: str):
    with pytest.raises(DateError, match="no date comes"):
        parse_range(text, 2026)


def test_a_subject_with_a_date_is_split():
    assert split_date("kabul 2026-02", 2026) == (
        "kabul",
        DateRange(D(2026, 2, 1), D(2026, 2, 28)),
    )
    assert split_date("strikes in february", 2026)[0] == "strikes"
    assert split_date("bannu", 2026) == ("bannu", None)


def test_a_range_overlaps_what_it_touches():
    february = DateRange(D(2026, 2, 1), D(2026, 2, 28))
    assert february.contains(D(2026, 1, 30), D(2026, 2, 2))
    assert not february.contains(D(2026, 3, 1), D(2026, 3, 2))
    assert DateRange(D(2026, 2, 20), None).contains(D(2027, 1, 1), D(2027, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20 feb - 23 feb", DateRange(D(2026, 2, 20), D(2026, 2, 23))),  # not 20 Feb 2023
        ("feb 22 to 25", DateRange(D(2026, 2, 22), D(2026, 2, 25))),  # the last day borrows
        ("between 20 and 23 february", DateRange(D(2026, 2, 20), D(2026, 2, 23))),
        ("21/02/2026", DateRange(D(2026, 2, 21), D(2026, 2, 21))),  # day first
        ("22.02.2026", DateRange(D(2026, 2, 22), D(2026, 2, 22))),
    ],
)
def test_more_ways_reporters_write_dates(text: str, expected: DateRange):
    assert parse_range(text, 2026) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("first week of march", DateRange(D(2026, 3, 1), D(2026, 3, 7))),
        ("the second week of feb", DateRange(D(2026, 2, 8), D(2026, 2, 14))),
        ("last week of february", DateRange(D(2026, 2, 22), D(2026, 2, 28))),
        ("early october 2025", DateRange(D(2025, 10, 1), D(2025, 10, 10))),
        ("mid-feb", DateRange(D(2026, 2, 11), D(2026, 2, 20))),
        ("late feb", DateRange(D(2026, 2, 21), D(2026, 2, 28))),
    ],
)
def test_a_part_of_a_month_is_its_days(text: str, expected: DateRange):
    # "The last week of february" had been refused as a week relative to today.
    assert split_date(text, 2026) == ("", expected)


@pytest.mark.parametrize("text", ["since", "before", "strikes last week", "yesterday"])
def test_a_date_with_nothing_to_anchor_it_says_what_to_give(text: str):
    with pytest.raises(DateError, match=r"e\.g\. `timeline"):
        split_date(text, 2026)


@pytest.mark.parametrize(
    ("text", "subject", "start", "end"),
    [
        ("yesterday", "", D(2026, 2, 27), D(2026, 2, 27)),
        ("strikes last week", "strikes", D(2026, 2, 22), D(2026, 2, 28)),
        ("kabul in the last few days", "kabul", D(2026, 2, 22), D(2026, 2, 28)),
        ("last month", "", D(2026, 1, 1), D(2026, 1, 31)),
        ("last year", "", D(2025, 1, 1), D(2025, 12, 31)),
        ("this year", "", D(2026, 1, 1), D(2026, 2, 28)),
    ],
)
def test_a_relative_date_is_read_from_the_storys_latest_date(
    text: str, subject: str, start: D, end: D
):
    found, dates = split_date(text, 2026, D(2026, 2, 28))
    assert (found, dates.start if dates else None, dates.end if dates else None) == (
        subject,
        start,
        end,
    )
    assert dates is not None
    assert "28 Feb 2026" in dates.label()
    with pytest.raises(DateError, match="report nothing later"):
        split_date("next week", 2026, D(2026, 2, 28))


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("2026-13-01", "there are only 12 months"),
        ("2026-13", "there are only 12 months"),
        ("0000-01-01", "the year is out of range"),
        ("31 feb", "that month has no such day"),
        ("30/02/2026", "that month has no such day"),
    ],
)
def test_an_impossible_date_says_which_part_is_wrong_and_gives_one_that_works(
    typed: str, why: str
) -> None:
    with pytest.raises(DateError) as caught:
        split_date(typed, 2026)
    assert str(caught.value) == f"{typed!r} is not a real date: {why}. Try e.g. `timeline 22 feb`."
