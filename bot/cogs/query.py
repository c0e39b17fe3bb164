"""The questions: hybrid commands, so `!claims bannu` and `/claims` share one definition,
with slash autocomplete from the same fuzzy index the answers use."""

from __future__ import annotations

import asyncio
import logging
import time

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import BriefingBot
from bot.replies import Context, send_answer
from facts.briefing import SUBJECT_KINDS, Briefing
from facts.search import Match

log = logging.getLogger(__name__)
MAX_CHOICES = 25  # Discord's limit for autocomplete
CHOICE_CHARS = 100  # and for a choice's name and value
PRIVATE = "only you see the answer"


def user_cooldown(ctx: Context) -> commands.Cooldown | None:
    """One question per user every `cooldown_seconds` (a setting); 0 turns it off."""
    seconds = getattr(getattr(ctx.bot, "settings", None), "cooldown_seconds", 0.0)
    return commands.Cooldown(1, seconds) if seconds else None


def _shorten(text: str) -> str:
    return text if len(text) <= CHOICE_CHARS else text[: CHOICE_CHARS - 1] + "…"


def _choice_value(match: Match) -> str:
    """What the command receives: the name, or the record's id when the name is too long for
    Discord (a cut headline might resolve to something else; the id resolves exactly)."""
    return match.label if len(match.label) <= CHOICE_CHARS else match.record_id


class Query(commands.Cog):
    """Timeline, claims, actor, source, search and help."""

    def __init__(self, bot: BriefingBot) -> None:
        self.bot = bot

    @property
    def briefing(self) -> Briefing:
        return self.bot.library.briefing()

    async def _answer(self, ctx: Context, command: str, query: str, private: bool = False) -> None:
        started = time.perf_counter()
        # Off the event loop: the store's lock may be held by a moderator's write, and an index
        # rebuild after an edit is CPU work; neither should stall the gateway.
        answer = await asyncio.to_thread(lambda: self.briefing.ask(command, query))
        await send_answer(ctx, answer, ephemeral=private)
        log.info(
            "command=%s user=%s query=%r status=%s ms=%.1f",
            command,
            ctx.author.id,
            query[:200],
            answer.status.value,
            (time.perf_counter() - started) * 1000,
        )

    async def _complete(
        self, current: str, kinds: tuple[str, ...]
    ) -> list[app_commands.Choice[str]]:
        matches = await asyncio.to_thread(
            lambda: self.briefing.index.complete(current, kinds=kinds, limit=MAX_CHOICES)
        )
        return [
            app_commands.Choice(name=_shorten(f"{m.label} ({m.kind})"), value=_choice_value(m))
            for m in matches[:MAX_CHOICES]
        ]

    # discord.py types its hybrid decorators over a union of two callback shapes (method or
    # free function), which mypy cannot infer (it expects `def (Never, Never, ...)`): hence the
    # `type: ignore[arg-type]` on each one. warn_unused_ignores will say when that is fixed.
    @commands.hybrid_command(name="timeline", description="Events in date order")  # type: ignore[arg-type]
    @app_commands.describe(
        query="a place, actor, event or dates (2026-02-20..2026-02-28)", private=PRIVATE
    )
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    async def timeline(self, ctx: Context, *, query: str = "", private: bool = False) -> None:
        """Events in date order, optionally for a place, an actor or a date range."""
        await self._answer(ctx, "timeline", query, private)

    @commands.hybrid_command(name="claims", description="Who says what, disputes side by side")  # type: ignore[arg-type]
    @app_commands.describe(
        query="an event, place, actor or topic; empty for every open dispute", private=PRIVATE
    )
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    async def claims(self, ctx: Context, *, query: str = "", private: bool = False) -> None:
        """What each party says, disputed figures side by side."""
        await self._answer(ctx, "claims", query, private)

    @commands.hybrid_command(name="actor", description="Who they are, what they did and said")  # type: ignore[arg-type]
    @app_commands.describe(query="a name, acronym or spelling: TTP, ISPR, Mujahid", private=PRIVATE)
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    async def actor(self, ctx: Context, *, query: str = "", private: bool = False) -> None:
        """An organisation or person: aliases, events, claims."""
        await self._answer(ctx, "actor", query, private)

    @commands.hybrid_command(  # type: ignore[arg-type]
        name="source", description="An article and what the store takes from it"
    )
    @app_commands.describe(
        query="publisher, author or id; empty lists every article", private=PRIVATE
    )
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    async def source(self, ctx: Context, *, query: str = "", private: bool = False) -> None:
        """An article's metadata and what the store takes from it."""
        await self._answer(ctx, "source", query, private)

    @commands.hybrid_command(name="search", description="Search everything")  # type: ignore[arg-type]
    @app_commands.describe(query="a name, place or topic", private=PRIVATE)
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    async def search(self, ctx: Context, *, query: str = "", private: bool = False) -> None:
        """Anything in the store."""
        await self._answer(ctx, "search", query, private)

    @commands.hybrid_command(name="help", description="What the bot can answer")  # type: ignore[arg-type]
    async def help(self, ctx: Context) -> None:
        """The commands, with examples."""
        await self._answer(ctx, "help", "")

    @timeline.autocomplete("query")
    @claims.autocomplete("query")
    async def _subject_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._complete(current, SUBJECT_KINDS)

    @actor.autocomplete("query")
    async def _actor_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._complete(current, ("actor",))

    @source.autocomplete("query")
    async def _source_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._complete(current, ("source",))

    @search.autocomplete("query")
    async def _any_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._complete(current, ("actor", "place", "event", "source"))


async def setup(bot: BriefingBot) -> None:
    await bot.add_cog(Query(bot))
