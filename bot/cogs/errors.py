"""One place that turns command errors into friendly replies, and logs the rest."""

from __future__ import annotations

import logging
from typing import Protocol, cast

from discord.ext import commands
from rapidfuzz import process

from bot.app import BriefingBot
from bot.context import Context
from bot.help import example
from bot.replies import send_text
from bot.storecalls import StoreFailed
from facts.changes import refusal_text, refused
from facts.store import StoreError
from facts.text import echo, escape_mentions

log = logging.getLogger(__name__)


class Answerer(Protocol):
    """What the Query cog offers here: answer a command and its query in a channel."""

    async def _answer(self, ctx: Context, command: str, query: str) -> None: ...


class Errors(commands.Cog):
    def __init__(self, bot: BriefingBot) -> None:
        self.bot = bot

    def query_cog(self) -> Answerer | None:
        # By name, not isinstance: load_extension imports the cog's module afresh.
        cog = self.bot.get_cog("Query")
        return cast(Answerer, cog) if hasattr(cog, "_answer") else None

    def closest_commands(self, name: str) -> list[str]:
        names = [c.qualified_name for c in self.bot.walk_commands() if not c.hidden]
        return [n for n, _, _ in process.extract(name, names, limit=3, score_cutoff=60)]

    @commands.Cog.listener()
    async def on_command_error(self, ctx: Context, error: commands.CommandError) -> None:
        prefix = ctx.command_prefix
        match error:
            case commands.CommandNotFound() if (query := self.query_cog()) is not None:
                # Answer first: a sentence ("!what happened in bannu?") is searched, a slip
                # ("!claim bannu") runs the command meant; only a lone unknown word gets help.
                typed = ctx.invoked_with or ""
                rest = ctx.message.content[len(ctx.prefix or "") + len(typed) :]
                await query._answer(ctx, typed, rest.strip())
            case commands.CommandNotFound():
                typed = echo(ctx.invoked_with or "", 40)
                close = self.closest_commands(typed)
                hint = (
                    " Did you mean " + " or ".join(f"`{prefix}{c}`" for c in close) + "?"
                    if close
                    else ""
                )
                await send_text(
                    ctx,
                    f"There is no command `{prefix}{typed}`.{hint} `{prefix}help` lists them all.",
                )
            case commands.CommandOnCooldown():
                await send_text(
                    ctx,
                    f"One question at a time: try again in {error.retry_after:.0f}s.",
                    ephemeral=True,
                )
            case commands.NoPrivateMessage():
                await send_text(ctx, "That command works in a server channel, not in DMs.")
            case commands.CheckFailure():
                await send_text(
                    ctx, str(error) or "You are not allowed to use that command.", ephemeral=True
                )
            case commands.UserInputError():
                usage = (
                    f"`{prefix}{ctx.command.qualified_name} {ctx.command.signature}`"
                    if (ctx.command)
                    else ""
                )
                # The command's own example: what to type, not the error said twice.
                shown = example(ctx.command.qualified_name, prefix) if ctx.command else None
                await send_text(
                    ctx,
                    f"{escape_mentions(str(error))} Usage: {usage}".strip()
                    + (f", e.g. {shown}" if shown else ""),
                    ephemeral=True,
                )
            case _:
                await self._failed(ctx, error)

    async def _failed(self, ctx: Context, error: commands.CommandError) -> None:
        """What a command raised, unwrapped: a prefix command wraps it once (CommandInvokeError),
        a slash one twice (HybridCommandError around app_commands' own)."""
        cause: BaseException = error
        while (inner := getattr(cause, "original", None)) is not None:
            cause = inner
        match cause:
            case StoreFailed():
                await send_text(ctx, str(cause), ephemeral=True)
            case StoreError():
                # A refusal no command answered itself, worded as every refusal is.
                text = refusal_text(refused(cause), f"{ctx.command_prefix}fact")
                await send_text(ctx, escape_mentions(text), ephemeral=True)
            case _:
                log.error("command %s failed", ctx.command, exc_info=cause)
                await send_text(ctx, "Something went wrong answering that; it has been logged.")


async def setup(bot: BriefingBot) -> None:
    await bot.add_cog(Errors(bot))
