"""The context every command of the bot gets, prefix and slash alike (BriefingBot's
`get_context` makes it): `ctx.bot` is a BriefingBot, so the settings, the store and the
library are typed (the store is reached only through `ctx.bot.stored`, bot.storecalls)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord.ext import commands

if TYPE_CHECKING:
    from bot.app import BriefingBot  # noqa: F401 (the base class names it as a string)


class Context(commands.Context["BriefingBot"]):
    @property
    def command_prefix(self) -> str:
        """The configured prefix, for usage lines: `ctx.prefix` is what was typed, which may
        be a mention, or "/" for a slash command."""
        return self.bot.settings.command_prefix
