"""What only Discord has of a change: the modal form the slash commands open, an article or
a whole record attached as a file, and reading what a moderator typed off the event loop. The
syntax itself is facts.edits, shared with the command line."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import discord

from bot.limits import MODAL_TITLE, TEXT_INPUT_CHARS
from bot.paging import reply_privately
from bot.storecalls import StoreFailed
from facts.edits import EditSyntaxError, read_yaml

log = logging.getLogger(__name__)

FORM_CHARS = TEXT_INPUT_CHARS  # a form is one text input
FORM_TIMEOUT = 900.0  # seconds; an edit based on an old revision is refused anyway
ARTICLE_BYTES = 512_000  # the seed articles are ~10 kB; this leaves room for long reads
# A whole record as a file: for one longer than a form holds (4,000 characters); the longest
# bundled record is ~2.5 kB of YAML.
RECORD_BYTES = 64_000
RECORD_FILES = (".yaml", ".yml", ".json")
READ_SECONDS = 5.0  # reading what a moderator typed, off the event loop, takes milliseconds
FORM_FAILED = (
    "That form failed; it has been logged. Check `/fact history` before sending it again: "
    "the change may have been made."
)

T = TypeVar("T")


async def read_off_loop(read: Callable[[], T]) -> T:
    """Run a reader of moderator input in a worker thread, within READ_SECONDS: the event
    loop never waits on it, and input that takes too long is refused rather than waited for."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(read), READ_SECONDS)
    except TimeoutError:
        raise EditSyntaxError(
            "(input)", f"took longer than {READ_SECONDS:.0f} s to read; send less at once"
        ) from None


async def read_article(attachment: discord.Attachment) -> str:
    """An article attached as UTF-8 text, size-capped before and after download."""
    return await _attached_text(attachment, "article", (".txt",), ARTICLE_BYTES)


def is_record_file(attachment: discord.Attachment | None) -> bool:
    """Whether an attachment is a record (by its name): another file beside a command, a
    picture of the article, is not the moderator's record and is left alone."""
    return attachment is not None and attachment.filename.lower().endswith(RECORD_FILES)


async def read_record(attachment: discord.Attachment) -> dict[str, Any]:
    """A whole record attached as a YAML or JSON file (JSON is YAML too, so one bounded
    reader reads both); a refusal names the file, so a moderator knows which one is wrong."""
    text = await _attached_text(attachment, "record", RECORD_FILES, RECORD_BYTES)
    try:
        return read_yaml(text, max_chars=RECORD_BYTES)
    except EditSyntaxError as exc:
        raise EditSyntaxError(attachment.filename, exc.message) from None


async def _attached_text(
    attachment: discord.Attachment, field: str, suffixes: tuple[str, ...], limit: int
) -> str:
    """An attachment's UTF-8 text, its name and size checked before it is downloaded."""
    if not attachment.filename.lower().endswith(suffixes):
        wanted = " or ".join(suffixes)
        raise EditSyntaxError(field, f"{attachment.filename}: attach the {field} as {wanted}")
    if attachment.size > limit:
        raise EditSyntaxError(field, f"larger than {limit // 1000} kB")
    data = await attachment.read()
    if len(data) > limit:
        raise EditSyntaxError(field, f"larger than {limit // 1000} kB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EditSyntaxError(field, "not UTF-8 text; save it as UTF-8 and attach again") from None


Submit = Callable[[discord.Interaction, str], Awaitable[None]]


class RecordForm(discord.ui.Modal):
    """One paragraph of YAML: the record to edit, or a new record's template."""

    def __init__(self, *, title: str, text: str, on_submit: Submit) -> None:
        super().__init__(title=title[:MODAL_TITLE], timeout=FORM_TIMEOUT)
        self.record: discord.ui.TextInput[RecordForm] = discord.ui.TextInput(
            label="Record (YAML)",
            style=discord.TextStyle.paragraph,
            default=text,
            max_length=FORM_CHARS,
        )
        self.add_item(self.record)
        self._submit = on_submit

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self._submit(interaction, self.record.value)

    async def on_error(  # type: ignore[override]  # Modal's stub inherits View's 3 arguments
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        """What the submission raised still reaches the member, in one line: discord.py's
        default only logs it, and the member would watch "thinking…" until it expired."""
        if isinstance(error, StoreFailed):  # logged where it failed; the line says what to do
            text = str(error)
        else:
            log.error("form %r failed for user %s", self.title, interaction.user.id, exc_info=error)
            text = FORM_FAILED
        with contextlib.suppress(discord.HTTPException):
            await reply_privately(interaction, text)
