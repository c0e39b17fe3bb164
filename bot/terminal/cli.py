"""`briefing`: the command line. Each group of subcommands lives in its own module and
registers itself here; every handler returns the process exit code. A command line that
names its command loads that command's group only: `briefing ask` is a whole process start,
and the other groups import the digest, the exports and the editing code."""

from __future__ import annotations

import argparse
import io
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from bot.settings import Settings, settings_problems
from bot.terminal.opened import settings_for
from facts.store import StoreUnavailable, describe_failure

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
    parser = build_parser(named_command(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `briefing ask ... | head` closes the pipe early
        sys.stderr.close()
        return 0
    except StoreUnavailable as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:  # a store that fails after opening: damaged, full, locked
        print(f"briefing: {describe_failure(_store_path(args), exc)}", file=sys.stderr)
        return 1
    except ValidationError as exc:
        if exc.title == Settings.__name__:
            from bot.logs import redact  # noqa: PLC0415 (logging: not for every command)

            # By name, never by value: a token pasted into the wrong variable is not echoed
            # (pydantic's own message shows the first and last 24 characters of the input).
            problems = redact(settings_problems(exc))
            print(
                f"briefing: the settings are invalid: {problems}. Fix them in .env or the "
                "environment; `briefing doctor` checks them.",
                file=sys.stderr,
            )
        else:  # a stored record this version's models refuse
            where = _store_path(args)
            print(
                f"briefing: the store at {where} holds a {exc.title} record this version "
                f"refuses ({exc.error_count()} problem(s)): `briefing doctor` says which",
                file=sys.stderr,
            )
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        # A file named on the command line that cannot be read: say which, in one line.
        print(f"briefing: {exc}", file=sys.stderr)
        return 1


def _store_path(args: argparse.Namespace) -> Path:
    try:
        return settings_for(args).store
    except ValidationError:
        return Path("(see BRIEFING_STORE)")


if __name__ == "__main__":
    raise SystemExit(main())
