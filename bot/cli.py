"""`briefing`: the command line. Each group of subcommands lives in its own module and
registers itself here; every handler returns the process exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from pydantic import ValidationError

from bot import cli_bot, cli_digest, cli_doctor, cli_facts
from bot.doctor import settings_error
from bot.logs import redact
from bot.settings import Settings

Registrar = Callable[
    ["argparse._SubParsersAction[argparse.ArgumentParser]", argparse.ArgumentParser], None
]
# Subcommand groups, in the order `briefing --help` lists them.
REGISTRARS: list[Registrar] = [
    cli_bot.register,
    cli_facts.register,
    cli_doctor.register,
    cli_digest.register,
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `briefing ask ... | head` closes the pipe early
        sys.stderr.close()
        return 0
    except ValidationError as exc:
        if exc.title != Settings.__name__:  # a record, not the settings: not ours to word
            raise
        # By name, never by value: a token pasted into the wrong variable is not echoed
        # (pydantic's own message shows the first and last 24 characters of the input).
        problems = redact(settings_error(exc).message.removeprefix("invalid: "))
        print(
            f"briefing: the settings are invalid: {problems}. Fix them in .env or the "
            "environment; `briefing doctor` checks them.",
            file=sys.stderr,
        )
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        # A file named on the command line that cannot be read: say which, in one line.
        print(f"briefing: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
