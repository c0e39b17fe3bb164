"""The digest without Discord: the schedule as pure functions of a given `now`, the
bookkeeping in the store's meta table, the content on a real store, and `briefing digest`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.limits import EMBED_DESCRIPTION, EMBED_TOTAL
from bot.render import render_embeds
from bot.render_text import render_text
from bot.terminal.cli import main
from facts.answers import Answer, Command, Item, Section
from facts.briefing import Briefing
from facts.digest import (
    DISPUTES_COMMAND,
    MAX_CHANGES,
    MAX_DISPUTES,
    DigestConfig,
    build_digest,
    default_since,
    due_date,
    last_sent,
    load_config,
    next_run,
    parse_time,
    parse_time_and_zone,
    parse_zone,
    record_sent,
    save_channels,
    save_time,
    scheduled_at,
    should_post,
)
from facts.store import Editor, Store, build_record
from tests.helpers import RECOUNT, SEEDED, Clock

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
KARACHI = ZoneInfo("Asia/Karachi")
EIGHT = dt.time(8, 0)
ALICE = Editor("alice", 42)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def item(answer: Answer, record_id: str, title_start: str) -> Item:
    [found] = [i for i in answer.items() if i.id == record_id and i.title.startswith(title_start)]
    return found


def quotes_of(answer: Answer, it: Item) -> list[str]:
    by_number = {c.number: c for c in answer.citations}
    return [by_number[n].quote for n in it.citations]


# --- the schedule --------------------------------------------------------------------------


def test_schedule_in_a_non_utc_zone():
    # 08:00 in Karachi (UTC+5) is 03:00 UTC.
    assert next_run(utc(2026, 3, 2, 2, 59), EIGHT, KARACHI) == utc(2026, 3, 2, 3, 0)
    assert next_run(utc(2026, 3, 2, 3, 0), EIGHT, KARACHI) == utc(2026, 3, 3, 3, 0)
    assert due_date(utc(2026, 3, 2, 2, 59), EIGHT, KARACHI) == dt.date(2026, 3, 1)
    assert due_date(utc(2026, 3, 2, 3, 0), EIGHT, KARACHI) == dt.date(2026, 3, 2)
    # 22:00 UTC is already tomorrow in Karachi, and past its 08:00? No: 03:00 local.
    assert due_date(utc(2026, 3, 2, 22, 0), EIGHT, KARACHI) == dt.date(2026, 3, 2)


def test_schedule_keeps_local_time_across_the_march_change():
    # Berlin moves from CET (+1) to CEST (+2) on 29 March 2026.
    before = next_run(utc(2026, 3, 28, 7, 30), EIGHT, BERLIN)
    after = next_run(before, EIGHT, BERLIN)
    assert before == utc(2026, 3, 29, 6, 0)  # already summer time: 08:00 CEST
    assert after == utc(2026, 3, 30, 6, 0)
    assert scheduled_at(dt.date(2026, 3, 28), EIGHT, BERLIN) == utc(2026, 3, 28, 7, 0)
    assert {t.astimezone(BERLIN).time() for t in (before, after)} == {EIGHT}
    # October goes back: 08:00 is 06:00 UTC on the 24th and 07:00 UTC on the 25th.
    assert scheduled_at(dt.date(2026, 10, 24), EIGHT, BERLIN) == utc(2026, 10, 24, 6, 0)
    assert scheduled_at(dt.date(2026, 10, 25), EIGHT, BERLIN) == utc(2026, 10, 25, 7, 0)


def simulate(start: dt.datetime, days: int, at: dt.time, tz: ZoneInfo) -> list[dt.datetime]:
    """A tick every minute for `days`, posting whenever should_post says so."""
    posts, last = [], None
    for minute in range(days * 24 * 60):
        now = start + dt.timedelta(minutes=minute)
        if should_post(last, now, at, tz):
            posts.append(now)
            last = due_date(now, at, tz)
    return posts


def test_minute_ticks_across_the_change_post_once_a_day_at_0800_local():
    posts = simulate(utc(2026, 3, 26, 12, 0), 6, EIGHT, BERLIN)
    first, *daily = posts  # the first tick catches up on the 26th, which never got one
    assert first == utc(2026, 3, 26, 12, 0)
    days = [dt.date(2026, 3, 27) + dt.timedelta(days=n) for n in range(6)]  # to 1 April
    assert [p.astimezone(BERLIN) for p in daily] == [
        dt.datetime.combine(day, EIGHT, tzinfo=BERLIN) for day in days
    ]
    assert [p.astimezone(UTC).hour for p in daily] == [7, 7, 6, 6, 6, 6]


def test_a_time_the_change_skips_still_posts_once_that_day():
    posts = simulate(utc(2026, 3, 28, 12, 0), 2, dt.time(2, 30), BERLIN)
    local = [p.astimezone(BERLIN) for p in posts]
    assert [p.date() for p in local] == [dt.date(2026, 3, d) for d in (28, 29, 30)]
    # 02:30 does not exist on the night of the change: the digest goes at 03:30 CEST.
    assert [p.time() for p in local[1:]] == [dt.time(3, 30), dt.time(2, 30)]


def test_a_time_the_autumn_change_repeats_posts_once_at_its_first_occurrence():
    posts = simulate(utc(2026, 10, 24, 12, 0), 2, dt.time(2, 30), BERLIN)
    assert [p.astimezone(BERLIN).date() for p in posts] == [
        dt.date(2026, 10, d) for d in (24, 25, 26)
    ]
    assert posts[1] == utc(2026, 10, 25, 0, 30)  # 02:30 CEST, not the second 02:30 (CET)


def test_should_post_after_a_sent_digest_is_false_until_the_next_day():
    today = dt.date(2026, 3, 2)
    assert not should_post(today, utc(2026, 3, 2, 9, 0), EIGHT, UTC)
    assert not should_post(today, utc(2026, 3, 3, 7, 59), EIGHT, UTC)
    assert should_post(today, utc(2026, 3, 3, 8, 0), EIGHT, UTC)


def test_should_post_after_missed_days_posts_exactly_once():
    now = utc(2026, 3, 9, 12, 0)
    last = dt.date(2026, 3, 2)  # a week down
    assert should_post(last, now, EIGHT, UTC)
    assert not should_post(due_date(now, EIGHT, UTC), now, EIGHT, UTC)
    assert should_post(None, now, EIGHT, UTC)
    # Before today's time, yesterday is what is due.
    assert not should_post(dt.date(2026, 3, 8), utc(2026, 3, 9, 7, 0), EIGHT, UTC)


# --- bookkeeping in the store --------------------------------------------------------------


def test_last_sent_survives_reopening_the_store(store: Store, tmp_path: Path):
    record_sent(store, 7, dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 8, 0, tzinfo=BERLIN))
    with Store.open(tmp_path / "s.sqlite3") as again:
        sent = last_sent(again, 7)
    assert sent is not None
    assert sent.date == dt.date(2026, 3, 2)
    assert sent.at == utc(2026, 3, 2, 7, 0)
    assert json.loads(store.get_meta("digest:last:7") or "") == {
        "date": "2026-03-02",
        "at": "2026-03-02T07:00:00+00:00",
    }
    assert last_sent(store, 8) is None


def test_moderator_settings_override_the_defaults(store: Store):
    default = DigestConfig((1, 2), EIGHT, ZoneInfo("UTC"))
    assert load_config(store, [1, 2], EIGHT, ZoneInfo("UTC")) == default
    save_channels(store, [3, 1, 3])
    save_time(store, dt.time(6, 30), KARACHI)
    assert load_config(store, [1, 2], EIGHT, ZoneInfo("UTC")) == DigestConfig(
        (1, 3), dt.time(6, 30), KARACHI
    )
    save_channels(store, [])  # removing the last one is not "use the defaults again"
    assert load_config(store, [1, 2], EIGHT, ZoneInfo("UTC")).channels == ()


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [
        ("08:00", 8, 0),
        ("8:00", 8, 0),
        (" 7:30 ", 7, 30),
        ("23:59", 23, 59),
        ("8am", 8, 0),
        ("8:30 pm", 20, 30),
        ("12 AM", 0, 0),
        ("12pm", 12, 0),
        ("7 p.m.", 19, 0),
    ],
)
def test_parse_time_reads_a_time_as_a_desk_types_it(text: str, hour: int, minute: int):
    assert parse_time(text) == dt.time(hour, minute)


@pytest.mark.parametrize(
    "text", ["8", "24:00", "08:60", "13pm", "0am", "noon", "8:0", "8:30m", "8:30 m", ""]
)
def test_parse_time_refuses_what_is_not_a_time(text: str):
    with pytest.raises(ValueError, match="HH:MM"):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "hour", "minute", "zone"),
    [
        ("08:00", 8, 0, None),
        ("8:30 pm", 20, 30, None),
        ("7:30 Asia/Karachi", 7, 30, "Asia/Karachi"),
        ("7:30 pm asia/karachi", 19, 30, "Asia/Karachi"),
        ("7 am UTC", 7, 0, "UTC"),
    ],
)
def test_parse_time_and_zone_reads_the_zone_after_the_time(
    text: str, hour: int, minute: int, zone: str | None
):
    when, tz = parse_time_and_zone(text)
    assert when == dt.time(hour, minute)
    assert (tz.key if tz else None) == zone


@pytest.mark.parametrize(
    ("text", "says"), [("7:30 Mars/Olympus", "time zone"), ("half past seven", "HH:MM")]
)
def test_parse_time_and_zone_says_which_part_is_wrong(text: str, says: str):
    with pytest.raises(ValueError, match=says):
        parse_time_and_zone(text)


def test_parse_zone_takes_a_zone_in_any_case():
    assert parse_zone("asia/karachi") == KARACHI
    assert parse_zone(" ASIA/KARACHI ") == KARACHI
    assert parse_zone("utc") == ZoneInfo("UTC")


@pytest.mark.parametrize("name", ["Mars/Olympus", "../etc/passwd", "", "asia/karach"])
def test_parse_zone_refuses_unknown_zones(name: str):
    with pytest.raises(ValueError, match="time zone"):
        parse_zone(name)


def test_default_since_is_the_last_digest_or_a_day(store: Store):
    now = utc(2026, 3, 3, 8, 0)
    assert default_since(store, [1, 2], now) == utc(2026, 3, 2, 8, 0)
    record_sent(store, 1, dt.date(2026, 3, 1), utc(2026, 3, 1, 8, 0))
    record_sent(store, 2, dt.date(2026, 3, 2), utc(2026, 3, 2, 8, 1))
    assert default_since(store, [1, 2], now) == utc(2026, 3, 2, 8, 1)
    assert default_since(store, [1], now) == utc(2026, 3, 1, 8, 0)


# --- content -------------------------------------------------------------------------------


def test_a_moderator_edit_appears_with_its_citation(store: Store, clock: Clock):
    clock.now = utc(2026, 3, 1, 10, 0)
    store.edit("mosque-toll-aljazeera", RECOUNT, by=ALICE, reason="recount")
    digest = build_digest(store, since=SEEDED, now=utc(2026, 3, 2, 7, 0), tz=BERLIN)

    edit = item(digest, "mosque-toll-aljazeera", "Edited claim")
    assert edit.title == "Edited claim: Daljoog News (own reporting)"
    assert "figure.value: 36 → 31" in edit.text
    assert "quote.source: aljazeera-2026-02-24 → daljoog-strikes" in edit.text
    assert "By alice, Sun 1 Mar 11:00 CET: recount" in edit.text
    # The edit cites the words that now give its figure.
    assert quotes_of(digest, edit) == ["killed at least 31 worshippers"]
    assert digest.summary is not None
    assert digest.summary.startswith("1 change since Sun 1 Mar 07:00 CET (1 edited); ")
    text = render_text(digest)
    assert "Daljoog News, undated: “killed at least 31 worshippers”" in text
    # The current picture has the edit too: the dispute shows Al Jazeera's claim at 31.
    [dispute] = [
        s
        for s in digest.sections
        if s.disputed and "mosque-toll-daljoog" in {i.id for i in s.items}
    ]
    figures = {i.id: i.figure for i in dispute.items}
    assert figures["mosque-toll-aljazeera"] == "at least 31 worshippers killed"
    assert figures["mosque-toll-daljoog"] == "at least 31 worshippers killed"


NEW_CLAIM = {
    "id": "digest-test-wounded",
    "about_event": "islamabad-mosque-bombing",
    "statement": "The bombing wounded 170 worshippers.",
    "attribution": "reported by the article",
    "quote": {
        "source": "aljazeera-2026-02-24",
        "text": "killing at least 36 worshippers and wounding 170 others",
    },
}


def test_new_and_retracted_records_cite_their_quote(store: Store, clock: Clock):
    clock.now = utc(2026, 3, 1, 9, 0)
    store.add(build_record("claim", NEW_CLAIM), by=ALICE, reason="wounded count")
    clock.now = utc(2026, 3, 1, 9, 30)
    store.retract("digest-test-wounded", by=Editor("bob"), reason="duplicate")
    digest = build_digest(store, since=SEEDED, now=utc(2026, 3, 2, 8, 0))

    added = item(digest, "digest-test-wounded", "New claim")
    gone = item(digest, "digest-test-wounded", "Retracted claim")
    quote = NEW_CLAIM["quote"]["text"]  # type: ignore[index]
    assert quotes_of(digest, added) == quotes_of(digest, gone) == [quote]
    assert "By bob, Sun 1 Mar 09:30 UTC: duplicate" in gone.text
    # Newest first, and one footnote for the quote both cite.
    assert digest.items().index(gone) < digest.items().index(added)
    assert [c.quote for c in digest.citations].count(quote) == 1
    assert digest.summary is not None
    assert digest.summary.startswith("2 changes since Sun 1 Mar 06:00 UTC (1 new, 1 retracted)")


def test_a_quiet_day_says_so_and_shows_the_current_picture(store: Store):
    digest = build_digest(store, since=utc(2026, 3, 1, 8, 0), now=utc(2026, 3, 2, 8, 0))
    briefing = Briefing(store.snapshot())
    disputes = sum(1 for s in briefing.claims().sections if s.disputed)
    assert disputes >= 1
    assert digest.summary == (
        f"No changes since Sun 1 Mar 08:00 UTC; {disputes} open dispute"
        + ("" if disputes == 1 else "s")
    )
    changes, timeline, *rest = digest.sections
    assert not changes.items
    assert changes.note == "No changes to the facts store."
    assert timeline.heading == "Latest on the timeline"
    dates = [i.date for i in timeline.items]
    assert dates
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    assert all(i.citations for i in timeline.items)
    # A bounded summary of the disputes, each as `claims` shows it; `claims` lists them all.
    shown = [s for s in rest if s.disputed]
    assert len(shown) == min(disputes, MAX_DISPUTES)

    def seen(s: Section) -> tuple[str, list[tuple[str, str | None]]]:
        return s.heading, [(i.id, i.figure) for i in s.items]

    listed = [seen(s) for s in briefing.claims("all").sections]
    assert all(seen(s) in listed for s in shown)
    if disputes > MAX_DISPUTES:
        [overview] = [s for s in rest if s.heading == "Open disputes"]
        assert overview.note is not None
        assert f"{MAX_DISPUTES} of {disputes} open disputes below" in overview.note
        assert overview.more == Command(name=DISPUTES_COMMAND, args=["all"], does="lists every one")
        # Each front end words the command its own way: a terminal line, a Discord command.
        said = "lists every one."
        assert f"`briefing ask claims all` {said}" in render_text(digest)
        described = "\n".join(page.description or "" for page in render_embeds(digest))
        assert f"`/claims all` {said}" in described
    assert "Daily digest, Mon 2 Mar 2026" in render_text(digest)


def test_changes_after_now_are_not_in_the_digest(store: Store, clock: Clock):
    clock.now = utc(2026, 3, 2, 9, 0)
    store.edit("mosque-toll-aljazeera", RECOUNT, by=ALICE, reason="")
    digest = build_digest(store, since=SEEDED, now=utc(2026, 3, 2, 8, 0))
    assert not digest.sections[0].items


def test_the_initial_seed_is_the_picture_not_news(store: Store):
    digest = build_digest(store, since=None, now=utc(2026, 3, 2, 8, 0))
    assert store.seed_head() == len(store.revisions()) > 0
    assert digest.sections[0].items == []
    assert digest.sections[0].note == "No changes to the facts store."


def test_a_long_digest_pages_within_discords_limits(store: Store):
    for n in range(30):
        statement = f"The bombing killed at least 36 worshippers (edit {n})."
        store.edit("mosque-toll-aljazeera", {"statement": statement}, by=ALICE, reason="recount")
    digest = build_digest(store, since=None, now=utc(2026, 3, 2, 8, 0))
    total = len(store.revisions()) - store.seed_head()
    assert total == 30
    assert digest.sections[0].note == (
        "The 10 that matter most first: withdrawn, corrected, new. And 20 more changes:"
    )
    assert digest.sections[0].more == Command(
        name="digest changes", args=["2026-03-01T05:59:59Z"], does="lists every one"
    )
    hint = "`/digest changes 2026-03-01T05:59:59Z` lists every one."
    assert hint in "\n".join(page.description or "" for page in render_embeds(digest))
    terminal = "`briefing digest --changes --since 2026-03-01T05:59:59Z` lists every one."
    assert terminal in render_text(digest)
    assert len(digest.sections[0].items) == MAX_CHANGES == 10
    pages = render_embeds(digest)
    assert len(pages) > 1
    for page in pages:
        assert len(page) <= EMBED_TOTAL
        assert len(page.description or "") <= EMBED_DESCRIPTION
    cited = "".join(f.value or "" for page in pages for f in page.fields)
    assert all(c.quote[:40] in cited for c in digest.citations)


def test_a_long_reason_keeps_the_digest_within_discords_limits(store: Store):
    """Reasons have no length limit (the command line, a slash option of 6,000 characters):
    one long reason must not make the day's digest refused by Discord, nor the next days',
    which start from the same last digest."""
    store.edit("mosque-toll-aljazeera", RECOUNT, by=ALICE, reason='a "recount" ' * 400)
    digest = build_digest(store, since=None, now=utc(2026, 3, 2, 8, 0))
    for page in render_embeds(digest):
        assert len(page) <= EMBED_TOTAL
        assert len(page.description or "") <= EMBED_DESCRIPTION
    [change] = digest.sections[0].items
    assert "By alice" in change.text
    assert ': a "recount" a "recount"' in change.text


# --- the command line ----------------------------------------------------------------------


def test_cli_preview_shows_the_edit_with_its_citation(
    store: Store, clock: Clock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    clock.now = utc(2026, 3, 1, 10, 0)
    store.edit("mosque-toll-aljazeera", RECOUNT, by=ALICE, reason="recount")
    argv = ["digest", "--preview", "--store", str(tmp_path / "s.sqlite3")]
    assert main([*argv, "--since", "2026-03-01T07:00+00:00", "--now", "2026-03-02T08:00Z"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Daily digest, Mon 2 Mar 2026\n1 change since Sun 1 Mar 07:00 UTC")
    assert "Edited claim: Daljoog News (own reporting) [1]" in out
    assert "figure.value: 36 → 31" in out
    assert "[1] Daljoog News, undated: “killed at least 31 worshippers”" in out

    assert main([*argv, "--now", "2026-03-02T08:00Z", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["command"] == "digest"
    assert any(i["id"] == "mosque-toll-aljazeera" for i in data["items"])
    assert data["citations"][0]["file"] == "001_4998f20876735c26.txt"

    # Before the edit (naive times are the digest's zone, UTC by default): nothing changed.
    assert main([*argv, "--since", "2026-03-01T09:00", "--now", "2026-03-01T09:30"]) == 0
    assert "No changes since Sun 1 Mar 09:00 UTC" in capsys.readouterr().out


def test_cli_preview_refuses_a_window_that_ends_before_it_starts_and_dates_another_year(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    argv = ["digest", "--preview", "--store", str(tmp_path / "s.sqlite3")]
    assert main([*argv, "--since", "2027-06-01", "--now", "2026-01-01"]) == 2
    assert "--since (2027-06-01T00:00:00+00:00) is after --now" in capsys.readouterr().out
    assert main([*argv, "--since", "2025-06-01T09:00Z", "--now", "2026-01-02T08:00Z"]) == 0
    assert "No changes since Sun 1 Jun 2025 09:00 UTC" in capsys.readouterr().out


def test_cli_changes_lists_every_change_of_the_window(
    store: Store, clock: Clock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    for n in range(MAX_CHANGES + 2):
        clock.now = utc(2026, 3, 1, 10, n)
        statement = f"The bombing killed at least 36 worshippers (edit {n})."
        store.edit("mosque-toll-aljazeera", {"statement": statement}, by=ALICE, reason=f"r{n}")
    argv = ["digest", "--store", str(tmp_path / "s.sqlite3"), "--now", "2026-03-02T08:00Z"]
    assert main([*argv, "--preview", "--since", "2026-03-01T07:00Z"]) == 0
    note = "And 2 more changes: `briefing digest --changes --since 2026-03-01T07:00:00Z`"
    assert note in capsys.readouterr().out
    assert main([*argv, "--changes", "--since", "2026-03-01T07:00:00Z"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == MAX_CHANGES + 2  # every one, oldest first; the seed is not news
    assert all("alice" in line and "edit" in line for line in lines)
    assert lines[0].endswith("r0")
    assert lines[-1].endswith(f"r{MAX_CHANGES + 1}")
    assert main([*argv, "--changes", "--since", "2026-03-02T07:00:00Z"]) == 0
    assert capsys.readouterr().out == "No changes to the facts store since 2026-03-02 07:00 UTC.\n"


def test_cli_needs_preview_and_iso_times(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit):
        main(["digest", "--store", str(tmp_path / "x.sqlite3")])
    assert main(["digest", "--preview", "--store", str(tmp_path / "x.sqlite3"), "--now", "soon"])
    assert "not an ISO time" in capsys.readouterr().out
