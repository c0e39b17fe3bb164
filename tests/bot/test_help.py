"""`!help` and `/help` through dpytest, and usage errors that show the command's example."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
import pytest_asyncio
from discord.ext import commands
from discord.ext.test import runner

from bot.app import BriefingBot, create_bot
from bot.help import EXAMPLES, command_help, help_answer
from bot.render_text import render_text
from bot.settings import Settings
from bot.terminal.help import CATALOGUE, TERMINAL_EQUIVALENTS
from bot.terminal.help import help_answer as terminal_help
from facts.briefing import Briefing
from facts.dataset import load_dir
from facts.store import Store
from tests.helpers import started


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store.sqlite3") as store:
        yield store


async def start(store: Store, **settings: Any) -> BriefingBot:
    bot = create_bot(
        Settings(**{"cooldown_seconds": 0, "moderator_roles": ["Editors"], **settings}),
        store,
        intents=discord.Intents.all(),
    )
    await started(bot, members=["mod", "reader"])
    guild = dpytest.get_config().guilds[0]
    # The dpytest server is the newsroom's own; the moderator role is matched by name.
    home = {"home_guilds": [guild.id], "moderator_role_names": True}
    bot.settings = bot.settings.model_copy(update=home)
    role = dpytest.backend.make_role("Editors", guild)
    await dpytest.add_role(dpytest.get_config().members[0], role)
    return bot


@pytest_asyncio.fixture
async def bot(store: Store) -> AsyncIterator[BriefingBot]:
    yield await start(store)
    await dpytest.empty_queue()


def reply() -> str:
    parts: list[str] = []
    while not runner.sent_queue.empty():
        message = dpytest.get_message()
        parts.append(message.content or "")
        for embed in message.embeds:
            parts += [embed.title or "", embed.description or ""]
    return "\n".join(parts)


async def test_help_lists_commands_with_the_prefix_that_works_and_an_example(bot: BriefingBot):
    await dpytest.message("!help")
    text = reply()
    for name in ("timeline", "claims", "actor", "source", "search", "fact", "digest"):
        assert f"`!{name}`" in text, name
        assert f"`/{name}" in text, name
        assert f"e.g. `!{EXAMPLES[name][0]}`" in text, name
    assert "`/claims query: private:`" in text  # the slash options
    assert "Find claims" in text  # the context menu
    assert "What it cannot do" in text
    assert "does not search the web" in text


async def test_help_for_one_command_gives_all_its_examples(bot: BriefingBot):
    await dpytest.message("!help claims")
    text = reply()
    assert text.strip().startswith("Help: !claims")
    for shown in EXAMPLES["claims"]:
        assert f"`!{shown}`" in text
    assert "timeline" not in text


async def test_help_for_a_group_names_its_subcommands(bot: BriefingBot):
    await dpytest.message("!help fact edit")
    assert "`/fact edit id: record: changes:`" in reply()  # the slash option as Discord shows it
    await dpytest.message("!help digest")
    text = reply()
    assert "`!digest time`" in text
    assert "`!digest channel`" in text


async def test_help_for_an_unknown_command_says_so(bot: BriefingBot):
    await dpytest.message("!help nonsense")
    text = reply()
    assert "No command `!nonsense`" in text
    assert "`!help` lists every command" in text


async def test_help_uses_the_configured_prefix(store: Store):
    await start(store, command_prefix="?")
    await dpytest.message("?help")
    text = reply()
    assert "`?claims`" in text
    assert "e.g. `?claims bannu`" in text
    assert "`!claims`" not in text
    await dpytest.empty_queue()


async def test_a_usage_error_shows_the_commands_example(bot: BriefingBot):
    with pytest.raises(commands.BadArgument):
        await dpytest.message("!fact undo latest", member=dpytest.get_config().members[0])
    text = reply()
    assert "Usage: `!fact undo <revision> [reason]`" in text
    assert f"e.g. `!{EXAMPLES['fact undo'][0]}`" in text


def test_a_usage_answer_says_its_example_once():
    briefing = Briefing(load_dir()[0])
    summary = briefing.actor("").summary or ""
    assert summary == "Name an actor, e.g. `actor TTP`."
    empty = briefing.claims("!!!").summary or ""
    assert empty.count("`") == 2  # one example
    assert "e.g. `claims bannu`" in empty


async def test_help_lists_every_command_a_reader_can_use(bot: BriefingBot):
    await dpytest.message("!help")
    text = reply()
    visible = {c.name for c in bot.commands if not c.hidden}
    for name in visible:
        assert f"`!{name}`" in text, name


async def test_the_terminals_catalogue_is_the_bots_own_commands(bot: BriefingBot):
    """The console's help (no discord.py there) says what the channel's does: its catalogue
    is what the bot's commands say, so a command added or reworded fails here until it is
    copied (bot.terminal.help.CATALOGUE)."""
    assert command_help(bot) == list(CATALOGUE)


async def test_the_console_shows_the_channels_help_as_text(bot: BriefingBot):
    """Each entry of the channel's help, and the console's Discord-only commands with what to
    run in a terminal instead."""
    for name in ("", "claims", "fact edit", "nonsense"):
        channel = render_text(help_answer(bot, "!", name))
        console = render_text(terminal_help("!", name))
        assert [line for line in console.splitlines() if "In a terminal" not in line] == (
            channel.splitlines()
        ), name
    text = render_text(terminal_help("!"))
    assert "What it cannot do".upper() in text
    for command, equivalent in TERMINAL_EQUIVALENTS.items():
        entry = render_text(terminal_help("!", command))
        assert f"In a terminal: `{equivalent}`." in entry, command
