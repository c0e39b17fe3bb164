"""The digest on Discord: the scheduled tick driven by a fake clock with spec'd channels
(restarts are a second cog on the same store file), and the moderator commands through the
real command pipeline (dpytest)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, MagicMock
from zoneinfo import ZoneInfo

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands

from bot import replies
from bot.app import BriefingBot, create_bot
from bot.checks import NotModerator
from bot.cogs.digest import MAX_ATTEMPTS, Digest
from bot.paging import Pager
from bot.replies import NO_PINGS
from bot.settings import Settings
from facts.digest import last_sent, record_sent
from facts.store import Editor, Store
from tests.helpers import (
    Clock,
    make_context,
    make_guild,
    make_interaction,
    make_member,
    sent_embeds,
)

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
WORKS, FAILS = 111, 222
# A moderator corrects Al Jazeera's toll to Daljoog News' count, quoting the words that give it.
QUOTE = "killed at least 31 worshippers"
RECOUNT = {
    "statement": "The bombing killed at least 31 worshippers.",
    "figure.value": 31,
    "quote.source": "daljoog-strikes",
    "quote.text": QUOTE,
}


def berlin(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "s.sqlite3"


@pytest.fixture
def store(path: Path, clock: Clock) -> Iterator[Store]:
    with Store.open(path, clock=clock) as store:
        yield store


def channel() -> AsyncMock:
    return AsyncMock(spec=discord.TextChannel)


def http_error(kind: type[discord.HTTPException], status: int) -> discord.HTTPException:
    response = MagicMock(status=status, reason="refused")
    return kind(response, "refused")


def cog_on(
    store: Store, clock: Clock, channels: dict[int, Any], **settings: Any
) -> tuple[Digest, BriefingBot]:
    """A bot (not connected, cogs not loaded) and a digest cog on it: `channels` is what
    `bot.get_channel` finds; anything else the bot cannot fetch either."""
    defaults = {"digest_channels": [WORKS, FAILS], "digest_timezone": "Europe/Berlin"}
    bot = create_bot(Settings(**{**defaults, **settings}), store)
    bot.get_channel = MagicMock(side_effect=channels.get)  # type: ignore[method-assign]
    bot.fetch_channel = AsyncMock(  # type: ignore[method-assign]
        side_effect=http_error(discord.NotFound, 404)
    )
    return Digest(bot, clock=clock), bot


def descriptions(mock: AsyncMock) -> str:
    return "\n".join(e.description or "" for e in sent_embeds(mock.send))


def sources(mock: AsyncMock) -> str:
    return "\n".join(f.value or "" for e in sent_embeds(mock.send) for f in e.fields)


# --- the schedule --------------------------------------------------------------------------


async def test_posts_once_a_day_at_0800_local_time(store: Store, clock: Clock):
    works = channel()
    cog, _ = cog_on(store, clock, {WORKS: works}, digest_channels=[WORKS])
    record_sent(store, WORKS, dt.date(2026, 3, 1), berlin(1, 8))

    clock.now = berlin(2, 7, 59)
    assert await cog.tick() == []
    clock.now = berlin(2, 8, 0)
    assert await cog.tick() == [WORKS]
    first = sent_embeds(works.send)
    assert first[0].title == "Daily digest, Mon 2 Mar 2026"
    assert all(c.kwargs["allowed_mentions"] is NO_PINGS for c in works.send.await_args_list)
    clock.now = berlin(2, 8, 1)
    assert await cog.tick() == []
    clock.now = berlin(2, 23, 59)
    assert await cog.tick() == []
    assert works.send.await_count == len(first)
    clock.now = berlin(3, 8, 0)
    assert await cog.tick() == [WORKS]
    sent = last_sent(store, WORKS)
    assert sent is not None
    assert (sent.date, sent.at) == (dt.date(2026, 3, 3), berlin(3, 8))


async def test_the_schedule_keeps_0800_local_across_the_march_change(store: Store, clock: Clock):
    works = channel()
    cog, _ = cog_on(store, clock, {WORKS: works}, digest_channels=[WORKS])
    record_sent(store, WORKS, dt.date(2026, 3, 28), berlin(28, 8))
    # 29 March: 07:00 UTC is 09:00 summer time, and 06:00 UTC is 08:00.
    clock.now = dt.datetime(2026, 3, 29, 5, 59, tzinfo=UTC)
    assert await cog.tick() == []
    clock.now = dt.datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
    assert await cog.tick() == [WORKS]


async def test_a_restart_after_a_sent_digest_posts_nothing(store: Store, clock: Clock, path: Path):
    before = channel()
    cog, _ = cog_on(store, clock, {WORKS: before}, digest_channels=[WORKS])
    clock.now = berlin(2, 8, 0)
    assert await cog.tick() == [WORKS]

    after = channel()
    with Store.open(path, clock=clock) as reopened:
        restarted, _ = cog_on(reopened, clock, {WORKS: after}, digest_channels=[WORKS])
        clock.now = berlin(2, 8, 5)
        assert await restarted.tick() == []
        clock.now = berlin(2, 20, 0)
        assert await restarted.tick() == []
    after.send.assert_not_awaited()


async def test_a_restart_after_missed_days_posts_exactly_one_catch_up(
    store: Store, clock: Clock, path: Path
):
    record_sent(store, WORKS, dt.date(2026, 3, 1), berlin(1, 8))
    clock.now = berlin(2, 10)
    store.edit("mosque-toll-aljazeera", RECOUNT, by=Editor("alice"), reason="recount")

    works = channel()
    with Store.open(path, clock=clock) as reopened:  # down from the 2nd to the 5th
        restarted, _ = cog_on(reopened, clock, {WORKS: works}, digest_channels=[WORKS])
        clock.now = berlin(5, 12, 0)
        assert await restarted.tick() == [WORKS]
        clock.now = berlin(5, 12, 1)
        assert await restarted.tick() == []
        clock.now = berlin(6, 7, 59)
        assert await restarted.tick() == []
    [page, *_] = sent_embeds(works.send)
    assert page.title == "Daily digest, Thu 5 Mar 2026"
    # One digest covering the whole gap since the last one.
    # Times the bot reports are Discord timestamps: each reader sees their own zone.
    since = discord.utils.format_dt(berlin(1, 8, 0), "f")
    assert (page.description or "").startswith(f"1 change since {since} (1 edited)")


async def test_content_after_a_moderator_edit_carries_its_citation(store: Store, clock: Clock):
    works = channel()
    cog, _ = cog_on(store, clock, {WORKS: works}, digest_channels=[WORKS])
    record_sent(store, WORKS, dt.date(2026, 3, 1), berlin(1, 8))
    clock.now = berlin(1, 15)
    store.edit("mosque-toll-aljazeera", RECOUNT, by=Editor("alice"), reason="recount")
    clock.now = berlin(2, 8)
    assert await cog.tick() == [WORKS]
    text = descriptions(works)
    assert "**Edited claim: Daljoog News (own reporting)** [1]" in text
    assert "figure.value: 36 → 31" in text
    assert f"[1] Daljoog News, undated: “{QUOTE}”" in sources(works)
    # The next day, nothing new: it says so briefly.
    clock.now = berlin(3, 8)
    works.send.reset_mock()
    assert await cog.tick() == [WORKS]
    assert f"No changes since {discord.utils.format_dt(berlin(2, 8, 0), 'f')}" in descriptions(
        works
    )


async def test_a_forbidden_channel_beside_a_working_one(
    store: Store, clock: Clock, caplog: pytest.LogCaptureFixture
):
    works, fails = channel(), channel()
    fails.send.side_effect = http_error(discord.Forbidden, 403)
    cog, _ = cog_on(store, clock, {WORKS: works, FAILS: fails})
    clock.now = berlin(2, 8)
    with caplog.at_level(logging.WARNING, logger="bot.cogs.digest"):
        assert await cog.tick() == [WORKS]
    assert f"channel {FAILS} failed" in caplog.text
    assert works.send.await_count >= 1
    assert last_sent(store, FAILS) is None
    # Not retried every minute for the rest of the day, but tried again tomorrow.
    fails.send.reset_mock()
    clock.now = berlin(2, 8, 1)
    assert await cog.tick() == []
    fails.send.assert_not_awaited()
    fails.send.side_effect = None
    clock.now = berlin(3, 8)
    assert sorted(await cog.tick()) == [WORKS, FAILS]


async def test_a_deleted_channel_is_logged_and_skipped(
    store: Store, clock: Clock, caplog: pytest.LogCaptureFixture
):
    works = channel()
    cog, bot = cog_on(store, clock, {WORKS: works})  # FAILS: not found anywhere
    clock.now = berlin(2, 8)
    with caplog.at_level(logging.WARNING, logger="bot.cogs.digest"):
        assert await cog.tick() == [WORKS]
    bot.fetch_channel.assert_awaited_once_with(FAILS)  # type: ignore[attr-defined]
    assert "NotFound" in caplog.text


async def test_an_unexpected_error_is_retried_a_few_times_and_never_stops_the_loop(
    store: Store, clock: Clock
):
    works, fails = channel(), channel()
    fails.send.side_effect = RuntimeError("boom")
    cog, _ = cog_on(store, clock, {WORKS: works, FAILS: fails})
    clock.now = berlin(2, 8)
    assert await cog.tick() == [WORKS]
    for minute in range(1, MAX_ATTEMPTS + 2):
        clock.now = berlin(2, 8, minute)
        assert await cog.tick() == []
    assert fails.send.await_count == MAX_ATTEMPTS


async def test_a_transient_failure_posts_on_a_later_tick(store: Store, clock: Clock):
    fails = channel()
    errors = [http_error(discord.HTTPException, 503)]

    async def send(**_: Any) -> None:
        if errors:
            raise errors.pop()

    fails.send.side_effect = send
    cog, _ = cog_on(store, clock, {FAILS: fails}, digest_channels=[FAILS])
    clock.now = berlin(2, 8)
    assert await cog.tick() == []
    clock.now = berlin(2, 8, 1)
    assert await cog.tick() == [FAILS]


async def test_a_broken_configuration_is_logged_not_raised(
    store: Store, clock: Clock, caplog: pytest.LogCaptureFixture
):
    cog, _ = cog_on(store, clock, {WORKS: channel()})
    store.set_meta("digest:tz", "Nowhere/Special")
    assert await cog.tick() == []
    assert "configuration cannot be read" in caplog.text


async def test_the_loop_runs_the_tick_every_minute(store: Store, clock: Clock):
    works = channel()
    cog, _ = cog_on(store, clock, {WORKS: works}, digest_channels=[WORKS])
    assert cog.scheduler.minutes == 1
    clock.now = berlin(2, 8)
    await cog.scheduler()  # the loop's body, as each iteration runs it
    assert last_sent(store, WORKS) is not None


# --- moderator commands --------------------------------------------------------------------


@pytest.fixture
def bot(digest_bot: BriefingBot) -> BriefingBot:
    return digest_bot


async def as_moderator() -> discord.Member:
    config = dpytest.get_config()
    guild, member = config.guilds[0], config.members[0]
    role = dpytest.backend.make_role("Editors", guild)
    await dpytest.add_role(member, role)
    return member


async def texts() -> list[str]:
    out = []
    while not dpytest.sent_queue.empty():
        out.append((await dpytest.sent_queue.get()).content)
    return out


async def test_digest_commands_refuse_non_moderators(bot: BriefingBot):
    with pytest.raises(NotModerator):
        await dpytest.message("!digest preview")
    assert dpytest.get_message().content.startswith("Only moderators")
    assert dpytest.sent_queue.empty()


async def test_every_digest_command_refuses_dms(bot: BriefingBot):
    group = bot.get_command("digest")
    assert group is not None
    commands_ = [group, *group.walk_commands()]  # type: ignore[attr-defined]
    assert {c.qualified_name for c in commands_} >= {
        "digest now",
        "digest preview",
        "digest changes",
        "digest channel add",
        "digest channel remove",
        "digest time",
    }
    for command in commands_:
        ctx = make_context(bot, make_member(manage_guild=True), guild=None)
        with pytest.raises(discord.ext.commands.NoPrivateMessage):
            await command.can_run(ctx)


async def test_preview_after_an_edit_shows_it_with_its_citation(
    bot: BriefingBot, store: Store, clock: Clock
):
    await as_moderator()
    clock.now = dt.datetime(2026, 3, 1, 10, tzinfo=UTC)
    store.edit("mosque-toll-aljazeera", RECOUNT, by=Editor("alice"), reason="")
    clock.now = dt.datetime(2026, 3, 2, 8, tzinfo=UTC)
    await dpytest.message("!digest preview")
    embed = dpytest.get_embed()
    assert embed.title == "Daily digest, Mon 2 Mar 2026"
    assert "**Edited claim: Daljoog News (own reporting)** [1]" in (embed.description or "")
    assert "figure.value: 36 → 31" in (embed.description or "")
    assert any(f"[1] Daljoog News, undated: “{QUOTE}”" in (f.value or "") for f in embed.fields)
    [schedule] = await texts()
    assert schedule == (
        "Digest daily at 08:00 UTC; next 2026-03-03 08:00 UTC; 0 channel(s): no channel yet."
    )
    assert store.get_meta(f"digest:last:{dpytest.get_config().channels[0].id}") is None


async def test_digest_now_posts_here_and_leaves_the_schedule_alone(
    bot: BriefingBot, store: Store, clock: Clock
):
    await as_moderator()
    clock.now = dt.datetime(2026, 3, 2, 8, tzinfo=UTC)
    await dpytest.message("!digest now")
    assert dpytest.get_embed().title == "Daily digest, Mon 2 Mar 2026"
    here = dpytest.get_config().channels[0].id
    assert last_sent(store, here) is None


def recount_often(store: Store, clock: Clock, times: int) -> None:
    """`times` edits of one claim, a minute apart from 10:00 on 1 March, each with a reason."""
    for n in range(times):
        clock.now = dt.datetime(2026, 3, 1, 10, n, tzinfo=UTC)
        statement = f"The bombing killed at least 36 worshippers (recount {n})."
        store.edit(
            "mosque-toll-aljazeera", {"statement": statement}, by=Editor("alice"), reason=f"r{n}"
        )
    clock.now = dt.datetime(2026, 3, 2, 8, tzinfo=UTC)


def listed_reasons(embeds: list[discord.Embed]) -> list[str]:
    text = "\n".join(e.description or "" for e in embeds)
    return [line.rsplit("  ", 1)[-1] for line in text.splitlines() if "alice" in line]


async def test_digest_changes_lists_every_change_the_digest_counts_paged(
    bot: BriefingBot, store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
):
    pagers: list[Pager] = []

    class Spied(Pager):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            pagers.append(self)

    monkeypatch.setattr(replies, "Pager", Spied)
    await as_moderator()
    recount_often(store, clock, 40)
    await dpytest.message("!digest preview")
    digest = dpytest.get_embed()
    await texts()  # the schedule line
    # The digest names the command that lists the rest, as a member types it in Discord.
    hint = re.search(r"`/(digest changes [^`]+)` lists every one", digest.description or "")
    assert hint is not None
    await dpytest.message(f"!{hint.group(1)}")
    first = dpytest.get_embed()
    assert first.title == "Changes to the facts store"
    assert (first.footer.text or "").startswith("Page 1/")  # paged, with the buttons
    pages = pagers[-1].pages
    assert len(pages) > 1
    assert listed_reasons(pages) == [f"r{n}" for n in range(40)]  # every one, oldest first


async def test_digest_changes_since_a_time_and_a_wrong_time(
    bot: BriefingBot, store: Store, clock: Clock
):
    await as_moderator()
    recount_often(store, clock, 3)
    await dpytest.message("!digest changes 2026-03-01T10:01Z")
    assert listed_reasons([dpytest.get_embed()]) == ["r2"]
    # Typed with a space, as people write a time: the time was dropped, so the list began
    # at midnight and showed changes from before it.
    await dpytest.message("!digest changes 2026-03-01 10:01Z")
    assert listed_reasons([dpytest.get_embed()]) == ["r2"]
    await dpytest.message("!digest changes yesterday")
    assert (
        dpytest.get_message().content
        == "'yesterday' is not an ISO time, e.g. 2026-03-02T08:00+01:00"
    )


async def test_digest_changes_as_a_slash_command(bot: BriefingBot, store: Store, clock: Clock):
    recount_often(store, clock, 2)
    home = make_guild(guild_id=dpytest.get_config().guilds[0].id)
    moderator = make_member(manage_guild=True, guild=home)
    ctx = make_context(bot, moderator, interaction=make_interaction(bot, moderator))
    ctx.channel.id = 42  # no digest here yet: since a day before now, as `digest now`
    command = bot.get_command("digest changes")
    assert command is not None
    assert await command.can_run(ctx)
    cog: Any = bot.get_cog("Digest")
    await command.callback(cog, ctx)  # type: ignore[arg-type]
    embed = ctx.send.await_args.kwargs["embed"]
    assert listed_reasons([embed]) == ["r0", "r1"]
    assert ctx.send.await_args.kwargs["ephemeral"] is False


async def test_channel_add_and_remove(bot: BriefingBot, store: Store):
    await as_moderator()
    target = dpytest.get_config().channels[0]
    await dpytest.message(f"!digest channel add <#{target.id}>")
    assert f"<#{target.id}>" in dpytest.get_message().content
    assert store.get_meta("digest:channels") == f"[{target.id}]"
    await dpytest.message(f"!digest channel add <#{target.id}>")  # not "will be posted" again
    assert dpytest.get_message().content == f"<#{target.id}> gets the digest already."
    await dpytest.message(f"!digest channel remove <#{target.id}>")
    assert dpytest.get_message().content == f"No more digests in <#{target.id}>."
    assert store.get_meta("digest:channels") == "[]"
    await dpytest.message(f"!digest channel remove <#{target.id}>")
    assert "does not get the digest" in dpytest.get_message().content


async def test_a_channel_of_another_server_never_gets_the_digest(bot: BriefingBot, store: Store):
    """Digests go only to the server the moderator is in: another server's channel, even by
    its id, is not found, and nothing is saved."""
    await as_moderator()
    elsewhere = dpytest.backend.make_guild("elsewhere")
    theirs = dpytest.backend.make_text_channel("theirs", elsewhere)
    for typed in (f"!digest channel add {theirs.id}", f"!digest thread {theirs.id} on"):
        with pytest.raises(commands.ChannelNotFound):
            await dpytest.message(typed)
        assert dpytest.get_message().content.startswith(f'Channel "{theirs.id}" not found.')
    assert store.get_meta("digest:channels") is None
    assert store.get_meta("digest:threads") is None


async def test_time_sets_the_local_time_and_zone(bot: BriefingBot, store: Store, clock: Clock):
    await as_moderator()
    clock.now = dt.datetime(2026, 3, 28, 12, tzinfo=UTC)
    await dpytest.message("!digest time 07:30 Europe/Berlin")
    assert dpytest.get_message().content.startswith(
        "Digest daily at 07:30 Europe/Berlin; next 2026-03-29 07:30 CEST"
    )
    assert (store.get_meta("digest:time"), store.get_meta("digest:tz")) == (
        "07:30",
        "Europe/Berlin",
    )
    await dpytest.message("!digest time 06:00")  # the zone is kept
    assert store.get_meta("digest:tz") == "Europe/Berlin"
    dpytest.get_message()
    await dpytest.message("!digest time 25:00 Europe/Berlin")
    assert "HH:MM" in dpytest.get_message().content
    await dpytest.message("!digest time 08:00 Mars/Olympus")
    assert "not a time zone" in dpytest.get_message().content
    assert store.get_meta("digest:time") == "06:00"
    # As a desk types it: a one-digit hour, a zone in lower case (kept as the tz database
    # spells it).
    await dpytest.message("!digest time 7:30 asia/karachi")
    assert "Digest daily at 07:30 Asia/Karachi" in dpytest.get_message().content
    assert (store.get_meta("digest:time"), store.get_meta("digest:tz")) == ("07:30", "Asia/Karachi")
    await dpytest.message("!digest time 7:30 pm europe/berlin")
    assert "Digest daily at 19:30 Europe/Berlin" in dpytest.get_message().content


async def test_the_schedule_starts_once_connected_and_only_once(store: Store, clock: Clock):
    cog, _ = cog_on(store, clock, {})
    assert not cog.scheduler.is_running()  # not before the bot is connected
    await cog.on_ready()
    task = cog.scheduler.get_task()
    await cog.on_ready()  # a reconnect fires on_ready again
    assert cog.scheduler.get_task() is task
    await cog.cog_unload()
