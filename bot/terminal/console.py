"""The local console: the bot's commands in a terminal, answered by the same code and shown
as the same text a channel reads."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from bot.render_text import render_text
from facts.answers import Answer
from facts.briefing import Briefing
from facts.library import Library
from facts.text import decoded, echo

COMMAND_ECHO = 40

QUIT = frozenset({"quit", "exit", "q", ":q"})
BANNER = """Briefing console: the bot's commands, answered from the local facts store.
Try  !timeline   !claims bannu   !actor TTP   !source   !help      (quit: Ctrl-D or `quit`)"""


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
    command, query = parse_command(line, prefix)
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
        write(render_text(answer_line(library.briefing(), line, prefix), prefix=prefix))
        write("")
