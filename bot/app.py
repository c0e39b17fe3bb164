"""The Discord bot: `create_bot(settings, store)` builds it, so tests and tools can run it
in-process; `setup_hook` loads the cogs. Nothing connects to Discord until `bot.start()`."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.settings import Settings
from facts.library import FactsProvider, Library

log = logging.getLogger(__name__)

# Each cog has one concern; they are loaded in this order.
EXTENSIONS: list[str] = [
    "bot.cogs.errors",
    "bot.cogs.guilds",
    "bot.cogs.query",
    "bot.cogs.moderation",
    "bot.cogs.digest",
    "bot.cogs.export",
]


def required_intents() -> discord.Intents:
    """The default intents plus message content: prefix commands (`!claims bannu`) need to
    read messages; slash commands do not. No privileged members or presence intent."""
    intents = discord.Intents.default()
    intents.message_content = True
    return intents


class BriefingBot(commands.Bot):
    """A commands.Bot that carries the settings, the store and the facts library."""

    def __init__(
        self, settings: Settings, store: FactsProvider, intents: discord.Intents | None = None
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned_or(settings.command_prefix),
            intents=intents or required_intents(),
            # Input is echoed back in answers: it must never ping anybody.
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            case_insensitive=True,
            strip_after_prefix=True,
        )
        self.settings = settings
        self.store = store
        self.library = Library(store)

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        log.info(
            "loaded %d extensions; slash commands sync on demand (`briefing sync`)", len(EXTENSIONS)
        )

    async def on_ready(self) -> None:
        log.info("connected as %s to %d guild(s)", self.user, len(self.guilds))


def create_bot(
    settings: Settings, store: FactsProvider, *, intents: discord.Intents | None = None
) -> BriefingBot:
    return BriefingBot(settings, store, intents)
