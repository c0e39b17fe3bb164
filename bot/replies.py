"""Sending answers: embeds, a pager for long ones, and never a ping."""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.paging import Pager
from bot.render import MESSAGE_CHARS, render_embeds
from facts.answers import Answer

NO_PINGS = discord.AllowedMentions.none()
Context = commands.Context[commands.Bot]


async def send_answer(ctx: Context, answer: Answer) -> discord.Message:
    """Reply with the answer's first page, and buttons to page when there are more."""
    pages = render_embeds(answer)
    if len(pages) == 1:
        return await ctx.send(embed=pages[0], allowed_mentions=NO_PINGS)
    pager = Pager(pages)
    message = await ctx.send(embed=pages[0], view=pager, allowed_mentions=NO_PINGS)
    pager.message = message
    return message


def chunks(text: str, limit: int = MESSAGE_CHARS) -> list[str]:
    """Split text into messages of at most `limit` characters, at line breaks when possible."""
    out: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        out.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*out, text] if text else out


async def send_text(ctx: Context, text: str, *, ephemeral: bool = False) -> None:
    """Plain text, in as many messages as it takes."""
    for part in chunks(text) or ["(empty)"]:
        await ctx.send(part, allowed_mentions=NO_PINGS, ephemeral=ephemeral)
