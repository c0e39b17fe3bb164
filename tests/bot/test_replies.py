"""Sending answers: the pages are laid out off the event loop."""

from __future__ import annotations

import threading

import discord
import pytest

import bot.replies
from bot.replies import send_answer
from facts.answers import Answer
from tests.helpers import make_context, make_member


async def test_pages_are_rendered_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    rendered_in: list[int] = []

    def render(answer: Answer) -> list[discord.Embed]:
        rendered_in.append(threading.get_ident())
        return [discord.Embed(title=answer.title)]

    monkeypatch.setattr(bot.replies, "render_embeds", render)
    ctx = make_context(None, make_member())
    await send_answer(ctx, Answer(command="timeline", title="Timeline"))
    assert rendered_in
    assert rendered_in[0] != threading.get_ident()
    assert ctx.send.await_args.kwargs["embed"].title == "Timeline"
