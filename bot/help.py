"""`!help` and `/help` on Discord: the help text of bot.help_text, read off the bot's own
commands, so a command added later is listed. Usage errors quote the same examples."""

from __future__ import annotations

from typing import Any

from discord import app_commands
from discord.ext import commands

from bot.help_text import EXAMPLES, CommandHelp, build_help, example
from facts.answers import Answer

__all__ = ["EXAMPLES", "command_help", "example", "help_answer"]
AnyCommand = commands.Command[Any, ..., Any]


def _slash(command: AnyCommand) -> str | None:
    """The slash options, `query: private:`, for hybrid commands; None for prefix-only."""
    if not isinstance(command, commands.HybridCommand | commands.HybridGroup):
        return None
    app = getattr(command, "app_command", None)
    if not isinstance(app, app_commands.Command):
        return ""
    return " ".join(f"{p.display_name}:" for p in app.parameters)


def command_help(bot: commands.Bot) -> list[CommandHelp]:
    """What help says about each of the bot's commands (hidden ones left out), in the order
    the cogs define them."""
    found: list[CommandHelp] = []

    def visit(command: AnyCommand, group: str) -> None:
        if command.hidden:
            return
        subs: list[AnyCommand] = []
        if isinstance(command, commands.Group):
            subs = sorted(command.commands, key=lambda c: c.qualified_name)
        found.append(
            CommandHelp(
                name=command.qualified_name,
                group=group,
                about=command.description or command.short_doc or "",
                slash=_slash(command),
                subcommands=tuple(c.qualified_name for c in subs if not c.hidden),
                top=command.parent is None,
            )
        )
        for sub in subs:
            visit(sub, group)

    for name, cog in bot.cogs.items():
        for command in cog.get_commands():
            visit(command, name)
    return found


def help_answer(bot: commands.Bot, prefix: str, name: str = "") -> Answer:
    """Every command, grouped (questions first), or one command in full with its examples."""
    return build_help(command_help(bot), prefix, name)
