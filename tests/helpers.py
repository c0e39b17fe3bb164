"""Spec'd mocks of discord objects, python-discord style: an attribute the real class lacks
raises, and coroutine methods (send, defer, send_modal, ...) are AsyncMocks by the spec.

    member = make_member(roles=[make_role("Editors")])
    ctx = make_context(bot, member, interaction=make_interaction(bot, member))
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from unittest.mock import MagicMock

import discord
import discord.ext.test as dpytest

from bot.context import Context

if TYPE_CHECKING:
    from bot.app import BriefingBot

_ids = itertools.count(100_000_000_000_000_000)
# The newsroom's own server (BRIEFING_HOME_GUILDS in tests) and one the bot was only invited to.
HOME_GUILD = 990_000_000_000_000_001
FOREIGN_GUILD = 990_000_000_000_000_002


def make_role(name: str = "Editors", *, role_id: int | None = None) -> MagicMock:
    role = MagicMock(spec=discord.Role)
    role.id = role_id if role_id is not None else next(_ids)
    role.name = name
    return role


def make_guild(*, guild_id: int = HOME_GUILD) -> MagicMock:
    """A server: the newsroom's own unless `guild_id` says otherwise."""
    guild = MagicMock(spec=discord.Guild)
    guild.id = guild_id
    guild.get_member.return_value = None
    return guild


def make_member(
    *,
    roles: Iterable[MagicMock] = (),
    manage_guild: bool = False,
    name: str = "alice",
    guild: MagicMock | None = None,
) -> MagicMock:
    """A guild member; `manage_guild` gives the Manage Server permission."""
    member = MagicMock(spec=discord.Member)
    member.id = next(_ids)
    member.name = name
    member.display_name = name
    member.__str__.return_value = name
    member.bot = False
    member.roles = list(roles)
    member.guild = guild or make_guild()
    member.guild_permissions = discord.Permissions(manage_guild=manage_guild)
    return member


def make_user(*, name: str = "bob") -> MagicMock:
    """A user outside any guild (the author of a DM)."""
    user = MagicMock(spec=discord.User)
    user.id = next(_ids)
    user.name = name
    user.__str__.return_value = name
    user.bot = False
    return user


def make_attachment(data: bytes, *, filename: str = "article.txt") -> MagicMock:
    attachment = MagicMock(spec=discord.Attachment)
    attachment.filename = filename
    attachment.size = len(data)
    attachment.read.return_value = data
    return attachment


def make_interaction(
    client: Any, user: MagicMock, *, guild: MagicMock | bool | None = True
) -> MagicMock:
    """A slash-command interaction: `response` and `followup` are spec'd too, so the sync
    `response.is_done()` stays sync and `send_message`/`send_modal` are awaitable; once one
    of them (or `defer`) was awaited, `is_done()` is True, as in discord.py."""
    interaction = MagicMock(spec=discord.Interaction)
    interaction.client = client
    interaction.user = user
    interaction.guild = (getattr(user, "guild", None) or make_guild()) if guild is True else guild
    interaction.response = MagicMock(spec=discord.InteractionResponse)
    interaction.response.is_done.return_value = False

    def answered(*args: Any, **kwargs: Any) -> None:
        interaction.response.is_done.return_value = True  # as discord.py: one response only

    for method in ("send_message", "defer", "send_modal"):
        getattr(interaction.response, method).side_effect = answered
    interaction.followup = MagicMock(spec=discord.Webhook)
    return interaction


def make_context(
    bot: Any,
    author: MagicMock,
    *,
    guild: MagicMock | bool | None = True,
    interaction: MagicMock | None = None,
) -> MagicMock:
    """A command context; with `interaction` it is a slash invocation of a hybrid command
    (and the interaction carries it, as discord.py's `_baton`, for the checks)."""
    ctx = MagicMock(spec=Context)  # the bot's own, as BriefingBot.get_context makes it
    ctx.bot = bot
    ctx.command_prefix = "!"
    ctx.author = author
    ctx.guild = (getattr(author, "guild", None) or make_guild()) if guild is True else guild
    ctx.interaction = interaction
    ctx.command = None
    ctx.prefix = "/" if interaction is not None else "!"
    if interaction is not None:
        interaction._baton = ctx
        interaction.guild = ctx.guild
    return ctx


def sent_texts(mock: MagicMock) -> list[str]:
    """Every text an AsyncMock send-like method was called with (positional or content=)."""
    out = []
    for call in mock.await_args_list:
        content = call.args[0] if call.args else call.kwargs.get("content")
        if content:
            out.append(str(content))
    return out


def sent_embeds(mock: MagicMock) -> list[discord.Embed]:
    return [c.kwargs["embed"] for c in mock.await_args_list if c.kwargs.get("embed")]


class Clock:
    """A controlled clock for the store and the digest: it says what the test says."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


# When the digest tests' store is seeded, and the moderator's correction they make after it:
# Al Jazeera's mosque toll set to Daljoog News' count, quoting the words that give it.
SEEDED = dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.UTC)
RECOUNT = {
    "statement": "The bombing killed at least 31 worshippers.",
    "figure.value": 31,
    "quote.source": "daljoog-strikes",
    "quote.text": "killed at least 31 worshippers",
}


async def started(bot: BriefingBot, **dpytest_config: Any) -> BriefingBot:
    """The bot set up as discord.py does at login (the cogs loaded, no gateway); with
    `dpytest_config` (or `dpytest=True`) under dpytest, whose fake gateway it then uses."""
    await bot._async_setup_hook()
    if dpytest_config.pop("dpytest", False) or dpytest_config:
        dpytest.configure(bot, **dpytest_config)
    await bot.setup_hook()
    return bot
