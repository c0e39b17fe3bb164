"""`briefing`: the command line. Each group of subcommands lives in its own module and
registers itself here; every handler returns the process exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from bot import cli_bot, cli_digest, cli_doctor, cli_export, cli_facts

Registrar = Callable[
    ["argparse._SubParsersAction[argparse.ArgumentParser]", argparse.ArgumentParser], None
]
# Subcommand groups, in the order `briefing --help` lists them.
REGISTRARS: list[Registrar] = [
    cli_bot.register,
    cli_facts.register,
    cli_doctor.register,
    cli_digest.register,
    cli_export.register,
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
    except (OSError, UnicodeDecodeError) as exc:
        # A file named on the command line that cannot be read: say which, in one line.
        print(f"briefing: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
