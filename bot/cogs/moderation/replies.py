"""What the moderation cog says back: a confirmation with the record as it now is, the
history of a record, the usage text, and who made a change (the `Editor`). Kept apart from the
commands so the cog reads as the workflow: check, read, apply, render."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import discord

from bot.context import Context
from bot.limits import (
    EMBED_DESCRIPTION,
    EMBED_FOOTER,
    EMBED_TITLE,
    EMBED_TOTAL,
    FIELD_VALUE,
    MESSAGE_CHARS,
)
from bot.replies import NO_PINGS
from facts.answers import Answer, Item, Section
from facts.changes import (
    Written,
)
from facts.edits import record_yaml
from facts.store import Editor, Revision

Send = Callable[..., Awaitable[Any]]
USAGE = """\
`{p}fact add <claim|event|actor|place> field=value ... [reason="..."]` (or a ```yaml block, \
or the record attached as a .yaml or .json file)
`{p}fact add source id=<id> publisher=... published=YYYY-MM-DD notes="..."` + the article \
as a .txt attachment or pasted on the lines below
`{p}fact edit <id> field=value ... [base=<revision>] [reason="..."]` (or the whole record, \
edited, attached as a .yaml or .json file)
`{p}fact retract <id> <reason>` (or reason="...")
`{p}fact undo <revision> [reason]`
`{p}fact history <id>`"""
VERBS = {
    "create": "Added",
    "edit": "Edited",
    "retract": "Retracted",
    "restore": "Restored",
    "undo": "Undid a change to",
    "source": "Registered source",
}


@dataclass(frozen=True)
class Kept:
    """What a refused form sent, given back: a closed form keeps nothing, and a record
    typed into it may be long. `resend` is the command that takes it back as a file."""

    filename: str
    text: str
    resend: str
    base: int | None = None  # an edit's: the revision its form was opened at

    def hint(self, base: int | None = None) -> str:
        """How to send it again; after a stale refusal (`base`: the record's revision now),
        with what changed put in first, and based on that revision: a whole record sent
        without a base would silently undo the other edit (the store refuses it)."""
        if base is None:
            based = f", and `changes:base={self.base}`" if self.base is not None else ""
            return (
                "What you sent is attached: fix it, then send it with "
                f"{self.resend} and the file{based}."
            )
        return (
            "What you sent is attached: put in what changed since (above), then send it with "
            f"{self.resend} and the file, and `changes:base={base}`."
        )

    def file(self) -> discord.File:
        return discord.File(io.BytesIO(self.text.encode()), filename=self.filename)


def editor(user: discord.abc.User) -> Editor:
    return Editor(name=str(user), discord_id=user.id)


def sender(ctx: Context) -> Send:
    async def send(content: str | None = None, **kwargs: Any) -> Any:
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        return await ctx.send(content, allowed_mentions=NO_PINGS, **kwargs)

    return send


def interaction_sender(interaction: discord.Interaction) -> Send:
    """The first message answers the interaction, unless it was deferred; the others are
    follow-ups."""

    async def send(content: str | None = None, **kwargs: Any) -> Any:
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        if not interaction.response.is_done():
            return await interaction.response.send_message(
                content, allowed_mentions=NO_PINGS, **kwargs
            )
        if content is not None:  # a follow-up's content is text or left out, never None
            kwargs["content"] = content
        return await interaction.followup.send(allowed_mentions=NO_PINGS, **kwargs)

    return send


def history_entry(revision: Revision) -> str:
    """One revision as Discord shows it, after its number: the time a Discord timestamp, so
    each reader sees their own zone (the terminal's `history_line` stays UTC). Plain text:
    the answer's renderer escapes names and reasons."""
    who = revision.editor_name
    if revision.editor_id is not None:
        who += f" ({revision.editor_id})"
    both = revision.before is not None and revision.after is not None
    fields = ", ".join(revision.changed_fields()) if both else "-"
    undoes = f" (undoes {revision.undoes})" if revision.undoes is not None else ""
    when = discord.utils.format_dt(revision.at, "f")
    return "  ".join([when, who, f"{revision.action}{undoes}", fields, revision.reason or "-"])


def history_answer(
    record_id: str, revisions: list[Revision], *, retracted: bool, prefix: str
) -> Answer:
    """Every revision of a record, oldest first, as an answer: paged like any other, so a
    record corrected a hundred times is a few pages, not a flood of messages."""
    state = "retracted" if retracted else "current"
    count = f"{len(revisions)} revision{'s' if len(revisions) != 1 else ''}"
    items = [
        Item(id=record_id, kind="revision", title=f"revision {r.number}", text=history_entry(r))
        for r in revisions
    ]
    return Answer(
        command="fact history",
        query=record_id,
        title=f"History of {record_id}",
        summary=(
            f"{state}, {count}: time, who, action, fields changed, reason. "
            f"`{prefix}fact undo <revision>` reverts one."
        ),
        sections=[Section(heading="Revisions, oldest first", items=items)],
    )


def code_blocks(lines: list[str], limit: int = MESSAGE_CHARS) -> list[str]:
    """Lines packed into ``` blocks of at most `limit` characters; a longer line is split."""
    room = limit - len("```\n\n```")
    pieces = [line[i : i + room] for line in lines for i in range(0, max(len(line), 1), room)]
    blocks: list[list[str]] = [[]]
    for piece in pieces:
        if blocks[-1] and len("\n".join([*blocks[-1], piece])) > room:
            blocks.append([])
        blocks[-1].append(piece)
    return [f"```\n{chr(10).join(block)}\n```" for block in blocks if block]


def confirmation(written: Written, prefix: str) -> tuple[discord.Embed, discord.File | None]:
    """The new record (YAML) and its revision; a record too long for an embed is attached."""
    revision, record, fields = written.revision, written.record, written.changed
    verb = VERBS.get(revision.action, revision.action)
    title = f"{verb} {revision.record_id}"[:EMBED_TITLE]
    embed = discord.Embed(title=title, colour=discord.Colour.green())
    head = f"revision {revision.number}"
    if fields:
        head += f" · changed: {', '.join(fields)}"
    file = None
    if record is None:
        body = f"{head}\nThe record is withdrawn; answers no longer show it."
    else:
        text = record_yaml(record).replace("```", "`\u200b``")  # keep the code block whole
        block = f"\n```yaml\n{text}```"
        if len(head) + len(block) <= EMBED_DESCRIPTION:
            body = head + block
        else:
            body = f"{head}\nThe record is attached ({len(text)} characters)."
            file = discord.File(io.BytesIO(text.encode()), filename=f"{revision.record_id}.yaml")
    embed.description = body
    for note in written.notes:  # a figure the same event's other claims give otherwise
        embed.add_field(name="Note", value=note[:FIELD_VALUE], inline=False)
    reason = f" · reason: {revision.reason}" if revision.reason else ""
    footer = f"by {revision.editor_name}{reason} · undo: {prefix}fact undo {revision.number}"
    fields_chars = sum(len(f.name or "") + len(f.value or "") for f in embed.fields)
    room = min(EMBED_FOOTER, EMBED_TOTAL - len(embed.title or "") - len(body) - fields_chars)
    if len(footer) > room:  # a long reason: keep the undo command, which is what is needed
        undo = f" … · undo: {prefix}fact undo {revision.number}"
        footer = footer[: room - len(undo)] + undo
    embed.set_footer(text=footer)
    return embed, file
