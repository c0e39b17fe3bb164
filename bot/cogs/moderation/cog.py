"""Moderators keep the facts current from Discord: `fact add|edit|retract|undo|history`.

Hybrid commands, so `!fact edit ...` and `/fact edit` share one definition. Every change is a
facts.changes request, read and applied as on the command line (the same words, the same store
checks, the same refusal text); this cog checks who may write, and renders the report. Answers
reflect a change at once because the Library rebuilds its Briefing when the store's head moves.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import BriefingBot
from bot.checks import require_moderator, write_refusal
from bot.cogs.moderation.replies import (
    USAGE,
    Kept,
    Send,
    code_blocks,
    confirmation,
    editor,
    history_answer,
    interaction_sender,
    sender,
)
from bot.context import Context
from bot.forms import (
    FORM_CHARS,
    RecordForm,
    is_record_file,
    read_article,
    read_off_loop,
    read_record,
)
from bot.limits import (
    CHOICE_CHARS,
    MAX_CHOICES,
    MESSAGE_CHARS,
)
from bot.replies import NO_PINGS, chunks, send_answer
from bot.storecalls import StoreFailed
from facts.changes import (
    Add,
    Edit,
    Refused,
    Request,
    Written,
    apply,
    for_edit,
    read_add,
    read_edit,
    read_retract,
    read_source,
    read_undo,
    refusal_text,
    refused,
    unavailable,
)
from facts.edits import EditSyntaxError, read_yaml, template
from facts.store import Store
from facts.text import escape_mentions

log = logging.getLogger(__name__)
Kind = Literal["claim", "event", "actor", "place", "source"]


class Moderation(commands.Cog):
    """Changing the facts: moderators only, never in DMs."""

    def __init__(self, bot: BriefingBot) -> None:
        self.bot = bot

    @property
    def store(self) -> Store:
        """For the writes and reads below, which run off the event loop (`bot.stored`)."""
        return self.bot.store

    async def cog_check(self, ctx: Context) -> bool:  # type: ignore[override]
        """Every command here is a moderator's, in the newsroom's own server (prefix and
        slash: discord.py runs a cog_check for a hybrid command's slash invocation too)."""
        return require_moderator(ctx)

    @property
    def prefix(self) -> str:
        return self.bot.settings.command_prefix

    # --- applying a change ---------------------------------------------------------------

    async def _read_and_apply(self, ctx: Context, read: Callable[[], Awaitable[Request]]) -> None:
        """Read the request (a refusal if it cannot be read), then apply it."""
        send = sender(ctx)
        await ctx.defer()
        try:
            request = await read()
        except EditSyntaxError as exc:
            await self._refuse(send, exc)
            return
        await self._apply(send, ctx.author, request)

    async def _apply(
        self, send: Send, user: discord.abc.User, request: Request, kept: Kept | None = None
    ) -> None:
        """Make the change (off the event loop: the commit waits for the disk), then confirm
        or refuse (giving back what a form sent, `kept`), and tell the audit channel."""
        report = await self.bot.stored(apply, self.store, request, by=editor(user))
        if isinstance(report, Refused):
            await self._refuse(send, report, kept)
            return
        embed, file = confirmation(report, self.prefix)
        try:
            await send(embed=embed, file=file)
        finally:  # the change is made: the audit channel hears of it even if the reply fails
            await self._audit(user, report)

    async def _refuse(
        self, send: Send, refusal: Refused | EditSyntaxError, kept: Kept | None = None
    ) -> None:
        """The refusal, privately; with `kept`, what the form sent comes back as a file with
        the refusal's last message (a closed form keeps nothing)."""
        if isinstance(refusal, EditSyntaxError):
            refusal = refused(refusal)
        text = refusal_text(refusal, f"{self.prefix}fact")
        if kept is not None:
            text += f"\n{kept.hint(refusal.redo[1] if refusal.redo is not None else None)}"
        *parts, last = chunks(escape_mentions(text))
        for part in parts:
            await send(part, ephemeral=True)
        await send(last, ephemeral=True, file=kept.file() if kept is not None else None)

    async def _audit(self, user: discord.abc.User, written: Written) -> None:
        channel_id = self.bot.settings.audit_channel
        if channel_id is None:
            return
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            log.warning("audit channel %s not found or not a text channel", channel_id)
            return
        revision, fields = written.revision, written.changed
        what = f" ({', '.join(fields)})" if fields else ""
        text = (
            f"revision {revision.number}: {revision.action} {revision.record_id}{what} "
            f"by {user} ({user.id}): {revision.reason or 'no reason given'}"
        )
        try:
            await channel.send(escape_mentions(text)[:MESSAGE_CHARS], allowed_mentions=NO_PINGS)
        except discord.HTTPException:
            log.exception("could not post revision %d to the audit channel", revision.number)

    # --- commands ------------------------------------------------------------------------

    # discord.py types its hybrid decorators over a union of two callback shapes (method or
    # free function), which mypy cannot infer (it expects `def (Never, Never, ...)`): hence the
    # `type: ignore[arg-type]` on each one. warn_unused_ignores will say when that is fixed.
    @commands.hybrid_group(name="fact", invoke_without_command=True)  # type: ignore[arg-type]
    @app_commands.guild_only()  # hides /fact in DMs; the check refuses `!fact` there
    # Members do not see /fact in the menu; a server's Integrations settings can still grant
    # it, and the check decides all the same.
    @app_commands.default_permissions(manage_guild=True)
    async def fact(self, ctx: Context) -> None:
        """Moderators: add, edit, retract, undo and look at the history of facts."""
        await sender(ctx)(USAGE.format(p=self.prefix))

    @fact.command(name="add", description="Add a claim, event, actor, place or source")  # type: ignore[arg-type]
    @app_commands.describe(
        kind="what to add",
        article="a source's article as a .txt file; any other kind: the record as .yaml or .json",
        fields='field=value ...; empty opens a form (not for sources). e.g. reason="..."',
    )
    async def add(
        self,
        ctx: Context,
        kind: Kind,
        article: discord.Attachment | None = None,
        *,
        fields: str = "",
    ) -> None:
        """Add a record: `fact add claim id=... statement="..." quote.source=<source>
        quote.text="..." attribution=...`, a ```yaml block, or the record attached as a .yaml
        or .json file. A source: `fact add source id=... publisher=... published=YYYY-MM-DD
        notes="..."` with the article attached (.txt) or pasted on the lines below."""
        if kind == "source":
            await self._read_and_apply(ctx, lambda: self._read_source(fields, article, ctx.author))
            return
        attached = article if is_record_file(article) else None
        if attached is None and not fields.strip() and ctx.interaction is not None:
            await self._open_add_form(ctx.interaction, kind)
            return
        await self._read_and_apply(ctx, lambda: self._read_add(kind, fields, attached))

    async def _read_add(self, kind: str, fields: str, attached: discord.Attachment | None) -> Add:
        record = await read_record(attached) if attached is not None else None
        return await read_off_loop(lambda: read_add(kind, fields, record=record))

    async def _read_source(
        self, fields: str, article: discord.Attachment | None, user: discord.abc.User
    ) -> Request:
        notes = f"Registered by {user} on Discord; metadata as they gave it."
        request = await read_off_loop(lambda: read_source(fields, notes=notes))
        if article is not None:  # the attachment is the article; fields on the first line
            request = dataclasses.replace(request, text=await read_article(article))
        if not request.text.strip():
            raise EditSyntaxError("article", "attach the article as a .txt file or paste it below")
        return request

    @fact.command(name="edit", description="Correct a record (a form, or field=value ...)")  # type: ignore[arg-type]
    @app_commands.rename(record_id="id")
    @app_commands.describe(
        record_id="the record's id",
        record="the whole record, edited, as a .yaml or .json file",
        changes="field=value ... [base=<revision>] [reason=...]; empty opens a form",
    )
    async def edit(
        self,
        ctx: Context,
        record_id: str,
        record: discord.Attachment | None = None,
        *,
        changes: str = "",
    ) -> None:
        """Change fields: `fact edit <id> figure.value=32 base=41 reason="typo"`, or attach
        the whole record edited (.yaml or .json). With `base=<revision>` the edit is refused
        if someone changed the record after it."""
        attached = record if is_record_file(record) else None
        if attached is None and not changes.strip():
            await self._show_for_edit(ctx, record_id)
            return
        await self._read_and_apply(ctx, lambda: self._read_edit(record_id, changes, attached))

    async def _read_edit(
        self, record_id: str, changes: str, attached: discord.Attachment | None
    ) -> Edit:
        record = await read_record(attached) if attached is not None else None
        return await read_off_loop(lambda: read_edit(record_id, changes, record=record))

    @fact.command(name="retract", description="Withdraw a wrong record (kept in history)")  # type: ignore[arg-type]
    @app_commands.rename(record_id="id")
    @app_commands.describe(record_id="the record's id", reason="why it is withdrawn")
    async def retract(self, ctx: Context, record_id: str, *, reason: str) -> None:
        """Withdraw a record: `fact retract <id> <reason>`. Undo restores it."""
        await self._read_and_apply(
            ctx, lambda: read_off_loop(lambda: read_retract(record_id, reason))
        )

    @fact.command(name="undo", description="Undo one revision (itself a new revision)")  # type: ignore[arg-type]
    @app_commands.describe(revision="the revision number", reason="why")
    async def undo(self, ctx: Context, revision: int, *, reason: str = "") -> None:
        """Put a record back as it was before a revision: `fact undo <revision> [reason]`."""
        await self._read_and_apply(ctx, lambda: read_off_loop(lambda: read_undo(revision, reason)))

    @fact.command(name="history", description="Every revision of a record")  # type: ignore[arg-type]
    @app_commands.rename(record_id="id")
    @app_commands.describe(record_id="the record's id")
    async def history(self, ctx: Context, record_id: str) -> None:
        """Every revision of a record: `fact history <id>`; `fact undo <revision>` reverts one."""
        send = sender(ctx)
        await ctx.defer()
        revisions, retracted = await self.bot.stored(
            lambda: (self.store.history(record_id), self.store.is_retracted(record_id))
        )
        if not revisions:
            await self._refuse(send, await self.bot.stored(unavailable, self.store, record_id))
            return
        answer = history_answer(record_id, revisions, retracted=retracted, prefix=self.prefix)
        await send_answer(ctx, answer)

    @edit.autocomplete("record_id")
    @retract.autocomplete("record_id")
    @history.autocomplete("record_id")
    async def _record_ids(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        # Autocomplete runs no command checks: only moderators, in a home server, see the ids.
        if write_refusal(self.bot.settings, interaction.guild, interaction.user) is not None:
            return []
        needle = current.casefold().strip()
        try:
            ids = await self.bot.stored(lambda: self.store.ids_containing(needle, MAX_CHOICES))
        except StoreFailed:  # logged; an empty list is all autocomplete can say
            return []
        return [
            app_commands.Choice(name=i[:CHOICE_CHARS], value=i[:CHOICE_CHARS])
            for i in ids[:MAX_CHOICES]
        ]

    # --- forms (slash only) --------------------------------------------------------------

    async def _show_for_edit(self, ctx: Context, record_id: str) -> None:
        """Slash: open the form pre-filled with the record. Prefix: show the record and its
        revision, to edit with field=value."""
        send = sender(ctx)
        shown = await self.bot.stored(for_edit, self.store, record_id)
        if isinstance(shown, Refused):
            await self._refuse(send, shown)
            return
        base, text = shown.base, shown.text
        if ctx.interaction is not None and len(text) <= FORM_CHARS:
            form = RecordForm(
                title=f"Edit {record_id}",
                text=text,
                on_submit=lambda i, value: self._submit_edit(i, record_id, base, value),
            )
            await ctx.interaction.response.send_modal(form)  # within the 3 seconds
            return
        if ctx.interaction is not None:
            await send(
                f"{record_id} is {len(text)} characters of YAML, more than a form holds "
                f"({FORM_CHARS}). Use `/fact edit id:{record_id} changes:field=value ... "
                f"base={base}`, or attach it edited as a .yaml file (`record:`, with"
                f" `changes:base={base}`).",
                ephemeral=True,
            )
            return
        for part in code_blocks([shown.heading, *text.splitlines()]):
            await send(part)
        await send(shown.hint(f"{self.prefix}fact"))

    async def _open_add_form(self, interaction: discord.Interaction, kind: str) -> None:
        form = RecordForm(
            title=f"Add {kind}",
            text=template(kind),
            on_submit=lambda i, value: self._submit_add(i, kind, value),
        )
        await interaction.response.send_modal(form)

    async def _submit_edit(
        self, interaction: discord.Interaction, record_id: str, base: int, value: str
    ) -> None:
        """Apply a submitted form, based on the revision it was opened at: an edit made by
        someone else in between is refused as stale, with what changed."""
        kept = Kept(f"{record_id}.yaml", value, f"`/fact edit id:{record_id} record:`", base)
        await self._submit(
            interaction,
            lambda: Edit(record_id, record=read_yaml(value), base=base, reason="edited in a form"),
            kept,
        )

    async def _submit_add(self, interaction: discord.Interaction, kind: str, value: str) -> None:
        kept = Kept(f"new-{kind}.yaml", value, f"`/fact add kind:{kind} article:`")
        await self._submit(
            interaction,
            lambda: Add(kind, record=read_yaml(value), reason="added in a form"),
            kept,
        )

    async def _submit(
        self, interaction: discord.Interaction, read: Callable[[], Request], kept: Kept
    ) -> None:
        """Re-check the member, read the form, then acknowledge the interaction before the
        write: a commit waiting on the disk or another writer must not outlast the 3 seconds
        Discord gives, or the member sees a failure for a change that was made. A refusal
        gives back what was sent."""
        send = interaction_sender(interaction)
        if not await self._still_moderator(interaction, send):
            return
        try:
            request = await read_off_loop(read)
        except EditSyntaxError as exc:
            await self._refuse(send, exc, kept)
            return
        await interaction.response.defer(thinking=True)
        await self._apply(send, interaction.user, request, kept)

    async def _still_moderator(self, interaction: discord.Interaction, send: Send) -> bool:
        """A form can stay open for minutes: check the roles again when it comes back."""
        refused = write_refusal(self.bot.settings, interaction.guild, interaction.user)
        if refused is None:
            return True
        await send(refused, ephemeral=True)
        return False
