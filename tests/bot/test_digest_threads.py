"""The digest as a thread a day: one line in the channel, the pages in that day's thread."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from unittest.mock import AsyncMock, MagicMock
from zoneinfo import ZoneInfo

import discord
import discord.ext.test as dpytest
import pytest
import pytest_asyncio

from bot.app import BriefingBot, create_bot
from bot.cogs.digest import Digest
from bot.settings import Settings
from facts.digest import days_thread, last_sent, load_config, save_days_thread, save_threads
from facts.store import Store
from tests.helpers import Clock

UTC = dt.UTC
HERE = 111


def text_channel(*, thread_error: Exception | None = None) -> tuple[AsyncMock, AsyncMock]:
    """A channel whose send returns a starter message; the thread opened on it."""
    channel = AsyncMock(spec=discord.TextChannel)
    thread = AsyncMock(spec=discord.Thread)
    thread.id = 999
    starter = MagicMock(spec=discord.Message)
    starter.channel = channel
    starter.create_thread = AsyncMock(return_value=thread, side_effect=thread_error)
    channel.send.return_value = starter
    return channel, thread


def cog_on(store: Store, clock: Clock, channels: dict[int, Any]) -> Digest:
    bot = create_bot(Settings(digest_channels=list(channels)), store)
    bot.get_channel = MagicMock(side_effect=channels.get)  # type: ignore[method-assign]
    return Digest(bot, clock=clock)


DUE = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def test_a_thread_a_day_keeps_one_line_in_the_channel(store: Store, clock: Clock):
    channel, thread = text_channel()
    save_threads(store, [HERE])
    cog = cog_on(store, clock, {HERE: channel})
    clock.now = DUE
    assert await cog.tick() == [HERE]
    [line] = channel.send.await_args_list  # one line in the channel, nothing else
    assert line.args[0].startswith("**Daily digest, Mon 2 Mar 2026**: ")
    assert line.kwargs["allowed_mentions"].to_dict() == discord.AllowedMentions.none().to_dict()
    channel.send.return_value.create_thread.assert_awaited_once_with(
        name="Daily digest, Mon 2 Mar 2026", auto_archive_duration=1440
    )
    pages = [c.kwargs["embed"] for c in thread.send.await_args_list]
    assert pages
    assert pages[0].title == "Daily digest, Mon 2 Mar 2026"
    assert days_thread(store, HERE, DUE.date()) == thread.id
    assert last_sent(store, HERE) is not None  # counted as sent, exactly once
    assert await cog.tick() == []


async def test_a_retry_the_same_day_continues_in_the_days_thread(store: Store, clock: Clock):
    channel, thread = text_channel()
    save_days_thread(store, HERE, DUE.date(), thread.id)
    cog = cog_on(store, clock, {HERE: channel, thread.id: thread})
    found = await cog._days_thread(channel, HERE, DUE.date(), MagicMock())
    assert found is thread
    channel.send.assert_not_awaited()  # no second line, no second thread
    # A new day opens a new one.
    tomorrow = DUE.date() + dt.timedelta(days=1)
    cog.bot.get_channel = MagicMock(return_value=None)  # type: ignore[method-assign]
    answer = MagicMock(title="Daily digest, Tue 3 Mar 2026", summary="s")
    assert await cog._days_thread(channel, HERE, tomorrow, answer) is thread
    channel.send.assert_awaited_once()


async def test_without_the_thread_permission_the_pages_follow_the_line(
    store: Store, clock: Clock, caplog: pytest.LogCaptureFixture
):
    refused = discord.Forbidden(MagicMock(status=403, reason="Missing Permissions"), "no")
    channel, thread = text_channel(thread_error=refused)
    save_threads(store, [HERE])
    cog = cog_on(store, clock, {HERE: channel})
    clock.now = DUE
    with caplog.at_level(logging.WARNING):
        assert await cog.tick() == [HERE]
    assert "no thread" in caplog.text
    sent = channel.send.await_args_list
    assert len(sent) >= 2  # the line, then the pages: the digest is never lost
    assert sent[1].kwargs["embed"].title == "Daily digest, Mon 2 Mar 2026"
    thread.send.assert_not_awaited()


async def test_a_channel_without_the_setting_gets_the_pages_itself(store: Store, clock: Clock):
    threaded, _ = text_channel()
    plain, _ = text_channel()
    save_threads(store, [HERE])
    cog = cog_on(store, clock, {HERE: threaded, 222: plain})
    clock.now = DUE
    assert sorted(await cog.tick()) == [HERE, 222]
    plain.send.return_value.create_thread.assert_not_awaited()
    assert all("embed" in c.kwargs for c in plain.send.await_args_list)


@pytest_asyncio.fixture
async def bot(digest_bot: BriefingBot) -> BriefingBot:
    config = dpytest.get_config()
    editors = dpytest.backend.make_role("Editors", config.guilds[0])
    await dpytest.add_role(config.members[0], editors)
    return digest_bot


async def test_moderators_turn_the_thread_on_and_off(bot: BriefingBot, store: Store):
    target = dpytest.get_config().channels[0]
    await dpytest.message(f"!digest channel add <#{target.id}>")
    dpytest.get_message()
    await dpytest.message(f"!digest thread <#{target.id}> on")
    assert "goes in a thread of its own" in dpytest.get_message().content
    assert load_config(store, [], dt.time(8), ZoneInfo("UTC")).threads == (target.id,)
    await dpytest.message("!digest preview")
    dpytest.get_embed()
    assert "(a thread a day)" in dpytest.get_message().content
    await dpytest.message(f"!digest thread <#{target.id}> off")
    assert "itself again" in dpytest.get_message().content
    assert load_config(store, [], dt.time(8), ZoneInfo("UTC")).threads == ()
