"""Invited to a server that is not the newsroom's own: stay read-only or leave, as the
BRIEFING_FOREIGN_GUILDS setting says, and log it. The events go through the bot's own
dispatch; the servers are spec'd mocks."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any
from unittest.mock import MagicMock

import discord
import pytest

from bot.app import BriefingBot, create_bot
from bot.settings import Settings
from facts.store import Store
from tests.helpers import FOREIGN_GUILD, HOME_GUILD, make_guild, started


def guild(guild_id: int, name: str = "Somewhere") -> MagicMock:
    found = make_guild(guild_id=guild_id)
    found.name = name
    return found


async def loaded(tmp_path: Path, **settings: Any) -> BriefingBot:
    with Store.open(tmp_path / "s.sqlite3") as store:
        bot = create_bot(Settings(**settings), store)
    await started(bot)
    digest: Any = bot.get_cog("Digest")
    digest.scheduler.cancel()
    return bot


def ours(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "bot.cogs.guilds"]


async def joined(bot: BriefingBot, server: MagicMock) -> None:
    bot.dispatch("guild_join", server)
    for _ in range(5):  # dispatch schedules the listener as a task
        await asyncio.sleep(0)


async def test_a_foreign_server_is_left_when_the_operator_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await loaded(tmp_path, home_guilds=[HOME_GUILD], foreign_guilds="leave")
    server = guild(FOREIGN_GUILD, "Invited elsewhere")
    with caplog.at_level(logging.INFO, logger="bot.cogs.guilds"):
        await joined(bot, server)
    server.leave.assert_awaited_once()
    [record] = ours(caplog)
    assert record.levelno == logging.WARNING
    assert f"guild={FOREIGN_GUILD}" in record.getMessage()
    assert "leaving it" in record.getMessage()


async def test_by_default_a_foreign_server_is_read_only_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await loaded(tmp_path, home_guilds=[HOME_GUILD])
    assert bot.settings.foreign_guilds == "read-only"
    server = guild(FOREIGN_GUILD)
    with caplog.at_level(logging.INFO, logger="bot.cogs.guilds"):
        await joined(bot, server)
    server.leave.assert_not_awaited()
    [record] = ours(caplog)
    assert "staying read-only" in record.getMessage()


async def test_the_home_server_is_never_left(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await loaded(tmp_path, home_guilds=[HOME_GUILD], foreign_guilds="leave")
    server = guild(HOME_GUILD)
    with caplog.at_level(logging.INFO, logger="bot.cogs.guilds"):
        await joined(bot, server)
    server.leave.assert_not_awaited()
    assert "newsroom's own" in ours(caplog)[0].getMessage()


async def test_without_home_servers_nothing_is_left(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A missing setting must not make the bot walk out of every server it is in."""
    bot = await loaded(tmp_path, foreign_guilds="leave")
    server = guild(FOREIGN_GUILD)
    with caplog.at_level(logging.INFO, logger="bot.cogs.guilds"):
        await joined(bot, server)
    server.leave.assert_not_awaited()
    assert "BRIEFING_HOME_GUILDS is empty" in ours(caplog)[0].getMessage()


async def test_on_connecting_foreign_servers_already_joined_are_left(tmp_path: Path) -> None:
    bot = await loaded(tmp_path, home_guilds=[HOME_GUILD], foreign_guilds="leave")
    home, foreign = guild(HOME_GUILD), guild(FOREIGN_GUILD)
    cog: Any = bot.get_cog("Guilds")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(bot), "guilds", property(lambda self: [home, foreign]))
        await cog.on_ready()
    foreign.leave.assert_awaited_once()
    home.leave.assert_not_awaited()


async def test_a_failed_leave_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await loaded(tmp_path, home_guilds=[HOME_GUILD], foreign_guilds="leave")
    server = guild(FOREIGN_GUILD)
    server.leave.side_effect = discord.HTTPException(MagicMock(status=500, reason="x"), "boom")
    cog: Any = bot.get_cog("Guilds")
    with caplog.at_level(logging.INFO, logger="bot.cogs.guilds"):
        await cog.on_guild_join(server)
    assert "could not leave" in ours(caplog)[-1].getMessage()
