"""The Discord bot: `create_bot(settings, store)` builds it, so tests and tools can run it
in-process; `setup_hook` loads the cogs. Nothing connects to Discord until `bot.start()`.

The cogs get what they need from the bot, typed: `bot.settings`, `bot.library`, and the
store through `await bot.stored(call, ...)` only (off the event loop, see bot.storecalls).
Every command's context is bot.context.Context."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, overload

import discord
from discord.ext import commands

from bot.context import Context
from bot.settings import Settings
from bot.storecalls import STORE_SECONDS, off_loop
from facts.library import Library
from facts.store import Store

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
ContextT = TypeVar("ContextT", bound=commands.Context[Any])

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
        self, settings: Settings, store: Store, intents: discord.Intents | None = None
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
        self.store_seconds = STORE_SECONDS  # tests shorten it

    async def stored(self, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """`call(*args)` off the event loop within the time limit; a store that fails or
        does not answer is StoreFailed, one line. Every cog reaches the store this way."""
        return await off_loop(self.store.path, self.store_seconds, call, *args, **kwargs)

    @overload
    async def get_context(self, origin: discord.Message | discord.Interaction, /) -> Context: ...

    @overload
    async def get_context(
        self, origin: discord.Message | discord.Interaction, /, *, cls: type[ContextT]
    ) -> ContextT: ...

    async def get_context(
        self,
        origin: discord.Message | discord.Interaction,
        /,
        *,
        cls: type[commands.Context[Any]] = Context,
    ) -> Any:
        # Hybrid commands build their slash context here too, so both get our Context.
        return await super().get_context(origin, cls=cls)

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        log.info(
            "loaded %d extensions; slash commands sync on demand (`briefing sync`)", len(EXTENSIONS)
        )

    async def on_ready(self) -> None:
        log.info("connected as %s to %d guild(s)", self.user, len(self.guilds))


def create_bot(
    settings: Settings, store: Store, *, intents: discord.Intents | None = None
) -> BriefingBot:
    return BriefingBot(settings, store, intents)
