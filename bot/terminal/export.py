"""`briefing export FORMAT [query] [--out FILE]` and `briefing timeline --png FILE [query]`:
the live store in the formats newsrooms use, and the timeline picture the bot attaches."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.render_text import render_text
from bot.terminal.opened import opened
from bot.timeline_png import MAX_ROWS, ROWS_LIMIT, render_png
from facts.answers import Answer, AnswerStatus
from facts.exports.build import FORMATS, build
from facts.library import Library


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    export = subparsers.add_parser(
        "export",
        help="the live store as TimelineJS, conflict-data CSV or schema.org JSON-LD",
        parents=[common],
        description="; ".join(f"{f.name}: {f.description}" for f in FORMATS.values()),
    )
    export.add_argument("format", choices=list(FORMATS), help="the file format")
    export.add_argument("query", nargs="*", help="what to export, as for !timeline (default: all)")
    export.add_argument("--out", metavar="FILE", type=Path, help="write here (default: stdout)")
    export.set_defaults(handler=run_export)

    timeline = subparsers.add_parser(
        "timeline", help="the timeline picture: --png FILE [query]", parents=[common]
    )
    timeline.add_argument("query", nargs="*", help="a place, actor, event or dates")
    timeline.add_argument(
        "--png", metavar="FILE", type=Path, required=True, help="write the picture here"
    )
    timeline.add_argument(
        "--theme", choices=["light", "dark"], default="light", help="the picture's colours"
    )
    timeline.add_argument(
        "--rows",
        type=_rows,
        default=MAX_ROWS,
        metavar="N",
        help=f"events drawn with their headlines, 1 to {ROWS_LIMIT} (default {MAX_ROWS}, as the "
        "bot attaches: Discord previews images at about 400 x 300 px)",
    )
    timeline.set_defaults(handler=run_timeline_png)


def _rows(text: str) -> int:
    """--rows: a whole number of rows the picture can hold, or a one-line refusal."""
    try:
        rows = int(text)
    except ValueError:
        rows = 0
    if not 1 <= rows <= ROWS_LIMIT:
        raise argparse.ArgumentTypeError(f"give a number of rows from 1 to {ROWS_LIMIT}")
    return rows


def _write(path: Path, data: bytes) -> int:
    """Write a file the user named, or say in one line why it cannot be written."""
    if not path.parent.is_dir():
        print(
            f"briefing: cannot write {path}: the folder {path.parent} does not exist",
            file=sys.stderr,
        )
        return 1
    try:
        path.write_bytes(data)
    except OSError as exc:
        print(f"briefing: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


def _refuse(answer: Answer, prefix: str) -> int:
    """A query that selects nothing: say so, as the bot would, and fail."""
    print(render_text(answer, prefix=prefix), file=sys.stderr)
    return 1


def run_export(args: argparse.Namespace) -> int:
    with opened(args, questions_only=True) as (settings, store):  # reads only
        result = build(Library(store).briefing(), args.format, " ".join(args.query))
    if isinstance(result, Answer):
        return _refuse(result, settings.command_prefix)
    if args.out is None:
        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
    elif _write(args.out, result.data):
        return 1
    else:
        print(f"wrote {args.out} ({result.format.description}, {result.records} record(s))")
    return 0


def run_timeline_png(args: argparse.Namespace) -> int:
    with opened(args, questions_only=True) as (settings, store):  # reads only
        answer = Library(store).briefing().timeline(" ".join(args.query))
    if answer.status is not AnswerStatus.OK or not answer.items():
        return _refuse(answer, settings.command_prefix)
    if _write(args.png, render_png(answer, theme=args.theme, max_rows=args.rows)):
        return 1
    print(f"wrote {args.png} ({len(answer.items())} event(s))")
    return 0
