"""The context every command of the bot gets, prefix and slash alike (BriefingBot's
`get_context` makes it): `ctx.bot` is a BriefingBot, so the settings, the store and the
library are typed, and the helpers the cogs share are here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from discord.ext import commands

if TYPE_CHECKING:
    from bot.app import BriefingBot  # noqa: F401 (the base class names it as a string)
    from bot.settings import Settings

P = ParamSpec("P")
T = TypeVar("T")


class Context(commands.Context["BriefingBot"]):
    @property
    def settings(self) -> Settings:
        return self.bot.settings

    @property
    def command_prefix(self) -> str:
        """The configured prefix, for usage lines: `ctx.prefix` is what was typed, which may
        be a mention, or "/" for a slash command."""
        return self.bot.settings.command_prefix

    async def stored(self, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """A store (or library) call off the event loop: see bot.storecalls."""
        return await self.bot.stored(call, *args, **kwargs)
