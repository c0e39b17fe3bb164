"""Sending answers: embeds, a pager for long ones, and never a ping."""

from __future__ import annotations

import asyncio

import discord

from bot.context import Context
from bot.limits import MESSAGE_CHARS
from bot.paging import Pager
from bot.render import render_embeds
from facts.answers import Answer

NO_PINGS = discord.AllowedMentions.none()


async def rendered(answer: Answer) -> list[discord.Embed]:
    """The answer's pages, laid out in a worker thread: a long answer (the whole timeline of a
    big store, hundreds of pages) is CPU work that would stall the gateway's heartbeats and
    every other command if it ran on the event loop."""
    return await asyncio.to_thread(render_embeds, answer)


async def send_answer(ctx: Context, answer: Answer, *, ephemeral: bool = False) -> discord.Message:
    """Reply with the answer's first page and its buttons: paging when there are more pages,
    and Remove for the asker of an answer in the channel. `ephemeral` (a slash command's
    `private:True`) shows it to the asker only; a prefix command cannot, and ignores it."""
    pages = await rendered(answer)
    private = ephemeral and ctx.interaction is not None
    pager = Pager(pages, owner_id=ctx.author.id, private=private)
    if not pager.children:  # one private page: nothing to press
        return await ctx.send(embed=pages[0], allowed_mentions=NO_PINGS, ephemeral=private)
    message = await ctx.send(
        embed=pages[0], view=pager, allowed_mentions=NO_PINGS, ephemeral=private
    )
    pager.message = message
    return message


async def respond_answer(interaction: discord.Interaction, answer: Answer) -> None:
    """A private answer to an interaction (a context menu): the first page and, when there
    are more, the buttons to page. Works whether or not the interaction was deferred."""
    pages = await rendered(answer)
    pager = Pager(pages, owner_id=interaction.user.id, private=True)
    view = pager if pager.children else discord.utils.MISSING
    if interaction.response.is_done():
        pager.message = await interaction.followup.send(
            embed=pages[0], ephemeral=True, allowed_mentions=NO_PINGS, wait=True, view=view
        )
    else:
        await interaction.response.send_message(
            embed=pages[0], ephemeral=True, allowed_mentions=NO_PINGS, view=view
        )
        pager.message = await interaction.original_response()


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
