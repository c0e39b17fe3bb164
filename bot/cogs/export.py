"""`!export FORMAT [query]` (and `/export`): the live store as a file in the channel, for
everyone in it, within Discord's upload limit."""

from __future__ import annotations

import io
import logging
import time

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import BriefingBot
from bot.cogs.query import user_cooldown
from bot.context import Context
from bot.limits import MIB, UPLOAD_BYTES
from bot.replies import NO_PINGS, send_answer
from facts.answers import Answer
from facts.exports.build import FORMATS, build

log = logging.getLogger(__name__)
# The fewest bytes an entry the export counts takes in its file (`COUNTED`): an event's
# CSV row some 600, its TimelineJS entry 650, a claim's JSON-LD node 1,400.
MIN_RECORD_BYTES = 200
# 2 MiB under Discord's smallest upload limit leaves room for the request around the file.
UPLOAD_LIMIT = UPLOAD_BYTES - 2 * MIB
FORMAT_LIST = ", ".join(f"`{name}` ({f.description})" for name, f in FORMATS.items())


class Export(commands.Cog):
    """Exports: TimelineJS, conflict-data CSV, schema.org JSON-LD."""

    def __init__(self, bot: BriefingBot, upload_limit: int = UPLOAD_LIMIT) -> None:
        self.bot = bot
        self.upload_limit = upload_limit
        # An export of more records than this is never under the upload limit: refused
        # before it is made, not after (at 100,000 records, 12 s and 660 MB for a file
        # that could not be sent).
        self.most_records = upload_limit // MIN_RECORD_BYTES

    @commands.hybrid_command(  # type: ignore[arg-type]
        name="export", description="The store as a file: TimelineJS, CSV or JSON-LD"
    )
    @app_commands.describe(
        format="timelinejs, timelinejs-csv, csv or jsonld",
        query="what to export, as for timeline; empty for everything",
    )
    @app_commands.choices(
        format=[
            app_commands.Choice(name=f"{n}: {f.description}", value=n) for n, f in FORMATS.items()
        ]
    )
    @commands.dynamic_cooldown(user_cooldown, commands.BucketType.user)
    async def export(self, ctx: Context, format: str = "", *, query: str = "") -> None:
        """A file of the timeline or the claims, in a format other tools read."""
        name = format.casefold()
        if name not in FORMATS:
            await ctx.send(
                f"Export which format? `{ctx.command_prefix}export FORMAT "
                f"[query]`, FORMAT one of: {FORMAT_LIST}.",
                allowed_mentions=NO_PINGS,
            )
            return
        started = time.perf_counter()
        # Off the event loop, as the answers are: the store's lock may be held by a write, and
        # a rebuilt index and a big export are CPU work.
        result = await self.bot.stored(
            lambda: build(self.bot.library.briefing(), name, query, most=self.most_records)
        )
        if isinstance(result, Answer):  # the query selects nothing: say so, as the answers do
            await send_answer(ctx, result)
            return
        size = len(result.data)
        if size > self.upload_limit:
            await ctx.send(
                f"That export is {size / MIB:.1f} MiB, over the "
                f"{self.upload_limit / MIB:.0f} MiB that can be uploaded here. Narrow it "
                "with a query, or run `briefing export` on the server.",
                allowed_mentions=NO_PINGS,
            )
            return
        what = f" for “{query}”" if query else ""
        await ctx.send(
            f"{result.format.description}{what}: {result.records} record(s), from the live store "
            "(every entry cites its articles).",
            file=discord.File(io.BytesIO(result.data), filename=result.filename),
            allowed_mentions=NO_PINGS,
        )
        log.info(
            "command=export user=%s format=%s query=%r bytes=%d ms=%.1f",
            ctx.author.id,
            name,
            query[:200],
            size,
            (time.perf_counter() - started) * 1000,
        )


async def setup(bot: BriefingBot) -> None:
    await bot.add_cog(Export(bot))
