"""The digest as a thread a day: one line in the channel, the pages in that day's thread."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord
import discord.ext.test as dpytest
import pytest
import pytest_asyncio

from bot.app import BriefingBot, create_bot
from bot.cogs.digest import Digest, post_digest
from bot.settings import Settings
from facts.answers import Answer
from facts.digest import load_config, save_threads
from facts.store import Store
from tests.helpers import Clock

UTC = dt.UTC
SEEDED = dt.datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
HERE = 111


@pytest.fixture
def clock() -> Clock:
    return Clock(SEEDED)


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[Store]:
    with Store.open(tmp_path / "s.sqlite3", clock=clock) as store:
        yield store


def answer() -> Answer:
    return Answer(command="digest", title="Daily digest, Mon 2 Mar 2026", summary="No changes_")


def text_channel(*, thread_error: Exception | None = None) -> tuple[AsyncMock, AsyncMock]:
    """A channel whose send returns a starter message; the thread opened on it."""
    channel = AsyncMock(spec=discord.TextChannel)
    thread = AsyncMock(spec=discord.Thread)
    starter = MagicMock(spec=discord.Message)
    starter.channel = channel
    starter.create_thread = AsyncMock(return_value=thread, side_effect=thread_error)
    channel.send.return_value = starter
    return channel, thread


async def test_a_thread_a_day_keeps_one_line_in_the_channel():
    channel, thread = text_channel()
    await post_digest(channel, answer(), thread=True)
    [line] = channel.send.await_args_list
    assert line.args[0] == "**Daily digest, Mon 2 Mar 2026**: No changes\\_"
    assert line.kwargs["allowed_mentions"].to_dict() == discord.AllowedMentions.none().to_dict()
    starter = channel.send.return_value
    starter.create_thread.assert_awaited_once_with(
        name="Daily digest, Mon 2 Mar 2026", auto_archive_duration=1440
    )
    assert [c.kwargs["embed"].title for c in thread.send.await_args_list] == [
        "Daily digest, Mon 2 Mar 2026"
    ]


async def test_without_the_thread_permission_the_pages_follow_the_line(
    caplog: pytest.LogCaptureFixture,
):
    refused = discord.Forbidden(MagicMock(status=403, reason="Missing Permissions"), "no")
    channel, thread = text_channel(thread_error=refused)
    with caplog.at_level(logging.WARNING):
        await post_digest(channel, answer(), thread=True)
    assert "no thread" in caplog.text
    sent = channel.send.await_args_list
    assert len(sent) == 2  # the line, then the page: the digest is never lost
    assert sent[1].kwargs["embed"].title == "Daily digest, Mon 2 Mar 2026"
    thread.send.assert_not_awaited()


async def test_the_schedule_opens_the_days_thread_only_where_it_is_on(store: Store, clock: Clock):
    threaded, _ = text_channel()
    plain, _ = text_channel()
    bot = create_bot(Settings(digest_channels=[HERE, 222]), store)
    bot.get_channel = MagicMock(side_effect={HERE: threaded, 222: plain}.get)  # type: ignore[method-assign]
    save_threads(store, [HERE])
    cog = Digest(bot, clock=clock)
    clock.now = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert sorted(await cog.tick()) == [HERE, 222]
    threaded.send.return_value.create_thread.assert_awaited_once()
    assert len(threaded.send.await_args_list) == 1  # one line in the channel
    plain.send.return_value.create_thread.assert_not_awaited()
    assert all("embed" in c.kwargs for c in plain.send.await_args_list)


@pytest_asyncio.fixture
async def bot(store: Store) -> AsyncIterator[BriefingBot]:
    settings = Settings(cooldown_seconds=0, moderator_roles=["Editors"], digest_channels=[])
    bot = create_bot(settings, store, intents=discord.Intents.all())
    await bot._async_setup_hook()
    dpytest.configure(bot)
    await bot.setup_hook()
    # The dpytest server is the newsroom's own; the moderator role is matched by name.
    home = {"home_guilds": [dpytest.get_config().guilds[0].id], "moderator_role_names": True}
    bot.settings = settings.model_copy(update=home)
    cog: Any = bot.get_cog("Digest")
    cog.scheduler.cancel()
    config = dpytest.get_config()
    await dpytest.add_role(
        config.members[0], dpytest.backend.make_role("Editors", config.guilds[0])
    )
    yield bot
    await dpytest.empty_queue()


async def test_moderators_turn_the_thread_on_and_off(bot: BriefingBot, store: Store):
    target = dpytest.get_config().channels[0]
    await dpytest.message(f"!digest channel add <#{target.id}>")
    dpytest.get_message()
    await dpytest.message(f"!digest thread <#{target.id}> on")
    assert "goes in a thread of its own" in dpytest.get_message().content
    assert load_config(store, [], "08:00", "UTC").threads == (target.id,)
    await dpytest.message("!digest preview")
    dpytest.get_embed()
    assert "(a thread a day)" in dpytest.get_message().content
    await dpytest.message(f"!digest thread <#{target.id}> off")
    assert "itself again" in dpytest.get_message().content
    assert load_config(store, [], "08:00", "UTC").threads == ()
