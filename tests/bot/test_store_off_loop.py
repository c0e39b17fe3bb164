"""No coroutine calls the store itself: every command, autocomplete, form and menu reaches it
through `bot.stored`, in a worker thread. A spy on every public Store method records the
thread of each call; the event loop's thread must never be one of them. (A store call on
the loop waits for the store's lock, which a write holds while the disk or another process
keeps it: the gateway, every other command and the 3 s an interaction has would wait too.)"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import threading
from collections.abc import Callable
from typing import Any
from unittest.mock import AsyncMock, MagicMock, patch

import discord
import discord.ext.test as dpytest
import pytest
from discord import app_commands
from discord.ext import commands

from bot.app import BriefingBot
from bot.context import Context
from bot.storecalls import StoreFailed, off_loop
from facts.edits import record_yaml
from facts.store import Store
from tests.helpers import make_context, make_interaction, make_member, make_role

CLAIM = "mosque-toll-daljoog"


class StoreSpy:
    """Wraps each public method of one Store instance to record which thread called it, and
    traces every statement on the connection answers read through (records, links and the
    name index are read there, not through Store methods)."""

    def __init__(self, store: Store) -> None:
        self.calls: list[tuple[str, threading.Thread]] = []
        reads = store.reads()
        assert reads is not None
        reads.db.set_trace_callback(
            lambda sql: self.calls.append((f"sql: {sql[:40]}", threading.current_thread()))
        )
        for name, _ in inspect.getmembers(type(store), inspect.isfunction):
            if not name.startswith("_"):
                setattr(store, name, self._wrap(name, getattr(store, name)))

    def _wrap(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def spy(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, threading.current_thread()))
            return method(*args, **kwargs)

        return spy

    async def during(self, action: Callable[[], Any]) -> list[str]:
        """Run `action` (a coroutine function) and return the store methods it called on
        the event loop's thread; it must have called the store at all."""
        loop_thread = threading.current_thread()
        self.calls.clear()
        await action()
        assert self.calls, "the action never reached the store: the test proves nothing"
        return [name for name, thread in self.calls if thread is loop_thread]


@pytest.fixture
def spy(store: Store) -> StoreSpy:
    return StoreSpy(store)


@pytest.fixture
async def moderator(digest_bot: BriefingBot) -> discord.Member:
    """The dpytest member, with the moderator role (by name, as digest_bot configures)."""
    config = dpytest.get_config()
    role = dpytest.backend.make_role("Editors", config.guilds[0])
    await dpytest.add_role(config.members[0], role)
    return config.members[0]


def drain() -> None:
    while not dpytest.sent_queue.empty():
        dpytest.get_message()


PREFIX_COMMANDS = [
    "!digest now",
    "!digest preview",
    "!digest channel add {channel}",
    "!digest thread {channel} on",
    "!digest channel remove {channel}",
    "!digest time 09:00 UTC",
    f"!fact history {CLAIM}",
    f"!fact edit {CLAIM}",  # shows the record to edit, with its revision
    f'!fact edit {CLAIM} figure.value=33 reason="recount"',
    f"!fact retract {CLAIM} duplicate",
    "!claims bannu",
    "!timeline",
    "!export csv",
    "!what happened in bannu",  # no such command: answered as a search
]


@pytest.mark.parametrize("content", PREFIX_COMMANDS)
async def test_prefix_commands_call_the_store_off_the_loop(
    digest_bot: BriefingBot, moderator: discord.Member, spy: StoreSpy, content: str
) -> None:
    channel = f"<#{dpytest.get_config().channels[0].id}>"

    async def send() -> None:
        # dpytest re-raises what on_command_error handled; the errors cog answered it.
        with contextlib.suppress(commands.CommandNotFound):
            await dpytest.message(content.format(channel=channel))

    on_loop = await spy.during(send)
    drain()
    assert on_loop == []


def slash_moderator(bot: BriefingBot) -> MagicMock:
    """A slash context for a moderator of the newsroom's server (dpytest's, which digest_bot
    makes the home one)."""
    guild_id = dpytest.get_config().guilds[0].id
    member = make_member(roles=[make_role("Editors")])
    member.guild.id = guild_id
    interaction = make_interaction(bot, member)
    return make_context(bot, member, interaction=interaction)


async def test_the_edit_form_reads_the_store_off_the_loop(
    digest_bot: BriefingBot, spy: StoreSpy
) -> None:
    cog: Any = digest_bot.get_cog("Moderation")
    ctx = slash_moderator(digest_bot)
    on_loop = await spy.during(lambda: type(cog).edit.callback(cog, ctx, CLAIM))
    assert on_loop == []
    ctx.interaction.response.send_modal.assert_awaited_once()


async def test_a_submitted_form_writes_off_the_loop(digest_bot: BriefingBot, spy: StoreSpy) -> None:
    cog: Any = digest_bot.get_cog("Moderation")
    ctx = slash_moderator(digest_bot)
    record, base = await digest_bot.stored(
        lambda: (digest_bot.store.get(CLAIM), digest_bot.store.head())
    )
    text = record_yaml(record).replace("at least 31", "at least 32")
    on_loop = await spy.during(lambda: cog._submit_edit(ctx.interaction, CLAIM, base, text))
    assert on_loop == []
    assert [name for name, _ in spy.calls if name == "edit"] == ["edit"]


