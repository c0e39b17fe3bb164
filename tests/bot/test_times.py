"""Times the bot reports are Discord timestamps (each reader's own zone); dates of record stay
as the articles give them; the terminal keeps its written-out times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import discord
import pytest

from bot.app import create_bot
from bot.cogs.digest import Digest
from bot.cogs.moderation import history_answer
from bot.render import render_embeds
from bot.render_text import render_text
from bot.settings import Settings
from facts.digest import build_digest
from facts.store import Editor, Store
from tests.helpers import RECOUNT, SEEDED, Clock

BERLIN = ZoneInfo("Europe/Berlin")
EDITED = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[Store]:
    with Store.open(tmp_path / "s.sqlite3", clock=clock) as store:
        clock.now = EDITED
        store.edit(
            "mosque-toll-aljazeera", RECOUNT, by=Editor("al_ice"), reason="a *recount* by_dawn"
        )
        yield store


def test_the_discord_digest_reports_times_as_timestamps(store: Store):
    bot = create_bot(Settings(digest_timezone="Europe/Berlin"), store)
    cog = Digest(bot, clock=lambda: SEEDED + dt.timedelta(days=1))
    answer = cog.digest(SEEDED, SEEDED + dt.timedelta(days=1), cog.config())
    since = f"<t:{int(SEEDED.timestamp())}:f>"
    assert answer.summary is not None
    assert answer.summary.startswith(f"1 change since {since}")
    assert answer.sections[0].heading == f"Changes since {since}"
    [change] = answer.sections[0].items
    assert f"By al_ice, <t:{int(EDITED.timestamp())}:f>" in change.text
    page = render_embeds(answer)[0].description or ""
    assert since in page  # escaping leaves timestamps whole
    assert "al\\_ice" in page
    # Dates of record are the articles' own: never turned into timestamps.
    events = [i for s in answer.sections[1:] for i in s.items if i.kind == "event"]
    assert events
    assert all("<t:" not in (i.date_display or "") for i in events)


def test_the_terminal_digest_keeps_written_out_times(store: Store):
    answer = build_digest(store, since=SEEDED, now=SEEDED + dt.timedelta(days=1), tz=BERLIN)
    text = render_text(answer)
    assert "since Sun 1 Mar 07:00 CET" in text
    assert "<t:" not in text


def test_history_shows_each_revision_time_as_a_timestamp_and_escapes_names(store: Store):
    revisions = store.history("mosque-toll-aljazeera")
    revision = revisions[-1]
    answer = history_answer("mosque-toll-aljazeera", revisions, retracted=False, prefix="!")
    [page] = render_embeds(answer)
    shown = page.description or ""
    assert f"revision {revision.number}" in shown
    assert discord.utils.format_dt(EDITED, "f") in shown
    assert "al\\_ice" in shown
    assert "a \\*recount\\* by\\_dawn" in shown
    assert "  edit  " in shown
    assert "2026-03-01 09:30" in revision.history_line()  # the terminal's stays UTC
