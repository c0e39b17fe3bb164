"""`briefing`: the command line. Each group of subcommands lives in its own module and
registers itself here; every handler returns the process exit code. A command line that
names its command loads that command's group only: `briefing ask` is a whole process start,
and the other groups import the digest, the exports and the editing code."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Sequence

from facts import gcpause

Registrar = Callable[
    ["argparse._SubParsersAction[argparse.ArgumentParser]", argparse.ArgumentParser], None
]
# Subcommand groups (each module's `register`) and the commands each adds, in the order
# `briefing --help` lists them (a test checks each group adds just these).
GROUPS: dict[str, tuple[str, ...]] = {
    "bot.terminal.run": ("run", "sync"),
    "bot.terminal.console": ("console", "ask"),
    "bot.terminal.facts": ("facts",),
    "bot.terminal.doctor_command": ("doctor",),
    "bot.terminal.digest": ("digest",),
    "bot.terminal.export": ("export", "timeline"),
}
STORE_OPTION = "--store"


def registrar(group: str) -> Registrar:
    # __import__, as an import statement does: `python -X importtime` (the benchmark, the
    # tests of what a command loads) does not see what importlib.import_module loads.
    register: Registrar = __import__(group, fromlist=["register"]).register
    return register


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand accepts (also before the subcommand name)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        STORE_OPTION,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the live store (SQLite file); default: the BRIEFING_STORE setting",
    )
    return parent


def named_command(argv: Sequence[str]) -> str | None:
    """The command `argv` names, when nothing before it but `--store PATH` can change how it
    is read (else None: `--help`, an abbreviated option or a mistyped command needs every
    group, so the help and the error list all commands)."""
    tokens = iter(argv)
    for token in tokens:
        if token == STORE_OPTION:
            next(tokens, None)
        elif not token.startswith(f"{STORE_OPTION}="):
            return token if not token.startswith("-") and _group_of(token) else None
    return None


def _group_of(command: str) -> str | None:
    return next((group for group, names in GROUPS.items() if command in names), None)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of `command`'s group only."""
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Newsroom briefing bot: attributed answers from a validated facts store.",
        parents=[common],
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    group = _group_of(command) if command else None
    for name in [group] if group else GROUPS:
        registrar(name)(subparsers, common)
    return parser


def _tolerant_output() -> None:
    """Output the terminal's encoding cannot hold (a C locale, an ASCII pipe) is replaced, not
    a traceback: every answer prints under any locale (stderr already escapes it)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_output()
    # A command's start is mostly imports, and what they make (modules, classes, the models'
    # validators) lives as long as the process: the collector is paused while it is made and
    # then it is frozen out of the collector's sight (7% of `briefing ask`, the collection
    # at its exit included; see facts.gcpause).
    with gcpause.paused(freeze=True):
        parser = build_parser(named_command(sys.argv[1:] if argv is None else argv))
        from bot.terminal.failures import exit_code  # noqa: PLC0415 (imported in the pause)
    return exit_code(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
