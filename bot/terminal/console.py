"""`briefing console | ask`: the bot's commands in a terminal, answered by the same code and
shown as the same text a channel reads. No discord.py here (the lint rule and a test see to it):
a question in the terminal starts in a fraction of the bot's time."""

from __future__ import annotations

import argparse
import contextlib
import json
import sqlite3
from collections.abc import Callable

from bot.render_text import render_json, render_text
from bot.terminal.failures import bug_line
from bot.terminal.help import discord_only, help_answer
from bot.terminal.opened import opened
from facts.answers import Answer
from facts.briefing import Briefing
from facts.library import Library
from facts.text import decoded, echo

COMMAND_ECHO = 40

QUIT = frozenset({"quit", "exit", "q", ":q"})
BANNER = """Briefing console: the bot's commands, answered from the local facts store.
Try  !latest   !timeline   !claims bannu   !actor TTP   !help   (quit: Ctrl-D or `quit`)"""


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    console = subparsers.add_parser(
        "console", help="ask the bot's questions in a terminal", parents=[common]
    )
    console.set_defaults(handler=run_console_command)

    ask = subparsers.add_parser(
        "ask", help='one answer: briefing ask "!claims bannu"', parents=[common]
    )
    ask.add_argument("line", nargs="+", help="the command as typed in a channel")
    ask.add_argument("--json", action="store_true", help="machine-readable output")
    ask.set_defaults(handler=run_ask)


def run_console_command(args: argparse.Namespace) -> int:
    with opened(args, questions_only=True) as (settings, store):
        return run_console(Library(store), prefix=settings.command_prefix)


def run_ask(args: argparse.Namespace) -> int:
    line = " ".join(args.line)
    with opened(args, questions_only=True) as (settings, store):
        answer = answer_line(Library(store).briefing(), line, settings.command_prefix)
    prefix = settings.command_prefix
    if args.json:
        print(json.dumps(render_json(answer, prefix=prefix), ensure_ascii=False, indent=2))
    else:
        print(render_text(answer, prefix=prefix))
    return 0


def parse_command(line: str, prefix: str = "!") -> tuple[str, str]:
    """'!claims bannu' (or '/claims bannu', or 'claims bannu') -> ('claims', 'bannu').
    Bytes that were not UTF-8 (in argv or a terminal's input) are read as U+FFFD."""
    text = decoded(line).strip()
    for lead in (prefix, "/"):
        if lead and text.startswith(lead):
            text = text[len(lead) :].lstrip()
            break
    command, _, query = text.partition(" ")
    return command.casefold(), query.strip()


def answer_line(briefing: Briefing, line: str, prefix: str = "!") -> Answer:
    """The answer the channel gives, its help included; a Discord-only command is named
    with what does the same in a terminal, never searched for."""
    command, query = parse_command(line, prefix)
    if command == "help":
        return help_answer(prefix, query)
    if (elsewhere := discord_only(command, prefix)) is not None:
        return elsewhere
    # No command is longer than a few letters: an unknown one is echoed as a bounded prefix.
    return briefing.ask(echo(command, COMMAND_ECHO) or "help", query)


def run_console(
    library: Library,
    *,
    prefix: str = "!",
    read: Callable[[str], str] | None = None,
    write: Callable[[str], None] = print,
) -> int:
    """Read commands until EOF or `quit`; every answer printed as the channel would read it."""
    read = read or input  # looked up now, so a patched input() is honoured
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401, PLC0415 - line editing where the platform has it
    write(BANNER)
    while True:
        try:
            line = read("briefing> ")
        except EOFError:
            write("")
            return 0
        if line.strip().casefold() in QUIT:
            return 0
        if not line.strip():
            continue
        try:
            answer = answer_line(library.briefing(), line, prefix)
        except sqlite3.Error:
            raise  # the store itself failed: said in one line by the command's caller
        except Exception as exc:  # a bug in one answer ends neither the session nor its store
            write(f"briefing: {bug_line(exc, 'the question')} The next question still works.\n")
            continue
        write(render_text(answer, prefix=prefix))
        write("")
