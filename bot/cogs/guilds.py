"""Servers the bot is in that are not the newsroom's own (`home_guilds`): with
`foreign_guilds=read-only` it stays and answers questions (every change is refused by the
checks), with `leave` it leaves. Either way the decision is logged, on joining and, for the
servers it is already in, when it connects."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.app import BriefingBot

log = logging.getLogger(__name__)


class Guilds(commands.Cog):
    def __init__(self, bot: BriefingBot) -> None:
        self.bot = bot

    async def handle(self, guild: discord.Guild, how: str) -> None:
        """Log what the bot does in `guild` (`how`: joined or connected), and leave it when
        it is foreign and the operator said so."""
        settings = self.bot.settings
        where = f"guild={guild.id} name={guild.name!r}"
        if guild.id in settings.home_guilds:
            log.info("%s %s: one of the newsroom's own servers", how, where)
            return
        if not settings.home_guilds:
            # Leaving every server because a setting is missing would be worse than staying.
            log.warning(
                "%s %s: BRIEFING_HOME_GUILDS is empty, so no server may change anything; "
                "staying read-only (set it to the newsroom's server ids)",
                how,
                where,
            )
            return
        if settings.foreign_guilds == "leave":
            log.warning("%s %s: not one of BRIEFING_HOME_GUILDS; leaving it", how, where)
            try:
                await guild.leave()
            except discord.HTTPException as exc:
                log.error("could not leave %s: HTTP %s %s", where, exc.status, exc.text)
            return
        log.warning(
            "%s %s: not one of BRIEFING_HOME_GUILDS; staying read-only (questions are "
            "answered, every change is refused)",
            how,
            where,
        )

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.handle(guild, "joined")

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        # Servers joined while the bot was offline, or before the setting was made.
        for guild in list(self.bot.guilds):
            if guild.id not in self.bot.settings.home_guilds:
                await self.handle(guild, "connected to")


async def setup(bot: BriefingBot) -> None:
    await bot.add_cog(Guilds(bot))
