"""`briefing doctor`: one line per check (✓/✗); exit 0 when all pass, 1 otherwise."""

from __future__ import annotations

import argparse


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    doctor = subparsers.add_parser(
        "doctor",
        help="check the settings, the store and (with a token) the Discord login",
        parents=[common],
    )
    doctor.add_argument(
        "--offline",
        action="store_true",
        help="skip the Discord login (for health checks: no network, no rate limits)",
    )
    doctor.add_argument(
        "--full",
        action="store_true",
        help="also load and validate every stored record (after a restore or an upgrade)",
    )
    doctor.add_argument(
        "--timeout",
        type=float,
        default=15.0,
        metavar="SECONDS",
        help="how long to wait for Discord (default: 15)",
    )
    doctor.set_defaults(handler=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    store = getattr(args, "store", None)
    # The checks are loaded when `doctor` runs, never for `ask` or `console` (and discord.py,
    # only for the login: see bot.terminal.doctor).
    from bot.terminal.doctor import run_checks  # noqa: PLC0415

    checks = run_checks(
        {"store": store} if store else None,
        offline=args.offline,
        full=args.full,
        timeout=args.timeout,
    )
    for check in checks:
        print(check.line())
    return 0 if all(check.ok for check in checks) else 1
