"""Buttons that page through a long answer: nothing is cut, the rest is one click away.

The answer belongs to whoever asked: only they page it (or remove it). Anyone else who presses
a button gets their own private copy at the page shown, so the asker's page never moves under
them. A failure inside a button is logged and answered, never silent; when the view times out
its buttons are disabled and the page stays readable.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import discord

log = logging.getLogger(__name__)

PAGE_TIMEOUT = 600.0  # seconds the buttons stay live (under the 15 minutes a token lives)
NO_PINGS = discord.AllowedMentions.none()
COPY_NOTE = "Only the asker pages that answer; here is your own copy."
REMOVE_REFUSED = "Only the person who asked can remove that answer."
FAILED = "That button failed; it has been logged."


async def reply_privately(interaction: discord.Interaction, content: str, **kwargs: Any) -> None:
    """An ephemeral reply, whether or not the interaction was answered already."""
    if interaction.response.is_done():
        await interaction.followup.send(
            content, ephemeral=True, allowed_mentions=NO_PINGS, **kwargs
        )
    else:
        await interaction.response.send_message(
            content, ephemeral=True, allowed_mentions=NO_PINGS, **kwargs
        )


class Pager(discord.ui.View):
    """First, Previous, page n/m (a jump by number), Next, Last; and Remove for the asker
    of an answer in the channel. A one-page public answer gets Remove only; a private one
    (ephemeral: the reader can dismiss it) gets no Remove."""

    def __init__(
        self,
        pages: list[discord.Embed],
        *,
        owner_id: int,
        private: bool = False,
        index: int = 0,
        timeout: float = PAGE_TIMEOUT,
    ) -> None:
        super().__init__(timeout=timeout)
        self.pages = pages
        self.owner_id = owner_id
        self.private = private
        self.index = max(0, min(index, len(pages) - 1))
        self.message: discord.Message | None = None
        if len(pages) < 2:
            for item in (self.first, self.previous, self.jump, self.next, self.last):
                self.remove_item(item)
        if private:
            self.remove_item(self.remove)
        self._sync_buttons()

    @property
    def page(self) -> discord.Embed:
        return self.pages[self.index]

    def _sync_buttons(self) -> None:
        at_start, at_end = self.index == 0, self.index >= len(self.pages) - 1
        self.first.disabled = self.previous.disabled = at_start
        self.next.disabled = self.last.disabled = at_end
        self.jump.label = f"{self.index + 1}/{len(self.pages)}"
        self.jump.disabled = len(self.pages) < 2

    async def show(self, interaction: discord.Interaction, index: int) -> None:
        """Move to a page (clamped to the pages there are) and show it."""
        self.index = max(0, min(index, len(self.pages) - 1))
        self._sync_buttons()
        await interaction.response.edit_message(embed=self._with_picture(self.page), view=self)

    def _with_picture(self, page: discord.Embed) -> discord.Embed:
        """The first page as the message shows it: a picture attached to the message after it
        was sent (the timeline's) stays in the first page when the asker pages back to it."""
        if page is not self.pages[0] or self.message is None or not self.message.embeds:
            return page
        shown = self.message.embeds[0].image.url
        if not shown or page.image.url:
            return page
        # A copy: the picture is this message's attachment, not part of a private copy's page.
        return page.copy().set_image(url=shown)

    # --- who may press -------------------------------------------------------------------

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        data: dict[str, Any] = dict(interaction.data or {})
        pressed = data.get("custom_id")
        if pressed == self.remove.custom_id:
            await reply_privately(interaction, REMOVE_REFUSED)
        else:
            await self.send_copy(interaction)
        return False

    async def send_copy(self, interaction: discord.Interaction) -> Pager:
        """A private pager at the page shown, owned by whoever pressed."""
        copy = Pager(
            self.pages,
            owner_id=interaction.user.id,
            private=True,
            index=self.index,
            timeout=self.timeout or PAGE_TIMEOUT,
        )
        await reply_privately(interaction, COPY_NOTE, embed=copy.page, view=copy)
        with contextlib.suppress(discord.HTTPException):
            copy.message = await interaction.original_response()
        return copy

    # --- the buttons ---------------------------------------------------------------------

    @discord.ui.button(label="First", style=discord.ButtonStyle.secondary)
    async def first(self, interaction: discord.Interaction, _: discord.ui.Button[Pager]) -> None:
        await self.show(interaction, 0)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button[Pager]) -> None:
        await self.show(interaction, self.index - 1)

    @discord.ui.button(label="1/1", style=discord.ButtonStyle.secondary)
    async def jump(self, interaction: discord.Interaction, _: discord.ui.Button[Pager]) -> None:
        await interaction.response.send_modal(JumpForm(self))

    @discord.ui.button(label="Next", style=discord.ButtonStyle.primary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button[Pager]) -> None:
        await self.show(interaction, self.index + 1)

    @discord.ui.button(label="Last", style=discord.ButtonStyle.secondary)
    async def last(self, interaction: discord.Interaction, _: discord.ui.Button[Pager]) -> None:
        await self.show(interaction, len(self.pages) - 1)

    @discord.ui.button(label="Remove", style=discord.ButtonStyle.danger, row=1)
    async def remove(self, interaction: discord.Interaction, _: discord.ui.Button[Pager]) -> None:
        await interaction.response.defer()
        await interaction.delete_original_response()
        self.stop()

    # --- failures and the end ------------------------------------------------------------

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        log.error("pager: %r failed for user %s", item, interaction.user.id, exc_info=error)
        with contextlib.suppress(discord.HTTPException):
            await reply_privately(interaction, FAILED)

    async def on_timeout(self) -> None:
        # Leave the page readable; the buttons stay, disabled.
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.message is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)


class JumpForm(discord.ui.Modal):
    """Go to page n: the number is checked, and a wrong one is answered privately."""

    def __init__(self, pager: Pager) -> None:
        super().__init__(title="Go to page", timeout=pager.timeout)
        self.pager = pager
        self.number: discord.ui.TextInput[JumpForm] = discord.ui.TextInput(
            label=f"Page (1-{len(pager.pages)})",
            placeholder=str(pager.index + 1),
            min_length=1,
            max_length=4,
        )
        self.add_item(self.number)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        text = self.number.value.strip()
        count = len(self.pager.pages)
        if not text.isdigit() or not 1 <= int(text) <= count:
            shown = discord.utils.escape_markdown(text[:10])
            await reply_privately(interaction, f"There is no page {shown}: pages 1 to {count}.")
            return
        await self.pager.show(interaction, int(text) - 1)

    async def on_error(  # type: ignore[override]  # Modal's stub inherits View's 3 arguments
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        log.error("pager: page jump failed for user %s", interaction.user.id, exc_info=error)
        with contextlib.suppress(discord.HTTPException):
            await reply_privately(interaction, FAILED)
