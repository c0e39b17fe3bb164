"""`briefing digest --preview [--since ISO] [--now ISO] [--json]`: the daily digest in the
terminal, built by the same code the bot posts (only the renderer differs). `--changes` lists
every change of the same window, one line each: the digest shows the first few."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from zoneinfo import ZoneInfo

from bot.render_text import render_json, render_text
from bot.terminal.opened import opened
from facts.digest import build_digest, changes_in, default_since, load_config
from facts.digest import parse_moment as digest_moment
from facts.library import Library


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    digest = subparsers.add_parser(
        "digest", help="the daily digest: --preview prints it here", parents=[common]
    )
    what = digest.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--preview", action="store_true", help="print the digest (posting it is the bot's job)"
    )
    what.add_argument(
        "--changes", action="store_true", help="every change of the digest's window, one a line"
    )
    digest.add_argument(
        "--since",
        metavar="ISO",
        help="changes after this time (default: the last digest sent, else a day before --now)",
    )
    digest.add_argument(
        "--now", metavar="ISO", help="the digest as of this time (default: the current time)"
    )
    digest.add_argument("--json", action="store_true", help="machine-readable output")
    digest.set_defaults(handler=run_digest)


def parse_moment(text: str, tz: ZoneInfo) -> dt.datetime:
    """ISO date or date-time; without an offset it is local time in the digest's zone."""
    try:
        return digest_moment(text, tz)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run_digest(args: argparse.Namespace) -> int:
    with opened(args, questions_only=True) as (settings, store):
        config = load_config(
            store, settings.digest_channels, settings.digest_time, settings.digest_timezone
        )
        try:
            now = parse_moment(args.now, config.tz) if args.now else dt.datetime.now(dt.UTC)
            since = (
                parse_moment(args.since, config.tz)
                if args.since
                else default_since(store, config.channels, now)
            )
        except argparse.ArgumentTypeError as exc:
            print(f"briefing digest: {exc}")
            return 2
        if since > now:
            print(
                f"briefing digest: --since ({since.isoformat()}) is after --now "
                f"({now.isoformat()}): a digest covers what changed before its time"
            )
            return 2
        if args.changes:
            revisions = changes_in(store, since, now)
            for revision in revisions:  # which record, then its history line
                print(f"{revision.record_id}  {revision.history_line().strip()}")
            if not revisions:  # said, not left to an empty screen
                utc = since.astimezone(dt.UTC)
                print(f"No changes to the facts store since {utc:%Y-%m-%d %H:%M} UTC.")
            return 0
        briefing = Library(store).briefing()
        answer = build_digest(store, since=since, now=now, tz=config.tz, briefing=briefing)
    prefix = settings.command_prefix
    if args.json:
        print(json.dumps(render_json(answer, prefix=prefix), ensure_ascii=False, indent=2))
    else:
        print(render_text(answer, prefix=prefix))
    return 0
