"""`briefing`: the command line. Each group of subcommands lives in its own module and
registers itself here; every handler returns the process exit code."""

from __future__ import annotations

import argparse
import io
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from bot.logs import redact
from bot.settings import Settings, settings_problems
from bot.terminal import console, digest, doctor_command, export, facts, run
from bot.terminal.opened import settings_for
from facts.store import StoreUnavailable, describe_failure

Registrar = Callable[
    ["argparse._SubParsersAction[argparse.ArgumentParser]", argparse.ArgumentParser], None
]
# Subcommand groups, in the order `briefing --help` lists them.
REGISTRARS: list[Registrar] = [
    run.register,
    console.register,
    facts.register,
    doctor_command.register,
    digest.register,
    export.register,
]


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand accepts (also before the subcommand name)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--store",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the live store (SQLite file); default: the BRIEFING_STORE setting",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Newsroom briefing bot: attributed answers from a validated facts store.",
        parents=[common],
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in REGISTRARS:
        register(subparsers, common)
    return parser


def _tolerant_output() -> None:
    """Output the terminal's encoding cannot hold (a C locale, an ASCII pipe) is replaced, not
    a traceback: every answer prints under any locale (stderr already escapes it)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_output()
    parser = build_parser()
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