async def test_autocomplete_reads_the_store_off_the_loop(
    digest_bot: BriefingBot, spy: StoreSpy
) -> None:
    ctx = slash_moderator(digest_bot)
    moderation: Any = digest_bot.get_cog("Moderation")
    query: Any = digest_bot.get_cog("Query")
    for complete, typed in [
        (moderation._record_ids, "mosque"),
        (query._subject_choices, "mosque"),
        (query._actor_choices, "ttp"),
    ]:
        choices: list[Any] = []

        async def run(
            complete: Any = complete, typed: str = typed, found: list[Any] = choices
        ) -> None:
            found.extend(await complete(ctx.interaction, typed))

        assert await spy.during(run) == [], complete
        assert choices, complete


async def test_the_find_claims_menu_reads_the_store_off_the_loop(
    digest_bot: BriefingBot, spy: StoreSpy
) -> None:
    query: Any = digest_bot.get_cog("Query")
    interaction = make_interaction(digest_bot, make_member())
    message = MagicMock(spec=discord.Message, content="the mosque bombing in Islamabad")
    message.embeds = []
    on_loop = await spy.during(lambda: query.find_claims(interaction, message))
    assert on_loop == []


async def test_the_digest_tick_reads_and_writes_off_the_loop(
    digest_bot: BriefingBot, spy: StoreSpy
) -> None:
    digest: Any = digest_bot.get_cog("Digest")
    assert await spy.during(digest.tick) == []


# --- the seam itself -----------------------------------------------------------------------


async def test_a_store_that_does_not_answer_is_one_line(digest_bot: BriefingBot) -> None:
    release = threading.Event()
    digest_bot.store_seconds = 0.05
    try:
        with pytest.raises(StoreFailed) as caught:
            await digest_bot.stored(release.wait, 5)
    finally:
        release.set()
    assert "did not answer within 0.05 s" in str(caught.value)
    assert "\n" not in str(caught.value)


async def test_a_failing_store_is_one_line_and_the_details_are_logged(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    import sqlite3

    def broken() -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    with pytest.raises(StoreFailed) as caught:
        await off_loop(store.path, 5.0, broken)
    assert str(caught.value).startswith("The facts store could not be read or written")
    assert "malformed" not in str(caught.value)  # the operator's business: in the log
    assert "malformed" in caplog.text
    assert str(store.path) in caplog.text


async def test_a_store_failure_in_a_command_is_answered_in_one_line(
    digest_bot: BriefingBot, moderator: discord.Member
) -> None:
    failing = AsyncMock(side_effect=StoreFailed("store down"))
    with patch.object(digest_bot, "stored", failing), pytest.raises(StoreFailed):
        await dpytest.message(f"!fact history {CLAIM}")  # dpytest re-raises what was handled
    assert dpytest.get_message().content == "store down"


async def test_a_refusal_passes_through_the_seam_as_it_is(digest_bot: BriefingBot) -> None:
    from facts.store import StoreError

    with pytest.raises(StoreError):
        await digest_bot.stored(digest_bot.store.revision, 10**9)


# --- every command's context --------------------------------------------------------------


async def test_prefix_commands_get_the_bots_context(digest_bot: BriefingBot) -> None:
    seen: list[commands.Context[Any]] = []

    async def record(ctx: commands.Context[Any]) -> None:
        seen.append(ctx)

    digest_bot.add_listener(record, "on_command")
    await dpytest.message("!claims bannu")
    drain()
    [ctx] = seen
    assert isinstance(ctx, Context)
    assert ctx.bot.settings is digest_bot.settings
    assert ctx.command_prefix == "!"


async def test_slash_commands_get_the_bots_context_too(digest_bot: BriefingBot) -> None:
    """Hybrid commands build their slash context with `bot.get_context(interaction)`, with
    no `cls`: the default must be ours."""
    with patch.object(commands.Bot, "get_context", AsyncMock()) as base:
        await digest_bot.get_context(MagicMock(spec=discord.Interaction))
    assert base.await_args.kwargs["cls"] is Context


async def test_the_loop_keeps_running_while_a_command_waits_for_the_store(
    digest_bot: BriefingBot,
) -> None:
    release = threading.Event()
    waiting = asyncio.ensure_future(digest_bot.stored(release.wait, 5))
    ticks = 0
    for _ in range(5):
        await asyncio.sleep(0.01)
        ticks += 1
    assert not waiting.done()
    release.set()
    assert await waiting is True
    assert ticks == 5


def _as_prefix(exc: Exception) -> commands.CommandError:
    return commands.CommandInvokeError(exc)


def _as_slash(exc: Exception) -> commands.CommandError:
    command = MagicMock(spec=app_commands.Command)
    command.name = "fact"
    return commands.HybridCommandError(app_commands.CommandInvokeError(command, exc))


@pytest.mark.parametrize("wrap", [_as_prefix, _as_slash], ids=["prefix", "slash"])
async def test_a_refusal_no_command_answered_is_worded_as_every_refusal(
    digest_bot: BriefingBot, wrap: Callable[[Exception], commands.CommandError]
) -> None:
    from facts.dataset import Problem
    from facts.store import StoreError

    errors: Any = digest_bot.get_cog("Errors")
    ctx = make_context(digest_bot, make_member())
    one = StoreError([Problem("-", "x", "id", "no record 'x'")])
    await errors.on_command_error(ctx, wrap(one))
    two = StoreError([Problem("-", "x", "id", "no record 'x'"), Problem("-", "x", "a", "b")])
    await errors.on_command_error(ctx, wrap(two))
    first, second = ctx.send.await_args_list
    assert first.args[0] == "Refused, nothing changed: id: no record 'x'"
    assert second.args[0] == "Refused, nothing changed:\nid: no record 'x'\na: b"
