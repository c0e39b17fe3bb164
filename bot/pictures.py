"""The timeline picture in Discord: drawn off the event loop, in bounded time, and cached.

Every `!timeline` / `/timeline` answer with at least one dated event gets the picture: the text
answer is sent at once, then its message is edited to attach the PNG and show it in the first
embed (see README: The timeline picture, for why always rather than on request). A picture that
takes longer than `PICTURE_SECONDS` (a busy machine) or fails is left out: the text answer
stands alone and the log says why.
"""

from __future__ import annotations

import asyncio
import functools
import io
import logging

import discord

from bot.timeline_png import FILENAME, Theme, render_png
from facts.answers import Answer, AnswerStatus

log = logging.getLogger(__name__)
PICTURE_SECONDS = 10.0
THEME: Theme = "dark"  # Discord's default theme; the picture is an opaque card, so light reads too


@functools.lru_cache(maxsize=32)
def _png(answer_json: str) -> bytes:
    """The picture of an answer, by its JSON: the same answer (same store revision, same
    query) is drawn once."""
    return render_png(Answer.model_validate_json(answer_json), theme=THEME)


def wants_picture(answer: Answer) -> bool:
    return (
        answer.command == "timeline"
        and answer.status is AnswerStatus.OK
        and any(i.kind == "event" and i.date is not None for i in answer.items())
    )


async def timeline_picture(answer: Answer) -> discord.File | None:
    """The picture as an attachment for the answer's first embed, or None."""
    if not wants_picture(answer):
        return None
    try:
        data = await asyncio.wait_for(
            asyncio.to_thread(_png, answer.model_dump_json()), timeout=PICTURE_SECONDS
        )
    except TimeoutError:
        log.warning("timeline picture took over %.0f s; sent the text alone", PICTURE_SECONDS)
        return None
    except Exception:
        log.exception("timeline picture failed; sent the text alone")
        return None
    return discord.File(
        io.BytesIO(data),
        filename=FILENAME,
        description=f"{answer.title}: the events on a date axis",
    )


async def add_picture(message: discord.Message, answer: Answer) -> bool:
    """Attach the answer's picture to the message that carries it, shown in its first embed.
    Never raises: the answer is already sent, and a picture is not worth an error."""
    picture = await timeline_picture(answer)
    if picture is None or not message.embeds:
        return False
    embed = message.embeds[0]
    embed.set_image(url=f"attachment://{picture.filename}")
    try:
        await message.edit(embed=embed, attachments=[picture])
    except Exception:
        log.exception("could not attach the timeline picture")
        return False
    return True
